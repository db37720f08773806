"""The composition read model: who sits on which body and holds which post, on any date.

Rows keep the effective dates of each tenure and the recording time and log position of the
events that began and ended it, so a query can ask "on date D" and "as known at time T".
One schema serves SQLite and PostgreSQL; the backends supply types, placeholders and cursors.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Protocol
from uuid import UUID

from eventsourcing.persistence import Tracking

from domain.model.bodies import Body
from domain.model.events import LedgerEvent
from domain.model.memberships import Membership
from domain.model.persons import Person
from domain.model.posts import Post
from domain.model.values import Act
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

APPLICATION = "Ledger"
END_OF_TIME = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)

_ACT = (
    "act_kind {text} NOT NULL",
    "act_number {text} NOT NULL",
    "act_issued_on {date} NOT NULL",
    "act_issuer {text} NOT NULL",
)
_ENDED = (
    "ended_act_kind {text}",
    "ended_act_number {text}",
    "ended_act_issued_on {date}",
    "ended_act_issuer {text}",
    "ended_recorded_at {ts}",
    "ended_position {int}",
)
_RECORDED = ("recorded_at {ts} NOT NULL", "recorded_position {int} NOT NULL")
TABLES: dict[str, tuple[str, ...]] = {
    "persons": (
        "person_id {text} PRIMARY KEY",
        "full_name {text} NOT NULL",
        "sample {bool} NOT NULL",
        "registered_on {date} NOT NULL",
        *_RECORDED,
    ),
    "bodies": (
        "code {text} PRIMARY KEY",
        "name {text} NOT NULL",
        "classification {text} NOT NULL",
        "parent {text}",
        "established_on {date} NOT NULL",
        "recorded_position {int} NOT NULL",
    ),
    "posts": (
        "post_id {text} PRIMARY KEY",
        "code {text} NOT NULL UNIQUE",
        "body {text} NOT NULL",
        "label {text} NOT NULL",
        "role {text} NOT NULL",
        "seats {int} NOT NULL",
        "recorded_position {int} NOT NULL",
    ),
    "holdings": (
        "holding_id {text} PRIMARY KEY",
        "post_id {text} NOT NULL",
        "person_id {text} NOT NULL",
        "start_date {date} NOT NULL",
        "end_date {date}",
        *_ACT,
        "association {text}",
        "nomination_id {text}",
        "ex_officio_of {text}",
        *_RECORDED,
        *_ENDED,
    ),
    "memberships": (
        "membership_id {text} PRIMARY KEY",
        "body {text} NOT NULL",
        "person_id {text} NOT NULL",
        "terms {int} NOT NULL",
    ),
    "membership_terms": (
        "membership_id {text} NOT NULL",
        "term_no {int} NOT NULL",
        "body {text} NOT NULL",
        "person_id {text} NOT NULL",
        "start_date {date} NOT NULL",
        "end_date {date}",
        *_ACT,
        *_RECORDED,
        *_ENDED,
        "PRIMARY KEY (membership_id, term_no)",
    ),
    "nominations": (
        "nomination_id {text} PRIMARY KEY",
        "post_id {text} NOT NULL",
        "person_id {text} NOT NULL",
        *_ACT,
        "status {text} NOT NULL",
        *_RECORDED,
    ),
}
VIEW_TABLES = tuple(TABLES)
SCHEMA = (
    *(
        "CREATE TABLE IF NOT EXISTS {t}" + name + " (" + ", ".join(columns) + ")"
        for name, columns in TABLES.items()
    ),
    "CREATE INDEX IF NOT EXISTS holdings_by_post ON {t}holdings (post_id, start_date)",
    "CREATE INDEX IF NOT EXISTS terms_by_body ON {t}membership_terms (body, start_date)",
)

_VISIBLE = (
    "x.start_date <= :on AND x.recorded_at <= :known"
    " AND (x.end_date IS NULL OR :on < x.end_date OR x.ended_recorded_at > :known)"
)
QUERIES = {
    "members": "SELECT x.*, p.full_name, p.sample FROM {t}membership_terms x"
    " JOIN {t}persons p ON p.person_id = x.person_id WHERE x.body = :body AND "
    + _VISIBLE
    + " ORDER BY p.full_name, x.person_id",
    "holders": "SELECT x.*, p.full_name, p.sample, po.code AS post FROM {t}holdings x"
    " JOIN {t}posts po ON po.post_id = x.post_id JOIN {t}persons p ON p.person_id = x.person_id"
    " WHERE po.body = :body AND " + _VISIBLE + " ORDER BY x.start_date, p.full_name",
    "posts_of": "SELECT * FROM {t}posts WHERE body = :body ORDER BY recorded_position",
    "body": "SELECT * FROM {t}bodies WHERE code = :code",
    "bodies": "SELECT * FROM {t}bodies ORDER BY recorded_position",
    "person": "SELECT * FROM {t}persons WHERE person_id = :person_id",
}


class Cursor(Protocol):
    """The part of a DB-API cursor the view uses (sqlite3 and psycopg both have it)."""

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


Handler = Callable[["CompositionView", Cursor, Any, int], None]


class CompositionView(ABC):
    """Writes and reads the composition read model; backends supply the SQL plumbing."""

    handlers: ClassVar[dict[type[LedgerEvent], Handler]] = {}

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

    # -- SQL --------------------------------------------------------------------------------------

    def _statement(self, template: str) -> str:
        text = template.replace("{t}", self._table_prefix())
        return re.sub(r"(?<![:\w]):([a-z_]+)", lambda m: self._placeholder(m.group(1)), text)

    def _run(self, c: Cursor, template: str, **params: Any) -> None:
        c.execute(self._statement(template), {k: self._adapt(v) for k, v in params.items()})

    def _rows(self, template: str, **params: Any) -> list[dict[str, Any]]:
        with self._read() as c:
            self._run(c, template, **params)
            return [dict(row) for row in c.fetchall()]

    # -- writing ----------------------------------------------------------------------------------

    def process(self, batch: Sequence[tuple[LedgerEvent, Tracking]]) -> None:
        """Apply a batch of events and record the last position, all in one transaction."""
        if not batch:
            return
        with self._write() as c:
            for event, tracking in batch:
                handler = self.handlers.get(type(event))
                if handler is not None:
                    handler(self, c, event, tracking.notification_id)
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
            self._clear_tracking(c)

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

    def composition(
        self, body: str, on: date, as_known_at: datetime | None = None
    ) -> CompositionRow | None:
        """Members and post-holders of a body on `on`, as recorded up to `as_known_at`."""
        position = self.position()
        known = (as_known_at or END_OF_TIME).astimezone(UTC)
        bodies = self._rows(QUERIES["body"], code=body)
        if not bodies:
            return None
        members = [
            _tenure(r) for r in self._rows(QUERIES["members"], body=body, on=on, known=known)
        ]
        holders = [
            _holding(r) for r in self._rows(QUERIES["holders"], body=body, on=on, known=known)
        ]
        seats = []
        for post_row in self._rows(QUERIES["posts_of"], body=body):
            post = PostRow.model_validate(post_row)
            held = [h for h in holders if h.post == post.code]
            seats.append(SeatsRow(post=post, holders=held, vacant=max(post.seats - len(held), 0)))
        return CompositionRow(
            body=BodyRow.model_validate(bodies[0]),
            on=on,
            as_known_at=as_known_at,
            position=position,
            members=members,
            posts=seats,
        )


def handles(event_class: type[LedgerEvent]) -> Callable[[Handler], Handler]:
    """Register a function as the view's handler of one event class."""

    def register(func: Handler) -> Handler:
        CompositionView.handlers[event_class] = func
        return func

    return register


