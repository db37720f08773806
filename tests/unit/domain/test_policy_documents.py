"""§31: a policy document is drafted with the Scientific Expert Council, discussed by the Council,
considered by the Session, sent to the President and approved by him, in that order only."""

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
    DraftPolicyDocument,
    RecordCouncilDiscussion,
    RecordPresidentialApproval,
    RecordSessionConsideration,
    SendToPresident,
    WithdrawPolicyDocument,
)
from domain.documents.policy import POLICY_ORDER, PolicyStage
from domain.kernel.errors import (
    InvalidCommand,
    LedgerError,
    NoRulebookInForce,
    NotFound,
    RuleViolation,
)
from domain.kernel.events import LedgerEvent
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import COUNCIL, EXPERT_COUNCIL, SESSION, Matter
from domain.regulation.subjects import Subject
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

DISCUSSION, CONSIDERATION = Matter.POLICY_DOCUMENT_DISCUSSION, Matter.POLICY_DOCUMENT_CONSIDERATION


def on_document(ledger: Ledger, body: str, matter: Matter, on: date, document: UUID) -> UUID:
    """A decision of `body` on `matter` adopted on `on` that names `document` (§31)."""
    return record_decision(ledger, body, matter, on, subject=Subject(document_id=document))


def secretariat_order(on: date, issuer: Authority = Authority.SECRETARIAT) -> Act:
    """An invented act by which the Secretariat (or its Head) issues a draft."""
    return act(ActKind.ORDER, issuer, on)


def drafted(ledger: Ledger, on: date = DAY) -> UUID:
    """A policy document drafted by the Secretariat on `on` with the Expert Council's review."""
    return ledger.execute(
        DraftPolicyDocument(
            title="Sample Policy Document on Harmony",
            act=secretariat_order(on),
            involvement="Sample review by the Scientific Expert Council",
        ),
        CLERK,
    ).subject_id


def discussed(ledger: Ledger, on: date = DAY) -> UUID:
    """A document drafted and discussed by the Council on `on`."""
    document = drafted(ledger, on)
    council = on_document(ledger, COUNCIL, DISCUSSION, on, document)
    ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=council), CLERK)
    return document


def considered(ledger: Ledger, on: date = DAY) -> UUID:
    """A document drafted, discussed and considered by the Session, all on `on`."""
    document = discussed(ledger, on)
    session = on_document(ledger, SESSION, CONSIDERATION, on, document)
    ledger.execute(RecordSessionConsideration(document_id=document, decision_id=session), CLERK)
    return document


def sent(ledger: Ledger, on: date = DAY) -> UUID:
    """A document taken all the way to the President on `on`."""
    document = considered(ledger, on)
    ledger.execute(SendToPresident(document_id=document, on=on), CLERK)
    return document


# -- the whole path ---------------------------------------------------------------------------


def test_a_policy_document_passes_every_step_of_section_31_in_order() -> None:
    ledger = memory_ledger()
    document = drafted(ledger, DAY)
    council = on_document(ledger, COUNCIL, DISCUSSION, DAY + days(10), document)
    session = on_document(ledger, SESSION, CONSIDERATION, DAY + days(40), document)

    ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=council), CLERK)
    ledger.execute(RecordSessionConsideration(document_id=document, decision_id=session), CLERK)
    ledger.execute(SendToPresident(document_id=document, on=DAY + days(45)), CLERK)
    ledger.execute(
        RecordPresidentialApproval(document_id=document, act=decree(DAY + days(60))), CLERK
    )

    state = ledger.policy_document(document)
    assert [s.stage for s in state.steps] == list(POLICY_ORDER)
    assert [s.taken_on for s in state.steps] == [DAY + days(n) for n in (0, 10, 40, 45, 60)]
    assert state.step(PolicyStage.DISCUSSED_BY_COUNCIL).decision_id == council  # type: ignore[union-attr]
    assert state.step(PolicyStage.CONSIDERED_BY_SESSION).decision_id == session  # type: ignore[union-attr]
    assert state.stage is PolicyStage.APPROVED
    recorded = ledger.repository.event_store.get(document)
    assert {e.paragraph for e in recorded if isinstance(e, LedgerEvent)} == {"§31"}


