"""§32: the Development Concept rests on the Session's conceptual approaches (§8.1), goes to the
Chairman, is approved if accepted or else returned, and is implemented through planning documents.
"""

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
    ApproveConcept,
    DevelopConcept,
    RecordConceptImplementation,
    ReturnConcept,
    ReviseConcept,
    SubmitConcept,
)
from domain.documents.concept import ConceptStage
from domain.kernel.errors import (
    InvalidCommand,
    LedgerError,
    NoRulebookInForce,
    NotFound,
    RuleViolation,
)
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import COUNCIL, SESSION, Matter
from tests.support.decisions import record_decision
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    decree,
    memory_ledger,
    oath,
    order,
    position,
    refused,
)

APPROACHES = Matter.CONCEPTUAL_APPROACHES


def developed(ledger: Ledger, on: date = DAY) -> UUID:
    """A Concept developed on `on` on a Session decision on conceptual approaches of that day."""
    approaches = record_decision(ledger, SESSION, APPROACHES, on)
    return ledger.execute(
        DevelopConcept(title="Sample Concept 2026-2030", decision_id=approaches, on=on), CLERK
    ).subject_id


def submitted(ledger: Ledger, on: date = DAY) -> UUID:
    """A Concept developed and submitted to the Chairman on `on`."""
    concept = developed(ledger, on)
    ledger.execute(SubmitConcept(concept_id=concept, on=on), CLERK)
    return concept


def approved(ledger: Ledger, on: date = DAY) -> UUID:
    """A Concept developed, submitted and approved by decree on `on`."""
    concept = submitted(ledger, on)
    ledger.execute(ApproveConcept(concept_id=concept, act=decree(on)), CLERK)
    return concept


# -- development on the conceptual approaches ------------------------------------------------------


def test_the_concept_is_developed_submitted_and_approved_by_the_chairman() -> None:
    ledger = memory_ledger()
    approaches = record_decision(ledger, SESSION, APPROACHES, DAY)
    concept = ledger.execute(
        DevelopConcept(title="Sample Concept", decision_id=approaches, on=DAY + days(30)), CLERK
    )

    ledger.execute(SubmitConcept(concept_id=concept.subject_id, on=DAY + days(60)), CLERK)
    ledger.execute(ApproveConcept(concept_id=concept.subject_id, act=decree(DAY + days(90))), CLERK)

    state = ledger.development_concept(concept.subject_id)
    assert [s.stage for s in state.steps] == [
        ConceptStage.DEVELOPED,
        ConceptStage.SUBMITTED,
        ConceptStage.APPROVED,
    ]
    assert state.approaches_decision_id == approaches
    assert state.approved_on == DAY + days(90)


@pytest.mark.parametrize(
    ("body", "matter"),
    [
        (COUNCIL, APPROACHES),  # §8.1: the Session's exclusive right, whatever the Council minuted
        (SESSION, Matter.SESSION_BUSINESS),
        (SESSION, Matter.MEMBER_REPORTS),
        (COUNCIL, Matter.COUNCIL_BUSINESS),
    ],
)
def test_the_concept_rests_only_on_a_session_decision_on_conceptual_approaches(
    body: str, matter: Matter
) -> None:
    ledger = memory_ledger()
    wrong = record_decision(ledger, body, matter, DAY)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(DevelopConcept(title="Sample Concept", decision_id=wrong, on=DAY), CLERK)


def test_the_approaches_are_adopted_on_or_before_the_day_the_concept_is_developed() -> None:
    ledger = memory_ledger()
    approaches = record_decision(ledger, SESSION, APPROACHES, DAY)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(
            DevelopConcept(title="Sample Concept", decision_id=approaches, on=DAY - days(1)), CLERK
        )
    ledger.execute(DevelopConcept(title="Sample Concept", decision_id=approaches, on=DAY), CLERK)


def test_unknown_decisions_and_concepts_are_not_found() -> None:
    ledger = memory_ledger()

    with refused(ledger, NotFound):
        ledger.execute(DevelopConcept(title="Sample Concept", decision_id=uuid4(), on=DAY), CLERK)
    with refused(ledger, NotFound):
        ledger.execute(SubmitConcept(concept_id=uuid4(), on=DAY), CLERK)


def test_a_concept_dated_before_decree_747_is_refused_under_the_appendix() -> None:
    ledger = memory_ledger()
    approaches = record_decision(ledger, SESSION, APPROACHES, RULEBOOK_START)

    with refused(ledger, NoRulebookInForce, "Appendix"):
        ledger.execute(
            DevelopConcept(title="Sample", decision_id=approaches, on=RULEBOOK_START - days(1)),
            CLERK,
        )


# -- submission and approval ---------------------------------------------------------------------


def test_the_chairman_approves_only_a_submitted_concept() -> None:
    ledger = memory_ledger()
    concept = developed(ledger)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ApproveConcept(concept_id=concept, act=decree(DAY)), CLERK)


