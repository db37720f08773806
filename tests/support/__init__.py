"""Helpers shared by the test tiers: stores to run the ledger on, sample acts and persons."""
