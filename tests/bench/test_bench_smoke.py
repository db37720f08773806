"""The benchmark runs end to end with tiny counts; figures are positive and the JSON has its shape.

Only the shape is checked: speed is what the benchmark reports, never what a test asserts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import appointments, sittings
from bench.__main__ import main
from bench.figures import Figure

FIGURE_KEYS = {
    "metric",
    "unit",
    "ledger",
    "baseline",
    "ratio",
    "target",
    "verdict",
    "operations",
    "rounds",
    "note",
}


def test_the_benchmark_prints_its_table_and_writes_the_same_figures_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "latest.json"

    returned = main(
        [
            *("--sqlite-n", "20", "--reads-n", "50", "--cycles", "5", "--rounds", "2"),
            *("--sitting-members", "12", "--sitting-present", "9", "--motions", "2"),
            *("--no-postgres", "--output", str(output)),
        ]
    )

    written = json.loads(output.read_text())
    assert written["figures"] == returned["figures"]
    assert {"python", "cpu_count", "sqlite", "postgres", "packages"} <= written["machine"].keys()
    metrics = [f["metric"] for f in written["figures"]]
    assert metrics == [
        "appointment commands/s, sqlite",
        "senator appoint commands/s, sqlite",
        "senator cycle, all commands/s, sqlite",
        "composition reads/s, 1 connection",
        "composition reads/s, 8 connections",
        "composition reads/s, uncached",
        "session of 12 members, events/s, sqlite",
    ]
    for figure in written["figures"]:
        assert figure.keys() == FIGURE_KEYS
        assert figure["ledger"] > 0
        assert figure["verdict"] in {"PASS", "BELOW", "info"}
        if figure["target"] is not None:
            assert figure["baseline"] > 0
            assert figure["ratio"] > 0
    printed = capsys.readouterr().out
    assert "metric" in printed
    assert "verdict" in printed
    assert all(metric in printed for metric in metrics)


@pytest.mark.postgres
def test_appointments_on_postgres_are_measured_beside_raw_saves() -> None:
    figures = appointments.measure("postgres", 20, cycles=5, rounds=2)

    admissions, *cycles = figures
    assert admissions.baseline is not None
    assert admissions.baseline > 0
    assert admissions.ledger > 0
    assert admissions.verdict in {"PASS", "BELOW"}
    assert len(admissions.rounds["ledger"]) == len(admissions.rounds["baseline"]) == 2
    assert all(isinstance(f, Figure) and f.ledger > 0 and f.verdict == "info" for f in cycles)


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_session_is_measured_beside_the_same_events_saved_raw(
    store: sittings.Store, capsys: pytest.CaptureFixture[str]
) -> None:
    (figure,) = sittings.measure(store, members=6, present=4, motions=2, rounds=2)

    # 2 + 3 per motion keyed commands, each with its idempotency record, and one decision for
    # the motion that 3 of 4 adopt (2 of 4 do not), and the first outcome resting on the
    # Assembly's roll (Body.SittingRestsOnRoll): 8 commands, 18 events per Session.
    assert figure.metric == f"session of 6 members, events/s, {store}"
    assert (figure.unit, figure.operations, figure.target) == ("events/s", 2 * 18, 0.5)
    assert figure.verdict in {"PASS", "BELOW"}
    assert figure.ledger > 0
    assert figure.baseline is not None
    assert figure.baseline > 0
    assert len(figure.rounds["ledger"]) == len(figure.rounds["baseline"]) == 2
    assert "18 events" in figure.note
    printed = capsys.readouterr().out
    assert f"session, {store}: ledger" in printed
    assert "18 events, 8 commands" in printed
