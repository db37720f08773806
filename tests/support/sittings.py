"""Hold whole sittings in tests: seat members, convene, record the roster, vote and decide.

Every helper goes through the ledger's own commands, so what it builds is what the Secretariat
would build. Sessions are convened by a decree of the President (§5), Council meetings by an act
of the Chairman (§12), meetings of the Scientific Expert Council by an order of the Head of the
Secretariat; members of the Assembly and the Council are admitted by decree (§5.1), experts by an
order of the Head of the Secretariat (§24).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.application import Ledger, Recorded
from domain.composition.commands import AdmitMember
from domain.expert_council.commands import ConveneExpertCouncilMeeting
from domain.kernel.events import LedgerEvent
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import COUNCIL, EXPERT_COUNCIL, SESSION, Matter
from domain.regulation.quorum import Competence, Outcome
from domain.regulation.subjects import Subject
from domain.sittings.commands import (
    CastVotes,
    ConveneCouncilMeeting,
    ConveneSession,
    CountBallot,
    DecideMotion,
    PutMotion,
    RecordAttendance,
)
from domain.sittings.votes import AgendaItem, Choice, Tally
from tests.support.samples import CLERK, DAY, act, decree, ensure_head_of_secretariat, register

#: A matter each body may decide, for agendas whose subject does not matter to the test.
ORDINARY_MATTER = {
    SESSION: Matter.SESSION_BUSINESS,
    COUNCIL: Matter.COUNCIL_BUSINESS,
    EXPERT_COUNCIL: Matter.EXPERT_COUNCIL_BUSINESS,
}


def head_order(on: date, number: str = "1") -> Act:
    """An order of the Head of the Secretariat (§24: the Expert Council's composition)."""
    return act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on, number)


def agreement(on: date, number: str = "1") -> Act:
    """The Chairman's agreement to a Council meeting convened by a Deputy Chairman (§12)."""
    return act(ActKind.AGREEMENT, Authority.PRESIDENT, on, number)


def admitting_act(body: str, on: date) -> Act:
    """The act that admits a member to `body` on `on`."""
    return head_order(on) if body == EXPERT_COUNCIL else decree(on)


def seat_members(
    ledger: Ledger, body: str, count: int, on: date = DAY, *, label: str = "Member"
) -> list[UUID]:
    """Register `count` invented persons and admit each to `body` from `on`."""
    persons = [register(ledger, f"Sample {label} {i}") for i in range(count)]
    if body == EXPERT_COUNCIL:
        ensure_head_of_secretariat(ledger, on)
    for person in persons:
        ledger.execute(
            AdmitMember(body=body, person_id=person, act=admitting_act(body, on), starts_on=on),
            CLERK,
        )
    return persons


def agenda(*matters: Matter) -> tuple[AgendaItem, ...]:
    """An agenda with one item per matter, numbered from 1."""
    return tuple(
        AgendaItem(number=n, matter=m, title=f"Sample item {n}")
        for n, m in enumerate(matters, start=1)
    )


def convene(
    ledger: Ledger,
    body: str,
    on: date = DAY,
    matters: Sequence[Matter] = (),
    *,
    number: str = "1",
    provenance: Provenance = CLERK,
) -> UUID:
    """Convene a sitting of `body` on `on` by the act that may convene it; returns its id."""
    items = agenda(*(matters or (ORDINARY_MATTER[body],)))
    if body == SESSION:
        recorded = ledger.execute(
            ConveneSession(number=number, held_on=on, agenda=items, act=decree(on)), provenance
        )
    elif body == COUNCIL:
        recorded = ledger.execute(
            ConveneCouncilMeeting(number=number, held_on=on, agenda=items, act=decree(on)),
            provenance,
        )
    else:
        recorded = ledger.execute(
            ConveneExpertCouncilMeeting(
                number=number, held_on=on, agenda=items, act=head_order(on)
            ),
            provenance,
        )
    return recorded.subject_id


def attend(ledger: Ledger, sitting_id: UUID, present: Iterable[UUID]) -> Competence:
    """Record the roster and return the competence the ledger computed from it."""
    ledger.execute(RecordAttendance(sitting_id=sitting_id, present=frozenset(present)), CLERK)
    competence = ledger.sitting(sitting_id).competence
    assert competence is not None
    return competence