def test_approval_falls_on_or_after_the_day_of_submission() -> None:
    ledger = memory_ledger()
    concept = developed(ledger, DAY - days(5))
    ledger.execute(SubmitConcept(concept_id=concept, on=DAY), CLERK)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ApproveConcept(concept_id=concept, act=decree(DAY - days(1))), CLERK)
    ledger.execute(ApproveConcept(concept_id=concept, act=order(DAY)), CLERK)

    assert ledger.development_concept(concept).approved_on == DAY


def test_submission_falls_on_or_after_the_day_of_development() -> None:
    ledger = memory_ledger()
    concept = developed(ledger, DAY)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(SubmitConcept(concept_id=concept, on=DAY - days(1)), CLERK)
    ledger.execute(SubmitConcept(concept_id=concept, on=DAY), CLERK)
    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(SubmitConcept(concept_id=concept, on=DAY + days(1)), CLERK)


@pytest.mark.parametrize(
    "cited",
    [
        act(ActKind.DECISION, Authority.PRESIDENT, DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
        oath(DAY),
        act(ActKind.AGREEMENT, Authority.PRESIDENT, DAY),
    ],
)
def test_only_the_chairman_approves_the_concept_by_decree_or_order(cited: Act) -> None:
    ledger = memory_ledger()
    concept = submitted(ledger)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ApproveConcept(concept_id=concept, act=cited), CLERK)


@pytest.mark.parametrize("issuer", [Authority.SESSION, Authority.COUNCIL])
def test_an_approval_typed_as_a_decision_of_a_collegial_body_is_malformed(
    issuer: Authority,
) -> None:
    with pytest.raises(ValidationError, match="recorded sitting"):
        ApproveConcept(concept_id=uuid4(), act=act(ActKind.DECISION, issuer, DAY))


def test_an_approved_concept_is_not_submitted_returned_or_approved_again() -> None:
    ledger = memory_ledger()
    concept = approved(ledger)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(SubmitConcept(concept_id=concept, on=DAY + days(1)), CLERK)
    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(
            ReturnConcept(concept_id=concept, reason="Sample second thoughts", on=DAY + days(1)),
            CLERK,
        )
    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ApproveConcept(concept_id=concept, act=decree(DAY + days(1), "2")), CLERK)


# -- return and revision ---------------------------------------------------------------------------


def test_a_returned_concept_is_revised_resubmitted_and_then_approved() -> None:
    ledger = memory_ledger()
    concept = submitted(ledger, DAY)

    ledger.execute(
        ReturnConcept(concept_id=concept, reason="Sample: sharpen the targets", on=DAY + days(7)),
        CLERK,
    )
    ledger.execute(
        ReviseConcept(concept_id=concept, summary="Sample targets sharpened", on=DAY + days(20)),
        CLERK,
    )
    ledger.execute(SubmitConcept(concept_id=concept, on=DAY + days(21)), CLERK)
    ledger.execute(ApproveConcept(concept_id=concept, act=decree(DAY + days(30))), CLERK)

    state = ledger.development_concept(concept)
    assert [s.stage for s in state.steps] == [
        ConceptStage.DEVELOPED,
        ConceptStage.SUBMITTED,
        ConceptStage.RETURNED,
        ConceptStage.REVISED,
        ConceptStage.SUBMITTED,
        ConceptStage.APPROVED,
    ]
    assert state.steps[2].note == "Sample: sharpen the targets"


def test_a_returned_concept_is_neither_approved_nor_resubmitted_unrevised() -> None:
    ledger = memory_ledger()
    concept = submitted(ledger)
    ledger.execute(ReturnConcept(concept_id=concept, reason="Sample reason", on=DAY), CLERK)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ApproveConcept(concept_id=concept, act=decree(DAY)), CLERK)
    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(SubmitConcept(concept_id=concept, on=DAY), CLERK)


def test_only_a_submitted_concept_is_returned_and_only_a_returned_one_revised() -> None:
    ledger = memory_ledger()
    concept = developed(ledger)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ReturnConcept(concept_id=concept, reason="Sample reason", on=DAY), CLERK)
    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ReviseConcept(concept_id=concept, summary="Sample revision", on=DAY), CLERK)
    ledger.execute(SubmitConcept(concept_id=concept, on=DAY), CLERK)
    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(ReviseConcept(concept_id=concept, summary="Sample revision", on=DAY), CLERK)


def test_a_return_needs_a_reason_and_a_date_not_before_the_submission() -> None:
    ledger = memory_ledger()
    concept = submitted(ledger, DAY)

    with refused(ledger, InvalidCommand):
        ledger.execute(ReturnConcept(concept_id=concept, reason=" ", on=DAY), CLERK)
    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(
            ReturnConcept(concept_id=concept, reason="Sample reason", on=DAY - days(1)), CLERK
        )


# -- implementation through the State Planning System ------------------------------------------


