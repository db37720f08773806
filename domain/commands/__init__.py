"""Groups of ledger commands, one module per governance concept."""