def _act_params(act: Act, prefix: str = "act_") -> dict[str, Any]:
    return {
        f"{prefix}kind": act.kind.value,
        f"{prefix}number": act.number,
        f"{prefix}issued_on": act.issued_on,
        f"{prefix}issuer": act.issuer.value,
    }


def _act(row: dict[str, Any]) -> ActRow:
    return ActRow(
        kind=row["act_kind"],
        number=row["act_number"],
        issued_on=row["act_issued_on"],
        issuer=row["act_issuer"],
    )


def _tenure(row: dict[str, Any]) -> TenureRow:
    return TenureRow.model_validate({**row, "act": _act(row)})


def _holding(row: dict[str, Any]) -> HoldingRow:
    return HoldingRow.model_validate({**row, "act": _act(row)})


# -- handlers -------------------------------------------------------------------------------------


@handles(Person.Registered)
def _person_registered(view: CompositionView, c: Cursor, e: Person.Registered, pos: int) -> None:
    view._run(
        c,
        "INSERT INTO {t}persons VALUES (:person_id, :full_name, :sample, :registered_on,"
        " :recorded_at, :pos)",
        person_id=str(e.originator_id),
        full_name=e.full_name,
        sample=e.sample,
        registered_on=e.effective_on,
        recorded_at=e.timestamp,
        pos=pos,
    )