def test_every_step_may_fall_on_the_same_day_as_the_one_before() -> None:
    ledger = memory_ledger()
    document = sent(ledger, DAY)

    ledger.execute(RecordPresidentialApproval(document_id=document, act=order(DAY)), CLERK)

    assert ledger.policy_document(document).stage is PolicyStage.APPROVED


# -- a. drafting --------------------------------------------------------------------------------


def test_the_head_of_the_secretariat_drafts_with_a_decision_of_the_expert_council() -> None:
    ledger = memory_ledger()
    review = record_decision(ledger, EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_BUSINESS, DAY)

    document = ledger.execute(
        DraftPolicyDocument(
            title="Sample Policy Document",
            act=secretariat_order(DAY, Authority.HEAD_OF_SECRETARIAT),
            involvement="  Sample expert opinion  ",
            expert_decision_id=review,
        ),
        CLERK,
    ).subject_id

    involvement = ledger.policy_document(document).involvement
    assert involvement is not None
    assert (involvement.description, involvement.decision_id) == ("Sample expert opinion", review)
    assert involvement.decision_act is not None
    assert involvement.decision_act.issuer is Authority.SCIENTIFIC_EXPERT_COUNCIL


@pytest.mark.parametrize("kind", [ActKind.ORDER, ActKind.DECREE])
def test_only_the_secretariat_drafts_policy_documents(kind: ActKind) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            DraftPolicyDocument(
                title="Sample Policy Document",
                act=act(kind, Authority.PRESIDENT, DAY),
                involvement="Sample review",
            ),
            CLERK,
        )


@pytest.mark.parametrize(
    "issuer", [Authority.COUNCIL, Authority.SESSION, Authority.SCIENTIFIC_EXPERT_COUNCIL]
)
def test_a_draft_typed_as_an_act_of_a_collegial_body_is_malformed(issuer: Authority) -> None:
    with pytest.raises(ValidationError, match="recorded sitting"):
        DraftPolicyDocument(
            title="Sample Policy Document",
            act=act(ActKind.ORDER, issuer, DAY),
            involvement="Sample review",
        )


def test_a_draft_without_the_expert_councils_involvement_is_refused() -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            DraftPolicyDocument(
                title="Sample Policy Document", act=secretariat_order(DAY), involvement="   "
            ),
            CLERK,
        )


@pytest.mark.parametrize(
    ("body", "matter"),
    [
        (COUNCIL, Matter.COUNCIL_BUSINESS),
        (EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_ELECTION),
        (SESSION, Matter.SESSION_BUSINESS),
    ],
)
def test_the_expert_decision_cited_must_be_the_expert_councils_on_its_business(
    body: str, matter: Matter
) -> None:
    ledger = memory_ledger()
    wrong = record_decision(ledger, body, matter, DAY)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            DraftPolicyDocument(
                title="Sample Policy Document",
                act=secretariat_order(DAY),
                involvement="Sample review",
                expert_decision_id=wrong,
            ),
            CLERK,
        )


def test_an_expert_decision_adopted_after_the_draft_cannot_have_informed_it() -> None:
    ledger = memory_ledger()
    later = record_decision(ledger, EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_BUSINESS, DAY + days(1))

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            DraftPolicyDocument(
                title="Sample Policy Document",
                act=secretariat_order(DAY),
                involvement="Sample review",
                expert_decision_id=later,
            ),
            CLERK,
        )


def test_unknown_decisions_and_documents_are_not_found() -> None:
    ledger = memory_ledger()
    document = drafted(ledger)

    with refused(ledger, NotFound):
        ledger.execute(
            DraftPolicyDocument(
                title="Sample Policy Document",
                act=secretariat_order(DAY),
                involvement="Sample review",
                expert_decision_id=uuid4(),
            ),
            CLERK,
        )
    with refused(ledger, NotFound):
        ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=uuid4()), CLERK)
    with refused(ledger, NotFound):
        ledger.execute(SendToPresident(document_id=uuid4(), on=DAY), CLERK)


def test_a_draft_dated_before_decree_747_is_refused_under_the_appendix() -> None:
    ledger = memory_ledger()

    with refused(ledger, NoRulebookInForce, "Appendix"):
        drafted(ledger, RULEBOOK_START - days(1))


def test_a_blank_title_is_malformed() -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(
            DraftPolicyDocument(title=" ", act=secretariat_order(DAY), involvement="Sample"), CLERK
        )


