"""Root fixtures: every test starts from an environment that cannot reconfigure the ledger."""

from __future__ import annotations

import os

import pytest

# The eventsourcing library reads `LEDGER_*` (the application's name) and the bare keys below from
# the OS environment before the constructor's `env`; `ASSEMBLY_*` feeds `StoreSettings`.
_PREFIXES = ("LEDGER_", "ASSEMBLY_", "POSTGRES_", "SQLITE_")
_BARE_KEYS = frozenset(
    {
        "PERSISTENCE_MODULE",
        "INFRASTRUCTURE_FACTORY",
        "MAPPER_TOPIC",
        "TRANSCODER_TOPIC",
        "COMPRESSOR_TOPIC",
        "CIPHER_TOPIC",
        "CIPHER_KEY",
        "AGGREGATE_CACHE_MAXSIZE",
        "AGGREGATE_CACHE_FASTFORWARD",
        "IS_SNAPSHOTTING_ENABLED",
        "CREATE_TABLE",
    }
)


@pytest.fixture(autouse=True)
def _isolated_ledger_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove every variable that would let the OS environment choose the ledger's store."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES) or name in _BARE_KEYS:
            monkeypatch.delenv(name)