@handles(Body.Established)
def _body_established(view: CompositionView, c: Cursor, e: Body.Established, pos: int) -> None:
    view._run(
        c,
        "INSERT INTO {t}bodies VALUES (:code, :name, :classification, :parent, :on, :pos)",
        code=e.code,
        name=e.name,
        classification=e.classification,
        parent=e.parent,
        on=e.effective_on,
        pos=pos,
    )


@handles(Post.Established)
def _post_established(view: CompositionView, c: Cursor, e: Post.Established, pos: int) -> None:
    view._run(
        c,
        "INSERT INTO {t}posts VALUES (:post_id, :code, :body, :label, :role, :seats, :pos)",
        post_id=str(e.originator_id),
        code=e.code,
        body=e.body,
        label=e.label,
        role=e.role,
        seats=e.seats,
        pos=pos,
    )


@handles(Post.CandidateNominated)
def _nominated(view: CompositionView, c: Cursor, e: Post.CandidateNominated, pos: int) -> None:
    view._run(
        c,
        "INSERT INTO {t}nominations VALUES (:nomination_id, :post_id, :person_id, :act_kind,"
        " :act_number, :act_issued_on, :act_issuer, 'pending', :recorded_at, :pos)",
        nomination_id=str(e.nomination_id),
        post_id=str(e.originator_id),
        person_id=str(e.person_id),
        recorded_at=e.timestamp,
        pos=pos,
        **_act_params(e.act),
    )


@handles(Post.NominationDeclined)
def _declined(view: CompositionView, c: Cursor, e: Post.NominationDeclined, pos: int) -> None:
    view._run(
        c,
        "UPDATE {t}nominations SET status = 'declined' WHERE nomination_id = :nomination_id",
        nomination_id=str(e.nomination_id),
    )


@handles(Post.HolderAppointed)
def _appointed(view: CompositionView, c: Cursor, e: Post.HolderAppointed, pos: int) -> None:
    view._run(
        c,
        "INSERT INTO {t}holdings (holding_id, post_id, person_id, start_date, act_kind,"
        " act_number, act_issued_on, act_issuer, association, nomination_id, ex_officio_of,"
        " recorded_at, recorded_position) VALUES (:holding_id, :post_id, :person_id, :start,"
        " :act_kind, :act_number, :act_issued_on, :act_issuer, :association, :nomination_id,"
        " :ex_officio_of, :recorded_at, :pos)",
        holding_id=str(e.holding_id),
        post_id=str(e.originator_id),
        person_id=str(e.person_id),
        start=e.effective_on,
        association=e.association,
        nomination_id=str(e.nomination_id) if e.nomination_id else None,
        ex_officio_of=str(e.ex_officio_of) if e.ex_officio_of else None,
        recorded_at=e.timestamp,
        pos=pos,
        **_act_params(e.act),
    )
    if e.nomination_id is not None:
        view._run(
            c,
            "UPDATE {t}nominations SET status = 'appointed' WHERE nomination_id = :nomination_id",
            nomination_id=str(e.nomination_id),
        )


