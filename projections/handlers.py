"""How each ledger event changes the composition view's rows.

A handler gets `run(template, **params)`, which executes one statement inside the batch's
transaction, the event, and the event's position in the log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from domain.composition.bodies import Body
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.kernel.events import LedgerEvent
from domain.kernel.tenure import Tenure
from domain.kernel.values import Act


class Run(Protocol):
    """Executes one statement of the schema's dialect with bound parameters."""

    def __call__(self, template: str, /, **params: Any) -> None: ...


Handler = Callable[[Run, Any, int], None]
HANDLERS: dict[type[LedgerEvent], Handler] = {}


def handles(event_class: type[LedgerEvent]) -> Callable[[Handler], Handler]:
    """Register a function as the handler of one event class."""

    def register(func: Handler) -> Handler:
        HANDLERS[event_class] = func
        return func

    return register


def act_params(act: Act, prefix: str = "act_") -> dict[str, Any]:
    """An act as the four columns that store it."""
    return {
        f"{prefix}kind": act.kind.value,
        f"{prefix}number": act.number,
        f"{prefix}issued_on": act.issued_on,
        f"{prefix}issuer": act.issuer.value,
    }


_SET_ENDED = (
    " end_date = :end, ended_act_kind = :ended_act_kind, ended_act_number = :ended_act_number,"
    " ended_act_issued_on = :ended_act_issued_on, ended_act_issuer = :ended_act_issuer,"
    " ended_recorded_at = :recorded_at, ended_position = :pos"
)


