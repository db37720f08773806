"""Bodies around the Secretariat: regional assemblies (§18–19), commissions and working groups (§20, §25), the Scientific Expert Council (§21–24)."""

from __future__ import annotations

from domain.commands.base import LedgerBase


class StructureCommands(LedgerBase):
    """Bodies around the Secretariat: regional assemblies (§18–19), commissions and working groups (§20, §25), the Scientific Expert Council (§21–24)."""
