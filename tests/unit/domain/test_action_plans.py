"""§28: action plans of the Secretariat, their items with deadlines, and reports on the items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID, uuid4

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.application import Ledger
from domain.kernel.errors import (
    InvalidCommand,
    LedgerError,
    NoRulebookInForce,
    NotFound,
    RuleViolation,
)
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.secretariat.commands import AddActionItem, AdoptActionPlan, ReportOnActionItem
from tests.support.decisions import record_decision
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    decree,
    keyed,
    memory_ledger,
    order,
    position,
    refused,
)

MINISTRY = "Sample Ministry of Information"
PROGRAM = "Sample Program of the Assembly 2025-2027"


def _plan_act(on: date = DAY, issuer: Authority = Authority.HEAD_OF_SECRETARIAT) -> Act:
    return act(ActKind.ORDER, issuer, on, "SAMPLE-PLAN-1")


def _session_decision(ledger: Ledger, on: date = DAY) -> UUID:
    return record_decision(ledger, "assembly", Matter.SESSION_BUSINESS, on)


def _adopt(
    ledger: Ledger,
    plan_act: Act | None = None,
    *,
    decision_ids: Sequence[UUID] = (),
    instructions: Sequence[Act] = (),
    program_documents: Sequence[str] = (PROGRAM,),
) -> UUID:
    return ledger.execute(
        AdoptActionPlan(
            title="Sample Plan of Measures",
            act=plan_act or _plan_act(),
            decision_ids=decision_ids,
            instructions=instructions,
            program_documents=program_documents,
        ),
        CLERK,
    ).subject_id


def _add(
    ledger: Ledger, plan: UUID, *, on: date = DAY, deadline: date | None = None, by: str = MINISTRY
) -> UUID:
    due = deadline if deadline is not None else on + days(30)
    return ledger.execute(
        AddActionItem(
            plan_id=plan, text="Sample measure", responsible=by, deadline=due, added_on=on
        ),
        CLERK,
    ).subject_id


def _report(ledger: Ledger, plan: UUID, item: UUID, on: date, *, done: bool = False) -> None:
    ledger.execute(
        ReportOnActionItem(
            plan_id=plan, item_id=item, text="Sample report", reported_on=on, done=done
        ),
        CLERK,
    )


# -- adoption -----------------------------------------------------------------------------------


@pytest.mark.parametrize("issuer", [Authority.SECRETARIAT, Authority.HEAD_OF_SECRETARIAT])
@pytest.mark.parametrize("kind", [ActKind.ORDER, ActKind.DECISION])
def test_the_secretariat_adopts_a_plan_for_a_session_decision_on_the_day_of_it(
    issuer: Authority, kind: ActKind
) -> None:
    ledger = memory_ledger()
    decision = _session_decision(ledger, DAY)

    plan = _adopt(
        ledger, act(kind, issuer, DAY), decision_ids=[decision, decision], program_documents=()
    )

    state = ledger.action_plan(plan)
    assert (state.title, state.adopted_on, state.decision_ids) == (
        "Sample Plan of Measures",
        DAY,
        (decision,),
    )


@pytest.mark.parametrize("kind", [ActKind.ORDER, ActKind.DECISION])
def test_a_plan_adopted_by_anyone_but_the_secretariat_is_refused(kind: ActKind) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, act(kind, Authority.PRESIDENT, DAY, "SAMPLE-PLAN-1"))


@pytest.mark.parametrize(
    "issuer", [Authority.COUNCIL, Authority.SESSION, Authority.SCIENTIFIC_EXPERT_COUNCIL]
)
def test_a_plan_or_instruction_typed_as_a_collegial_bodys_act_is_malformed(
    issuer: Authority,
) -> None:
    """A decision a plan implements is cited by its id (`decision_ids`), never typed in."""
    typed = act(ActKind.DECISION, issuer, DAY)

    with pytest.raises(ValidationError, match="recorded sitting"):
        AdoptActionPlan(title="Sample Plan of Measures", act=typed)
    with pytest.raises(ValidationError, match="recorded sitting"):
        AdoptActionPlan(title="Sample Plan of Measures", act=_plan_act(), instructions=[typed])


@pytest.mark.parametrize(
    "kind",
    [ActKind.PROPOSAL, ActKind.RECOMMENDATION, ActKind.AGREEMENT, ActKind.OATH, ActKind.DECREE],
)
def test_a_plan_is_adopted_by_order_or_decision_only(kind: ActKind) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, act(kind, Authority.SECRETARIAT, DAY))


def test_a_plan_implements_a_council_decision_but_not_one_of_the_expert_council() -> None:
    ledger = memory_ledger()
    council = record_decision(ledger, "council", Matter.COUNCIL_BUSINESS, DAY)
    experts = record_decision(
        ledger, "scientific_expert_council", Matter.EXPERT_COUNCIL_BUSINESS, DAY
    )

    _adopt(ledger, decision_ids=[council], program_documents=())
    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, decision_ids=[experts], program_documents=())
    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, decision_ids=[council, experts])


def test_a_plan_cannot_implement_a_decision_adopted_the_day_after_it() -> None:
    ledger = memory_ledger()
    decision = _session_decision(ledger, DAY + days(1))

    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, decision_ids=[decision])


def test_a_plan_naming_an_unknown_decision_is_refused() -> None:
    ledger = memory_ledger()

    with refused(ledger, NotFound):
        _adopt(ledger, decision_ids=[uuid4()])


@pytest.mark.parametrize(
    "instruction",
    [
        decree(DAY),
        order(DAY - days(3)),
        act(ActKind.INSTRUCTION, Authority.PRESIDENT, DAY, "SAMPLE-INSTR-1"),
    ],
    ids=["decree", "order", "instruction"],
)
def test_a_plan_implements_an_instruction_of_the_president(instruction: Act) -> None:
    ledger = memory_ledger()

    plan = _adopt(ledger, instructions=[instruction], program_documents=())

    assert ledger.action_plan(plan).instructions == (instruction,)


@pytest.mark.parametrize("kind", [ActKind.INSTRUCTION, ActKind.ORDER])
def test_a_plan_implements_an_instruction_of_the_leadership_of_the_presidential_administration(
    kind: ActKind,
) -> None:
    """§28: "... instructions of the President of the Republic of Kazakhstan, the Chairman of
    the Assembly, the leadership of the Administration of the President ..."."""
    ledger = memory_ledger()
    instruction = act(kind, Authority.PRESIDENTIAL_ADMINISTRATION, DAY, "SAMPLE-AP-7")

    plan = _adopt(ledger, instructions=[instruction], program_documents=())

    assert ledger.action_plan(plan).instructions == (instruction,)
    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, instructions=[instruction.model_copy(update={"issued_on": DAY + days(1)})])


