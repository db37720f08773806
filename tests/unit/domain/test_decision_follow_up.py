"""§11 and §4.5: Session decisions as Appeals of the Assembly, and mandatory consideration."""

from __future__ import annotations

from datetime import date
from typing import cast
from uuid import UUID, uuid4

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from domain.application import Ledger
from domain.kernel.errors import InvalidCommand, LedgerError, NotFound, RuleViolation
from domain.kernel.events import LedgerEvent
from domain.regulation.matters import Matter
from domain.sittings.commands import (
    IssueAsAppeal,
    RecordAppealPublication,
    RecordConsiderationResponse,
    RequireConsideration,
)
from domain.sittings.follow_up import Addressee, AddresseeKind, Consideration
from tests.support.decisions import record_decision
from tests.support.samples import CLERK, DAY, days, keyed, memory_ledger, position, refused

BUSINESS = {
    "assembly": Matter.SESSION_BUSINESS,
    "council": Matter.COUNCIL_BUSINESS,
    "scientific_expert_council": Matter.EXPERT_COUNCIL_BUSINESS,
}
MINISTRY = Addressee(kind=AddresseeKind.STATE_BODY, name="Sample Ministry of Culture")
AKIM = Addressee(kind=AddresseeKind.OFFICIAL, name="Sample Akim of a Region")
CONTROL = "Sample Secretariat Control Unit"
MONTH_LATER = DAY + days(30)


def _decision(ledger: Ledger, body: str = "assembly", on: date = DAY) -> UUID:
    return record_decision(ledger, body, BUSINESS[body], on, "Sample decision on harmony")


def _appeal(ledger: Ledger, on: date = DAY) -> UUID:
    decision = _decision(ledger, on=on)
    ledger.execute(IssueAsAppeal(decision_id=decision, issued_on=on), CLERK)
    return decision


def _publish(ledger: Ledger, decision: UUID, on: date, outlet: str = "Sample Gazette") -> None:
    ledger.execute(
        RecordAppealPublication(
            decision_id=decision, outlet=outlet, reference=f"No. {on.day}", published_on=on
        ),
        CLERK,
    )


def _require(
    ledger: Ledger,
    decision: UUID,
    *,
    addressee: Addressee = MINISTRY,
    on: date = DAY,
    deadline: date = MONTH_LATER,
) -> UUID:
    recorded = ledger.execute(
        RequireConsideration(
            decision_id=decision,
            addressee=addressee,
            responsible=CONTROL,
            required_on=on,
            deadline=deadline,
        ),
        CLERK,
    )
    return recorded.subject_id


# -- §11: the Appeal of the Assembly ------------------------------------------------------------


def test_a_session_decision_is_issued_as_an_appeal_on_the_day_it_was_adopted() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)

    ledger.execute(
        IssueAsAppeal(decision_id=decision, issued_on=DAY, title="Sample Appeal to the People"),
        CLERK,
    )

    appeal = ledger.decision(decision).appeal
    assert appeal is not None
    assert (appeal.issued_on, appeal.title, appeal.publications) == (
        DAY,
        "Sample Appeal to the People",
        (),
    )


def test_an_appeal_without_its_own_title_takes_the_decision_title() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)

    ledger.execute(IssueAsAppeal(decision_id=decision, issued_on=DAY + days(1)), CLERK)

    appeal = ledger.decision(decision).appeal
    assert appeal is not None
    assert appeal.title == "Sample decision on harmony"


@pytest.mark.parametrize("body", ["council", "scientific_expert_council"])
def test_only_a_session_decision_may_take_the_form_of_an_appeal(body: str) -> None:
    ledger = memory_ledger()
    decision = _decision(ledger, body)

    with refused(ledger, RuleViolation, "§11"):
        ledger.execute(IssueAsAppeal(decision_id=decision, issued_on=DAY), CLERK)


def test_an_appeal_cannot_be_issued_the_day_before_its_decision_was_adopted() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)

    with refused(ledger, RuleViolation, "§11"):
        ledger.execute(IssueAsAppeal(decision_id=decision, issued_on=DAY - days(1)), CLERK)


