"""Opens the ledger on the configured store, preparing what the store needs first."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import psycopg
from psycopg import sql

from domain.application import Ledger
from infra.settings import StoreSettings


def _schema_statement(settings: StoreSettings, statement: str) -> None:
    with psycopg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password or None,
        dbname=settings.postgres_dbname,
        autocommit=True,
        connect_timeout=10,
    ) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(settings.postgres_schema)))


def ensure_postgres_schema(settings: StoreSettings) -> None:
    """Create the configured PostgreSQL schema if it does not exist (the library does not)."""
    _schema_statement(settings, "CREATE SCHEMA IF NOT EXISTS {}")


@contextmanager
def scratch_schema(settings: StoreSettings, prefix: str) -> Iterator[StoreSettings]:
    """The settings on a new, uniquely named schema, dropped with everything in it afterwards."""
    scratch = settings.model_copy(update={"postgres_schema": f"{prefix}_{uuid4().hex[:10]}"})
    ensure_postgres_schema(scratch)
    try:
        yield scratch
    finally:
        _schema_statement(scratch, "DROP SCHEMA IF EXISTS {} CASCADE")


def open_ledger(settings: StoreSettings | None = None) -> Ledger:
    """The ledger application on the store the settings name."""
    settings = settings or StoreSettings()
    if settings.store == "postgres":
        ensure_postgres_schema(settings)
    return Ledger(env=settings.ledger_env())