@handles(Person.Registered)
def _person_registered(run: Run, e: Person.Registered, pos: int) -> None:
    run(
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
def _body_established(run: Run, e: Body.Established, pos: int) -> None:
    run(
        "INSERT INTO {t}bodies VALUES (:code, :body_id, :name, :classification, :parent, :on,"
        " :pos)",
        code=e.code,
        body_id=str(e.originator_id),
        name=e.name,
        classification=e.classification,
        parent=e.parent,
        on=e.effective_on,
        pos=pos,
    )


@handles(Body.MemberAdmitted)
@handles(Body.MemberCarriedOver)
def _member_admitted(run: Run, e: Body.MemberAdmitted, pos: int) -> None:
    run(
        "INSERT INTO {t}membership_terms (body, person_id, term_no, start_date, act_kind,"
        " act_number, act_issued_on, act_issuer, recorded_at, recorded_position, revision,"
        " recorded_in) SELECT b.code, :person_id, (SELECT COUNT(DISTINCT term_no) + 1"
        " FROM {t}membership_terms x WHERE x.body = b.code AND x.person_id = :person_id),"
        " :start, :act_kind, :act_number, :act_issued_on, :act_issuer, :recorded_at, :pos, 0,"
        " :version FROM {t}bodies b WHERE b.body_id = :body_id",
        version=e.originator_version,
        body_id=str(e.originator_id),
        person_id=str(e.person_id),
        start=e.effective_on,
        recorded_at=e.timestamp,
        pos=pos,
        **act_params(e.act),
    )


@handles(Body.MembershipEnded)
def _membership_ended(run: Run, e: Body.MembershipEnded, pos: int) -> None:
    run(
        "UPDATE {t}membership_terms SET"
        + _SET_ENDED
        + " WHERE person_id = :person_id AND end_date IS NULL AND superseded_at IS NULL"
        " AND body = (SELECT code FROM {t}bodies WHERE body_id = :body_id)",
        end=e.effective_on,
        recorded_at=e.timestamp,
        pos=pos,
        person_id=str(e.person_id),
        body_id=str(e.originator_id),
        **act_params(e.act, "ended_act_"),
    )


@handles(Post.Established)
def _post_established(run: Run, e: Post.Established, pos: int) -> None:
    run(
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
def _nominated(run: Run, e: Post.CandidateNominated, pos: int) -> None:
    run(
        "INSERT INTO {t}nominations VALUES (:nomination_id, :post_id, :person_id, :act_kind,"
        " :act_number, :act_issued_on, :act_issuer, 'pending', :recorded_at, :pos)",
        nomination_id=str(e.nomination_id),
        post_id=str(e.originator_id),
        person_id=str(e.person_id),
        recorded_at=e.timestamp,
        pos=pos,
        **act_params(e.act),
    )


@handles(Post.NominationDeclined)
def _declined(run: Run, e: Post.NominationDeclined, pos: int) -> None:
    run(
        "UPDATE {t}nominations SET status = 'declined' WHERE nomination_id = :nomination_id",
        nomination_id=str(e.nomination_id),
    )


@handles(Post.HolderAppointed)
@handles(Post.ChairmanshipAssumed)
@handles(Post.HolderElected)
@handles(Post.ExOfficioHoldingBegan)
@handles(Post.HoldingCarriedOver)
def _appointed(run: Run, e: Post.HoldingBegan, pos: int) -> None:
    nomination_id = getattr(e, "nomination_id", None)
    ex_officio_of = getattr(e, "ex_officio_of", None)
    run(
        "INSERT INTO {t}holdings (holding_id, post_id, person_id, start_date, act_kind,"
        " act_number, act_issued_on, act_issuer, association, nomination_id, ex_officio_of,"
        " recorded_at, recorded_position, revision, recorded_in) VALUES (:holding_id, :post_id,"
        " :person_id, :start, :act_kind, :act_number, :act_issued_on, :act_issuer, :association,"
        " :nomination_id, :ex_officio_of, :recorded_at, :pos, 0, :version)",
        version=e.originator_version,
        holding_id=str(e.holding_id),
        post_id=str(e.originator_id),
        person_id=str(e.person_id),
        start=e.effective_on,
        association=getattr(e, "association", None),
        nomination_id=str(nomination_id) if nomination_id else None,
        ex_officio_of=str(ex_officio_of) if ex_officio_of else None,
        recorded_at=e.timestamp,
        pos=pos,
        **act_params(e.act),
    )
    if nomination_id is not None:
        run(
            "UPDATE {t}nominations SET status = 'appointed' WHERE nomination_id = :nomination_id",
            nomination_id=str(nomination_id),
        )


@handles(Post.HolderDismissed)
@handles(Post.ChairmanshipPassed)
@handles(Post.HolderLeftOffice)
@handles(Post.ExOfficioHoldingEnded)
def _dismissed(run: Run, e: Post.HoldingEnded, pos: int) -> None:
    run(
        "UPDATE {t}holdings SET"
        + _SET_ENDED
        + " WHERE holding_id = :holding_id AND superseded_at IS NULL",
        end=e.effective_on,
        recorded_at=e.timestamp,
        pos=pos,
        holding_id=str(e.holding_id),
        **act_params(e.act, "ended_act_"),
    )


@handles(Body.TermCorrected)
def _term_corrected(run: Run, e: Body.TermCorrected, pos: int) -> None:
    _revise(
        run,
        "membership_terms",
        leading="body, person_id, term_no",
        middle="act_kind, act_number, act_issued_on, act_issuer",
        where=" WHERE body = (SELECT code FROM {t}bodies WHERE body_id = :body_id)"
        " AND person_id = :person_id AND recorded_in = :version",
        keys={
            "body_id": str(e.originator_id),
            "person_id": str(e.person_id),
            "version": e.corrects.originator_version,
        },
        tenure=e.tenure,
        recorded_at=e.timestamp,
        pos=pos,
    )


@handles(Post.HoldingCorrected)
def _holding_corrected(run: Run, e: Post.HoldingCorrected, pos: int) -> None:
    _revise(
        run,
        "holdings",
        leading="holding_id, post_id, person_id",
        middle="act_kind, act_number, act_issued_on, act_issuer, association, nomination_id,"
        " ex_officio_of",
        where=" WHERE holding_id = :holding_id",
        keys={"holding_id": str(e.holding_id)},
        tenure=e.tenure,
        recorded_at=e.timestamp,
        pos=pos,
    )


def _revise(
    run: Run,
    table: str,
    *,
    leading: str,
    middle: str,
    where: str,
    keys: dict[str, Any],
    tenure: Tenure | None,
    recorded_at: datetime,
    pos: int,
) -> None:
    """Supersede a tenure's current revision; unless retracted, add the next, restated one."""
    run(
        "UPDATE {t}"
        + table
        + " SET superseded_at = :recorded_at, superseded_position = :pos"
        + where
        + " AND superseded_at IS NULL",
        recorded_at=recorded_at,
        pos=pos,
        **keys,
    )
    if tenure is None:
        return
    # NULLs are literal: PostgreSQL cannot type an untyped NULL parameter in a SELECT list.
    ended = tenure.end is not None
    run(
        "INSERT INTO {t}"
        + table
        + " SELECT "
        + leading
        + ", :start,"
        + (" :end, " if ended else " NULL, ")
        + middle
        + ", :recorded_at, :pos, ended_act_kind, ended_act_number, ended_act_issued_on,"
        " ended_act_issuer,"
        + (" :recorded_at, :pos," if ended else " NULL, NULL,")
        + " revision + 1, recorded_in, NULL, NULL FROM {t}"
        + table
        + where
        + " AND superseded_position = :pos",
        start=tenure.start,
        recorded_at=recorded_at,
        pos=pos,
        **({"end": tenure.end} if ended else {}),
        **keys,
    )
