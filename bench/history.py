"""`python -m bench.history`: the command rate on a long history, beside a 10-thousand one.

A synthetic history (`bench/history_mix.py`) is generated through the domain's commands once,
into `data/bench/history-<N>.sqlite`, and kept: a JSON marker beside it, written last, records
that it is complete, how many events it holds and the state the mix continues from. One
generation runs to the largest size and copies the store at each smaller checkpoint (SQLite's
backup API, consistent while the ledger writes), and a later, larger run continues from the
largest complete checkpoint instead of starting again.

Each size is then measured on a copy of its store, so the kept history never changes: a warm-up
(the first command replays the bodies' whole history into the cache), then a fixed batch of the
same keyed commands split in rounds that alternate between the sizes, so that the load of a
shared machine falls on all of them alike. A figure is the median events/s over the rounds,
beside the smallest size's rate of the same run; the target is 0.7 of it.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import report, stores
from bench.figures import Figure, split
from bench.history_mix import MIX_VERSION, Driver, Mix
from domain.application import Ledger
from infra.storage import open_ledger

DATA = Path(__file__).resolve().parents[1] / "data" / "bench"
CHECKPOINTS = (10_000, 100_000, 1_000_000)
TARGET = 0.7
BATCH = 2000
WARM_UP = 200
ROUNDS = 5
PROGRESS_EVERY = 20_000


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.history", description=__doc__)
    parser.add_argument("--events", type=int, default=CHECKPOINTS[-1], help="largest history")
    parser.add_argument("--store", choices=("sqlite",), default="sqlite", help="kept store kind")
    parser.add_argument(
        "--checkpoints",
        type=lambda text: [int(n) for n in text.split(",") if n],
        default=list(CHECKPOINTS),
        help="sizes measured below --events, comma-separated (default 10000,100000,1000000)",
    )
    parser.add_argument("--batch", type=int, default=BATCH, help="measured commands per size")
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help="commands before timing")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="interleaved rounds")
    parser.add_argument("--data-dir", type=Path, default=DATA, help="where histories are kept")
    parser.add_argument("--output", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    args.sizes = sorted({n for n in args.checkpoints if n < args.events} | {args.events})
    return args


# -- kept histories --------------------------------------------------------------------------


def history_path(data_dir: Path, size: int) -> Path:
    """The kept store of a history of `size` events."""
    return data_dir / f"history-{size}.sqlite"


def marker_path(data_dir: Path, size: int) -> Path:
    """The marker that says the history of `size` events is complete."""
    return data_dir / f"history-{size}.json"


def read_marker(data_dir: Path, size: int) -> dict[str, Any] | None:
    """The marker of a complete history of this mix, or None."""
    marker = marker_path(data_dir, size)
    if not marker.exists() or not history_path(data_dir, size).exists():
        return None
    data: dict[str, Any] = json.loads(marker.read_text())
    return data if data.get("mix") == MIX_VERSION else None


def copy_store(source: Path, target: Path) -> None:
    """Copy a SQLite store consistently, even while another connection writes to it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    # closing(): sqlite3's own context manager commits but does not close.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
    partial.replace(target)


def ensure_histories(data_dir: Path, sizes: list[int]) -> dict[int, dict[str, Any]]:
    """Every history asked for, generated where missing; their markers by size."""
    markers = {n: m for n in sizes if (m := read_marker(data_dir, n)) is not None}
    for size in sizes:
        if size in markers:
            print(f"history of {size:,} events: reused ({markers[size]['events']:,} events)")
    missing = [n for n in sizes if n not in markers]
    if missing:
        markers |= generate(data_dir, missing)
    return markers


def _resume_from(data_dir: Path, below: int) -> tuple[int, dict[str, Any]] | None:
    # The largest complete history smaller than what is wanted, whatever run generated it.
    kept = [int(m.stem.removeprefix("history-")) for m in data_dir.glob("history-*.json")]
    for size in sorted((n for n in kept if n < below), reverse=True):
        if (data := read_marker(data_dir, size)) is not None:
            return size, data
    return None


def generate(data_dir: Path, sizes: list[int]) -> dict[int, dict[str, Any]]:
    """Generate the history up to the largest size, kept at each size on the way."""
    work = data_dir / ".generating"
    shutil.rmtree(work, ignore_errors=True)  # an interrupted generation starts over
    settings = stores.sqlite_settings(work)
    resumed = _resume_from(data_dir, min(sizes))
    if resumed is not None:
        copy_store(history_path(data_dir, resumed[0]), settings.events_path)
    ledger = open_ledger(settings)
    markers: dict[int, dict[str, Any]] = {}
    started = time.perf_counter()
    try:
        if resumed is None:
            mix = Mix()
            Driver(ledger, mix.bootstrap(), mix).run()
            print(f"generating {max(sizes):,} events from an empty store", flush=True)
        else:
            mix = Mix.from_json(resumed[1]["state"])
            print(f"generating {max(sizes):,} events from history-{resumed[0]}", flush=True)
        first = events = _position(ledger)
        reported = events
        pending = sorted(sizes)
        while pending:
            Driver(ledger, mix.one_day(), mix).run()
            events = _position(ledger)
            if events - reported >= PROGRESS_EVERY:
                reported = events
                rate = (events - first) / (time.perf_counter() - started)
                print(f"  {events:,} events, {mix.day}, {rate:,.0f} events/s", flush=True)
            while pending and events >= pending[0]:
                size = pending.pop(0)
                markers[size] = _checkpoint(data_dir, settings.events_path, size, events, mix)
    finally:
        ledger.close()
    shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(f"generated {events:,} events in {seconds:,.0f} s", flush=True)
    return markers


