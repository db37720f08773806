"""Fresh stores for the benchmarks: SQLite files in a directory, PostgreSQL schemas in `test`."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from infra.settings import StoreSettings
from infra.storage import scratch_schema

POSTGRES_HOST = "127.0.0.1"
POSTGRES_PORT = 5432
POSTGRES_USER = "postgres"
POSTGRES_DBNAME = "test"
POOL_SIZE = 5

# The eventsourcing library lets these OS variables override an application's own configuration
# (the `LEDGER_` prefix is the ledger's name, `APPLICATION_` the raw baseline's); `ASSEMBLY_*`
# feeds `StoreSettings`. The benchmark chooses its stores itself, so it removes them.
_PREFIXES = ("LEDGER_", "APPLICATION_", "ASSEMBLY_", "POSTGRES_", "SQLITE_")
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


def isolated_environment(environ: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of the environment without the variables that would choose a store."""
    source = dict(os.environ if environ is None else environ)
    return {k: v for k, v in source.items() if not (k.startswith(_PREFIXES) or k in _BARE_KEYS)}


def isolate_process_environment() -> None:
    """Remove, from this process, the variables that would let the OS choose a store."""
    for name in set(os.environ) - set(isolated_environment()):
        del os.environ[name]


def sqlite_settings(data_dir: Path) -> StoreSettings:
    """The ledger on SQLite files in `data_dir`."""
    return StoreSettings(store="sqlite", data_dir=data_dir, aggregate_cache_size=4096)


def sqlite_env(path: Path) -> dict[str, str]:
    """The eventsourcing environment of a plain application on its own SQLite file."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(path),
        "SQLITE_LOCK_TIMEOUT": "10",
    }


def postgres_settings(schema: str) -> StoreSettings:
    """The ledger on a schema of the `test` database (every field given explicitly)."""
    return StoreSettings(
        store="postgres",
        postgres_host=POSTGRES_HOST,
        postgres_port=POSTGRES_PORT,
        postgres_user=POSTGRES_USER,
        postgres_password="",
        postgres_dbname=POSTGRES_DBNAME,
        postgres_schema=schema,
        postgres_pool_size=POOL_SIZE,
        aggregate_cache_size=4096,
    )


def postgres_env(schema: str) -> dict[str, str]:
    """The eventsourcing environment of a plain application on its own schema."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        **postgres_settings(schema).postgres_env(),
    }


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A new, uniquely named schema in the `test` database, dropped with its tables afterwards."""
    with scratch_schema(postgres_settings("public"), prefix) as settings:
        yield settings.postgres_schema


def postgres_version() -> str | None:
    """The PostgreSQL server's version, or None if the server cannot be reached."""
    try:
        with psycopg.connect(
            host=POSTGRES_HOST,
            port=POSTGRES_PORT,
            user=POSTGRES_USER,
            dbname=POSTGRES_DBNAME,
            connect_timeout=5,
        ) as connection:
            row = connection.execute("SHOW server_version").fetchone()
    except psycopg.OperationalError:
        return None
    return str(row[0]) if row else None


def sqlite_version() -> str:
    """The version of the SQLite library the interpreter links."""
    return sqlite3.sqlite_version
