"""`python -m bench --only audit`: the verifiable log's costs on a history of 1 million events.

On a copy of `bench/history.py`'s kept history (else a smaller one, generated, that figures name)
beside same-run baselines: appending, verifying, proofs, commands while `audit run` tails the log.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification

from audit.appender import Appender
from audit.checkpoints import open_log_key, sign_checkpoint
from audit.database import ledger_recorder
from audit.leaves import LeafFields, encode_fields
from audit.settings import TlogSettings
from audit.store import TlogIntegrityError, TlogStore, open_tlog
from bench import history, report, stores
from bench.figures import Figure, compared, interleaved, timed
from bench.history_mix import Driver, Mix
from infra.settings import StoreSettings
from infra.storage import open_ledger
from transparency.compact import CompactRange
from transparency.merkle import inclusion_proof, leaf_hash, verify_inclusion

ROOT = Path(__file__).resolve().parents[1]
PAGE = 500  # the appender's batch
ROWS = "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"
NEXT_ROWS = f"{ROWS} WHERE rowid > ? ORDER BY rowid LIMIT ?"
NODE = "SELECT hash FROM tlog_nodes WHERE level = ? AND node_index = ?"
LEAF = "SELECT leaf_hash FROM tlog_leaves WHERE leaf_index = ?"


@dataclass(frozen=True)
class Params:
    """What to measure: the kept history, the one generated without it, and the counts."""

    events: int = 1_000_000
    fallback: int = 20_000
    kept: Path = history.DATA  # where bench/history.py keeps its histories
    rounds: int = 5
    proofs: int = 2000
    commands: int = 3000  # per side, in twice as many rounds
    warmup: int = 200


@dataclass(frozen=True)
class Subject:
    """A scratch copy of a kept history, and the mix's state to continue it."""

    settings: StoreSettings
    events: int
    mix: dict[str, Any]
    label: str  # the size every figure names

    def connect(self, name: str) -> sqlite3.Connection:
        """A read-only plain sqlite3 connection to one of the copy's files."""
        return sqlite3.connect(f"file:{self.settings.data_dir / name}?mode=ro", uri=True)


@contextmanager
def subject(size: int, data_dir: Path, fallback: int) -> Iterator[Subject]:
    """A copy of the kept history of `size` events, or of a `fallback` one generated here."""
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        source_dir = data_dir
        if (marker := history.read_marker(data_dir, size)) is None:
            print(f"no kept history of {size:,} events in {data_dir}: generating {fallback:,}")
            source_dir, size = Path(tmp) / "generated", fallback
            history.generate(source_dir, [size])
            marker = history.read_marker(source_dir, size)
        assert marker is not None
        settings = stores.sqlite_settings(Path(tmp) / "store")
        history.copy_store(history.history_path(source_dir, size), settings.events_path)
        yield Subject(settings, n := int(marker["events"]), marker["state"], f"{n:,} events")


