"""Handlers of sittings: convening (§5, §12), attendance, motions, votes, outcomes, follow-up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.composition.bodies import Body
from domain.composition.posts import Post
from domain.composition.sittings_on_roll import RecordedSitting
from domain.kernel.commands import Decided, Handlers, UnitOfWork
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.ids import body_id, derived_id, post_id
from domain.kernel.values import Act
from domain.regulation.matters import COUNCIL, SESSION, Matter
from domain.regulation.subjects import VotingForm
from domain.sittings.commands import (
    CastVotes,
    ConveneCouncilMeeting,
    ConveneSession,
    CorrectAttendance,
    CountBallot,
    DecideMotion,
    IssueAsAppeal,
    PutMotion,
    RecordAppealPublication,
    RecordAttendance,
    RecordConsiderationResponse,
    RequireConsideration,
)
from domain.sittings.convening import (
    DEPUTY_POSTS,
    check_session_convocation,
    council_convocation,
)
from domain.sittings.decisions import Decision
from domain.sittings.sittings import Sitting
from domain.sittings.votes import AgendaItem

handlers = Handlers()


# -- §11: Appeals of the Assembly -----------------------------------------------------------


@handlers.handles(IssueAsAppeal)
def issue_as_appeal(uow: UnitOfWork, command: IssueAsAppeal) -> Decided:
    """Draw up a Session decision in the form of an Appeal of the Assembly (§11)."""
    decision = uow.get(Decision, command.decision_id)
    decision.issue_as_appeal(uow.provenance, issued_on=command.issued_on, title=command.title)
    return Decided([decision], command.decision_id)


@handlers.handles(RecordAppealPublication)
def record_appeal_publication(uow: UnitOfWork, command: RecordAppealPublication) -> Decided:
    """Record a publication of an Appeal of the Assembly in the republican mass media (§11)."""
    decision = uow.get(Decision, command.decision_id)
    decision.publish_appeal(
        command.outlet, command.reference, uow.provenance, published_on=command.published_on
    )
    return Decided([decision], command.decision_id)


# -- §4.5, §11: mandatory consideration -------------------------------------------------------


@handlers.handles(RequireConsideration)
def require_consideration(uow: UnitOfWork, command: RequireConsideration) -> Decided:
    """Send a Session or Council decision to a state body or official to consider (§4.5)."""
    consideration_id = uow.new_id("consideration")
    decision = uow.get(Decision, command.decision_id)
    decision.require_consideration(
        consideration_id,
        command.addressee,
        command.responsible,
        uow.provenance,
        required_on=command.required_on,
        deadline=command.deadline,
    )
    return Decided([decision], consideration_id)


@handlers.handles(RecordConsiderationResponse)
def record_consideration_response(uow: UnitOfWork, command: RecordConsiderationResponse) -> Decided:
    """Record how an addressee considered a decision; late if after the deadline (§4.5)."""
    decision = uow.get(Decision, command.decision_id)
    decision.answer_consideration(
        command.consideration_id, command.summary, uow.provenance, responded_on=command.responded_on
    )
    return Decided([decision], command.consideration_id)


@handlers.handles(ConveneSession)
def convene_session(uow: UnitOfWork, command: ConveneSession) -> Decided:
    """The President convenes a Session (§5), on the Council's proposal if any (§13)."""
    check_session_convocation(command.act)
    proposal = None
    if command.proposal_id is not None:
        proposal = uow.get(Decision, command.proposal_id)
        proposal.require(COUNCIL, Matter.SESSION_PROPOSAL, "§13.3", by=command.act.issued_on)
    decided = convene(
        uow,
        SESSION,
        command.number,
        command.held_on,
        command.agenda,
        command.act,
        proposal_id=command.proposal_id,
    )
    if proposal is None:
        return decided
    # A proposal on convening the next Session supports one convocation (§13.3).
    proposal.rely("convocation", decided.subject_id, uow.provenance, paragraph="§13.3")
    return Decided([*decided.changed, proposal], decided.subject_id)


@handlers.handles(ConveneCouncilMeeting)
def convene_council_meeting(uow: UnitOfWork, command: ConveneCouncilMeeting) -> Decided:
    """The Chairman convenes the Council, or a Deputy Chairman in agreement with him (§12)."""
    deputies: frozenset[UUID] = frozenset()
    if command.deputy_id is not None:
        deputies = frozenset(
            h.person_id
            for code in DEPUTY_POSTS
            for h in uow.get(Post, post_id(code)).holders_on(command.held_on)
        )
    act = council_convocation(
        command.act, command.deputy_id, command.agreement, deputies, command.held_on
    )
    return convene(
        uow,
        COUNCIL,
        command.number,
        command.held_on,
        command.agenda,
        act,
        convener_id=command.deputy_id,
    )


def members_now(uow: UnitOfWork, sitting: Sitting) -> frozenset[UUID]:
    """The body's members on the sitting's date, as the ledger knows them at this step."""
    assert sitting.held_on is not None
    return uow.get(Body, body_id(sitting.body)).members_on(sitting.held_on)


@handlers.handles(RecordAttendance)
def record_attendance(uow: UnitOfWork, command: RecordAttendance) -> Decided:
    """Record the roster; competence is computed against the body's members that day."""
    sitting = uow.get(Sitting, command.sitting_id)
    sitting.record_attendance(frozenset(command.present), members_now(uow, sitting), uow.provenance)
    return Decided([sitting], command.sitting_id)


