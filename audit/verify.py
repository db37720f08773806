"""`python -m audit verify`: read the events and the tlog tables again and check every byte.

Each event is read again as a raw row, its leaf rehashed (docs/audit-log.md) and the tree rebuilt
level by level, a page at a time. The stored leaves, nodes and checkpoint roots must be what the
events make (so consecutive checkpoints are consistent), each checkpoint signed by the log key and
each stored cosignature by its witness. Events after the last leaf are the appender's lag, not a
failure. Problems come first bad position first; those that only follow from an earlier one (the
nodes and checkpoints above a changed leaf) are counted, not listed. Two processes hash big stores.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import tuple_row

from audit.checkpoints import open_log_key
from audit.database import LEDGER_NAME, ledger_recorder, schema_prefix
from audit.settings import TlogSettings
from audit.verify_checkpoints import check_checkpoints, check_cosignatures, open_note
from audit.verify_log import LogCheck, Rows, leaf_hashes
from audit.verify_report import Problem, Report, render
from infra.settings import StoreSettings
from transparency import note as notes
from transparency.checkpoint import Checkpoint
from transparency.cosignature import CosignatureVerifier

PAGE = 1 << 14  # events read, and nodes compared, per query
POOL_MIN = 4 * PAGE  # smaller SQLite stores are hashed in this process
TASK = 1 << 12  # events a worker process hashes at a time
_WORKER: dict[str, sqlite3.Connection] = {}
_TABLES: dict[str, str] = {}
_SQL = {
    "events": "SELECT {p}, {o}, originator_version, topic, state FROM {e}"
    " WHERE {p} > ? AND {p} <= ? ORDER BY {p} LIMIT ?",
    "bounds": "SELECT MIN({p}), MAX({p}) FROM {e}",
    "state": "SELECT (SELECT COALESCE(MAX(leaf_index) + 1, 0) FROM {t}tlog_leaves),"
    " (SELECT COUNT(*) FROM {t}tlog_nodes), (SELECT MAX(notification_id)"
    " FROM {t}tlog_tracking WHERE application_name = ?)",
    "position": "SELECT position FROM {t}tlog_leaves WHERE leaf_index = ?",
    "leaves": "SELECT leaf_index, position, leaf_hash FROM {t}tlog_leaves"
    " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
    "nodes": "SELECT node_index, hash FROM {t}tlog_nodes WHERE level = ? AND node_index >= ?"
    " AND node_index < ?",
    # A page of leaves or of nodes in one row (group_concat keeps a blob's bytes, NUL too).
    "leaf_page": "SELECT COUNT(*), MIN(k), SUM(CASE WHEN position = k + ? THEN 0 ELSE 1 END), {b}"
    " FROM (SELECT leaf_index AS k, position, leaf_hash AS h FROM {t}tlog_leaves"
    " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY k) AS a",
    "positions": "SELECT {x} FROM (SELECT leaf_index AS k, position FROM {t}tlog_leaves"
    " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY k) AS a",
    "node_page": "SELECT {b} FROM (SELECT node_index AS k, hash AS h FROM {t}tlog_nodes"
    " WHERE level = ? AND node_index >= ? AND node_index < ? ORDER BY k) AS a",
    "checkpoints": "SELECT tree_size, root_hash, note FROM {t}tlog_checkpoints ORDER BY tree_size",
    "cosignatures": "SELECT tree_size, witness, line FROM {t}tlog_cosignatures",
}
_SQLITE = "rowid|originator_id|group_concat(position, ',')|CAST(group_concat(h, '') AS BLOB)"
_POSTGRES = "notification_id|uuid_send(originator_id)|string_agg(position::text, ','"
_POSTGRES += " ORDER BY k)|string_agg(h, ''::bytea ORDER BY k)"
Progress = Callable[[int, int, float], None]
_Check, _hashes = LogCheck, leaf_hashes  # the names the unit tests know
__all__ = ["PAGE", "POOL_MIN", "Problem", "Report", "main", "verify_store"]


def _hash_range(task: tuple[str, str, int, int]) -> tuple[list[int], list[bytes]]:
    uri, sql, after, last = task  # in a worker process, on a connection of its own
    if uri not in _WORKER:
        _WORKER[uri] = sqlite3.connect(uri, uri=True)
    found = _WORKER[uri].execute(sql, (after, last, last - after)).fetchall()
    return [row[0] for row in found], leaf_hashes(found, True)


def verify_store(
    settings: StoreSettings,
    tlog_settings: TlogSettings | None = None,
    *,
    progress: Progress | bool | None = None,
    key: str | None = None,
    witness_keys: Sequence[str] = (),
    checkpoints: Sequence[bytes] = (),
    connection: Any = None,
    page: int = PAGE,
) -> Report:
    """Verify the store the settings name, with the log's verifier `key` (default: its key file)
    and `witness_keys`; `checkpoints` are notes seen elsewhere (a split view?). With a
    `connection` (psycopg, or sqlite3 with tlog.sqlite attached as `tlog`), read through it."""
    tlog, began, report = tlog_settings or TlogSettings(), time.monotonic(), Report()
    verifier = notes.Ed25519Verifier.from_vkey(key) if key else None
    if verifier is None and tlog.key_path(settings).exists():
        verifier = open_log_key(settings, tlog).verifier()
    vkeys = [*witness_keys, *(w.vkey for w in tlog.witnesses)]
    witnesses = {w.name: w for w in map(CosignatureVerifier.from_vkey, vkeys)}
    own = connection is None
    connection = _connect(settings) if own else connection
    try:
        rows, pool = _reader(settings, connection, own)
        shown = {c.size for c in map(open_note, checkpoints) if isinstance(c, Checkpoint)}
        check, stored = _stream(rows, report, pool, shown, page, _ticker(progress))
        matches = check_checkpoints(report, check, verifier, stored, checkpoints)
        check_cosignatures(rows, report, witnesses, stored)
        _conclude(rows, report, check, matches)
    finally:
        if own:
            connection.rollback()
            connection.close()
    report.seconds = time.monotonic() - began
    report.rate = report.events / max(report.seconds, 1e-9)
    return report


def _connect(settings: StoreSettings) -> Any:
    if settings.store == "postgres":
        names = ("host", "port", "user", "dbname")
        postgres = psycopg.connect(
            **{name: getattr(settings, f"postgres_{name}") for name in names},
            password=settings.postgres_password or None,
            connect_timeout=10,
        )
        postgres.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return postgres
    connection = sqlite3.connect(_uri(settings.events_path), uri=True)
    connection.execute("ATTACH DATABASE ? AS tlog", (_uri(settings.data_dir / "tlog.sqlite"),))
    connection.execute("BEGIN")  # one snapshot of each database, the tlog's taken first
    return connection


def _uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _reader(settings: StoreSettings, connection: Any, own: bool) -> tuple[Rows, tuple[Any, ...]]:
    """A query function on the connection; what worker processes need to read events."""
    postgres = settings.store == "postgres"
    if settings.store not in _TABLES:  # the ledger's recorder names its table
        recorder = ledger_recorder(settings)
        if not isinstance(recorder, SQLiteApplicationRecorder | PostgresApplicationRecorder):
            raise TypeError(f"cannot read the events of {type(recorder).__name__}")
        _TABLES[settings.store] = recorder.events_table_name
        recorder.datastore.close()
    prefix = schema_prefix(settings) if postgres else "tlog."
    events = (prefix if postgres else "main.") + f'"{_TABLES[settings.store]}"'
    names = dict(zip("poxb", (_POSTGRES if postgres else _SQLITE).split("|"), strict=True))
    sql = {k: v.format(e=events, t=prefix, **names) for k, v in _SQL.items()}
    cursor = connection.cursor(row_factory=tuple_row) if postgres else connection.cursor()

    def rows(name: str, *params: Any) -> list[Any]:
        cursor.execute(sql[name].replace("?", "%s") if postgres else sql[name], params)
        return list(cursor.fetchall())

    worker = (_uri(settings.events_path), sql["events"]) if own and not postgres else ()
    return rows, (postgres, *worker)


def _chunks(rows: Rows, pool: tuple[Any, ...], page: int, low: int, top: int) -> Iterator[Any]:
    """The events' positions and leaf hashes, in position order, a page at a time."""
    if pool[1:] and top - low >= POOL_MIN:
        width = min(page, TASK)  # small tasks keep both workers and this process busy
        tasks = [
            (*pool[1:], at - 1, min(at + width, top + 1) - 1) for at in range(low, top + 1, width)
        ]
        with multiprocessing.get_context("fork").Pool(2) as workers:
            yield from workers.imap(_hash_range, tasks)
        return
    last = low - 1
    while found := rows("events", last, top, page):
        yield [row[0] for row in found], leaf_hashes(found, not pool[0])
        last = found[-1][0]