class Capped:
    """The ledger's recorder as if its log ended at `stop`, so the appender runs in rounds."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder, self.stop = recorder, 0

    def select_notifications(self, **kw: Any) -> Sequence[Notification]:  # as the Appender asks
        return self.recorder.select_notifications(**kw, stop=self.stop)


def appending(s: Subject, store: TlogStore, rounds: int) -> Figure:
    """The appender over the whole log, in rounds, beside reading the same pages of it."""
    recorder = ledger_recorder(s.settings)
    capped, read_to = Capped(recorder), [0]
    appender = Appender(cast("ApplicationRecorder", capped), store, batch_size=PAGE)

    def append(count: int) -> None:
        capped.stop += count
        assert appender.run_once() == count

    def read(count: int) -> None:
        start, stop = read_to[0] + 1, read_to[0] + count
        while found := recorder.select_notifications(start, PAGE, stop=stop):
            start = found[-1].id + 1
        read_to[0] = stop

    rates = interleaved(timed(append), timed(read), s.events, rounds)
    note = f"Appender, batches of {PAGE} (leaves, nodes, position: one transaction each), vs"
    note += " reading the same pages with select_notifications; no target"
    metric = f"append the tree, {s.label}, events/s"
    return replace(compared(metric, "events/s", rates, s.events), target=None, note=note)


def verifying(s: Subject, store: TlogStore, rounds: int) -> list[Figure]:
    """Every stored event rehashed as its leaf and the root recomputed, beside SHA-256 alone."""
    tree, verified_to, raw_to = CompactRange(), [0], [0]  # the last position read by each side
    events, verify_store = s.connect("events.sqlite"), cast("Any", None)  # audit.verify's
    if importlib.util.find_spec("audit.verify") is not None:
        verify_store = getattr(importlib.import_module("audit.verify"), "verify_store", None)

    def entry(row: Sequence[Any]) -> bytes:
        position, originator, version, topic, state = row
        return encode_fields(LeafFields(position, UUID(originator), version, topic, state))

    def verify(count: int) -> None:  # without audit.verify: audit.leaves and CompactRange
        for row in events.execute(NEXT_ROWS, (verified_to[0], count)):
            tree.append(leaf_hash(entry(row)))
            verified_to[0] = row[0]

    def whole(count: int) -> None:  # audit.verify's verifier, over the whole store each round
        found = verify_store(s.settings, TlogSettings(), progress=False)
        if not found.ok or found.events != count:
            raise TlogIntegrityError(f"verify_store: {found.events} events, {found.problems[:3]}")

    def raw(count: int) -> float:
        raw_to[0] = 0 if raw_to[0] >= s.events else raw_to[0]  # whole-store rounds start over
        rows, seconds = events.execute(NEXT_ROWS, (raw_to[0], count)), 0.0
        while chunk := rows.fetchmany(10_000):
            batch = [entry(row) for row in chunk]  # built outside the clock: only hashing is timed
            started = time.perf_counter()
            for one in batch:
                hashlib.sha256(one).digest()
            seconds += time.perf_counter() - started
            raw_to[0] = chunk[-1][0]
        return seconds

    with closing(events):
        if verify_store is None:
            rates = interleaved(timed(verify), raw, s.events, rounds)
            if tree.size != s.events or tree.root() != store.root_hash():
                raise TlogIntegrityError("the recomputed root is not the stored tree's")
        else:
            rates = interleaved(timed(whole), raw, rounds * s.events, rounds)
    note = "audit.verify.verify_store (its own reads and processes), whole store per round"
    if verify_store is None:
        note = "no audit.verify: sqlite3 rows, audit.leaves entries, SHA-256, CompactRange, root"
    note += "; baseline: hashlib.sha256 alone over the same leaf entries"
    metric = f"verify the store, {s.label}, events/s"
    against = replace(compared(metric, "events/s", rates, s.events), target=0.25, note=note)
    return [against, replace(against, metric=f"{metric}, vs 200,000/s", baseline=2e5, target=1)]


@dataclass(frozen=True)
class PlainSubtrees:
    """The stored subtrees read by plain sqlite3 point selects: the floor of the store's reads."""

    connection: sqlite3.Connection

    def perfect_hash(self, level: int, index: int) -> bytes:
        query, key = (NODE, (level, index)) if level else (LEAF, (index,))
        return bytes(self.connection.execute(query, key).fetchone()[0])


def proving(s: Subject, store: TlogStore, count: int) -> list[Figure]:
    """Inclusion proofs of random leaves from the stored nodes, beside plain sqlite3 reads."""
    n, rng = store.tree_size(), random.Random(747)
    root, times, raw, reads = store.root_hash(n), list[float](), list[float](), list[int]()
    with closing(s.connect("tlog.sqlite")) as plain:
        for index in (rng.randrange(n) for _ in range(count)):
            subtrees = store.subtrees()
            started = time.perf_counter()
            proof = inclusion_proof(subtrees, index, n)
            times.append(time.perf_counter() - started)
            reads.append(subtrees.reads)
            verify_inclusion(store.node(0, index), index, n, proof, root)
            started = time.perf_counter()
            assert inclusion_proof(PlainSubtrees(plain), index, n) == proof
            raw.append(time.perf_counter() - started)
    p99, raw99 = (statistics.quantiles(xs, n=100)[98] for xs in (times, raw))
    note = (
        f"p50 {statistics.median(times) * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms over {count}"
        f" proofs of random leaves (all verified); rows read per proof: mean"
        f" {statistics.mean(reads):.1f}, max {max(reads)}; the same proofs by plain sqlite3 reads:"
        f" p50 {statistics.median(raw) * 1e3:.2f} ms, p99 {raw99 * 1e3:.2f} ms"
    )
    metric, rounds = f"inclusion proof, {s.label}, 1/p99", {"ledger": [1 / t for t in times]}
    return [
        Figure(f"{metric} vs 10 ms budget", "1/s", 1 / p99, 100.0, 1.0, count, {}, note),
        Figure(f"{metric} vs plain reads", "1/s", 1 / p99, 1 / raw99, None, count, rounds, note),
    ]