def test_a_decision_is_issued_as_an_appeal_only_once() -> None:
    ledger = memory_ledger()
    decision = _appeal(ledger)

    with refused(ledger, InvalidCommand):
        ledger.execute(IssueAsAppeal(decision_id=decision, issued_on=DAY + days(1)), CLERK)


def test_an_unknown_decision_cannot_be_issued_as_an_appeal() -> None:
    ledger = memory_ledger()

    with refused(ledger, NotFound):
        ledger.execute(IssueAsAppeal(decision_id=uuid4(), issued_on=DAY), CLERK)


def test_an_appeal_is_published_in_several_outlets_from_the_day_it_was_issued() -> None:
    ledger = memory_ledger()
    decision = _appeal(ledger)

    _publish(ledger, decision, DAY, "Sample Republican Daily")
    _publish(ledger, decision, DAY + days(2), "Sample Republican Weekly")

    appeal = ledger.decision(decision).appeal
    assert appeal is not None
    assert [(p.outlet, p.published_on, p.reference) for p in appeal.publications] == [
        ("Sample Republican Daily", DAY, f"No. {DAY.day}"),
        ("Sample Republican Weekly", DAY + days(2), f"No. {(DAY + days(2)).day}"),
    ]


def test_an_appeal_cannot_be_published_the_day_before_it_was_issued() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger, on=DAY - days(5))
    ledger.execute(IssueAsAppeal(decision_id=decision, issued_on=DAY), CLERK)

    with refused(ledger, RuleViolation, "§11"):
        _publish(ledger, decision, DAY - days(1))


@pytest.mark.parametrize("body", ["assembly", "council"])
def test_a_decision_not_issued_as_an_appeal_has_no_publication_to_record(body: str) -> None:
    ledger = memory_ledger()
    decision = _decision(ledger, body)

    with refused(ledger, RuleViolation, "§11"):
        _publish(ledger, decision, DAY)


def test_the_same_publication_is_not_recorded_twice_but_a_retry_with_its_key_replays() -> None:
    ledger = memory_ledger()
    decision = _appeal(ledger)
    first = ledger.execute(
        RecordAppealPublication(
            decision_id=decision, outlet="Sample Gazette", reference="No. 1", published_on=DAY
        ),
        keyed("pub-1"),
    )

    again = ledger.execute(
        RecordAppealPublication(
            decision_id=decision, outlet="Sample Gazette", reference="No. 1", published_on=DAY
        ),
        keyed("pub-1"),
    )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordAppealPublication(
                decision_id=decision, outlet="Sample Gazette", reference="No. 1", published_on=DAY
            ),
            CLERK,
        )

    assert again.replayed
    assert again.subject_id == first.subject_id
    appeal = ledger.decision(decision).appeal
    assert appeal is not None
    assert len(appeal.publications) == 1


@pytest.mark.parametrize(("outlet", "reference"), [(" ", "No. 1"), ("Sample Gazette", "")])
def test_a_publication_names_its_outlet_and_reference(outlet: str, reference: str) -> None:
    ledger = memory_ledger()
    decision = _appeal(ledger)

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordAppealPublication(
                decision_id=decision, outlet=outlet, reference=reference, published_on=DAY
            ),
            CLERK,
        )


# -- §4.5, §11: mandatory consideration ---------------------------------------------------------


@pytest.mark.parametrize("body", ["assembly", "council"])
def test_session_and_council_decisions_are_sent_for_mandatory_consideration(body: str) -> None:
    ledger = memory_ledger()
    decision = _decision(ledger, body)

    sent = _require(ledger, decision, on=DAY, deadline=DAY + days(1))

    consideration = ledger.decision(decision).consideration(sent)
    assert (consideration.addressee, consideration.responsible) == (MINISTRY, CONTROL)
    assert (consideration.required_on, consideration.deadline) == (DAY, DAY + days(1))
    assert consideration.response is None
    assert not consideration.late