def test_a_retried_draft_names_the_same_document_once() -> None:
    ledger = memory_ledger()
    cited = secretariat_order(DAY)
    first = ledger.execute(
        DraftPolicyDocument(title="Sample", act=cited, involvement="Sample"), keyed("draft-1")
    )

    again = ledger.execute(
        DraftPolicyDocument(title="Sample", act=cited, involvement="Sample"), keyed("draft-1")
    )

    assert (again.subject_id, again.replayed) == (first.subject_id, True)


# -- b. discussion by the Council -----------------------------------------------------------------


def test_the_council_discusses_on_the_drafting_day_but_not_the_day_before() -> None:
    ledger = memory_ledger()
    document = drafted(ledger, DAY)
    day_before = on_document(ledger, COUNCIL, DISCUSSION, DAY - days(1), document)
    same_day = on_document(ledger, COUNCIL, DISCUSSION, DAY, document)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=day_before), CLERK)
    ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=same_day), CLERK)

    assert ledger.policy_document(document).stage is PolicyStage.DISCUSSED_BY_COUNCIL


@pytest.mark.parametrize(
    ("body", "matter"),
    [
        (SESSION, CONSIDERATION),
        (COUNCIL, Matter.COUNCIL_BUSINESS),
        (EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_BUSINESS),
    ],
)
def test_the_discussion_rests_on_a_council_decision_on_discussing_the_document(
    body: str, matter: Matter
) -> None:
    ledger = memory_ledger()
    document = drafted(ledger)
    # Even naming the document, a decision of another body or on another matter is no discussion.
    wrong = on_document(ledger, body, matter, DAY, document)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=wrong), CLERK)


def test_the_discussion_rests_on_a_decision_naming_this_document() -> None:
    ledger = memory_ledger()
    document, other = drafted(ledger), drafted(ledger)
    unnamed = record_decision(ledger, COUNCIL, DISCUSSION, DAY)
    on_other = on_document(ledger, COUNCIL, DISCUSSION, DAY, other)

    for wrong in (unnamed, on_other):
        with refused(ledger, RuleViolation, "§31") as caught:
            ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=wrong), CLERK)
        assert "document id" in caught.value.reason
    ledger.execute(RecordCouncilDiscussion(document_id=other, decision_id=on_other), CLERK)


def test_the_discussion_is_recorded_on_the_decision_it_rests_on() -> None:
    ledger = memory_ledger()
    document = drafted(ledger)
    decision = on_document(ledger, COUNCIL, DISCUSSION, DAY, document)
    ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=decision), CLERK)

    assert ledger.decision(decision).relied == {f"discussion of {document}": document}


def test_the_council_discusses_a_document_only_once() -> None:
    ledger = memory_ledger()
    document = discussed(ledger)
    again = on_document(ledger, COUNCIL, DISCUSSION, DAY + days(1), document)

    with refused(ledger, RuleViolation, "§31") as caught:
        ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=again), CLERK)
    assert "already" in caught.value.reason


# -- c. consideration by the Session --------------------------------------------------------------


def test_the_session_cannot_consider_a_document_the_council_has_not_discussed() -> None:
    ledger = memory_ledger()
    document = drafted(ledger)
    session = on_document(ledger, SESSION, CONSIDERATION, DAY + days(5), document)

    with refused(ledger, RuleViolation, "§31") as caught:
        ledger.execute(RecordSessionConsideration(document_id=document, decision_id=session), CLERK)
    assert "not yet" in caught.value.reason


def test_the_session_considers_on_the_day_of_the_discussion_but_not_the_day_before() -> None:
    ledger = memory_ledger()
    document = drafted(ledger, DAY)
    council = on_document(ledger, COUNCIL, DISCUSSION, DAY + days(3), document)
    ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=council), CLERK)
    day_before = on_document(ledger, SESSION, CONSIDERATION, DAY + days(2), document)
    same_day = on_document(ledger, SESSION, CONSIDERATION, DAY + days(3), document)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            RecordSessionConsideration(document_id=document, decision_id=day_before), CLERK
        )
    ledger.execute(RecordSessionConsideration(document_id=document, decision_id=same_day), CLERK)

    assert ledger.policy_document(document).stage is PolicyStage.CONSIDERED_BY_SESSION


