"""Adopted decisions for tests of what rests on them, recorded without holding a sitting."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.application import Ledger
from domain.kernel.values import Provenance
from domain.regulation.matters import Matter
from domain.regulation.quorum import MORE_THAN_HALF_OF_PRESENT, TWO_THIRDS_OF_PRESENT, outcome
from domain.sittings.decisions import Decision

CLERK = Provenance(recorded_by="Sample Clerk of Sittings")


def record_decision(
    ledger: Ledger, body: str, matter: Matter, on: date, title: str = "Sample decision"
) -> UUID:
    """Save a decision of `body` on `matter`, adopted unanimously on `on` by nine present."""
    threshold = TWO_THIRDS_OF_PRESENT if body == "council" else MORE_THAN_HALF_OF_PRESENT
    counted = outcome(threshold, yes=9, no=0, abstained=0, present=9)
    decision = Decision.adopt(
        uuid4(),
        body=body,
        sitting_id=uuid4(),
        motion_id=uuid4(),
        matter=matter,
        title=title,
        number=f"SAMPLE-{body}-{on.isoformat()}",
        adopted_on=on,
        outcome=counted,
        provenance=CLERK,
    )
    ledger.save(decision)
    return decision.id