@handles(Post.HolderDismissed)
def _dismissed(view: CompositionView, c: Cursor, e: Post.HolderDismissed, pos: int) -> None:
    view._run(
        c,
        "UPDATE {t}holdings SET end_date = :end, ended_act_kind = :ended_act_kind,"
        " ended_act_number = :ended_act_number, ended_act_issued_on = :ended_act_issued_on,"
        " ended_act_issuer = :ended_act_issuer, ended_recorded_at = :recorded_at,"
        " ended_position = :pos WHERE holding_id = :holding_id",
        end=e.effective_on,
        recorded_at=e.timestamp,
        pos=pos,
        holding_id=str(e.holding_id),
        **_act_params(e.act, "ended_act_"),
    )


def _begin_term(
    view: CompositionView,
    c: Cursor,
    e: Membership.Opened | Membership.Admitted,
    pos: int,
    body: str,
    person_id: str,
    term_no: int,
) -> None:
    view._run(
        c,
        "INSERT INTO {t}membership_terms (membership_id, term_no, body, person_id, start_date,"
        " act_kind, act_number, act_issued_on, act_issuer, recorded_at, recorded_position)"
        " VALUES (:membership_id, :term_no, :body, :person_id, :start, :act_kind, :act_number,"
        " :act_issued_on, :act_issuer, :recorded_at, :pos)",
        membership_id=str(e.originator_id),
        term_no=term_no,
        body=body,
        person_id=person_id,
        start=e.effective_on,
        recorded_at=e.timestamp,
        pos=pos,
        **_act_params(e.act),
    )


@handles(Membership.Opened)
def _opened(view: CompositionView, c: Cursor, e: Membership.Opened, pos: int) -> None:
    view._run(
        c,
        "INSERT INTO {t}memberships VALUES (:membership_id, :body, :person_id, 1)",
        membership_id=str(e.originator_id),
        body=e.body,
        person_id=str(e.person_id),
    )
    _begin_term(view, c, e, pos, e.body, str(e.person_id), 1)


@handles(Membership.Admitted)
def _admitted(view: CompositionView, c: Cursor, e: Membership.Admitted, pos: int) -> None:
    view._run(
        c,
        "UPDATE {t}memberships SET terms = terms + 1 WHERE membership_id = :membership_id",
        membership_id=str(e.originator_id),
    )
    view._run(
        c,
        "SELECT body, person_id, terms FROM {t}memberships WHERE membership_id = :membership_id",
        membership_id=str(e.originator_id),
    )
    row = dict(c.fetchone())
    _begin_term(view, c, e, pos, row["body"], row["person_id"], row["terms"])


@handles(Membership.Ended)
def _ended(view: CompositionView, c: Cursor, e: Membership.Ended, pos: int) -> None:
    view._run(
        c,
        "UPDATE {t}membership_terms SET end_date = :end, ended_act_kind = :ended_act_kind,"
        " ended_act_number = :ended_act_number, ended_act_issued_on = :ended_act_issued_on,"
        " ended_act_issuer = :ended_act_issuer, ended_recorded_at = :recorded_at,"
        " ended_position = :pos WHERE membership_id = :membership_id AND end_date IS NULL",
        end=e.effective_on,
        recorded_at=e.timestamp,
        pos=pos,
        membership_id=str(e.originator_id),
        **_act_params(e.act, "ended_act_"),
    )