def _stream(rows: Rows, report: Report, pool: Any, shown: set[int], page: int, tick: Any) -> Any:
    """Rebuild the events' tree beside the stored one; the check and the stored checkpoints."""
    (size, node_count, tracked), stored = rows("state", LEDGER_NAME)[0], rows("checkpoints")
    check = LogCheck(rows, report, size, shown | {r[0] for r in stored}, page)
    low, top = rows("bounds")[0]
    for positions, hashes in _chunks(rows, pool, page, low, top) if low is not None else ():
        check.add(positions, hashes)
        tick(check.events, top - low + 1, False)
    check.add([], [], final=True)
    tick(check.events, check.events, True)
    report.events, report.leaves, report.checkpoints = check.events, size, len(stored)
    report.not_yet_appended, last = len(check.pos), rows("position", size - 1)[0][0] if size else 0
    evidence = [f"the appender tracked position {tracked}"] if (tracked or 0) > last else []
    if stored and stored[-1][0] > size:
        evidence.append(f"checkpoint {stored[-1][0]} was signed")
    altered = sum(what == "altered" for what in check.bad.values())
    if check.events >= size and node_count > check.seen + altered:
        evidence.append("nodes beyond it are stored")
    if evidence:
        detail = f"the tree ends at leaf {size}, but " + " and ".join(evidence)
        at = check.pos[0] if check.pos else None
        report.add("tree-truncated", detail, position=at, leaf_index=size)
    elif check.pos:
        report.notes.append(f"{len(check.pos)} events are not yet appended (the appender's lag)")
    return check, stored