def test_the_approved_concept_is_implemented_through_planning_documents() -> None:
    ledger = memory_ledger()
    concept = approved(ledger, DAY)

    ledger.execute(
        RecordConceptImplementation(
            concept_id=concept, title="Sample National Plan", reference="SAMPLE-NP-1", dated=DAY
        ),
        CLERK,
    )
    ledger.execute(
        RecordConceptImplementation(
            concept_id=concept,
            title="Sample Sector Program",
            reference="SAMPLE-SP-2",
            dated=DAY + days(90),
        ),
        CLERK,
    )

    documents = ledger.development_concept(concept).implementation
    assert [(d.reference, d.dated) for d in documents] == [
        ("SAMPLE-NP-1", DAY),
        ("SAMPLE-SP-2", DAY + days(90)),
    ]


@pytest.mark.parametrize("stage", ["developed", "submitted", "returned"])
def test_no_planning_document_implements_a_concept_before_its_approval(stage: str) -> None:
    ledger = memory_ledger()
    concept = developed(ledger) if stage == "developed" else submitted(ledger)
    if stage == "returned":
        ledger.execute(ReturnConcept(concept_id=concept, reason="Sample reason", on=DAY), CLERK)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(
            RecordConceptImplementation(
                concept_id=concept, title="Sample Plan", reference="SAMPLE-1", dated=DAY + days(1)
            ),
            CLERK,
        )


def test_a_planning_document_dated_before_the_approval_is_refused() -> None:
    ledger = memory_ledger()
    concept = approved(ledger, DAY)

    with refused(ledger, RuleViolation, "§32"):
        ledger.execute(
            RecordConceptImplementation(
                concept_id=concept, title="Sample Plan", reference="SAMPLE-1", dated=DAY - days(1)
            ),
            CLERK,
        )


def test_the_same_planning_document_is_recorded_once() -> None:
    ledger = memory_ledger()
    concept = approved(ledger)
    ledger.execute(
        RecordConceptImplementation(
            concept_id=concept, title="Sample Plan", reference="SAMPLE-1", dated=DAY
        ),
        CLERK,
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordConceptImplementation(
                concept_id=concept, title="Sample Plan again", reference="SAMPLE-1", dated=DAY
            ),
            CLERK,
        )


# -- property: any sequence of commands follows §32 ----------------------------------------------

APPROVING = [
    (ActKind.DECREE, Authority.PRESIDENT),
    (ActKind.ORDER, Authority.PRESIDENT),
    (ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT),
]
#: Which step each stage may follow (§32), for checking the history the ledger kept.
FOLLOWS = {
    ConceptStage.SUBMITTED: {ConceptStage.DEVELOPED, ConceptStage.REVISED},
    ConceptStage.RETURNED: {ConceptStage.SUBMITTED},
    ConceptStage.REVISED: {ConceptStage.RETURNED},
    ConceptStage.APPROVED: {ConceptStage.SUBMITTED},
}


@dataclass(frozen=True)
class Step:
    """One randomly drawn command on the Concept."""

    verb: str
    advance: int  # days after the previous command's date; -1 dates it before
    choice: int


steps = st.builds(
    Step,
    verb=st.sampled_from(["submit", "approve", "approve", "return", "revise", "implement"]),
    advance=st.sampled_from([-1, 0, 0, 2, 5]),
    choice=st.integers(0, len(APPROVING) - 1),
)


def _command(ledger: Ledger, concept: UUID, step: Step, on: date) -> Callable[[], object]:
    if step.verb == "submit":
        return lambda: ledger.execute(SubmitConcept(concept_id=concept, on=on), CLERK)
    if step.verb == "approve":
        kind, issuer = APPROVING[step.choice]
        return lambda: ledger.execute(
            ApproveConcept(concept_id=concept, act=act(kind, issuer, on)), CLERK
        )
    if step.verb == "return":
        return lambda: ledger.execute(
            ReturnConcept(concept_id=concept, reason="Sample reason", on=on), CLERK
        )
    if step.verb == "revise":
        return lambda: ledger.execute(
            ReviseConcept(concept_id=concept, summary="Sample revision", on=on), CLERK
        )
    reference = f"SAMPLE-{on.isoformat()}-{step.choice}"
    return lambda: ledger.execute(
        RecordConceptImplementation(
            concept_id=concept, title="Sample Plan", reference=reference, dated=on
        ),
        CLERK,
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(steps, min_size=1, max_size=16))
def test_no_sequence_of_commands_breaks_the_course_of_section_32(script: list[Step]) -> None:
    ledger = memory_ledger()
    concept = developed(ledger, DAY)

    on = DAY
    for step in script:
        on += days(step.advance)
        before = position(ledger)
        try:
            _command(ledger, concept, step, on)()
        except LedgerError:
            assert position(ledger) == before, f"refused {step} appended events"
            event(f"refused: {step.verb}")
        else:
            assert position(ledger) > before
            event(f"accepted: {step.verb}")

    state = ledger.development_concept(concept)
    for previous, current in zip(state.steps, state.steps[1:], strict=False):
        assert previous.stage in FOLLOWS[current.stage]
        assert previous.taken_on <= current.taken_on
    approved_on = state.approved_on
    if state.implementation:
        assert approved_on is not None
        assert all(d.dated >= approved_on for d in state.implementation)
    event(f"reached: {state.stage.value}")