def test_the_event_rests_on_section_11_for_the_session_and_section_4_5_for_the_council() -> None:
    ledger = memory_ledger()
    session, council = _decision(ledger, "assembly"), _decision(ledger, "council")
    _require(ledger, session)
    _require(ledger, council)

    paragraphs = [
        cast("LedgerEvent", ledger.mapper.to_domain_event(stored)).paragraph
        for decision in (session, council)
        for stored in ledger.recorder.select_events(decision)[1:]
    ]
    assert paragraphs == ["§11", "§4.5"]


def test_scientific_expert_council_decisions_are_not_subject_to_consideration() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger, "scientific_expert_council")

    with refused(ledger, RuleViolation, "§4.5"):
        _require(ledger, decision)


def test_the_deadline_must_fall_after_the_adoption_date() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)

    with refused(ledger, RuleViolation, "§4.5"):
        _require(ledger, decision, deadline=DAY)
    with refused(ledger, RuleViolation, "§4.5"):
        _require(ledger, decision, deadline=DAY - days(1))


def test_a_decision_cannot_be_sent_before_it_was_adopted() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)

    with refused(ledger, RuleViolation, "§4.5"):
        _require(ledger, decision, on=DAY - days(1))


def test_the_deadline_cannot_precede_the_day_the_decision_was_sent() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)

    with refused(ledger, RuleViolation, "§4.5"):
        _require(ledger, decision, on=DAY + days(10), deadline=DAY + days(9))
    _require(ledger, decision, on=DAY + days(10), deadline=DAY + days(10))


def test_an_addressee_is_sent_a_decision_once_and_blank_entries_are_malformed() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)
    _require(ledger, decision)
    same = Addressee(kind=AddresseeKind.STATE_BODY, name="sample ministry of culture")

    with refused(ledger, InvalidCommand):
        _require(ledger, decision, addressee=same)
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RequireConsideration(
                decision_id=decision,
                addressee=AKIM,
                responsible="  ",
                required_on=DAY,
                deadline=DAY + days(1),
            ),
            CLERK,
        )


def test_a_retried_requirement_replays_and_sends_the_decision_once() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)
    first = ledger.execute(
        RequireConsideration(
            decision_id=decision,
            addressee=AKIM,
            responsible=CONTROL,
            required_on=DAY,
            deadline=MONTH_LATER,
        ),
        keyed("send-1"),
    )
    after = position(ledger)

    again = ledger.execute(
        RequireConsideration(
            decision_id=decision,
            addressee=AKIM,
            responsible=CONTROL,
            required_on=DAY,
            deadline=MONTH_LATER,
        ),
        keyed("send-1"),
    )

    assert again == first.model_copy(update={"replayed": True, "events": 0})
    assert position(ledger) == after
    assert list(ledger.decision(decision).considerations) == [first.subject_id]


@pytest.mark.parametrize(
    ("answered", "late"),
    [(DAY + days(30), False), (DAY + days(31), True), (DAY, False)],
    ids=["on-deadline", "day-after-deadline", "same-day-as-sent"],
)
def test_a_response_after_the_deadline_is_late(answered: date, late: bool) -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)
    sent = _require(ledger, decision, deadline=DAY + days(30))

    ledger.execute(
        RecordConsiderationResponse(
            decision_id=decision,
            consideration_id=sent,
            summary="Sample measures taken",
            responded_on=answered,
        ),
        CLERK,
    )

    consideration = ledger.decision(decision).consideration(sent)
    assert consideration.response is not None
    assert consideration.response.responded_on == answered
    assert consideration.late is late


def test_a_response_cannot_precede_the_day_the_decision_was_sent() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)
    sent = _require(ledger, decision, on=DAY + days(2))

    with refused(ledger, RuleViolation, "§4.5"):
        ledger.execute(
            RecordConsiderationResponse(
                decision_id=decision,
                consideration_id=sent,
                summary="Sample reply",
                responded_on=DAY + days(1),
            ),
            CLERK,
        )


