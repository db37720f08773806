"""The audit trail shows which facts rest on external acts and which on decisions of bodies."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

from audit.acts import rests_on
from domain.application import Ledger
from domain.composition.commands import NominateByDecision
from domain.kernel.ids import post_id
from tests.support.decisions import nomination_decision
from tests.support.samples import CLERK, DAY, memory_ledger, register, seat_senator


def _stored_states(ledger: Ledger, aggregate_id: UUID) -> list[dict[str, Any]]:
    return [json.loads(e.state) for e in ledger.recorder.select_events(aggregate_id)]


def test_an_appointment_rests_on_the_decree_and_its_nomination_on_the_councils_decision() -> None:
    ledger = memory_ledger()
    seat_senator(ledger, "Sample Senator Omega", DAY)

    states = _stored_states(ledger, post_id("senator"))
    found = [rests_on(s) for s in states]

    nominated = next(f for s, f in zip(states, found, strict=True) if "nomination_id" in s and f)
    appointed = found[-1]
    assert [r["rests_on"] for r in nominated] == ["decision"]
    assert nominated[0]["issuer"] == "council"
    assert appointed[0]["rests_on"] == "external_act"
    assert (appointed[0]["kind"], appointed[0]["issuer"]) == ("decree", "president")


def test_a_cited_decision_is_named_by_its_id() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Candidate Zeta")
    decision = nomination_decision(ledger, "senator", person, DAY)
    ledger.execute(
        NominateByDecision(post="senator", person_id=person, decision_id=decision), CLERK
    )

    relied = _stored_states(ledger, decision)[-1]

    assert rests_on({"decision_id": str(decision), "other": {"x": 1}}) == [
        {"rests_on": "decision", "decision_id": str(decision), "cited_as": "decision_id"}
    ]
    assert rests_on(relied) == []  # the reliance names what rests on it, not an act
    assert rests_on({"originator_id": str(uuid4())}) == []
