"""The composition view's tables read as stored rows, on SQLite or PostgreSQL.

The digest needs the rows and the view's tracked position only, so it reads the tables that
`projections.schema` declares where `projections.backends` keeps them, without the view's code.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, cast

from eventsourcing.persistence import OperationalError, ProgrammingError
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from audit.database import LEDGER_NAME, postgres_datastore, schema_prefix, sqlite_datastore
from audit.store import Cursor
from infra.settings import StoreSettings
from projections.schema import VIEW_TABLES

#: Where `projections.backends` tracks the view's position: the library's table on SQLite, a
#: table of the view's own in the ledger's PostgreSQL schema.
SQLITE_TRACKING = "tracking"
POSTGRES_TRACKING = "composition_tracking"


@dataclass(frozen=True)
class ViewSnapshot:
    """A view's tracked position and its rows recorded by a position, read at one instant."""

    position: int
    tables: dict[str, list[dict[str, Any]]]


class ViewRows(Protocol):
    """A read model's tables: its tracked log position, and snapshots of its rows."""

    def position(self) -> int:
        """Return the last log position the view has processed."""
        ...

    def snapshot(self, position: int) -> ViewSnapshot:
        """Return the view's position and its rows with `recorded_position <= position`."""
        ...


class ViewTables:
    """The composition view's tables in the database its backend keeps them in."""

    def __init__(
        self, datastore: SQLiteDatastore | PostgresDatastore, prefix: str, tracking: str
    ) -> None:
        self._datastore = datastore
        self._prefix = prefix
        self._tracking = tracking
        self._mark = "%s" if isinstance(datastore, PostgresDatastore) else "?"

    def _read(self) -> AbstractContextManager[Cursor]:
        return cast("AbstractContextManager[Cursor]", self._datastore.transaction(commit=False))

    def _position(self, c: Cursor) -> int:
        c.execute(
            f"SELECT MAX(notification_id) AS n FROM {self._prefix}{self._tracking}"
            f" WHERE application_name = {self._mark}",
            (LEDGER_NAME,),
        )
        row = c.fetchone()
        return 0 if row is None or row["n"] is None else int(row["n"])

    def position(self) -> int:
        """Return the view's tracked position, 0 if it has processed nothing (or has no tables)."""
        try:
            with self._read() as c:
                return self._position(c)
        except (OperationalError, ProgrammingError):
            return 0  # the projection runner has not created the view yet

    def snapshot(self, position: int) -> ViewSnapshot:
        """Return the view's position and its rows with `recorded_position <= position`."""
        with self._read() as c:
            if self._mark == "%s":
                # One snapshot for every statement: a view rebuilt meanwhile must not show
                # its old position beside its new, partial rows.
                c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            reached = self._position(c)
            tables = {}
            for table in VIEW_TABLES:
                c.execute(
                    f"SELECT * FROM {self._prefix}{table} WHERE recorded_position <= {self._mark}",
                    (position,),
                )
                tables[table] = [dict(row) for row in c.fetchall()]
        return ViewSnapshot(reached, tables)

    def close(self) -> None:
        """Close the database connections."""
        self._datastore.close()


def open_view_tables(settings: StoreSettings) -> ViewTables:
    """The composition view's tables on the store the settings name (SQLite or PostgreSQL)."""
    if settings.store == "postgres":
        datastore = postgres_datastore(settings)
        return ViewTables(datastore, schema_prefix(settings), POSTGRES_TRACKING)
    if settings.store == "memory":
        raise ValueError("an in-memory view can be read only through the process that holds it")
    return ViewTables(sqlite_datastore(str(settings.views_path)), "", SQLITE_TRACKING)
