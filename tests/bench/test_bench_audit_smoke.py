"""The verifiable log's benchmark runs end to end on a tiny generated history.

Only the shape is checked: speed is what the benchmark reports, never what a test asserts.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from bench import audit_log, history
from bench.__main__ import main as bench_main

TINY = ("--events", "300", "--fallback", "300", "--rounds", "2", "--proofs", "40")
SMALL_MIX = ("--commands", "12", "--warmup", "4")


def test_the_audit_figures_are_measured_on_a_generated_history_named_by_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()

    figures = audit_log.main([*TINY, *SMALL_MIX, "--kept", str(kept)])

    printed = capsys.readouterr().out
    assert "no kept history of 300 events" in printed
    assert list(kept.iterdir()) == []  # generated in scratch space, not kept
    found = re.search(r"measuring the verifiable log on a copy of ([\d,]+) events", printed)
    assert found is not None
    events = int(found.group(1).replace(",", ""))
    assert events >= 300
    label = f"{events:,} events"
    assert [f.metric for f in figures] == [
        f"append the tree, {label}, events/s",
        f"verify the store, {label}, events/s",
        f"verify the store, {label}, events/s, vs 200,000/s",
        f"inclusion proof, {label}, 1/p99 vs 10 ms budget",
        f"inclusion proof, {label}, 1/p99 vs plain reads",
        f"commands/s with the log running, {label}",
    ]
    targets = [f.target for f in figures]
    assert targets == [None, 0.25, 1, 1.0, None, 0.9]
    for figure in figures:
        assert figure.ledger > 0
        assert math.isfinite(figure.ledger)
        assert figure.baseline is not None
        assert figure.baseline > 0
        assert figure.verdict in ({"info"} if figure.target is None else {"PASS", "BELOW"})
        assert figure.note
        json.dumps(figure.as_json())
        assert figure.metric in printed
    assert len(figures[0].rounds["ledger"]) == len(figures[0].rounds["baseline"]) == 2
    assert figures[2].baseline == 200_000
    assert figures[3].baseline == 100.0  # 1 / 10 ms
    assert "rows read per proof" in figures[3].note
    assert "p50" in figures[3].note
    assert "p99" in figures[3].note
    assert "tree lag at the end of its rounds" in figures[5].note


def test_a_kept_history_is_used_through_a_copy_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    history.generate(tmp_path, [300])
    marker = history.read_marker(tmp_path, 300)
    assert marker is not None
    before = history.history_path(tmp_path, 300).read_bytes()
    monkeypatch.setattr(
        "bench.__main__.AUDIT_QUICK",
        audit_log.Params(events=300, kept=tmp_path, proofs=20, commands=6, warmup=2),
    )

    document = bench_main(["--only", "audit", "--quick", "--rounds", "2"])

    printed = capsys.readouterr().out
    assert "no kept history" not in printed
    label = f"{marker['events']:,} events"
    assert f"measuring the verifiable log on a copy of {label}" in printed
    figures = document["figures"]
    assert isinstance(figures, list)
    assert len(figures) == 6
    assert all(label in f["metric"] for f in figures)
    assert all(f["verdict"] in {"info", "PASS", "BELOW"} for f in figures)
    assert history.read_marker(tmp_path, 300) == marker
    assert history.history_path(tmp_path, 300).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history-300.json", "history-300.sqlite"]