@pytest.mark.parametrize(
    "instruction",
    [
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.DECISION, Authority.SECRETARIAT, DAY),
        act(ActKind.INSTRUCTION, Authority.SECRETARIAT, DAY),
        act(ActKind.OATH, Authority.PRESIDENT, DAY),
        decree(DAY + days(1)),
    ],
    ids=[
        "head-order",
        "secretariat-decision",
        "secretariat-instruction",
        "oath",
        "decree-day-after",
    ],
)
def test_no_act_but_an_earlier_one_of_the_president_or_his_administration_is_an_instruction(
    instruction: Act,
) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, instructions=[instruction], program_documents=())


def test_a_plan_for_a_program_document_alone_is_adopted() -> None:
    ledger = memory_ledger()

    plan = _adopt(ledger, program_documents=[f"  {PROGRAM} "])

    assert ledger.action_plan(plan).program_documents == (PROGRAM,)


def test_a_plan_that_implements_nothing_is_refused() -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§28"):
        _adopt(ledger, program_documents=())
    with refused(ledger, InvalidCommand):
        _adopt(ledger, program_documents=["   "])


def test_a_plan_dated_before_decree_747_is_refused() -> None:
    ledger = memory_ledger()

    with refused(ledger, NoRulebookInForce, "Appendix"):
        _adopt(ledger, _plan_act(RULEBOOK_START - days(1)))
    _adopt(ledger, _plan_act(RULEBOOK_START))


def test_a_retried_adoption_names_the_same_plan_and_records_it_once() -> None:
    ledger = memory_ledger()
    first = ledger.execute(
        AdoptActionPlan(title="Sample Plan", act=_plan_act(), program_documents=[PROGRAM]),
        keyed("plan-1"),
    )
    after = position(ledger)

    again = ledger.execute(
        AdoptActionPlan(title="Sample Plan", act=_plan_act(), program_documents=[PROGRAM]),
        keyed("plan-1"),
    )

    assert again.subject_id == first.subject_id
    assert again.replayed
    assert position(ledger) == after


# -- items --------------------------------------------------------------------------------------


def test_an_item_names_its_responsible_state_body_and_a_deadline_on_the_plan_day() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)

    item = _add(ledger, plan, on=DAY, deadline=DAY)

    added = ledger.action_plan(plan).item(item)
    assert (added.responsible, added.deadline, added.added_on, added.reports) == (
        MINISTRY,
        DAY,
        DAY,
        (),
    )