@pytest.mark.parametrize(
    ("body", "matter"), [(COUNCIL, DISCUSSION), (SESSION, Matter.SESSION_BUSINESS)]
)
def test_the_consideration_rests_on_a_session_decision_on_considering_the_document(
    body: str, matter: Matter
) -> None:
    ledger = memory_ledger()
    document = discussed(ledger)
    wrong = on_document(ledger, body, matter, DAY + days(1), document)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(RecordSessionConsideration(document_id=document, decision_id=wrong), CLERK)


# -- d. sending to the President --------------------------------------------------------------


def test_a_document_is_sent_to_the_president_only_after_the_session_considered_it() -> None:
    ledger = memory_ledger()
    document = discussed(ledger)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(SendToPresident(document_id=document, on=DAY + days(1)), CLERK)


def test_sending_falls_on_or_after_the_day_of_the_sessions_consideration() -> None:
    ledger = memory_ledger()
    document = considered(ledger, DAY)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(SendToPresident(document_id=document, on=DAY - days(1)), CLERK)
    ledger.execute(SendToPresident(document_id=document, on=DAY), CLERK)
    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(SendToPresident(document_id=document, on=DAY + days(1)), CLERK)


# -- e. approval by the President -------------------------------------------------------------


def test_the_president_approves_only_what_was_sent_to_him() -> None:
    ledger = memory_ledger()
    document = considered(ledger)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            RecordPresidentialApproval(document_id=document, act=decree(DAY + days(1))), CLERK
        )


def test_an_approval_issued_before_the_document_was_sent_is_refused() -> None:
    ledger = memory_ledger()
    document = drafted(ledger, DAY - days(5))
    ledger.execute(
        RecordCouncilDiscussion(
            document_id=document,
            decision_id=on_document(ledger, COUNCIL, DISCUSSION, DAY - days(5), document),
        ),
        CLERK,
    )
    ledger.execute(
        RecordSessionConsideration(
            document_id=document,
            decision_id=on_document(ledger, SESSION, CONSIDERATION, DAY - days(5), document),
        ),
        CLERK,
    )
    ledger.execute(SendToPresident(document_id=document, on=DAY), CLERK)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            RecordPresidentialApproval(document_id=document, act=decree(DAY - days(1))), CLERK
        )
    ledger.execute(
        RecordPresidentialApproval(document_id=document, act=decree(DAY + days(1))), CLERK
    )


@pytest.mark.parametrize(
    "cited",
    [
        act(ActKind.DECISION, Authority.PRESIDENT, DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
        oath(DAY),
        act(ActKind.PROPOSAL, Authority.PRESIDENT, DAY),
    ],
)
def test_approval_is_a_decree_or_order_of_the_president(cited: Act) -> None:
    ledger = memory_ledger()
    document = sent(ledger)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(RecordPresidentialApproval(document_id=document, act=cited), CLERK)


@pytest.mark.parametrize("issuer", [Authority.COUNCIL, Authority.SESSION])
def test_an_approval_typed_as_a_decision_of_a_collegial_body_is_malformed(
    issuer: Authority,
) -> None:
    with pytest.raises(ValidationError, match="recorded sitting"):
        RecordPresidentialApproval(document_id=uuid4(), act=act(ActKind.DECISION, issuer, DAY))


def test_an_approved_document_takes_no_further_step() -> None:
    ledger = memory_ledger()
    document = sent(ledger)
    ledger.execute(RecordPresidentialApproval(document_id=document, act=decree(DAY)), CLERK)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            RecordPresidentialApproval(document_id=document, act=decree(DAY + days(1), "2")), CLERK
        )
    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            WithdrawPolicyDocument(document_id=document, reason="Sample reason", on=DAY + days(1)),
            CLERK,
        )


# -- withdrawal -----------------------------------------------------------------------------------


@pytest.mark.parametrize("steps", [0, 1, 2, 3])
def test_the_secretariat_may_withdraw_a_document_at_any_step_before_approval(steps: int) -> None:
    ledger = memory_ledger()
    document = [drafted, discussed, considered, sent][steps](ledger, DAY)

    ledger.execute(
        WithdrawPolicyDocument(document_id=document, reason="Sample overtaken by events", on=DAY),
        CLERK,
    )

    state = ledger.policy_document(document)
    assert state.stage is PolicyStage.WITHDRAWN
    assert state.steps[-1].note == "Sample overtaken by events"
    assert len(state.steps) == steps + 2