def commanding(s: Subject, env: dict[str, str], total: int, rounds: int, warm: int) -> Figure:
    """Keyed commands while `python -m audit run` tails the log, beside none running."""
    ledger, store = open_ledger(s.settings), open_tlog(s.settings)
    mix = Mix.from_json(s.mix)
    driver, lags = Driver(ledger, mix.days(), mix), list[int]()
    log_file = s.settings.data_dir / "audit-run.log"

    def lag() -> int:
        return (ledger.recorder.max_notification_id() or 0) - store.last_position()

    def caught_up(process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + 300
        while lag() > 0:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"audit run did not catch up: {log_file.read_text()[-2000:]}")
            time.sleep(0.05)

    def commands(count: int) -> None:
        driver.run(count)

    def with_log(count: int) -> float:
        with log_file.open("ab") as log:
            command = [sys.executable, "-m", "audit", "run"]
            process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        try:
            commands(1)  # untimed: once it is appended, `audit run` has started and caught up
            caught_up(process)
            started = time.perf_counter()
            commands(count)
            seconds = time.perf_counter() - started
            lags.append(lag())
            caught_up(process)
        finally:
            process.send_signal(signal.SIGTERM)
            status = process.wait(60)
        if status:
            raise RuntimeError(f"audit run exited {status}: {log_file.read_text()[-2000:]}")
        return seconds

    try:
        driver.run(warm)
        rates = interleaved(with_log, timed(commands), total, 2 * rounds)
    finally:
        store.close()
        ledger.close()
    note = (
        f"{total} keyed commands of the history's mix per side, warmed up with {warm}; ledger"
        " side: `python -m audit run` in its own process (appending, signing every 5 s),"
        f" caught up before each round; tree lag at the end of its rounds: {lags} leaves"
    )
    figure = compared(f"commands/s with the log running, {s.label}", "commands/s", rates, total)
    return replace(figure, target=0.9, note=note)


def measure(p: Params) -> list[Figure]:
    """Every figure of the verifiable log on a copy of the history of `p.events` events."""
    with subject(p.events, p.kept, p.fallback) as s:
        print(f"measuring the verifiable log on a copy of {s.label}", flush=True)
        env = {**os.environ, "ASSEMBLY_DATA_DIR": str(s.settings.data_dir)}  # SQLite: default
        store = open_tlog(s.settings)
        try:
            found = [appending(s, store, p.rounds), *verifying(s, store, p.rounds)]
            sign_checkpoint(store, open_log_key(s.settings, TlogSettings()))
            found += proving(s, store, p.proofs)
        finally:
            store.close()
        found.append(commanding(s, env, p.commands, p.rounds, p.warmup))
    return found


def main(argv: list[str] | None = None) -> list[Figure]:
    """`python -m bench.audit_log`: measure, print the table; returns the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.audit_log", description=__doc__)
    for f in fields(Params):
        parser.add_argument(f"--{f.name}", type=type(f.default), default=f.default)
    params = Params(**vars(parser.parse_args(argv)))
    stores.isolate_process_environment()
    print(report.describe(report.machine()), flush=True)
    found = measure(params)
    print(f"\n{report.table(found)}\n{report.notes(found)}")
    return found


if __name__ == "__main__":
    main()