def _ticker(progress: Progress | bool | None) -> Callable[[int, int, bool], None]:
    began, shown = time.monotonic(), [0.0]
    draw: Progress | None = progress if callable(progress) else None
    if draw is None and (progress or (progress is None and sys.stderr.isatty())):

        def draw(done: int, total: int, rate: float) -> None:
            sys.stderr.write(f"\rverified {done:,} of {total:,} events, {rate:,.0f} events/s ")

    def tick(done: int, total: int, final: bool) -> None:
        now = time.monotonic()
        if draw is not None and (final or now - shown[0] >= 0.5):
            shown[0] = now
            draw(done, max(done, total), done / max(now - began, 1e-9))
            if final and not callable(progress):
                sys.stderr.write("\n")

    return tick


def _conclude(rows: Rows, report: Report, check: LogCheck, matches: dict[int, bool]) -> None:
    """Say which of a leaf and its event changed; list only what follows from nothing earlier."""
    for index, position, ordinal in check.mismatched:
        kind, above = "leaf-mismatch", [s for s in sorted(matches) if s > index]
        if ordinal == index and (index | 1) < check.size:  # its parent node says which
            kind = "event-altered" if (1, index >> 1) in check.bad else "leaf-altered"
        elif ordinal == index and above:  # so does the next checkpoint
            kind = "leaf-altered" if matches[above[0]] else "event-altered"
        detail = f"leaf {index} is not the hash of the event at position {position}"
        report.add(kind, detail, position=position, leaf_index=index)
    leafy = [p.leaf_index for p in report.problems if p.kind.startswith(("leaf", "event", "tree"))]
    first = min((i for i in leafy if i is not None), default=2**64)
    nodes = sorted((i << lv, lv, i, what) for (lv, i), what in check.bad.items())
    listed = [node for node in nodes if (node[2] + 1) << node[1] <= first]
    for leaf, level, index, what in listed:
        detail = f"the stored node at level {level}, index {index} is {what}"
        report.add(f"node-{what}", detail, position=rows("position", leaf)[0][0], leaf_index=leaf)
    derived = {"split-view", "checkpoint-beyond-log"}  # roots made from the events
    kept = [p for p in report.problems if p.kind not in derived or (p.size or 0) <= first]
    report.consequences += len(report.problems) - len(kept) + len(nodes) - len(listed)
    report.problems = sorted(kept, key=_where)
    report.ok = not report.problems


def _where(p: Problem) -> tuple[int, bool]:
    if p.leaf_index is not None:
        return p.leaf_index, False
    return (p.size - 1 if p.size else -1), True


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m audit verify [--key VKEY] [--witness-key VKEY ...] [--checkpoint FILE ...]
    [--json] [--no-progress]`: 0 if the store verifies, else 1."""
    parser = argparse.ArgumentParser(prog="python -m audit verify", description=__doc__)
    parser.add_argument("--key", help="the log's verifier key, or its file (default: the store's)")
    parser.add_argument("--witness-key", action="append", default=[], help="a witness's key")
    parser.add_argument("--checkpoint", action="append", default=[], type=Path, help="a note")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-progress", action="store_true", help="no progress on stderr")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv[1:] if argv[:1] == ["verify"] else argv)
    try:
        report = verify_store(
            StoreSettings(),
            TlogSettings(),
            progress=False if args.no_progress else None,
            key=_vkey(args.key) if args.key else None,
            witness_keys=[_vkey(k) for k in args.witness_key],
            checkpoints=[path.read_bytes() for path in args.checkpoint],
        )
    except (OSError, ValueError, RuntimeError, sqlite3.Error, psycopg.Error) as error:
        sys.stderr.write(f"verify: {error}\n")
        return 1
    out = json.dumps(dataclasses.asdict(report), indent=2) + "\n" if args.json else render(report)
    sys.stdout.write(out)
    return 0 if report.ok else 1


def _vkey(value: str) -> str:
    return Path(value).read_text().strip() if Path(value).is_file() else value


if __name__ == "__main__":
    raise SystemExit(main())
