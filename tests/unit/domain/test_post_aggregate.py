"""The Post and Body aggregates on their own: guards run before any event is triggered."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.application.idempotency import IdempotencyRecord
from domain.composition.bodies import Body
from domain.composition.commands import AdmitMember
from domain.composition.posts import Post
from domain.kernel.errors import IdempotencyKeyReused, InvalidCommand, RuleViolation
from domain.kernel.events import LedgerEvent
from domain.kernel.values import ActKind, Authority
from domain.regulation.rulebook import DECREE_747
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    council_proposal,
    days,
    decree,
    memory_ledger,
    oath,
    register,
    seat_senator,
)

HEAD, DEPUTY_HEAD = "head_of_secretariat", "deputy_chairman_head_of_secretariat"


def _post(code: str) -> Post:
    return Post.establish(DECREE_747.post(code), CLERK, established_on=RULEBOOK_START)


def _paragraphs(post: Post) -> list[str]:
    return [e.paragraph for e in post.pending_events if isinstance(e, LedgerEvent)]


def test_a_senate_seat_is_filled_by_a_proposal_then_a_decree() -> None:
    senator, person, nomination = _post("senator"), uuid4(), uuid4()

    # The Council's proposal is its decision adopted at a sitting (§13.1): the decision's act.
    senator.nominate(nomination, person, act(ActKind.DECISION, Authority.COUNCIL, DAY), CLERK)
    senator.appoint(uuid4(), person, decree(DAY), CLERK, starts_on=DAY)

    assert [type(e) for e in senator.pending_events] == [
        Post.Established,
        Post.CandidateNominated,
        Post.HolderAppointed,
    ]
    assert _paragraphs(senator) == ["§5.4", "§13.1", "§5.4"]
    assert [h.nomination_id for h in senator.holders_on(DAY)] == [nomination]


def test_a_senate_seat_is_nominated_only_by_the_councils_decision() -> None:
    """§13.1: a proposal of the Council that is not its decision at a sitting nominates nobody."""
    senator = _post("senator")

    for typed in (council_proposal(DAY), act(ActKind.DECISION, Authority.SESSION, DAY)):
        with pytest.raises(RuleViolation) as refusal:
            senator.nominate(uuid4(), uuid4(), typed, CLERK)
        assert refusal.value.paragraph == "§13.1"
    assert [type(e) for e in senator.pending_events] == [Post.Established]


def test_a_refused_appointment_triggers_no_event_and_changes_nothing() -> None:
    senator, person = _post("senator"), uuid4()
    before = list(senator.pending_events)

    with pytest.raises(RuleViolation) as refusal:
        senator.appoint(uuid4(), person, decree(DAY), CLERK, starts_on=DAY)

    assert refusal.value.paragraph == "§13.1"
    assert senator.pending_events == before
    assert senator.holdings == {}


def test_a_new_chairman_first_ends_the_previous_holding_then_begins_his_own() -> None:
    chairman, alpha, beta = _post("chairman"), uuid4(), uuid4()
    first_holding = uuid4()
    chairman.assume_chairmanship(first_holding, alpha, oath(DAY), CLERK)

    chairman.assume_chairmanship(uuid4(), beta, oath(DAY + days(7)), CLERK)

    passed, assumed = chairman.pending_events[-2:]
    assert isinstance(passed, Post.ChairmanshipPassed)  # §5: nobody dismisses the Chairman
    assert passed.holding_id == first_holding
    assert isinstance(assumed, Post.ChairmanshipAssumed)
    assert assumed.person_id == beta
    assert _paragraphs(chairman)[1:] == ["§5", "§5", "§5"]


def test_only_the_chairmans_post_is_filled_by_an_oath() -> None:
    senator = _post("senator")

    with pytest.raises(InvalidCommand):
        senator.assume_chairmanship(uuid4(), uuid4(), oath(DAY), CLERK)


def test_a_post_rebuilt_from_its_events_has_the_same_holdings() -> None:
    head = _post("head_of_secretariat")
    holding = uuid4()
    head.appoint(holding, uuid4(), decree(DAY), CLERK, starts_on=DAY)
    head.dismiss(holding, decree(DAY + days(3)), CLERK, ends_on=DAY + days(3))

    rebuilt: Post | None = None
    for event in head.pending_events:
        rebuilt = event.mutate(rebuilt)

    assert rebuilt is not None
    assert rebuilt.holdings == head.holdings
    assert rebuilt.version == head.version


def test_state_read_from_the_ledger_is_a_copy_that_cannot_change_the_ledger() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Alpha", DAY)
    member = register(ledger, "Sample Member Alpha")
    ledger.execute(
        AdmitMember(body="assembly", person_id=member, act=decree(DAY), starts_on=DAY), CLERK
    )

    ledger.post("senator").holdings.clear()
    ledger.post("senator").nominees.clear()
    ledger.body("assembly").roll.clear()

    assert list(ledger.post("senator").holdings) == [holding]
    assert len(ledger.post("senator").nominees) == 1
    assert ledger.body("assembly").member_on(member, DAY)


def _body(code: str) -> Body:
    rule = DECREE_747.body(code)
    return Body.establish(rule, CLERK, established_on=DECREE_747.in_force_from)


def test_a_member_is_not_admitted_by_an_act_of_the_wrong_authority() -> None:
    council = _body("council")
    with pytest.raises(RuleViolation) as refusal:
        council.admit(
            uuid4(), act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, DAY), CLERK, starts_on=DAY
        )
    assert refusal.value.paragraph == "§5.1"
    assert len(council.pending_events) == 1  # only its establishment


def test_a_membership_term_is_half_open() -> None:
    assembly, person = _body("assembly"), uuid4()
    assembly.admit(person, decree(DAY), CLERK, starts_on=DAY)

    assembly.end_membership(person, decree(DAY + days(2)), CLERK, ends_on=DAY + days(2))

    assert assembly.member_on(person, DAY + days(1))
    assert not assembly.member_on(person, DAY + days(2))
    assert assembly.members_on(DAY + days(1)) == {person}
    assert assembly.members_on(DAY + days(2)) == frozenset()


def test_a_remembered_key_replays_only_the_same_command() -> None:
    subject = uuid4()
    record = IdempotencyRecord.remember("sample-key", "appoint", "fingerprint-a", subject, CLERK)
    [remembered] = record.pending_events
    assert isinstance(remembered, IdempotencyRecord.Remembered)

    assert remembered.replay("appoint", "fingerprint-a") == subject
    with pytest.raises(IdempotencyKeyReused):
        remembered.replay("appoint", "fingerprint-b")
    with pytest.raises(IdempotencyKeyReused):
        remembered.replay("dismiss", "fingerprint-a")


def test_each_way_of_taking_and_leaving_a_seat_is_its_own_event_type() -> None:
    chairman, head, deputy = _post("chairman"), _post(HEAD), _post(DEPUTY_HEAD)
    chairman.assume_chairmanship(uuid4(), uuid4(), oath(DAY), CLERK)
    head.appoint(uuid4(), uuid4(), decree(DAY), CLERK, starts_on=DAY)
    [source] = head.holders_on(DAY)
    deputy.take_ex_officio(uuid4(), source, CLERK)
    deputy.end_ex_officio(source, decree(DAY + days(3)), CLERK, ends_on=DAY + days(3))

    assert isinstance(chairman.pending_events[-1], Post.ChairmanshipAssumed)
    assert isinstance(head.pending_events[-1], Post.HolderAppointed)
    began, ended = deputy.pending_events[-2:]
    assert isinstance(began, Post.ExOfficioHoldingBegan)
    assert began.ex_officio_of == source.holding_id
    assert isinstance(ended, Post.ExOfficioHoldingEnded)
    assert Post.HolderAppointed not in type(began).__mro__
    assert deputy.holders_on(DAY + days(2))[0].ex_officio_of == source.holding_id