def test_a_second_response_is_refused() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)
    sent = _require(ledger, decision)
    ledger.execute(
        RecordConsiderationResponse(
            decision_id=decision, consideration_id=sent, summary="Sample reply", responded_on=DAY
        ),
        CLERK,
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordConsiderationResponse(
                decision_id=decision,
                consideration_id=sent,
                summary="Sample reply again",
                responded_on=DAY + days(1),
            ),
            CLERK,
        )


def test_a_response_from_an_addressee_never_sent_the_decision_is_not_found() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)
    _require(ledger, decision)

    with refused(ledger, NotFound):
        ledger.execute(
            RecordConsiderationResponse(
                decision_id=decision,
                consideration_id=uuid4(),
                summary="Sample reply",
                responded_on=DAY,
            ),
            CLERK,
        )


def test_open_and_overdue_considerations_are_listed_as_on_a_date() -> None:
    ledger = memory_ledger()
    decision = _decision(ledger)
    ministry = _require(ledger, decision, on=DAY, deadline=DAY + days(10))
    akim = _require(ledger, decision, addressee=AKIM, on=DAY + days(5), deadline=DAY + days(20))
    ledger.execute(
        RecordConsiderationResponse(
            decision_id=decision,
            consideration_id=ministry,
            summary="Sample late reply",
            responded_on=DAY + days(12),
        ),
        CLERK,
    )
    state = ledger.decision(decision)

    def ids(found: tuple[Consideration, ...]) -> set[UUID]:
        return {c.consideration_id for c in found}

    assert ids(state.open_considerations(DAY - days(1))) == set()
    assert ids(state.open_considerations(DAY + days(4))) == {ministry}
    assert ids(state.overdue_considerations(DAY + days(10))) == set()
    assert ids(state.overdue_considerations(DAY + days(11))) == {ministry}
    assert ids(state.open_considerations(DAY + days(12))) == {akim}
    assert ids(state.overdue_considerations(DAY + days(21))) == {akim}
    assert state.consideration(ministry).late


# -- property: any sequence of follow-up commands either records or refuses cleanly ------------

_ADDRESSEES = [MINISTRY, AKIM]
_commands = st.lists(
    st.tuples(
        st.sampled_from(["appeal", "publish", "require", "respond"]),
        st.integers(-1, 8),  # the command's date, in days from the adoption
        st.integers(-1, 8),  # a deadline, in days from the command's date
        st.integers(0, 1),  # which addressee
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["assembly", "assembly", "council", "scientific_expert_council"]), _commands)
def test_any_sequence_of_follow_up_commands_records_or_refuses_without_trace(
    body: str, commands: list[tuple[str, int, int, int]]
) -> None:
    ledger = memory_ledger()
    decision = _decision(ledger, body)
    sent: dict[int, UUID] = {}
    for name, offset, deadline, who in commands:
        on = DAY + days(offset)
        before = position(ledger)
        try:
            if name == "appeal":
                ledger.execute(IssueAsAppeal(decision_id=decision, issued_on=on), CLERK)
            elif name == "publish":
                _publish(ledger, decision, on)
            elif name == "require":
                due = on + days(deadline)
                sent[who] = _require(
                    ledger, decision, addressee=_ADDRESSEES[who], on=on, deadline=due
                )
            else:
                target = sent.get(who, uuid4())
                ledger.execute(
                    RecordConsiderationResponse(
                        decision_id=decision,
                        consideration_id=target,
                        summary="Sample reply",
                        responded_on=on,
                    ),
                    CLERK,
                )
        except LedgerError:
            assert position(ledger) == before
    state = ledger.decision(decision)
    answered = sum(c.response is not None for c in state.considerations.values())
    event(f"{len(state.considerations)} sent, {answered} answered")
    event("issued as an Appeal" if state.appeal else "no Appeal")
    assert body == "assembly" or state.appeal is None
    assert body != "scientific_expert_council" or not state.considerations
    if state.appeal is not None:
        assert all(p.published_on >= state.appeal.issued_on for p in state.appeal.publications)
    for c in state.considerations.values():
        assert DAY <= c.required_on <= c.deadline
        assert c.deadline > DAY
        response = c.response
        assert response is None or response.responded_on >= c.required_on
        assert c.late == (response is not None and response.responded_on > c.deadline)
