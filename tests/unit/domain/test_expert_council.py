"""§21–24: the Scientific Expert Council elects its officers, involves experts, has regulations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args
from uuid import UUID, uuid4

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from domain.application import Ledger
from domain.composition.bodies import Body
from domain.composition.commands import AdmitMember, Appoint, Dismiss, EndMembership
from domain.composition.posts import Post
from domain.expert_council.commands import (
    ApproveExpertCouncilRegulations,
    ElectExpertCouncilOfficer,
    InvolveExpert,
)
from domain.expert_council.experts import ExpertCouncilRegulations, ExpertInvolvement
from domain.kernel.errors import InvalidCommand, LedgerError, NotFound, RuleViolation
from domain.kernel.events import LedgerEvent, StoredEvent
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.regulation.rulebook import DECREE_747
from domain.regulation.subjects import Subject
from tests.support.decisions import record_decision
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    decree,
    ensure_head_of_secretariat,
    keyed,
    memory_ledger,
    order,
    position,
    refused,
    register,
)

SEC = "scientific_expert_council"
CHAIRMAN, DEPUTY = "expert_council_chairman", "expert_council_deputy_chairman"


def _head_order(on: date, number: str = "1") -> Act:
    return act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on, number)


def _member(ledger: Ledger, name: str, on: date = DAY) -> UUID:
    person = register(ledger, name)
    ensure_head_of_secretariat(ledger, on)
    ledger.execute(
        AdmitMember(body=SEC, person_id=person, act=_head_order(on), starts_on=on), CLERK
    )
    return person


def _election(ledger: Ledger, post: str, person: UUID, on: date = DAY) -> UUID:
    """The Council's decision, adopted on `on`, electing `person` to `post` (§22)."""
    subject = Subject(persons=(person,), post=post)
    return record_decision(
        ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, on, "Sample election", subject=subject
    )


def _elect(ledger: Ledger, post: str, person: UUID, on: date = DAY) -> UUID:
    election = _election(ledger, post, person, on)
    return ledger.execute(
        ElectExpertCouncilOfficer(post=post, person_id=person, decision_id=election), CLERK
    ).subject_id


def _paragraphs(ledger: Ledger, aggregate_id: UUID) -> list[str]:
    return [e.paragraph for e in ledger.events.get(aggregate_id) if isinstance(e, LedgerEvent)]


# -- officers are elected at a meeting of the Council (§22) ------------------------------------


def test_a_member_elected_at_a_meeting_becomes_chairman_from_the_decision_s_date() -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Expert Alpha")
    decision = _election(ledger, CHAIRMAN, member)

    holding_id = ledger.execute(
        ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=member, decision_id=decision), CLERK
    ).subject_id

    chairman = ledger.post(CHAIRMAN)
    (holder,) = chairman.holders_on(DAY)
    assert (holder.holding_id, holder.person_id) == (holding_id, member)
    assert holder.act == ledger.decision(decision).act
    assert chairman.holders_on(DAY - days(1)) == []
    assert _paragraphs(ledger, chairman.id)[-1] == "§22"


def test_two_deputies_are_elected_and_a_third_finds_no_free_seat() -> None:
    ledger = memory_ledger()
    first, second, third, rival = (
        _member(ledger, f"Sample Expert {n}") for n in ("Beta", "Gamma", "Delta", "Epsilon")
    )
    _elect(ledger, DEPUTY, first)
    _elect(ledger, DEPUTY, second)
    _elect(ledger, CHAIRMAN, rival)

    later = _election(ledger, DEPUTY, third, DAY + days(1))
    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            ElectExpertCouncilOfficer(post=DEPUTY, person_id=third, decision_id=later), CLERK
        )
    election = _election(ledger, CHAIRMAN, third)
    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=third, decision_id=election), CLERK
        )
    assert len(ledger.post(DEPUTY).holders_on(DAY)) == 2


def test_the_same_member_is_not_elected_to_the_same_post_twice() -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Expert Beta")
    _elect(ledger, DEPUTY, member)
    again = _election(ledger, DEPUTY, member, DAY + days(1))

    with refused(ledger, InvalidCommand):
        ledger.execute(
            ElectExpertCouncilOfficer(post=DEPUTY, person_id=member, decision_id=again), CLERK
        )