def test_nothing_follows_a_withdrawal() -> None:
    ledger = memory_ledger()
    document = drafted(ledger)
    ledger.execute(
        WithdrawPolicyDocument(document_id=document, reason="Sample reason", on=DAY + days(1)),
        CLERK,
    )
    council = on_document(ledger, COUNCIL, DISCUSSION, DAY + days(2), document)

    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=council), CLERK)
    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            WithdrawPolicyDocument(document_id=document, reason="Sample reason", on=DAY + days(2)),
            CLERK,
        )
    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(SendToPresident(document_id=document, on=DAY + days(2)), CLERK)


def test_a_withdrawal_needs_a_reason_and_a_date_not_before_the_last_step() -> None:
    ledger = memory_ledger()
    document = drafted(ledger, DAY)

    with refused(ledger, InvalidCommand):
        ledger.execute(WithdrawPolicyDocument(document_id=document, reason="  ", on=DAY), CLERK)
    with refused(ledger, RuleViolation, "§31"):
        ledger.execute(
            WithdrawPolicyDocument(document_id=document, reason="Sample reason", on=DAY - days(1)),
            CLERK,
        )


# -- property: any sequence of commands keeps §31's order ------------------------------------------

# Mostly the right decision and act, so that documents get far; sometimes a wrong one.
CITED = {
    "discuss": [*[(COUNCIL, DISCUSSION)] * 3, (SESSION, DISCUSSION), (COUNCIL, CONSIDERATION)],
    "consider": [*[(SESSION, CONSIDERATION)] * 3, (COUNCIL, CONSIDERATION), (COUNCIL, DISCUSSION)],
}
APPROVING = [
    (ActKind.DECREE, Authority.PRESIDENT),
    (ActKind.ORDER, Authority.PRESIDENT),
    (ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT),
]


@dataclass(frozen=True)
class Step:
    """One randomly drawn command on the document."""

    verb: str
    advance: int  # days after the previous command's date; -1 dates it before
    choice: int  # which decision or act it cites


steps = st.builds(
    Step,
    verb=st.sampled_from([*["discuss", "consider", "send", "approve"] * 3, "withdraw"]),
    advance=st.sampled_from([-1, 0, 0, 1, 3]),
    choice=st.integers(0, 4),
)


def _prepare(ledger: Ledger, document: UUID, step: Step, on: date) -> Callable[[], object]:
    """Record the decision the step cites, if any, and return the command itself."""
    if step.verb in {"discuss", "consider"}:
        body, matter = CITED[step.verb][step.choice]
        decision = on_document(ledger, body, matter, on, document)
        if step.verb == "discuss":
            return lambda: ledger.execute(
                RecordCouncilDiscussion(document_id=document, decision_id=decision), CLERK
            )
        return lambda: ledger.execute(
            RecordSessionConsideration(document_id=document, decision_id=decision), CLERK
        )
    if step.verb == "send":
        return lambda: ledger.execute(SendToPresident(document_id=document, on=on), CLERK)
    if step.verb == "approve":
        kind, issuer = APPROVING[step.choice % len(APPROVING)]
        return lambda: ledger.execute(
            RecordPresidentialApproval(document_id=document, act=act(kind, issuer, on)), CLERK
        )
    return lambda: ledger.execute(
        WithdrawPolicyDocument(document_id=document, reason="Sample reason", on=on), CLERK
    )


@settings(max_examples=80, deadline=None)
@given(st.lists(steps, min_size=1, max_size=16))
def test_no_sequence_of_commands_breaks_the_order_of_section_31(script: list[Step]) -> None:
    ledger = memory_ledger()
    document = drafted(ledger, DAY)

    on = DAY
    for step in script:
        on += days(step.advance)
        command = _prepare(ledger, document, step, on)
        before = position(ledger)
        try:
            command()
        except LedgerError:
            assert position(ledger) == before, f"refused {step} appended events"
            event(f"refused: {step.verb}")
        else:
            assert position(ledger) > before
            event(f"accepted: {step.verb}")

    taken = ledger.policy_document(document).steps
    stages = [s.stage for s in taken]
    if stages[-1] is PolicyStage.WITHDRAWN:
        stages.pop()
    assert stages == list(POLICY_ORDER[: len(stages)])
    assert [s.taken_on for s in taken] == sorted(s.taken_on for s in taken)
    event(f"reached: {taken[-1].stage.value}")
