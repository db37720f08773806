"""What runs the ledger as a whole: the local stack (`python -m deploy.devstack`) and the
deployment files. Nothing imports it."""