@pytest.mark.parametrize(
    ("joins", "leaves"),
    [
        (None, None),  # never a member
        (DAY + days(1), None),  # joins the day after the meeting
        (DAY - days(10), DAY),  # left on the day of the meeting
    ],
    ids=["never", "joins-next-day", "left-that-day"],
)
def test_a_person_who_is_not_a_member_on_the_meeting_s_date_is_not_elected(
    joins: date | None, leaves: date | None
) -> None:
    ledger = memory_ledger()
    ensure_head_of_secretariat(ledger, DAY)
    person = register(ledger, "Sample Outsider")
    if joins is not None:
        ledger.execute(
            AdmitMember(body=SEC, person_id=person, act=_head_order(joins), starts_on=joins), CLERK
        )
    if leaves is not None:
        ledger.execute(
            EndMembership(body=SEC, person_id=person, act=_head_order(leaves), ends_on=leaves),
            CLERK,
        )
    decision = _election(ledger, CHAIRMAN, person)

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=person, decision_id=decision), CLERK
        )


def test_a_member_who_joins_on_the_meeting_s_date_may_be_elected() -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Expert Zeta", on=DAY)

    _elect(ledger, CHAIRMAN, member, on=DAY)

    assert ledger.post(CHAIRMAN).holders_on(DAY)


@pytest.mark.parametrize(
    ("body", "matter"),
    [("council", Matter.EXPERT_COUNCIL_ELECTION), (SEC, Matter.EXPERT_COUNCIL_BUSINESS)],
    ids=["council-decision", "other-matter"],
)
def test_only_a_council_decision_on_an_election_elects(body: str, matter: Matter) -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Expert Eta")
    decision = record_decision(ledger, body, matter, DAY)

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=member, decision_id=decision), CLERK
        )


@pytest.mark.parametrize(
    "appointing",
    [
        decree(DAY),
        order(DAY),
        _head_order(DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
    ],
    ids=["president-decree", "president-order", "head-order", "secretariat-order"],
)
@pytest.mark.parametrize("post", [CHAIRMAN, DEPUTY])
def test_an_appointment_to_an_elected_post_is_refused(post: str, appointing: Act) -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Expert Theta")

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(Appoint(post=post, person_id=member, act=appointing, starts_on=DAY), CLERK)


def test_an_election_typed_as_an_act_of_the_council_is_malformed() -> None:
    """The Council's election is its decision at a recorded sitting, cited by its id (§22)."""
    typed = act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, DAY)

    with pytest.raises(ValidationError, match="recorded sitting"):
        Appoint(post=CHAIRMAN, person_id=uuid4(), act=typed, starts_on=DAY)


def test_an_election_decision_elects_only_the_member_and_post_it_names() -> None:
    ledger = memory_ledger()
    named, other = _member(ledger, "Sample Expert Lambda"), _member(ledger, "Sample Expert Mu")
    election = _election(ledger, DEPUTY, named)

    for post, person in ((DEPUTY, other), (CHAIRMAN, named)):
        with refused(ledger, RuleViolation, "§22"):
            ledger.execute(
                ElectExpertCouncilOfficer(post=post, person_id=person, decision_id=election),
                CLERK,
            )
    ledger.execute(
        ElectExpertCouncilOfficer(post=DEPUTY, person_id=named, decision_id=election), CLERK
    )


def test_posts_that_are_not_elected_are_not_filled_by_an_election() -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Expert Iota")
    election = _election(ledger, CHAIRMAN, member)

    # An election names one of the Council's elected posts (§22), so it elects to no other...
    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            ElectExpertCouncilOfficer(
                post="head_of_secretariat", person_id=member, decision_id=election
            ),
            CLERK,
        )
    # ... and the post itself is not filled by any election.
    head = Post.establish(
        DECREE_747.post("head_of_secretariat"), CLERK, established_on=RULEBOOK_START
    )
    elected_by = ledger.decision(election).act
    assert elected_by is not None
    with pytest.raises(InvalidCommand):
        head.elect(uuid4(), member, elected_by, CLERK, starts_on=DAY)
    with refused(ledger, NotFound):
        ledger.execute(
            ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=member, decision_id=uuid4()), CLERK
        )


