"""Policy documents (§31), the Development Concept (§32), program documents (§6), public awards (§13.5)."""

from __future__ import annotations

from domain.commands.base import LedgerBase


class DocumentCommands(LedgerBase):
    """Policy documents (§31), the Development Concept (§32), program documents (§6), public awards (§13.5)."""
