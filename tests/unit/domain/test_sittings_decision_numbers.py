"""Decisions are numbered after their sitting and agenda item, uniquely."""

from __future__ import annotations

from tests.support.samples import memory_ledger
from tests.support.sittings import hold_vote, sitting_with_roster


def test_several_decisions_under_one_item_get_distinct_numbers() -> None:
    ledger = memory_ledger()
    sitting, roster = sitting_with_roster(ledger, "council", 6, number="C-7")

    first = hold_vote(ledger, sitting, yes=roster, title="First motion").decision_id
    second = hold_vote(ledger, sitting, yes=roster, title="Second motion").decision_id

    assert first is not None
    assert second is not None
    numbers = [ledger.decision(d).act.number for d in (first, second)]  # type: ignore[union-attr]
    assert numbers == ["C-7/1", "C-7/1.2"]


def test_padded_numbers_and_titles_are_kept_without_their_padding() -> None:
    ledger = memory_ledger()
    sitting, roster = sitting_with_roster(ledger, "council", 3, number="  C-9  ")

    decided = hold_vote(ledger, sitting, yes=roster, title="  Padded title  ").decision_id

    assert decided is not None
    decision = ledger.decision(decided)
    assert decision.act is not None
    assert (decision.act.number, decision.act.title) == ("C-9/1", "Padded title")
