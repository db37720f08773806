"""Opens the ledger on the configured store, preparing what the store needs first."""

from __future__ import annotations

import psycopg
from psycopg import sql

from domain.application import Ledger
from domain.settings import StoreSettings


def ensure_postgres_schema(settings: StoreSettings) -> None:
    """Create the configured PostgreSQL schema if it does not exist (the library does not)."""
    with psycopg.connect(
        host=settings.postgres_host,
        port=settings.postgres_port,
        user=settings.postgres_user,
        password=settings.postgres_password or None,
        dbname=settings.postgres_dbname,
        autocommit=True,
        connect_timeout=10,
    ) as connection:
        connection.execute(
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                sql.Identifier(settings.postgres_schema)
            )
        )


def open_ledger(settings: StoreSettings | None = None) -> Ledger:
    """The ledger application on the store the settings name."""
    settings = settings or StoreSettings()
    if settings.store == "postgres":
        ensure_postgres_schema(settings)
    return Ledger(env=settings.ledger_env())
