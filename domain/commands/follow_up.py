"""The life of decisions: appeals and their publication (§11), mandatory consideration (§4.5), action plans (§28)."""

from __future__ import annotations

from domain.commands.base import LedgerBase


class FollowUpCommands(LedgerBase):
    """The life of decisions: appeals and their publication (§11), mandatory consideration (§4.5), action plans (§28)."""
