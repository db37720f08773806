"""Event stores for tests: a fresh PostgreSQL schema, a SQLite file, or memory; no pytest needed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.popo import POPOApplicationRecorder

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


class _LedgerOnSharedMemory(Ledger):
    """A ledger on another instance's in-memory recorder: memory, opened a second time.

    Only the recorder, which holds the stored events, is shared. The factory, the mapper, the
    event store and the repository with its cache are this instance's own, as they are for a
    second instance on a file or a database, so whatever it loads it reads and decodes again.
    """

    name = Ledger.name  # the same environment prefix as every other ledger

    def __init__(self, recorder: POPOApplicationRecorder, env: Mapping[str, str]) -> None:
        self._shared_recorder = recorder
        super().__init__(env)

    def construct_recorder(self) -> ApplicationRecorder:
        """The first instance's recorder, instead of a new, empty one."""
        return self._shared_recorder


def reopen_memory(first: Ledger, settings: StoreSettings) -> Ledger:
    """A new ledger instance on the in-memory store of `first`, as if opened again."""
    recorder = first.recorder
    if not isinstance(recorder, POPOApplicationRecorder):
        raise TypeError(f"{type(recorder).__name__} is not an in-memory recorder")
    return _LedgerOnSharedMemory(recorder, settings.ledger_env())


@dataclass
class LedgerStore:
    """The store under test and every ledger instance opened on it."""

    kind: StoreKind
    settings: StoreSettings
    opened: list[Ledger] = field(default_factory=list)

    def open(self) -> Ledger:
        """Another ledger instance on the same store, with its own repository, cache and mapper.

        A file or a database is opened again from the settings; memory has no address, so its
        next instances are built on the first instance's in-memory recorder.
        """
        if self.kind == "memory" and self.opened:
            ledger = reopen_memory(self.opened[0], self.settings)
        else:
            ledger = open_ledger(self.settings)
        self.opened.append(ledger)
        return ledger

    def close(self) -> None:
        """Close every instance, so the store can be removed."""
        for ledger in self.opened:
            ledger.close()