def test_the_post_accepts_only_its_own_body_s_decision_from_its_date() -> None:
    chairman = Post.establish(DECREE_747.post(CHAIRMAN), CLERK, established_on=RULEBOOK_START)
    decided = act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, DAY)

    for wrong in (
        act(ActKind.DECISION, Authority.COUNCIL, DAY),
        act(ActKind.ORDER, Authority.SCIENTIFIC_EXPERT_COUNCIL, DAY),
    ):
        with pytest.raises(RuleViolation) as refusal:
            chairman.elect(uuid4(), uuid4(), wrong, CLERK, starts_on=DAY)
        assert refusal.value.paragraph == "§22"
    with pytest.raises(InvalidCommand):
        chairman.elect(uuid4(), uuid4(), decided, CLERK, starts_on=DAY - days(1))
    assert len(chairman.pending_events) == 1  # only its establishment

    chairman.elect(uuid4(), uuid4(), decided, CLERK, starts_on=DAY + days(1))
    assert len(chairman.holders_on(DAY + days(1))) == 1


def test_a_retried_election_under_the_same_key_seats_the_member_once() -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Expert Kappa")
    decision = _election(ledger, CHAIRMAN, member)

    first = ledger.execute(
        ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=member, decision_id=decision),
        keyed("sample-elect"),
    )
    again = ledger.execute(
        ElectExpertCouncilOfficer(post=CHAIRMAN, person_id=member, decision_id=decision),
        keyed("sample-elect"),
    )

    assert again.replayed
    assert again.subject_id == first.subject_id
    assert len(ledger.post(CHAIRMAN).holdings) == 1


# -- members join by agreement, by order of the Head of the Secretariat (§22, §24) -------------


def test_members_join_by_order_of_the_head_of_the_secretariat() -> None:
    ledger = memory_ledger()
    members = [_member(ledger, f"Sample Scholar {n}") for n in range(3)]

    roll = ledger.body(SEC)
    assert roll.members_on(DAY) == frozenset(members)
    assert roll.members_on(DAY - days(1)) == frozenset()
    assert roll.terms_of(members[0])[0].act == _head_order(DAY)


@pytest.mark.parametrize(
    "wrong",
    [
        order(DAY),
        act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
        act(ActKind.AGREEMENT, Authority.HEAD_OF_SECRETARIAT, DAY),
    ],
    ids=["president-order", "head-decree", "secretariat-order", "head-agreement"],
)
def test_membership_by_any_other_act_is_refused(wrong: Act) -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Scholar")

    with refused(ledger, RuleViolation, "§24"):
        ledger.execute(AdmitMember(body=SEC, person_id=person, act=wrong, starts_on=DAY), CLERK)


def test_membership_starts_on_the_order_s_date_at_the_earliest() -> None:
    ledger = memory_ledger()
    ensure_head_of_secretariat(ledger, DAY)
    person = register(ledger, "Sample Scholar")

    with refused(ledger, InvalidCommand):
        ledger.execute(
            AdmitMember(body=SEC, person_id=person, act=_head_order(DAY), starts_on=DAY - days(1)),
            CLERK,
        )
    ledger.execute(
        AdmitMember(body=SEC, person_id=person, act=_head_order(DAY), starts_on=DAY), CLERK
    )


# -- experts who are not members, foreign experts included (§22) -------------------------------


def _business(ledger: Ledger, on: date = DAY) -> UUID:
    return record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_BUSINESS, on, "Sample involvement")


def test_a_foreign_expert_is_involved_by_a_decision_of_the_council() -> None:
    ledger = memory_ledger()
    expert = register(ledger, "Sample Foreign Expert")
    decision = _business(ledger)

    recorded = ledger.execute(
        InvolveExpert(
            person_id=expert,
            area=" Sample ethnodemography ",
            foreign=True,
            on=DAY,
            decision_id=decision,
        ),
        CLERK,
    )

    involvement = ledger.expert_involvement(recorded.subject_id)
    assert (involvement.person_id, involvement.full_name) == (expert, "Sample Foreign Expert")
    assert (involvement.foreign, involvement.area, involvement.involved_on) == (
        True,
        "Sample ethnodemography",
        DAY,
    )
    assert involvement.decision == ledger.decision(decision).act
    assert involvement.request is None
    assert _paragraphs(ledger, involvement.id) == ["§22"]


