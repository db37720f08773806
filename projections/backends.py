"""The composition view on SQLite (embedded default) and PostgreSQL (scale), with tracking."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from typing import Any, cast
from uuid import uuid4

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.sql import SQL, Identifier

from infra.settings import StoreSettings
from infra.storage import ensure_postgres_schema
from projections.composition import APPLICATION, CompositionView, Cursor
from projections.schema import SCHEMA

SQLITE_TYPES = {"text": "TEXT", "date": "TEXT", "ts": "TEXT", "int": "INTEGER", "bool": "INTEGER"}
POSTGRES_TYPES = {
    "text": "TEXT",
    "date": "DATE",
    "ts": "TIMESTAMPTZ",
    "int": "BIGINT",
    "bool": "BOOLEAN",
}


class SQLiteCompositionView(SQLiteTrackingRecorder, CompositionView):
    """The composition view in an SQLite file (WAL), beside the tracking table."""

    datastore: SQLiteDatastore

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table and the view's tables."""
        statements = super().construct_create_table_statements()
        return statements + [s.format(t="", **SQLITE_TYPES) for s in SCHEMA]

    def _write(self) -> AbstractContextManager[Cursor]:
        return cast("AbstractContextManager[Cursor]", self.datastore.transaction(commit=True))

    def _read(self) -> AbstractContextManager[Cursor]:
        return cast("AbstractContextManager[Cursor]", self.datastore.transaction(commit=False))

    def _table_prefix(self) -> str:
        return ""

    def _adapt(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat(timespec="microseconds")
        if isinstance(value, date):
            return value.isoformat()
        return value

    def _clear_tracking(self, c: Cursor) -> None:
        c.execute("DELETE FROM tracking WHERE application_name = ?", (APPLICATION,))


class PostgresCompositionView(PostgresTrackingRecorder, CompositionView):
    """The composition view in a PostgreSQL schema, beside the tracking table."""

    datastore: PostgresDatastore

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        kwargs["tracking_table_name"] = "composition_tracking"
        super().__init__(datastore, **kwargs)
        prefix = f'"{self.datastore.schema}".'
        for statement in SCHEMA:
            self.sql_create_statements.append(
                SQL(statement.format(t=prefix, **POSTGRES_TYPES))  # type: ignore[arg-type]
            )

    @contextmanager
    def _transaction(self, *, commit: bool) -> Iterator[Cursor]:
        with self.datastore.transaction(commit=commit) as curs:
            yield cast("Cursor", curs)

    def _write(self) -> AbstractContextManager[Cursor]:
        return self._transaction(commit=True)

    def _read(self) -> AbstractContextManager[Cursor]:
        return self._transaction(commit=False)

    def _table_prefix(self) -> str:
        return f'"{self.datastore.schema}".'

    def _placeholder(self, name: str) -> str:
        return f"%({name})s"

    def _adapt(self, value: Any) -> Any:
        return value

    def _clear_tracking(self, c: Cursor) -> None:
        c.execute(
            SQL("DELETE FROM {0}.{1} WHERE application_name = %s").format(
                Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
            ),
            (APPLICATION,),
        )


def open_composition_view(settings: StoreSettings | None = None) -> CompositionView:
    """The composition view on the store the settings name (memory uses a private SQLite)."""
    settings = settings or StoreSettings()
    if settings.store == "postgres":
        ensure_postgres_schema(settings)
        env = {"PERSISTENCE_MODULE": "eventsourcing.postgres", **settings.postgres_env()}
        factory = InfrastructureFactory.construct(env)
        return cast("CompositionView", factory.tracking_recorder(PostgresCompositionView))
    if settings.store == "memory":
        dbname = f"file:composition-{uuid4().hex}?mode=memory&cache=shared"
    else:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        dbname = str(settings.views_path)
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": dbname}
    factory = InfrastructureFactory.construct(env)
    return cast("CompositionView", factory.tracking_recorder(SQLiteCompositionView))
