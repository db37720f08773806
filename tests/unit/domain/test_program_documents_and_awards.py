"""§6, §32: the Chairman approves program documents and instructs their implementation; §13.5: the
Council establishes public awards and approves and amends their regulations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.application import Ledger
from domain.documents.commands import (
    AmendAwardRegulations,
    ApproveAwardRegulations,
    ApproveProgramDocument,
    EstablishAward,
    RecordProgramInstruction,
)
from domain.kernel.errors import (
    InvalidCommand,
    LedgerError,
    NoRulebookInForce,
    NotFound,
    RuleViolation,
)
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import COUNCIL, EXPERT_COUNCIL, SESSION, Matter
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
    oath,
    order,
    position,
    refused,
)

AWARDS = Matter.PUBLIC_AWARDS


# -- §6 program documents ----------------------------------------------------------------------


@pytest.mark.parametrize("approval", [decree(DAY), order(DAY)])
def test_the_chairman_approves_a_program_document_by_decree_or_order(approval: Act) -> None:
    ledger = memory_ledger()

    program = ledger.execute(
        ApproveProgramDocument(title="Sample Program", act=approval), CLERK
    ).subject_id

    state = ledger.program_document(program)
    assert (state.title, state.approval, state.approved_on) == ("Sample Program", approval, DAY)


@pytest.mark.parametrize(
    "approval",
    [
        act(ActKind.DECISION, Authority.PRESIDENT, DAY),
        act(ActKind.AGREEMENT, Authority.PRESIDENT, DAY),
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
        oath(DAY),
        act(ActKind.PROPOSAL, Authority.PRESIDENT, DAY),
    ],
)
def test_no_one_but_the_chairman_approves_program_documents(approval: Act) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§6"):
        ledger.execute(ApproveProgramDocument(title="Sample Program", act=approval), CLERK)


def test_a_program_document_approved_before_decree_747_is_refused_under_the_appendix() -> None:
    ledger = memory_ledger()

    with refused(ledger, NoRulebookInForce, "Appendix"):
        ledger.execute(
            ApproveProgramDocument(title="Sample", act=decree(RULEBOOK_START - days(1))), CLERK
        )


def test_a_retried_approval_names_the_same_program_document() -> None:
    ledger = memory_ledger()
    first = ledger.execute(
        ApproveProgramDocument(title="Sample", act=decree(DAY)), keyed("program-1")
    )

    again = ledger.execute(
        ApproveProgramDocument(title="Sample", act=decree(DAY)), keyed("program-1")
    )

    assert (again.subject_id, again.replayed) == (first.subject_id, True)


def test_the_chairman_instructs_implementation_from_the_day_of_approval() -> None:
    ledger = memory_ledger()
    program = ledger.execute(
        ApproveProgramDocument(title="Sample Program", act=decree(DAY)), CLERK
    ).subject_id

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(
            RecordProgramInstruction(
                program_id=program, act=order(DAY - days(1), "7"), instruction="Sample instruction"
            ),
            CLERK,
        )
    ledger.execute(
        RecordProgramInstruction(
            program_id=program, act=order(DAY, "7"), instruction="Sample first task"
        ),
        CLERK,
    )
    ledger.execute(
        RecordProgramInstruction(
            program_id=program, act=decree(DAY + days(9), "8"), instruction="Sample task"
        ),
        CLERK,
    )

    instructions = ledger.program_document(program).instructions
    assert [(i.act.number, i.text) for i in instructions] == [
        ("7", "Sample first task"),
        ("8", "Sample task"),
    ]


@pytest.mark.parametrize(
    "instruction",
    [
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.DECISION, Authority.SECRETARIAT, DAY),
        oath(DAY),
    ],
)
def test_only_the_chairman_instructs_the_implementation(instruction: Act) -> None:
    ledger = memory_ledger()
    program = ledger.execute(
        ApproveProgramDocument(title="Sample Program", act=decree(DAY)), CLERK
    ).subject_id

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(
            RecordProgramInstruction(
                program_id=program, act=instruction, instruction="Sample task"
            ),
            CLERK,
        )


@pytest.mark.parametrize("issuer", [Authority.COUNCIL, Authority.SESSION])
def test_a_program_act_typed_as_a_collegial_bodys_is_malformed(issuer: Authority) -> None:
    typed = act(ActKind.DECISION, issuer, DAY)

    with pytest.raises(ValidationError, match="recorded sitting"):
        ApproveProgramDocument(title="Sample Program", act=typed)
    with pytest.raises(ValidationError, match="recorded sitting"):
        RecordProgramInstruction(program_id=uuid4(), act=typed, instruction="Sample task")


def test_an_instruction_needs_a_known_program_document_and_a_text() -> None:
    ledger = memory_ledger()
    program = ledger.execute(
        ApproveProgramDocument(title="Sample Program", act=decree(DAY)), CLERK
    ).subject_id

    with refused(ledger, NotFound):
        ledger.execute(
            RecordProgramInstruction(program_id=uuid4(), act=order(DAY), instruction="Sample task"),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordProgramInstruction(program_id=program, act=order(DAY), instruction="  "), CLERK
        )


# -- §13.5 public awards ---------------------------------------------------------------------------


def established(ledger: Ledger, on: date = DAY) -> UUID:
    """An award established by a Council decision on public awards of `on`."""
    decision = record_decision(ledger, COUNCIL, AWARDS, on)
    return ledger.execute(
        EstablishAward(name="Sample Medal of Unity", basis=decision), CLERK
    ).subject_id


def test_the_council_establishes_an_award_and_approves_its_regulations() -> None:
    ledger = memory_ledger()
    establishing = record_decision(ledger, COUNCIL, AWARDS, DAY)
    award = ledger.execute(
        EstablishAward(name="Sample Medal of Unity", basis=establishing), CLERK
    ).subject_id
    regulating = record_decision(ledger, COUNCIL, AWARDS, DAY + days(14))

    ledger.execute(
        ApproveAwardRegulations(
            award_id=award, decision_id=regulating, summary="Sample regulations"
        ),
        CLERK,
    )

    state = ledger.public_award(award)
    assert (state.name, state.decision_id, state.established_on) == (
        "Sample Medal of Unity",
        establishing,
        DAY,
    )
    assert [(v.decision_id, v.amendment) for v in state.regulations] == [(regulating, False)]


@pytest.mark.parametrize(
    ("body", "matter"),
    [
        (SESSION, AWARDS),
        (SESSION, Matter.SESSION_BUSINESS),
        (COUNCIL, Matter.COUNCIL_BUSINESS),
        (EXPERT_COUNCIL, AWARDS),
    ],
)
def test_only_a_council_decision_on_public_awards_establishes_one(
    body: str, matter: Matter
) -> None:
    ledger = memory_ledger()
    wrong = record_decision(ledger, body, matter, DAY)

    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(EstablishAward(name="Sample Medal", basis=wrong), CLERK)


@pytest.mark.parametrize(
    "basis", [decree(DAY), order(DAY), act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY)]
)
def test_an_award_established_by_a_presidential_or_other_act_is_refused(basis: Act) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(EstablishAward(name="Sample Medal", basis=basis), CLERK)


def test_a_council_decision_is_cited_by_its_record_not_by_a_bare_act() -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(
            EstablishAward(
                name="Sample Medal", basis=act(ActKind.DECISION, Authority.COUNCIL, DAY)
            ),
            CLERK,
        )
    with refused(ledger, NotFound):
        ledger.execute(EstablishAward(name="Sample Medal", basis=uuid4()), CLERK)


def test_regulations_are_approved_on_or_after_the_day_the_award_was_established() -> None:
    ledger = memory_ledger()
    award = established(ledger, DAY)
    day_before = record_decision(ledger, COUNCIL, AWARDS, DAY - days(1))
    same_day = record_decision(ledger, COUNCIL, AWARDS, DAY)

    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(
            ApproveAwardRegulations(
                award_id=award, decision_id=day_before, summary="Sample regulations"
            ),
            CLERK,
        )
    ledger.execute(
        ApproveAwardRegulations(award_id=award, decision_id=same_day, summary="Sample regulations"),
        CLERK,
    )


@pytest.mark.parametrize(
    ("body", "matter"), [(SESSION, AWARDS), (COUNCIL, Matter.SECRETARIAT_WORK_PLAN)]
)
def test_only_a_council_decision_on_public_awards_approves_regulations(
    body: str, matter: Matter
) -> None:
    ledger = memory_ledger()
    award = established(ledger)
    wrong = record_decision(ledger, body, matter, DAY + days(1))

    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(
            ApproveAwardRegulations(
                award_id=award, decision_id=wrong, summary="Sample regulations"
            ),
            CLERK,
        )


def test_approved_regulations_change_only_by_amendment() -> None:
    ledger = memory_ledger()
    award = established(ledger)
    first = record_decision(ledger, COUNCIL, AWARDS, DAY + days(1))
    ledger.execute(
        ApproveAwardRegulations(award_id=award, decision_id=first, summary="Sample regulations"),
        CLERK,
    )
    second = record_decision(ledger, COUNCIL, AWARDS, DAY + days(2))

    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(
            ApproveAwardRegulations(
                award_id=award, decision_id=second, summary="Sample new regulations"
            ),
            CLERK,
        )
    ledger.execute(
        AmendAwardRegulations(award_id=award, decision_id=second, summary="Sample amendment"), CLERK
    )

    regulations = ledger.public_award(award).regulations
    assert [(v.summary, v.amendment) for v in regulations] == [
        ("Sample regulations", False),
        ("Sample amendment", True),
    ]


def test_regulations_not_yet_approved_cannot_be_amended() -> None:
    ledger = memory_ledger()
    award = established(ledger)
    decision = record_decision(ledger, COUNCIL, AWARDS, DAY + days(1))

    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(
            AmendAwardRegulations(award_id=award, decision_id=decision, summary="Sample amendment"),
            CLERK,
        )


def test_an_amendment_rests_on_a_council_decision_no_earlier_than_the_last_change() -> None:
    ledger = memory_ledger()
    award = established(ledger, DAY)
    approving = record_decision(ledger, COUNCIL, AWARDS, DAY + days(5))
    ledger.execute(
        ApproveAwardRegulations(
            award_id=award, decision_id=approving, summary="Sample regulations"
        ),
        CLERK,
    )
    earlier = record_decision(ledger, COUNCIL, AWARDS, DAY + days(4))
    session = record_decision(ledger, SESSION, AWARDS, DAY + days(6))
    same_day = record_decision(ledger, COUNCIL, AWARDS, DAY + days(5))

    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(
            AmendAwardRegulations(award_id=award, decision_id=earlier, summary="Sample amendment"),
            CLERK,
        )
    with refused(ledger, RuleViolation, "§13.5"):
        ledger.execute(
            AmendAwardRegulations(award_id=award, decision_id=session, summary="Sample amendment"),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            AmendAwardRegulations(
                award_id=award, decision_id=approving, summary="Sample amendment"
            ),
            CLERK,
        )
    ledger.execute(
        AmendAwardRegulations(award_id=award, decision_id=same_day, summary="Sample amendment"),
        CLERK,
    )


# -- property: any sequence of regulation commands keeps §13.5's order ---------------------------

REGULATING = [
    (COUNCIL, AWARDS),
    (COUNCIL, AWARDS),
    (COUNCIL, AWARDS),
    (SESSION, AWARDS),
    (COUNCIL, Matter.COUNCIL_BUSINESS),
]


@dataclass(frozen=True)
class Step:
    """One randomly drawn regulations command."""

    amend: bool
    day: int  # days after DAY, when the award was established; negative is before
    choice: int


steps = st.builds(
    Step,
    amend=st.booleans(),
    day=st.integers(-1, 8),
    choice=st.integers(0, len(REGULATING) - 1),
)


def _command(ledger: Ledger, award: UUID, step: Step) -> Callable[[], object]:
    body, matter = REGULATING[step.choice]
    decision = record_decision(ledger, body, matter, DAY + days(step.day))
    if step.amend:
        return lambda: ledger.execute(
            AmendAwardRegulations(award_id=award, decision_id=decision, summary="Sample"), CLERK
        )
    return lambda: ledger.execute(
        ApproveAwardRegulations(award_id=award, decision_id=decision, summary="Sample"), CLERK
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(steps, min_size=1, max_size=12))
def test_regulations_are_approved_once_then_only_amended_in_date_order(script: list[Step]) -> None:
    ledger = memory_ledger()
    award = established(ledger, DAY)

    for step in script:
        command = _command(ledger, award, step)
        before = position(ledger)
        try:
            command()
        except LedgerError:
            assert position(ledger) == before, f"refused {step} appended events"
            event("refused")
        else:
            event("accepted")

    versions = ledger.public_award(award).regulations
    assert [v.amendment for v in versions] == [n > 0 for n in range(len(versions))]
    dates = [v.act.issued_on for v in versions]
    assert dates == sorted(dates)
    assert all(d >= DAY for d in dates)
    assert all(ledger.decision(v.decision_id).body == COUNCIL for v in versions)
    event(f"versions: {len(versions)}")
