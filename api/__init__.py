"""The HTTP API: thin routes over the read models and the workflow client."""
