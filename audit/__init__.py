"""The verifiable log over the ledger: leaves, tree, checkpoints, witnesses, digests, bundles."""