@handlers.handles(CorrectAttendance)
def correct_attendance(uow: UnitOfWork, command: CorrectAttendance) -> Decided:
    """Correct the roster while no outcome rests on it; votes of those struck off fall away."""
    sitting = uow.get(Sitting, command.sitting_id)
    sitting.correct_attendance(
        frozenset(command.present), members_now(uow, sitting), command.reason, uow.provenance
    )
    return Decided([sitting], command.sitting_id)


@handlers.handles(PutMotion)
def put_motion(uow: UnitOfWork, command: PutMotion) -> Decided:
    """Put a motion to the vote under an agenda item, naming its subject; returns its id."""
    motion_id = uow.new_id("motion")
    sitting = uow.get(Sitting, command.sitting_id)
    secret = voting_form(uow, sitting, command)
    for person_id in command.subject.persons:
        uow.require_person(person_id)
    sitting.put_motion(
        motion_id,
        command.item,
        command.title,
        uow.provenance,
        members=members_now(uow, sitting),
        secret=secret,
        subject=command.subject,
    )
    return Decided([sitting], motion_id)


def voting_form(uow: UnitOfWork, sitting: Sitting, command: PutMotion) -> bool:
    """Whether the motion is voted by secret ballot, and on whose determination (§10)."""
    if sitting.body != SESSION:
        if command.procedure_id is not None:
            raise InvalidCommand("only the Session determines its form of voting by decision")
        return command.secret
    if command.procedure_id is None:
        if command.secret:
            raise RuleViolation(
                "§10",
                "the procedure and form of voting are determined by the Session: name the "
                "Session's decision on its procedure that sets a secret ballot",
            )
        return False
    assert sitting.held_on is not None
    procedure = uow.get(Decision, command.procedure_id)
    procedure.require(SESSION, Matter.RULES_OF_PROCEDURE, "§10", by=sitting.held_on)
    form = procedure.subject.voting_form
    if command.secret != (form is VotingForm.SECRET):
        raise RuleViolation(
            "§10",
            f"the Session determined the form of voting as {form}; this motion says otherwise",
        )
    return form is VotingForm.SECRET


@handlers.handles(CastVotes)
def cast_votes(uow: UnitOfWork, command: CastVotes) -> Decided:
    """Record open votes, each from a member present and a member as now known, once each."""
    sitting = uow.get(Sitting, command.sitting_id)
    sitting.cast_votes(command.motion_id, command.votes, members_now(uow, sitting), uow.provenance)
    return Decided([sitting], command.motion_id)


@handlers.handles(CountBallot)
def count_ballot(uow: UnitOfWork, command: CountBallot) -> Decided:
    """Record the count of a secret ballot (§10: the form of voting is the Session's)."""
    sitting = uow.get(Sitting, command.sitting_id)
    sitting.count_ballot(command.motion_id, command.tally, uow.provenance)
    return Decided([sitting], command.motion_id)


@handlers.handles(DecideMotion)
def decide_motion(uow: UnitOfWork, command: DecideMotion) -> Decided:
    """Compute the outcome; an adopted motion becomes the body's decision (its id returned)."""
    decision_id = derived_id(str(command.motion_id), "decision")
    sitting = uow.get(Sitting, command.sitting_id)
    roll = uow.get(Body, body_id(sitting.body))
    assert sitting.held_on is not None
    members = roll.members_on(sitting.held_on)
    result = sitting.decide(command.motion_id, decision_id, members, uow.provenance)
    motion = sitting.motion(command.motion_id)
    assert sitting.roster is not None
    assert motion.competence is not None
    # From its first outcome on, the roll on the sitting's date is part of what the minutes assert.
    if len(sitting.decided()) == 1:
        recorded = RecordedSitting(
            sitting_id=sitting.id,
            held_on=sitting.held_on,
            label=f"{sitting.rule.name} No. {sitting.number}",
            present=sitting.roster,
            total=motion.competence.total,
            paragraph=motion.competence.paragraph,
        )
        roll.rest_sitting_on_roll(recorded, uow.provenance)
    if not result.adopted:
        return Decided([sitting, roll], command.motion_id)
    decision = Decision.adopt(
        decision_id,
        body=sitting.body,
        sitting_id=command.sitting_id,
        motion_id=command.motion_id,
        matter=sitting.item(motion.item).matter,
        title=motion.title,
        number=sitting.act_number(command.motion_id),
        adopted_on=sitting.held_on,
        outcome=result,
        provenance=uow.provenance,
        subject=motion.subject,
    )
    return Decided([sitting, decision, roll], decision_id)


def convene(
    uow: UnitOfWork,
    body: str,
    number: str,
    held_on: date,
    agenda: Sequence[AgendaItem],
    act: Act,
    *,
    convener_id: UUID | None = None,
    proposal_id: UUID | None = None,
) -> Decided:
    """Open a sitting of `body` convened by `act`."""
    sitting = Sitting.convene(
        uow.new_id("sitting"),
        body=body,
        number=number,
        held_on=held_on,
        agenda=agenda,
        convened_by=act,
        provenance=uow.provenance,
        convener_id=convener_id,
        agreement=act if convener_id is not None else None,
        proposal_id=proposal_id,
    )
    return Decided([sitting], sitting.id)