def test_an_item_without_a_responsible_body_or_a_deadline_is_refused() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)

    with refused(ledger, RuleViolation, "§28"):
        _add(ledger, plan, by="  ")
    with refused(ledger, RuleViolation, "§28"):
        ledger.execute(
            AddActionItem(
                plan_id=plan,
                text="Sample measure",
                responsible=MINISTRY,
                deadline=None,
                added_on=DAY,
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            AddActionItem(plan_id=plan, text=" ", responsible=MINISTRY, deadline=DAY, added_on=DAY),
            CLERK,
        )


def test_an_item_deadline_the_day_before_the_plan_is_refused() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)

    with refused(ledger, RuleViolation, "§28"):
        _add(ledger, plan, on=DAY, deadline=DAY - days(1))


def test_an_item_cannot_be_added_before_the_plan_nor_fall_due_before_it_was_added() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)

    with refused(ledger, RuleViolation, "§28"):
        _add(ledger, plan, on=DAY - days(1), deadline=DAY + days(5))
    with refused(ledger, RuleViolation, "§28"):
        _add(ledger, plan, on=DAY + days(6), deadline=DAY + days(5))


def test_items_of_an_unknown_plan_are_not_found() -> None:
    ledger = memory_ledger()

    with refused(ledger, NotFound):
        _add(ledger, uuid4())


# -- reports ------------------------------------------------------------------------------------


def test_reports_accumulate_until_one_says_the_item_is_done() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)
    item = _add(ledger, plan, on=DAY + days(1))

    _report(ledger, plan, item, DAY + days(1))
    _report(ledger, plan, item, DAY + days(4), done=True)

    reported = ledger.action_plan(plan).item(item)
    assert [(r.reported_on, r.done) for r in reported.reports] == [
        (DAY + days(1), False),
        (DAY + days(4), True),
    ]
    assert reported.done_on == DAY + days(4)


def test_an_item_reported_done_takes_no_further_report() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)
    item = _add(ledger, plan)
    _report(ledger, plan, item, DAY, done=True)

    with refused(ledger, RuleViolation, "§28"):
        _report(ledger, plan, item, DAY + days(1))
    with refused(ledger, RuleViolation, "§28"):
        _report(ledger, plan, item, DAY + days(1), done=True)


def test_a_report_cannot_precede_its_item_or_the_last_report() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)
    item = _add(ledger, plan, on=DAY + days(2))

    with refused(ledger, RuleViolation, "§28"):
        _report(ledger, plan, item, DAY + days(1))
    _report(ledger, plan, item, DAY + days(5))
    with refused(ledger, RuleViolation, "§28"):
        _report(ledger, plan, item, DAY + days(4))
    _report(ledger, plan, item, DAY + days(5))


def test_a_report_on_an_unknown_item_is_not_found() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)

    with refused(ledger, NotFound):
        _report(ledger, plan, uuid4(), DAY)


def test_overdue_items_are_those_past_their_deadline_and_not_yet_done_on_the_date() -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)
    early = _add(ledger, plan, on=DAY, deadline=DAY + days(10))
    later = _add(ledger, plan, on=DAY + days(20), deadline=DAY + days(25))
    _report(ledger, plan, early, DAY + days(13), done=True)
    state = ledger.action_plan(plan)

    def overdue(on: date) -> set[UUID]:
        return {i.item_id for i in state.overdue_items(on)}

    assert overdue(DAY + days(10)) == set()
    assert overdue(DAY + days(11)) == {early}
    assert overdue(DAY + days(13)) == set()
    assert overdue(DAY + days(26)) == {later}


# -- property -----------------------------------------------------------------------------------

_steps = st.lists(
    st.tuples(
        st.sampled_from(["add", "add", "report", "report", "done"]),
        st.integers(-1, 10),  # the step's date, in days from the plan
        st.integers(-1, 8),  # an item's deadline, in days from the day it is added
        st.integers(0, 2),  # which item
    ),
    max_size=15,
)


@settings(max_examples=150, deadline=None)
@given(_steps)
def test_any_sequence_of_item_commands_records_or_refuses_without_trace(
    steps: list[tuple[str, int, int, int]],
) -> None:
    ledger = memory_ledger()
    plan = _adopt(ledger)
    items: list[UUID] = []
    recorded = 0
    for name, offset, deadline, which in steps:
        on = DAY + days(offset)
        before = position(ledger)
        try:
            if name == "add":
                items.append(_add(ledger, plan, on=on, deadline=on + days(deadline)))
            else:
                target = items[which] if which < len(items) else uuid4()
                _report(ledger, plan, target, on, done=name == "done")
            recorded += 1
        except LedgerError:
            assert position(ledger) == before
    event(f"{min(recorded, 5)} or more recorded" if recorded >= 5 else f"{recorded} recorded")
    for item in ledger.action_plan(plan).items.values():
        assert DAY <= item.added_on <= item.deadline
        dates = [r.reported_on for r in item.reports]
        assert dates == sorted(dates)
        assert all(d >= item.added_on for d in dates)
        assert not any(r.done for r in item.reports[:-1])
