"""Event stores for tests: a fresh PostgreSQL schema, a SQLite file, or memory; no pytest needed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from domain.application import Ledger
from infra.settings import StoreKind, StoreSettings
from infra.storage import open_ledger, scratch_schema

POSTGRES_HOST = "127.0.0.1"
POSTGRES_PORT = 5432
POSTGRES_USER = "postgres"
POSTGRES_DBNAME = "test"


def _settings(
    store: Literal["memory", "sqlite", "postgres"],
    *,
    data_dir: Path = Path("unused-data-dir"),
    postgres_schema: str = "public",
) -> StoreSettings:
    # Every field is given, so no `ASSEMBLY_*` variable can fill one in.
    return StoreSettings(
        store=store,
        data_dir=data_dir,
        postgres_host=POSTGRES_HOST,
        postgres_port=POSTGRES_PORT,
        postgres_user=POSTGRES_USER,
        postgres_password="",
        postgres_dbname=POSTGRES_DBNAME,
        postgres_schema=postgres_schema,
        postgres_pool_size=5,
        aggregate_cache_size=4096,
    )


@contextmanager
def postgres_schema(prefix: str) -> Iterator[StoreSettings]:
    """A new, uniquely named schema in the `test` database, dropped with its tables afterwards."""
    with scratch_schema(_settings("postgres"), prefix) as settings:
        yield settings


def store_settings(
    kind: Literal["memory", "sqlite", "postgres"], tmp_path: Path, stack: ExitStack
) -> StoreSettings:
    """Settings for a fresh store of this kind; `stack` owns whatever must be cleaned up."""
    if kind == "memory":
        return _settings("memory")
    if kind == "sqlite":
        return _settings("sqlite", data_dir=tmp_path / "ledger-data")
    return stack.enter_context(postgres_schema("ledger_test"))


@dataclass
class LedgerStore:
    """The store under test and every ledger instance opened on it."""

    kind: StoreKind
    settings: StoreSettings
    opened: list[Ledger] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        """Whether every instance is one and the same (memory cannot be opened twice)."""
        return self.kind == "memory"

    def open(self) -> Ledger:
        """Another ledger instance on the same store; for memory, the first one again."""
        if self.shared and self.opened:
            return self.opened[0]
        ledger = open_ledger(self.settings)
        self.opened.append(ledger)
        return ledger

    def close(self) -> None:
        """Close every instance, so the store can be removed."""
        for ledger in self.opened:
            ledger.close()
