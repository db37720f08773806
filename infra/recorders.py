"""Event stores that check, in the transaction that inserts a command's events, what it read.

The library refuses an event whose aggregate version is taken, which protects a rule that lives
in one aggregate. A rule that reads one aggregate and writes another (§22: an officer stays a
member; §24: the Head in office) needs more: the command's read set (each aggregate it loaded,
with the version it saw) is passed to `insert_events`, and the insert is refused with an
`IntegrityError` if any of them moved on meanwhile, so the ledger decides the command again
(docs/adr/0011). The same transaction refuses events stamped before the last recorded one, so
recording times never go back along the log (`domain.kernel.clock`).

Each store checks after it holds its writer's lock: PostgreSQL's table lock, SQLite's write lock
(taken by the insert itself; the check follows it), the in-memory store's lock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresFactory
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteFactory
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

ReadSet = Mapping[UUID, int]

#: The recording time in a stored state: the third field, well within its first bytes.
TIMESTAMP_FIELD = re.compile(rb'"timestamp":"([^"]+)"')


class ReadSetChanged(IntegrityError):
    """An aggregate the command read was changed by another command meanwhile."""


class RecordedTimeBehind(IntegrityError):
    """The events were stamped before the last recorded event: stamp them again, later."""

    def __init__(self, recorded_after: datetime) -> None:
        super().__init__(f"events stamped before the last recorded time {recorded_after}")
        self.recorded_after = recorded_after


def recorded_time(state: bytes) -> datetime | None:
    """The recording time kept in a stored state, if it carries one."""
    found = TIMESTAMP_FIELD.search(state, 0, 256)
    return None if found is None else datetime.fromisoformat(found.group(1).decode())


def _check_clock(last_state: bytes | None, stored_events: Sequence[StoredEvent]) -> None:
    last = None if last_state is None else recorded_time(last_state)
    if last is None:
        return
    stamps = [t for t in (recorded_time(s.state) for s in stored_events) if t is not None]
    if stamps and min(stamps) < last:
        raise RecordedTimeBehind(last)


def _check_versions(read_set: ReadSet, found: Mapping[UUID, int]) -> None:
    moved = sorted(str(i) for i, version in read_set.items() if found.get(i, 0) != version)
    if moved:
        raise ReadSetChanged(f"read aggregates changed meanwhile: {', '.join(moved)}")


class CheckedSQLiteRecorder(SQLiteApplicationRecorder):
    """SQLite, with the read set and the recording clock checked under the write lock."""

    enforces_read_sets = True

    def _insert_events(
        self,
        c: SQLiteCursor,
        stored_events: Sequence[StoredEvent],
        *,
        read_set: ReadSet | None = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        # The insert takes the write lock; from then on nobody else commits, so what the
        # checks read is the state this transaction commits onto.
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            c.execute(
                f"SELECT substr(state, 1, 256) FROM {self.events_table_name} "
                "WHERE rowid < ? ORDER BY rowid DESC LIMIT 1",
                (ids[0],),
            )
            row = c.fetchone()
            _check_clock(None if row is None else bytes(row[0]), stored_events)
        if read_set:
            found = {}
            for aggregate_id in read_set:
                c.execute(
                    f"SELECT MAX(originator_version) FROM {self.events_table_name} "
                    "WHERE originator_id = ?",
                    (aggregate_id.hex,),
                )
                found[aggregate_id] = c.fetchone()[0] or 0
            _check_versions(read_set, found)
        return ids


class CheckedPostgresRecorder(PostgresApplicationRecorder):
    """PostgreSQL, with the read set and the recording clock checked under the table lock."""

    enforces_read_sets = True

    def _insert_stored_events(
        self,
        curs: Cursor[DictRow],
        stored_events: Sequence[StoredEvent],
        *,
        read_set: ReadSet | None = None,
        **kwargs: Any,
    ) -> None:
        # The parent locks the table, notifies, then inserts; the checks go between the lock
        # and the insert, so a refusal leaves nothing to roll back.
        self._lock_table(curs)
        table = SQL("{0}.{1}").format(
            Identifier(self.datastore.schema), Identifier(self.events_table_name)
        )
        curs.execute(
            SQL(
                "SELECT substring(state from 1 for 256) AS state FROM {0} "
                "ORDER BY notification_id DESC LIMIT 1"
            ).format(table)
        )
        last = curs.fetchone()
        _check_clock(None if last is None else bytes(last["state"]), stored_events)
        if read_set:
            curs.execute(
                SQL(
                    "SELECT originator_id, MAX(originator_version) AS version FROM {0} "
                    "WHERE originator_id = ANY(%s) GROUP BY originator_id"
                ).format(table),
                (list(read_set),),
            )
            _check_versions(read_set, {r["originator_id"]: r["version"] for r in curs.fetchall()})
        self._notify_channel(curs)
        super(PostgresApplicationRecorder, self)._insert_stored_events(
            curs, stored_events, **kwargs
        )


class CheckedPOPORecorder(POPOApplicationRecorder):
    """Memory, with the read set and the recording clock checked under its lock."""

    enforces_read_sets = True

    def _assert_uniqueness(
        self, stored_events: Sequence[StoredEvent], *, read_set: ReadSet | None = None, **_: Any
    ) -> None:
        super()._assert_uniqueness(stored_events)
        _check_clock(self._stored_events[-1].state if self._stored_events else None, stored_events)
        if read_set:
            index = self._stored_events_index
            found = {i: max(index[str(i)], default=0) for i in read_set}
            _check_versions(read_set, found)


class CheckedSQLiteFactory(SQLiteFactory):
    """The SQLite store with checked inserts."""

    application_recorder_class = CheckedSQLiteRecorder


class CheckedPostgresFactory(PostgresFactory):
    """The PostgreSQL store with checked inserts."""

    application_recorder_class = CheckedPostgresRecorder


class CheckedPOPOFactory(POPOFactory):
    """The in-memory store with checked inserts."""

    def application_recorder(self) -> CheckedPOPORecorder:
        """The checked in-memory recorder."""
        return CheckedPOPORecorder()
