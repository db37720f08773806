"""The composition read model: who sits on which body and holds which post, on any date.

Rows keep the effective dates of each tenure and the recording time and log position of the
events that began and ended it, so a query can ask "on date D" and "as known at time T".
One schema serves SQLite and PostgreSQL; the backends supply types, placeholders and cursors.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import Tracking

from domain.kernel.events import LedgerEvent
from projections.handlers import HANDLERS
from projections.rows import (
    ActRow,
    BodyRow,
    CompositionRow,
    HoldingRow,
    PersonRow,
    PostRow,
    SeatsRow,
    TenureRow,
)
from projections.schema import CLEAR_STALL, QUERIES, RECORD_STALL, VIEW_TABLES
from projections.stalls import StallRow

APPLICATION = "Ledger"
#: This view's name where it records a stop (`view_stalls`).
VIEW_NAME = "composition"
END_OF_TIME = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)


class Cursor(Protocol):
    """The part of a DB-API cursor the view uses (sqlite3 and psycopg both have it)."""

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


class CompositionView(ABC):
    """Writes and reads the composition read model; backends supply the SQL plumbing."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Cursor]:
        """A transaction that commits."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Cursor]:
        """A read-only transaction."""

    def _placeholder(self, name: str) -> str:
        """How the driver spells a named parameter."""
        return f":{name}"

    @abstractmethod
    def _table_prefix(self) -> str:
        """What qualifies table names (a schema on PostgreSQL)."""

    @abstractmethod
    def _adapt(self, value: Any) -> Any:
        """Adapt a parameter for the driver."""

    @abstractmethod
    def _insert_tracking(self, c: Any, tracking: Tracking) -> None:
        """Record the position in the same transaction (from the tracking recorder)."""

    @abstractmethod
    def max_tracking_id(self, application_name: str) -> int | None:
        """The last position processed (from the tracking recorder)."""

    @abstractmethod
    def _max_tracking_id(self, application_name: str, c: Any) -> int | None:
        """The last position processed, read in a transaction (from the tracking recorder)."""

    # -- SQL --------------------------------------------------------------------------------------

    def _statement(self, template: str) -> str:
        text = template.replace("{t}", self._table_prefix())
        return re.sub(r"(?<![:\w]):([a-z_]+)", lambda m: self._placeholder(m.group(1)), text)

    def _run(self, c: Cursor, template: str, **params: Any) -> None:
        c.execute(self._statement(template), {k: self._adapt(v) for k, v in params.items()})

    def _rows(self, template: str, **params: Any) -> list[dict[str, Any]]:
        with self._read() as c:
            return self._fetch(c, template, **params)

    def _fetch(self, c: Cursor, template: str, **params: Any) -> list[dict[str, Any]]:
        self._run(c, template, **params)
        return [dict(row) for row in c.fetchall()]

    # -- writing ----------------------------------------------------------------------------------

    def process(self, batch: Sequence[tuple[LedgerEvent, Tracking]]) -> None:
        """Apply a batch of events and record the last position, all in one transaction."""
        if not batch:
            return
        with self._write() as c:

            def run(template: str, /, **params: Any) -> None:
                self._run(c, template, **params)

            for event, tracking in batch:
                handler = HANDLERS.get(type(event))
                if handler is not None:
                    handler(run, event, tracking.notification_id)
            self._insert_tracking(c, batch[-1][1])

    def position(self) -> int:
        """The last log position this view has processed."""
        return self.max_tracking_id(APPLICATION) or 0

    def wait_for(self, position: int, timeout: float = 5.0) -> None:
        """Block until the view has processed `position`; raise TimeoutError after `timeout`."""
        deadline = time.monotonic() + timeout
        pause = 0.005
        while self.position() < position:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the view has not reached position {position}")
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def reset(self) -> None:
        """Forget every row and the tracked position, so the view rebuilds from zero."""
        with self._write() as c:
            for table in VIEW_TABLES:
                c.execute(self._statement(f"DELETE FROM {{t}}{table}"))
            self._run(c, CLEAR_STALL, view_name=VIEW_NAME)
            self._clear_tracking(c)

    def record_stall(self, stall: StallRow) -> None:
        """Record that the view stopped at an event it could not apply (replacing any earlier)."""
        with self._write() as c:
            self._run(c, RECORD_STALL, **stall.model_dump())

    def clear_stall(self) -> None:
        """Forget a recorded stop: the view has applied the event it had stopped at."""
        with self._write() as c:
            self._run(c, CLEAR_STALL, view_name=VIEW_NAME)

    def stall(self) -> StallRow | None:
        """Where the view stopped, if it met an event it could not apply."""
        rows = self._rows(QUERIES["stall"], view_name=VIEW_NAME)
        return StallRow.model_validate(rows[0]) if rows else None

    @abstractmethod
    def _clear_tracking(self, c: Cursor) -> None:
        """Delete the tracked position of the ledger."""

    # -- reading ----------------------------------------------------------------------------------

    def bodies(self) -> list[BodyRow]:
        """Every body, in the order established."""
        return [BodyRow.model_validate(r) for r in self._rows(QUERIES["bodies"])]

    def person(self, person_id: UUID) -> PersonRow | None:
        """One person, if registered."""
        rows = self._rows(QUERIES["person"], person_id=str(person_id))
        return PersonRow.model_validate(rows[0]) if rows else None

    def persons(self, search: str = "", *, limit: int = 100, offset: int = 0) -> list[PersonRow]:
        """Registered persons whose name contains `search` (case-insensitive), by name."""
        escaped = search.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_")
        rows = self._rows(QUERIES["persons"], pattern=f"%{escaped}%", limit=limit, offset=offset)
        return [PersonRow.model_validate(r) for r in rows]

    def composition(
        self, body: str, on: date, as_known_at: datetime | None = None
    ) -> CompositionRow | None:
        """Members and post-holders of a body on `on`, as recorded up to `as_known_at`."""
        known = (as_known_at or END_OF_TIME).astimezone(UTC)
        # One read transaction: the position and the rows come from the same snapshot.
        with self._read() as c:
            position = self._max_tracking_id(APPLICATION, c) or 0
            bodies = self._fetch(c, QUERIES["body"], code=body)
            if not bodies:
                return None
            members = self._fetch(c, QUERIES["members"], body=body, on=on, known=known)
            holdings = self._fetch(c, QUERIES["holders"], body=body, on=on, known=known)
            posts = self._fetch(c, QUERIES["posts_of"], body=body)
        holders = [_holding(r) for r in holdings]
        seats = []
        for post_row in posts:
            post = PostRow.model_validate(post_row)
            held = [h for h in holders if h.post == post.code]
            seats.append(SeatsRow(post=post, holders=held, vacant=max(post.seats - len(held), 0)))
        return CompositionRow(
            body=BodyRow.model_validate(bodies[0]),
            on=on,
            as_known_at=as_known_at,
            position=position,
            members=[_tenure(r) for r in members],
            posts=seats,
        )


def _act(row: dict[str, Any]) -> ActRow:
    return ActRow(
        kind=row["act_kind"],
        number=row["act_number"],
        issued_on=row["act_issued_on"],
        issuer=row["act_issuer"],
    )


def _tenure(row: dict[str, Any]) -> TenureRow:
    return TenureRow.model_validate({**row, "end_date": row["known_end_date"], "act": _act(row)})


def _holding(row: dict[str, Any]) -> HoldingRow:
    return HoldingRow.model_validate({**row, "end_date": row["known_end_date"], "act": _act(row)})


# -- handlers -------------------------------------------------------------------------------------
