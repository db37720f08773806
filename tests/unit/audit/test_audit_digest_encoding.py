"""The composition digest's canonical rows: one encoding whatever the database, as of a position."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from audit.digests import (
    COLUMN_TYPES,
    ViewBehindError,
    composition_digest,
    composition_rows,
    digest_text,
)
from audit.views import ViewSnapshot
from projections.schema import VIEW_TABLES

RECORDED = datetime(2025, 5, 5, 9, 30, 0, 120000, tzinfo=UTC)


class FakeView:
    """Rows as a database driver hands them back, filtered like `ViewTables` does."""

    def __init__(self, tables: dict[str, list[dict[str, Any]]], position: int = 100) -> None:
        self.tables = tables
        self._position = position

    def position(self) -> int:
        return self._position

    def snapshot(self, position: int) -> ViewSnapshot:
        return ViewSnapshot(
            self._position,
            {
                table: [dict(r) for r in rows if r["recorded_position"] <= position]
                for table, rows in self.tables.items()
            },
        )


def person(as_postgres: bool, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "person_id": "b3f1d4c0-0000-4000-8000-000000000001",
        "full_name": "Sample Person",
        "sample": True if as_postgres else 1,
        "registered_on": date(2025, 1, 2) if as_postgres else "2025-01-02",
        "recorded_at": RECORDED.astimezone(timezone(timedelta(hours=5)))
        if as_postgres
        else RECORDED.isoformat(timespec="microseconds"),
        "recorded_position": 3,
    }
    row.update(changes)
    return row


def term(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMN_TYPES["membership_terms"])
    row.update(
        body="assembly",
        person_id="p1",
        term_no=1,
        start_date="2025-05-05",
        act_kind="decree",
        act_number="1",
        act_issued_on="2025-05-05",
        act_issuer="president",
        recorded_at=RECORDED.isoformat(),
        recorded_position=5,
        revision=0,
        recorded_in=2,
    )
    row.update(changes)
    return row


def test_sqlite_and_postgres_values_encode_alike() -> None:
    sqlite = FakeView({"persons": [person(as_postgres=False)]})
    postgres = FakeView({"persons": [person(as_postgres=True)]})
    assert composition_rows(sqlite, 10) == composition_rows(postgres, 10)
    (line,) = composition_rows(sqlite, 10)
    assert json.loads(line) == {
        "table": "persons",
        "row": {
            "person_id": "b3f1d4c0-0000-4000-8000-000000000001",
            "full_name": "Sample Person",
            "sample": True,
            "registered_on": "2025-01-02",
            "recorded_at": "2025-05-05T09:30:00.120000+00:00",
            "recorded_position": 3,
        },
    }
    assert line == json.dumps(json.loads(line), sort_keys=True, separators=(",", ":")).encode()


def test_rows_are_sorted_so_the_order_the_database_returns_them_in_does_not_matter() -> None:
    rows = [person(False, person_id=f"p{i}", recorded_position=i) for i in range(5)]
    forwards = FakeView({"persons": rows})
    backwards = FakeView({"persons": list(reversed(rows))})
    assert composition_digest(forwards, 10) == composition_digest(backwards, 10)


def test_only_what_was_recorded_by_the_position_counts() -> None:
    ended = term(
        end_date="2025-06-01",
        ended_act_kind="decree",
        ended_act_number="2",
        ended_act_issued_on="2025-06-01",
        ended_act_issuer="president",
        ended_recorded_at=RECORDED.isoformat(),
        ended_position=9,
        superseded_at=RECORDED.isoformat(),
        superseded_position=12,
    )
    view = FakeView({"membership_terms": [ended]})
    as_of_5 = composition_rows(view, 5)
    assert as_of_5 == composition_rows(FakeView({"membership_terms": [term()]}), 5)
    assert json.loads(composition_rows(view, 9)[0])["row"]["end_date"] == "2025-06-01"
    assert json.loads(composition_rows(view, 9)[0])["row"]["superseded_position"] is None
    assert json.loads(composition_rows(view, 12)[0])["row"]["superseded_position"] == 12
    assert composition_rows(view, 4) == []
    assert len({composition_digest(view, p) for p in (4, 5, 9, 12)}) == 4


def test_a_nomination_status_changed_in_place_does_not_enter_the_digest() -> None:
    nomination = {
        "nomination_id": "n1",
        "post_id": "post",
        "person_id": "p1",
        "act_kind": "proposal",
        "act_number": "1",
        "act_issued_on": "2025-05-05",
        "act_issuer": "council",
        "recorded_at": RECORDED.isoformat(),
        "recorded_position": 1,
    }
    pending = FakeView({"nominations": [nomination | {"status": "pending"}]})
    appointed = FakeView({"nominations": [nomination | {"status": "appointed"}]})
    assert composition_digest(pending, 5) == composition_digest(appointed, 5)


def test_every_table_of_the_view_is_digested() -> None:
    assert set(COLUMN_TYPES) == set(VIEW_TABLES)
    assert COLUMN_TYPES["holdings"]["start_date"] == "date"
    assert COLUMN_TYPES["persons"]["sample"] == "bool"
    assert "PRIMARY" not in COLUMN_TYPES["holdings"]


def test_a_view_behind_the_position_is_refused() -> None:
    with pytest.raises(ViewBehindError, match="not yet 101"):
        composition_digest(FakeView({}, position=100), 101)


def test_the_digest_note_text_has_the_documented_lines() -> None:
    text = digest_text("example.org/log", 12, {"composition": "ab" * 32})
    assert (
        text
        == "assembly-ledger/view-digests/v1\nexample.org/log\n12\ncomposition " + "ab" * 32 + "\n"
    )