def test_an_expert_is_involved_at_the_request_of_the_council_s_chairman_in_office() -> None:
    ledger = memory_ledger()
    chairman = _member(ledger, "Sample Chairman")
    _elect(ledger, CHAIRMAN, chairman)
    expert = register(ledger, "Sample Domestic Expert")

    with refused(ledger, RuleViolation, "§22"):  # nobody is Chairman the day before
        ledger.execute(
            InvolveExpert(
                person_id=expert,
                area="Sample area",
                foreign=False,
                on=DAY - days(1),
                chairman_request_number="7",
            ),
            CLERK,
        )
    recorded = ledger.execute(
        InvolveExpert(
            person_id=expert, area="Sample area", foreign=False, on=DAY, chairman_request_number="7"
        ),
        CLERK,
    )

    request = ledger.expert_involvement(recorded.subject_id).request
    assert request is not None
    assert (request.number, request.chairman_id, request.requested_on) == ("7", chairman, DAY)


@pytest.mark.parametrize(
    ("body", "matter", "adopted"),
    [
        (SEC, Matter.EXPERT_COUNCIL_BUSINESS, DAY + days(1)),  # adopted after the involvement
        ("council", Matter.COUNCIL_BUSINESS, DAY),
        (SEC, Matter.EXPERT_COUNCIL_ELECTION, DAY),
    ],
    ids=["decided-later", "council-decision", "election-decision"],
)
def test_an_involvement_resting_on_another_decision_is_refused(
    body: str, matter: Matter, adopted: date
) -> None:
    ledger = memory_ledger()
    expert = register(ledger, "Sample Expert")
    decision = record_decision(ledger, body, matter, adopted)

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            InvolveExpert(
                person_id=expert, area="Sample", foreign=False, on=DAY, decision_id=decision
            ),
            CLERK,
        )


def test_a_current_member_is_not_involved_as_a_non_member_expert() -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Member", on=DAY)
    decision = _business(ledger, DAY - days(5))

    with refused(ledger, InvalidCommand):
        ledger.execute(
            InvolveExpert(
                person_id=member, area="Sample", foreign=False, on=DAY, decision_id=decision
            ),
            CLERK,
        )
    # The day before they join they are not a member yet.
    ledger.execute(
        InvolveExpert(
            person_id=member, area="Sample", foreign=False, on=DAY - days(1), decision_id=decision
        ),
        CLERK,
    )


def test_a_former_member_may_be_involved_as_an_expert() -> None:
    ledger = memory_ledger()
    member = _member(ledger, "Sample Former Member", on=DAY - days(30))
    ledger.execute(
        EndMembership(body=SEC, person_id=member, act=_head_order(DAY), ends_on=DAY), CLERK
    )

    ledger.execute(
        InvolveExpert(
            person_id=member, area="Sample", foreign=False, on=DAY, decision_id=_business(ledger)
        ),
        CLERK,
    )


@pytest.mark.parametrize(
    ("area", "with_decision", "request_number"),
    [("Sample", False, None), ("Sample", True, "7"), ("  ", True, None)],
    ids=["no-basis", "two-bases", "no-area"],
)
def test_a_malformed_involvement_is_refused(
    area: str, with_decision: bool, request_number: str | None
) -> None:
    ledger = memory_ledger()
    chairman = _member(ledger, "Sample Chairman")
    _elect(ledger, CHAIRMAN, chairman)
    expert = register(ledger, "Sample Expert")
    decision = _business(ledger) if with_decision else None

    with refused(ledger, InvalidCommand):
        ledger.execute(
            InvolveExpert(
                person_id=expert,
                area=area,
                foreign=False,
                on=DAY,
                decision_id=decision,
                chairman_request_number=request_number,
            ),
            CLERK,
        )


def test_an_unregistered_expert_is_not_found() -> None:
    ledger = memory_ledger()
    decision = _business(ledger)

    with refused(ledger, NotFound):
        ledger.execute(
            InvolveExpert(
                person_id=uuid4(), area="Sample", foreign=True, on=DAY, decision_id=decision
            ),
            CLERK,
        )


# -- duties are voluntary (§23) ----------------------------------------------------------------


PAY_WORDS = ("pay", "salary", "remuneration", "fee", "allowance", "compensation")


def stored_event_types() -> set[type[StoredEvent]]:
    """Every event class the ledger can store: each subclass of `StoredEvent`, at any depth."""
    found: set[type[StoredEvent]] = set()
    pending: list[type[StoredEvent]] = [StoredEvent]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return found


def recorded_models(event_type: type[BaseModel]) -> set[type[BaseModel]]:
    """The event type and every model its fields hold, at any depth (an act, a tenure, ...)."""
    found: set[type[BaseModel]] = set()
    pending: list[Any] = [event_type]
    while pending:
        kind = pending.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if kind in found:
                continue
            found.add(kind)
            pending.extend(f.annotation for f in kind.model_fields.values())
        pending.extend(get_args(kind))
    return found


