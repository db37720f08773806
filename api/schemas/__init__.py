"""The API's public schemas: its contract, separate from read-model rows and domain events."""
