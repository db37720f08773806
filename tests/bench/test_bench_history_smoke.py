"""The history benchmark runs end to end on a tiny history, keeps it, and reuses it next time.

Only the shape is checked: speed is what the benchmark reports, never what a test asserts.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from bench import history
from bench.history_mix import Driver, Mix
from domain.kernel.calendar import kazakhstan_date, today_in_kazakhstan
from infra.recorders import recorded_time
from tests.support.samples import memory_ledger

TINY = ("--events", "4000", "--checkpoints", "2000", "--batch", "60", "--warm-up", "20")


def test_a_tiny_history_is_generated_kept_measured_and_reused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*TINY, "--rounds", "2", "--data-dir", str(tmp_path)]

    first = history.main(args)

    printed = capsys.readouterr().out
    markers = {n: json.loads(history.marker_path(tmp_path, n).read_text()) for n in (2000, 4000)}
    assert all(history.history_path(tmp_path, n).exists() for n in markers)
    assert markers[2000]["events"] >= 2000
    assert markers[4000]["events"] >= 4000
    metrics = [f["metric"] for f in first["figures"]]
    assert metrics == [
        f"history of {markers[n]['events']:,} events, events/s, sqlite" for n in (2000, 4000)
    ]
    small, large = first["figures"]
    assert small["ledger"] > 0
    assert small["verdict"] == "info"
    assert large["baseline"] == small["ledger"]
    assert large["target"] == 0.7
    assert large["ratio"] > 0
    assert large["verdict"] in {"PASS", "BELOW"}
    assert "generating 4,000 events from an empty store" in printed
    assert all(metric in printed for metric in metrics)
    assert "peak RSS" in printed
    assert first["peak_rss_mib"] > 0

    second = history.main(args)

    printed = capsys.readouterr().out
    assert "generating" not in printed
    assert printed.count("reused") == 2
    assert [f["metric"] for f in second["figures"]] == metrics
    # The measured batches ran on copies: the kept histories did not move.
    for n, marker in markers.items():
        assert history.read_marker(tmp_path, n) == marker
        assert _events_in(history.history_path(tmp_path, n)) == marker["events"]


def test_a_larger_history_continues_from_the_largest_kept_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--checkpoints", "", "--batch", "20", "--warm-up", "5", "--rounds", "1"]
    history.main(["--events", "2500", *common, "--data-dir", str(tmp_path)])
    capsys.readouterr()

    history.main(["--events", "3500", *common, "--data-dir", str(tmp_path)])

    printed = capsys.readouterr().out
    assert "generating 3,500 events from history-2500" in printed
    assert _events_in(history.history_path(tmp_path, 3500)) >= 3500


def _events_in(path: Path) -> int:
    # The notification id of the last event, as the ledger counts them.
    with closing(sqlite3.connect(path)) as connection:
        (count,) = connection.execute("SELECT max(rowid) FROM stored_events").fetchone()
    return int(count)


def test_the_history_runs_past_today_recorded_on_each_simulated_day() -> None:
    """Decades of simulated days reach past today: each day is recorded as of that day, so no
    act is dated after the day it is recorded and recording times still rise along the log."""
    ledger = memory_ledger()
    mix = Mix()
    Driver(ledger, mix.bootstrap(), mix).run()
    mix.day = today_in_kazakhstan() + timedelta(days=400)  # jump ahead, as a long history does

    commands, _ = Driver(ledger, mix.one_day(), mix).run()

    notifications = ledger.recorder.select_notifications(start=1, limit=1_000_000)
    stamps = [recorded_time(n.state) for n in notifications]
    known = [s for s in stamps if s is not None]
    assert commands > 0
    assert known == sorted(known)
    assert kazakhstan_date(known[-1]) == mix.day