def test_nothing_about_pay_is_recorded_for_the_council_s_people() -> None:
    """§23: duties are voluntary, so no event the ledger can store has a field about pay.

    Not a chosen few: every event type (every `StoredEvent` subclass, once `domain.application`
    has imported every concept) and every value it holds, so no new event can add one unnoticed.
    """
    events = stored_event_types()
    council = {
        ExpertInvolvement.Involved,
        ExpertCouncilRegulations.Approved,
        ExpertCouncilRegulations.Replaced,
        Post.HolderAppointed,
        Body.MemberAdmitted,
    }
    models = set().union(*(recorded_models(e) for e in events))

    about_pay = sorted(
        f"{model.__qualname__}.{name}"
        for model in models
        for name in model.model_fields
        if any(word in name.lower() for word in PAY_WORDS)
    )

    assert len(events) > 40, "the enumeration found the ledger's event types"
    assert council <= events, "the council's people's events are among them"
    assert about_pay == []


# -- the regulations on the Council (§24) ------------------------------------------------------


def _head(ledger: Ledger, on: date = DAY) -> UUID:
    person = register(ledger, "Sample Head of the Secretariat")
    return ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=decree(on), starts_on=on), CLERK
    ).subject_id


def test_the_head_of_the_secretariat_approves_the_regulations_by_order() -> None:
    ledger = memory_ledger()
    _head(ledger)

    ledger.execute(ApproveExpertCouncilRegulations(act=_head_order(DAY)), CLERK)

    regulations = ledger.expert_council_regulations()
    assert regulations.in_force_on(DAY) == _head_order(DAY)
    assert regulations.in_force_on(DAY - days(1)) is None
    assert _paragraphs(ledger, regulations.id) == ["§24"]


@pytest.mark.parametrize(
    "wrong",
    [
        order(DAY),
        decree(DAY),
        act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
        act(ActKind.DECISION, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.AGREEMENT, Authority.HEAD_OF_SECRETARIAT, DAY),
    ],
    ids=[
        "president-order",
        "president-decree",
        "head-decree",
        "secretariat-order",
        "head-decision",
        "head-agreement",
    ],
)
def test_regulations_approved_by_anyone_or_anything_else_are_refused(wrong: Act) -> None:
    ledger = memory_ledger()
    _head(ledger)

    with refused(ledger, RuleViolation, "§24"):
        ledger.execute(ApproveExpertCouncilRegulations(act=wrong), CLERK)


@pytest.mark.parametrize("issuer", [Authority.SCIENTIFIC_EXPERT_COUNCIL, Authority.COUNCIL])
def test_regulations_typed_as_a_decision_of_a_collegial_body_are_malformed(
    issuer: Authority,
) -> None:
    with pytest.raises(ValidationError, match="recorded sitting"):
        ApproveExpertCouncilRegulations(act=act(ActKind.DECISION, issuer, DAY))


def test_the_order_must_be_issued_while_a_head_of_the_secretariat_is_in_office() -> None:
    ledger = memory_ledger()
    starts, ends = DAY, DAY + days(30)
    holding = _head(ledger, starts)
    ledger.execute(
        Dismiss(post="head_of_secretariat", holding_id=holding, act=decree(ends), ends_on=ends),
        CLERK,
    )

    for outside in (starts - days(1), ends):
        with refused(ledger, RuleViolation, "§24"):
            ledger.execute(ApproveExpertCouncilRegulations(act=_head_order(outside)), CLERK)
    ledger.execute(ApproveExpertCouncilRegulations(act=_head_order(starts)), CLERK)
    ledger.execute(ApproveExpertCouncilRegulations(act=_head_order(ends - days(1), "2")), CLERK)


