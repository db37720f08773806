"""The Assembly Ledger application: commands executed through one registry, and reads."""

from domain.application.ledger import Ledger, Recorded

__all__ = ["Ledger", "Recorded"]
