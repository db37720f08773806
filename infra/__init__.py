"""Infrastructure of the ledger: settings, storage, persistence, sample data."""