def test_a_later_version_replaces_the_earlier_from_its_date_by_the_same_rule() -> None:
    ledger = memory_ledger()
    _head(ledger)
    first, second = _head_order(DAY, "1"), _head_order(DAY + days(10), "2")
    ledger.execute(ApproveExpertCouncilRegulations(act=first), CLERK)

    with refused(ledger, RuleViolation, "§24"):
        ledger.execute(ApproveExpertCouncilRegulations(act=order(DAY + days(10))), CLERK)
    ledger.execute(ApproveExpertCouncilRegulations(act=second), CLERK)

    regulations = ledger.expert_council_regulations()
    assert regulations.in_force_on(DAY + days(9)) == first
    assert regulations.in_force_on(DAY + days(10)) == second
    assert _paragraphs(ledger, regulations.id) == ["§24", "§24"]
    with refused(ledger, InvalidCommand):  # older than the version in force
        ledger.execute(ApproveExpertCouncilRegulations(act=_head_order(DAY + days(5), "3")), CLERK)
    with refused(ledger, InvalidCommand):  # the same order again
        ledger.execute(ApproveExpertCouncilRegulations(act=second), CLERK)


def test_a_retried_approval_under_the_same_key_records_one_version() -> None:
    ledger = memory_ledger()
    _head(ledger)

    ledger.execute(ApproveExpertCouncilRegulations(act=_head_order(DAY)), keyed("sample-regs"))
    again = ledger.execute(
        ApproveExpertCouncilRegulations(act=_head_order(DAY)), keyed("sample-regs")
    )

    assert again.replayed
    assert ledger.expert_council_regulations().versions == (_head_order(DAY),)


# -- random command sequences ------------------------------------------------------------------

PERSONS = 5
OFFSETS = [-2, 0, 1, 3, 8]


@dataclass(frozen=True)
class Command:
    """One randomly drawn command on the Council's composition, officers or regulations."""

    verb: Literal["admit", "leave", "elect", "regulations"]
    target: int
    day: int
    post: str
    issuer: Authority


commands = st.builds(
    Command,
    verb=st.sampled_from(["admit", "admit", "leave", "elect", "elect", "elect", "regulations"]),
    target=st.integers(0, PERSONS - 1),
    day=st.sampled_from(OFFSETS),
    post=st.sampled_from([CHAIRMAN, DEPUTY, DEPUTY]),
    issuer=st.sampled_from([Authority.HEAD_OF_SECRETARIAT] * 3 + [Authority.PRESIDENT]),
)


def _send(ledger: Ledger, c: Command, persons: list[UUID], election: UUID | None) -> None:
    on, person = DAY + days(c.day), persons[c.target]
    cited = act(ActKind.ORDER, c.issuer, on, f"{c.target}-{c.day}")
    if c.verb == "admit":
        ledger.execute(AdmitMember(body=SEC, person_id=person, act=cited, starts_on=on), CLERK)
    elif c.verb == "leave":
        ledger.execute(EndMembership(body=SEC, person_id=person, act=cited, ends_on=on), CLERK)
    elif election is not None:
        ledger.execute(
            ElectExpertCouncilOfficer(post=c.post, person_id=person, decision_id=election), CLERK
        )
    else:
        ledger.execute(ApproveExpertCouncilRegulations(act=cited), CLERK)


@settings(max_examples=60, deadline=None)
@given(st.lists(commands, min_size=1, max_size=25))
def test_any_sequence_elects_members_only_into_free_seats(sequence: list[Command]) -> None:
    ledger = memory_ledger()
    persons = [register(ledger, f"Sample Expert {n}") for n in range(PERSONS)]
    _head(ledger, RULEBOOK_START)

    for command in sequence:
        # The meeting's decision is on record before the command that rests on it is sent.
        election = (
            _election(ledger, command.post, persons[command.target], DAY + days(command.day))
            if command.verb == "elect"
            else None
        )
        before = position(ledger)
        try:
            _send(ledger, command, persons, election)
        except LedgerError as refusal:
            event(f"refused {command.verb}: {type(refusal).__name__}")
            assert position(ledger) == before, f"refused {command} appended events"
        else:
            event(f"accepted {command.verb}")
            if election is not None:
                # Checked when elected: a later, backdated end of membership is not undone here.
                elected = ledger.post(command.post).open_holding_of(persons[command.target])
                assert ledger.body(SEC).member_on(elected.person_id, elected.tenure.start)

    for code, seats in ((CHAIRMAN, 1), (DEPUTY, 2)):
        post = ledger.post(code)
        for offset in range(-3, 10):
            assert len(post.holders_on(DAY + days(offset))) <= seats
    try:
        versions = ledger.expert_council_regulations().versions
    except NotFound:
        versions = ()
    assert all(v.issuer is Authority.HEAD_OF_SECRETARIAT for v in versions)
    assert [v.issued_on for v in versions] == sorted(v.issued_on for v in versions)
