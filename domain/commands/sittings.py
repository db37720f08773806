"""Sittings: convening (§5, §12), attendance, competence (§9, §14), votes and outcomes (§10, §15)."""

from __future__ import annotations

from domain.commands.base import LedgerBase


class SittingCommands(LedgerBase):
    """Sittings: convening (§5, §12), attendance, competence (§9, §14), votes and outcomes (§10, §15)."""
