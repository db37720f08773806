"""Connections to the ledger's databases, opened from the settings without the ledger's code.

The audit log reads stored bytes: the notification log through a plain recorder, the views as
rows. It imports neither the ledger application nor the projections (import-linter holds it to
that), so what they would prepare (the PostgreSQL schema) is prepared here too.
"""

from __future__ import annotations

import psycopg
from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.utils import Environment
from psycopg import sql

from infra.settings import StoreSettings

LEDGER_NAME = "Ledger"  # the application name: it prefixes the ledger's table names
SQLITE_LOCK_TIMEOUT = 10


def ensure_schema(settings: StoreSettings) -> None:
    """Create the configured PostgreSQL schema if it does not exist."""
    with psycopg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password or None,
        dbname=settings.postgres_dbname,
        autocommit=True,
        connect_timeout=10,
    ) as connection:
        statement = sql.SQL("CREATE SCHEMA IF NOT EXISTS {}")
        connection.execute(statement.format(sql.Identifier(settings.postgres_schema)))


def schema_prefix(settings: StoreSettings) -> str:
    """The quoted schema and a dot, to qualify table names on PostgreSQL."""
    return '"' + settings.postgres_schema.replace('"', '""') + '".'


def postgres_datastore(settings: StoreSettings) -> PostgresDatastore:
    """A connection pool on the ledger's PostgreSQL schema."""
    ensure_schema(settings)
    return PostgresDatastore(
        dbname=settings.postgres_dbname,
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password,
        schema=settings.postgres_schema,
        # One connection for the appender, more on demand for signing and readers.
        pool_size=1,
        max_overflow=max(settings.postgres_pool_size - 1, 1),
        connect_timeout=10,
    )


def sqlite_datastore(name: str) -> SQLiteDatastore:
    """A connection pool on an SQLite file (WAL) or shared in-memory database."""
    return SQLiteDatastore(name, lock_timeout=SQLITE_LOCK_TIMEOUT)


def ledger_recorder(settings: StoreSettings) -> ApplicationRecorder:
    """The ledger's application recorder on its store, to read the notification log."""
    if settings.store == "memory":
        raise ValueError("an in-memory ledger can be read only by the process that holds it")
    if settings.store == "postgres":
        ensure_schema(settings)
    # The same environment and application name as the ledger, so the same tables.
    factory = InfrastructureFactory.construct(Environment(LEDGER_NAME, settings.ledger_env()))
    return factory.application_recorder()
