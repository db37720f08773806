"""The Assembly Ledger application: every group of commands over one event store."""

from __future__ import annotations

from domain.commands.appeals import AppealCommands
from domain.commands.base import Recorded
from domain.commands.composition import CompositionCommands
from domain.commands.corrections import CorrectionCommands
from domain.commands.documents import DocumentCommands
from domain.commands.follow_up import FollowUpCommands
from domain.commands.sittings import SittingCommands
from domain.commands.structures import StructureCommands


class Ledger(
    CompositionCommands,
    SittingCommands,
    DocumentCommands,
    FollowUpCommands,
    AppealCommands,
    StructureCommands,
    CorrectionCommands,
):
    """The Assembly Ledger write model."""

    name = "Ledger"


__all__ = ["Ledger", "Recorded"]
