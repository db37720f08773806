"""Adopted decisions for tests of what rests on them, recorded without holding a sitting."""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import AggregateNotFoundError

from domain.application import Ledger
from domain.composition.commands import NominateByDecision
from domain.kernel.values import Provenance
from domain.regulation.matters import Matter
from domain.regulation.quorum import MORE_THAN_HALF_OF_PRESENT, TWO_THIRDS_OF_PRESENT, outcome
from domain.regulation.subjects import Subject
from domain.sittings.decisions import Decision

CLERK = Provenance(recorded_by="Sample Clerk of Sittings")


def record_decision(
    ledger: Ledger,
    body: str,
    matter: Matter,
    on: date,
    title: str = "Sample decision",
    subject: Subject | None = None,
    number: str | None = None,
    decision_id: UUID | None = None,
) -> UUID:
    """Save a decision of `body` on `matter` naming `subject`, adopted unanimously on `on` by
    nine present, without holding the sitting (the unit tier's shortcut; the contract and
    integration tiers hold real sittings: `tests/support/sittings.py`)."""
    threshold = TWO_THIRDS_OF_PRESENT if body == "council" else MORE_THAN_HALF_OF_PRESENT
    counted = outcome(threshold, yes=9, no=0, abstained=0, present=9)
    decision = Decision.adopt(
        decision_id or uuid4(),
        body=body,
        sitting_id=uuid4(),
        motion_id=uuid4(),
        matter=matter,
        title=title,
        number=number or f"SAMPLE-{body}-{on.isoformat()}",
        adopted_on=on,
        outcome=counted,
        provenance=CLERK,
        subject=subject,
    )
    ledger.save(decision)
    return decision.id


def nomination_decision(
    ledger: Ledger,
    post: str,
    person_id: UUID,
    on: date,
    *,
    association: str | None = None,
    number: str | None = None,
) -> UUID:
    """The Council's decision naming `person_id` for `post` on `on` (§13.1 senators, §16 the
    ethnocultural Deputy Chairmen); recorded once, so calling this again returns the same id."""
    matter = (
        Matter.DEPUTY_CHAIRMAN_RECOMMENDATION
        if post == "deputy_chairman_ethnocultural"
        else Matter.SENATE_CANDIDATES
    )
    if matter is Matter.DEPUTY_CHAIRMAN_RECOMMENDATION and association is None:
        association = "Sample Cultural Centre"
    number = number or "1"
    decision_id = uuid5(NAMESPACE_URL, f"sample-decision:{post}:{person_id}:{on}:{number}")
    try:
        ledger.repository.get(decision_id)
    except AggregateNotFoundError:
        subject = Subject(persons=(person_id,), association=association)
        record_decision(
            ledger,
            "council",
            matter,
            on,
            subject=subject,
            number=f"SAMPLE-C-{number}",
            decision_id=decision_id,
        )
    return decision_id


def nominate(
    ledger: Ledger,
    post: str,
    person_id: UUID,
    on: date,
    provenance: Provenance = CLERK,
    *,
    association: str | None = None,
    number: str | None = None,
) -> UUID:
    """The Council decides on `person_id` for `post` on `on`, and the nomination cites that
    decision; returns the nomination's id. Inside `refused(...)`, call `nomination_decision`
    first: the decision is recorded outside the command under test."""
    decision = nomination_decision(
        ledger, post, person_id, on, association=association, number=number
    )
    command = NominateByDecision(post=post, person_id=person_id, decision_id=decision)
    return ledger.execute(command, provenance).subject_id