def _checkpoint(data_dir: Path, events_path: Path, size: int, events: int, mix: Mix) -> Any:
    copy_store(events_path, history_path(data_dir, size))
    marker = {"mix": MIX_VERSION, "size": size, "events": events, "state": mix.to_json()}
    partial = marker_path(data_dir, size).with_suffix(".partial")
    partial.write_text(json.dumps(marker) + "\n")
    partial.replace(marker_path(data_dir, size))  # written last: the history is complete
    print(f"  kept history-{size}.sqlite ({events:,} events, up to {mix.day})", flush=True)
    return marker


def _position(ledger: Ledger) -> int:
    return ledger.recorder.max_notification_id() or 0


# -- measurement -----------------------------------------------------------------------------


@dataclass
class Subject:
    """One history's copy, open, with its mix continued."""

    size: int
    events: int
    ledger: Ledger
    driver: Driver


@contextmanager
def subjects(
    data_dir: Path, markers: dict[int, dict[str, Any]], warm_up: int
) -> Iterator[list[Subject]]:
    """Each history copied, opened and warmed up; closed and deleted afterwards."""
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=data_dir)))
        opened: list[Subject] = []
        for size, marker in sorted(markers.items()):
            settings = stores.sqlite_settings(scratch / str(size))
            copy_store(history_path(data_dir, size), settings.events_path)
            ledger = open_ledger(settings)
            stack.callback(ledger.close)
            mix = Mix.from_json(marker["state"])
            subject = Subject(size, marker["events"], ledger, Driver(ledger, mix.days(), mix))
            started = time.perf_counter()
            subject.driver.run(warm_up)
            print(
                f"history of {marker['events']:,} events: warmed up with {warm_up} commands "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            opened.append(subject)
        yield opened


def measure(opened: list[Subject], batch: int, rounds: int) -> dict[int, list[float]]:
    """Events/s of each history per round; the order of the sizes alternates by round."""
    rates: dict[int, list[float]] = {s.size: [] for s in opened}
    for number, count in enumerate(split(batch, rounds)):
        order = opened if number % 2 == 0 else opened[::-1]
        for subject in order:
            started = time.perf_counter()
            _, events = subject.driver.run(count)
            rates[subject.size].append(events / (time.perf_counter() - started))
    return rates


def figures(opened: list[Subject], rates: dict[int, list[float]], batch: int) -> list[Figure]:
    """One figure per size; every size but the smallest beside the smallest."""
    base = opened[0]
    baseline = statistics.median(rates[base.size])
    note = (
        f"median events/s over rounds of {batch} keyed commands of the history's mix (register, "
        "admit, end membership in the assembly and council, senator nominate/appoint/dismiss), "
        f"each on a copy of its history; baseline: the {base.events:,}-event history, same run"
    )
    result = []
    for subject in opened:
        first = subject is base
        result.append(
            Figure(
                metric=f"history of {subject.events:,} events, events/s, sqlite",
                unit="events/s",
                ledger=statistics.median(rates[subject.size]),
                baseline=None if first else baseline,
                target=None if first else TARGET,
                operations=batch,
                rounds={"ledger": rates[subject.size]},
                note=note,
            )
        )
    return result


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Generate what is missing, measure, print the table; returns the JSON document."""
    args = parse(argv)
    stores.isolate_process_environment()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    info = report.machine()
    print(report.describe(info), flush=True)
    started = time.perf_counter()
    markers = ensure_histories(args.data_dir, args.sizes)
    generated_rss = peak_rss_mb()
    with subjects(args.data_dir, markers, args.warm_up) as opened:
        found = figures(opened, measure(opened, args.batch, args.rounds), args.batch)
    seconds = time.perf_counter() - started
    print()
    print(report.table(found))
    print(report.notes(found))
    print(f"\npeak RSS {peak_rss_mb():,.0f} MiB (after generation {generated_rss:,.0f} MiB)")
    settings = {k: getattr(args, k) for k in ("events", "sizes", "batch", "warm_up", "rounds")}
    argv = sys.argv[1:] if argv is None else argv
    document = report.document(found, info, settings, seconds, argv)
    document["command"] = " ".join(["python", "-m", "bench.history", *argv])
    document["peak_rss_mib"] = round(peak_rss_mb())
    if args.output is not None:
        report.write(args.output, document)
        print(f"written to {args.output}")
    return document


if __name__ == "__main__":
    main()
