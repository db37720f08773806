"""The write side of Assembly Ledger: the Regulation's rules and the application recording acts."""
