"""Appeals of individuals and legal entities to the Secretariat (§17.3)."""

from __future__ import annotations

from domain.commands.base import LedgerBase


class AppealCommands(LedgerBase):
    """Appeals of individuals and legal entities to the Secretariat (§17.3)."""