def sitting_with_roster(
    ledger: Ledger,
    body: str,
    members: int,
    present: int | None = None,
    *,
    number: str = "1",
) -> tuple[UUID, list[UUID]]:
    """Seat `members` in `body` from DAY, convene it on DAY, record the first `present` of them."""
    seated = seat_members(ledger, body, members, DAY, label=f"{body} member")
    roster = seated[: members if present is None else present]
    sitting_id = convene(ledger, body, DAY, number=number)
    attend(ledger, sitting_id, roster)
    return sitting_id, roster


def outcome_of(ledger: Ledger, sitting_id: UUID, motion_id: UUID) -> Outcome:
    """The computed outcome of a decided motion."""
    outcome = ledger.sitting(sitting_id).motion(motion_id).outcome
    assert outcome is not None, f"motion {motion_id} is not decided"
    return outcome


def paragraphs(ledger: Ledger, aggregate_id: UUID) -> list[str]:
    """The paragraph each of an aggregate's events rests on, in order."""
    return [e.paragraph for e in ledger.events.get(aggregate_id) if isinstance(e, LedgerEvent)]


def open_votes(
    yes: Iterable[UUID] = (), no: Iterable[UUID] = (), abstain: Iterable[UUID] = ()
) -> dict[UUID, Choice]:
    """A mapping of named votes."""
    votes = dict.fromkeys(yes, Choice.YES)
    votes.update(dict.fromkeys(no, Choice.NO))
    votes.update(dict.fromkeys(abstain, Choice.ABSTAIN))
    return votes


@dataclass(frozen=True)
class Held:
    """A motion put, voted and decided; `decision_id` is None when it was rejected."""

    motion_id: UUID
    decided: Recorded

    @property
    def decision_id(self) -> UUID | None:
        """The id of the decision the motion became, if it was adopted."""
        return None if self.decided.subject_id == self.motion_id else self.decided.subject_id


def hold_vote(
    ledger: Ledger,
    sitting_id: UUID,
    item: int = 1,
    *,
    yes: Sequence[UUID] = (),
    no: Sequence[UUID] = (),
    abstain: Sequence[UUID] = (),
    tally: Tally | None = None,
    title: str = "Sample motion",
    subject: Subject | None = None,
    procedure_id: UUID | None = None,
) -> Held:
    """Put a motion under `item` naming `subject`, record its open votes (or its secret
    `tally`, on the form `procedure_id` sets at a Session), and decide it."""
    secret = tally is not None
    motion_id = ledger.execute(
        PutMotion(
            sitting_id=sitting_id,
            item=item,
            title=title,
            secret=secret,
            subject=subject or Subject(),
            procedure_id=procedure_id,
        ),
        CLERK,
    ).subject_id
    if tally is not None:
        ledger.execute(CountBallot(sitting_id=sitting_id, motion_id=motion_id, tally=tally), CLERK)
    elif yes or no or abstain:
        ledger.execute(
            CastVotes(
                sitting_id=sitting_id, motion_id=motion_id, votes=open_votes(yes, no, abstain)
            ),
            CLERK,
        )
    return Held(
        motion_id, ledger.execute(DecideMotion(sitting_id=sitting_id, motion_id=motion_id), CLERK)
    )


def adopt_at_sitting(
    ledger: Ledger,
    body: str,
    matter: Matter,
    on: date = DAY,
    *,
    title: str = "Sample decision",
    number: str = "1",
    subject: Subject | None = None,
) -> UUID:
    """A decision of `body` on `matter` naming `subject`, adopted unanimously at a real sitting
    held on `on`.

    Everyone who is a member that day takes part; a body without members gets three first.
    """
    present = sorted(ledger.body(body).members_on(on)) or seat_members(
        ledger, body, 3, on, label=f"{body} member"
    )
    sitting_id = convene(ledger, body, on, (matter,), number=number)
    attend(ledger, sitting_id, present)
    held = hold_vote(ledger, sitting_id, yes=present, title=title, subject=subject)
    assert held.decision_id is not None, "a unanimous vote of everyone present adopts"
    return held.decision_id
