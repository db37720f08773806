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
import binascii
import dataclasses
import json
import multiprocessing
import sqlite3
import struct
import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from hashlib import sha256
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import tuple_row

from audit.checkpoints import open_log_key
from audit.database import LEDGER_NAME, ledger_recorder, schema_prefix
from audit.leaves import LEAF_HEADER
from audit.settings import TlogSettings
from infra.settings import StoreSettings
from transparency import note as notes
from transparency.checkpoint import Checkpoint, CheckpointError, open_checkpoint
from transparency.cosignature import CosignatureVerifier, verify_cosignature
from transparency.merkle import EMPTY_ROOT

PAGE = 1 << 14  # events read, and nodes compared, per query
POOL_MIN = 4 * PAGE  # smaller SQLite stores are hashed in this process
TASK = 1 << 12  # events a worker process hashes at a time
KEPT = 10_000  # problems and bad nodes remembered; more are only counted
_HEAD, _PACK, _U32 = b"\x00" + LEAF_HEADER, struct.Struct(">Q16sQ").pack, struct.Struct(">I").pack
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
Rows = Callable[..., list[Any]]
Progress = Callable[[int, int, float], None]


@dataclasses.dataclass
class Problem:
    """A failed check, at a leaf (index and log position) or at a checkpoint (tree size).

    Kinds: event-altered, leaf-altered (or leaf-mismatch, when nothing says which of the two
    changed), event-missing, event-not-in-tree, leaf-missing, tree-truncated, node-altered,
    node-missing, checkpoint-signature, checkpoint-row, split-view, checkpoint-beyond-log,
    cosignature, no-key.
    """

    kind: str
    detail: str
    position: int | None = None
    leaf_index: int | None = None
    size: int | None = None


@dataclasses.dataclass
class Report:
    """What a verification found: `ok` if no problem (events not yet appended are none)."""

    ok: bool = True
    problems: list[Problem] = dataclasses.field(default_factory=list)
    events: int = 0
    leaves: int = 0
    checkpoints: int = 0
    not_yet_appended: int = 0
    consequences: int = 0  # problems that follow from a listed one, or beyond the KEPT first
    notes: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    rate: float = 0.0

    def add(self, kind: str, detail: str, **where: int | None) -> None:
        """Record a problem."""
        if len(self.problems) < KEPT:
            self.problems.append(Problem(kind, detail, **where))
        else:
            self.consequences += 1


def _leaf(row: Sequence[Any], hexed: bool) -> bytes:
    """The leaf hash of a raw event row (position, originator, version, topic, state)."""
    position, originator, version, topic, state = row
    try:
        uid = binascii.unhexlify(originator) if hexed else originator  # SQLite keeps UUID.hex
        if len(uid) != 16:
            raise ValueError
        entry = _PACK(position, uid, version) + _topic(topic) + _U32(len(state)) + state
        return sha256(_HEAD + entry).digest()
    except (TypeError, ValueError, AttributeError, struct.error):
        return b"malformed"  # no stored hash is this


def _topic(topic: str) -> bytes:
    return struct.pack(">H", len(topic.encode())) + topic.encode()


def _hashes(rows: list[Any], hexed: bool) -> list[bytes]:
    """The leaf hashes of raw event rows, row by row only if some row is not well formed."""
    uid: Callable[[Any], bytes] = binascii.unhexlify if hexed else bytes
    try:
        topics = {topic: _topic(topic) for topic in {row[3] for row in rows}}
        if hexed and {len(row[1]) for row in rows} - {32}:
            raise ValueError  # not 32 hex digits: let _leaf judge
        return [
            sha256(b"".join((_HEAD, _PACK(p, uid(o), v), topics[t], _U32(len(s)), s))).digest()
            for p, o, v, t, s in rows
        ]
    except (TypeError, ValueError, AttributeError, struct.error):
        return [_leaf(row, hexed) for row in rows]


def _hash_range(task: tuple[str, str, int, int]) -> tuple[list[int], list[bytes]]:
    uri, sql, after, last = task  # in a worker process, on a connection of its own
    if uri not in _WORKER:
        _WORKER[uri] = sqlite3.connect(uri, uri=True)
    found = _WORKER[uri].execute(sql, (after, last, last - after)).fetchall()
    return [row[0] for row in found], _hashes(found, True)


class _Check:
    """The events' tree, level by level in pages, beside the stored leaves and nodes."""

    def __init__(self, rows: Rows, report: Report, size: int, want: set[int], page: int) -> None:
        self.rows, self.report, self.size, self.page = rows, report, size, page
        self.levels: list[list[bytes]] = [[]]  # hashes not paired yet, and their first index
        self.first = [0]
        frontiers = {(lv, (s >> lv) - 1) for s in want for lv in range(64) if s >> lv & 1}
        self.need = [sorted(i for lv, i in frontiers if lv == level) for level in range(64)]
        self.got: dict[tuple[int, int], bytes] = {}  # the frontiers of the sizes wanted
        self.bad: dict[tuple[int, int], str] = {}  # (level, index): "altered" or "missing"
        self.seen = self.events = 0  # stored nodes found equal; events added
        self.pos: list[int] = []  # events not matched with a stored leaf yet, and their hashes
        self.hashes: list[bytes] = []
        self.ordinal = self.next = 0  # the leaf index pos[0] should have; the next stored leaf
        self.mismatched: list[tuple[int, int, int]] = []  # leaf index, position, ordinal

    def add(self, positions: list[int], hashes: list[bytes], final: bool = False) -> None:
        """Take more events (`final`: no more), check what they complete."""
        self.events += len(hashes)
        self.levels[0] += hashes
        for level, pending in enumerate(self.levels):  # the list grows while it is walked
            first, need = self.first[level], self.need[level]
            for i in need[bisect_left(need, first) : bisect_left(need, first + len(pending))]:
                self.got[level, i] = pending[i - first]
            if n := len(pending) // 2 * 2 if final or len(pending) >= self.page else 0:
                pairs = iter(pending[:n])
                up = [sha256(b"\x01" + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]
                self._compare(level + 1, first // 2, up)
                if level + 1 == len(self.levels):
                    self.levels.append([])
                    self.first.append(first // 2)
                self.levels[level + 1] += up
                del pending[:n]
                self.first[level] += n
        self._match(positions, hashes, final)

    def _compare(self, level: int, low: int, up: list[bytes]) -> None:
        expected = up[: max(0, (self.size >> level) - low)]  # those inside the stored tree
        page = self.rows("node_page", level, low, low + len(expected)) if expected else [[b""]]
        if page[0][0] == b"".join(expected):
            self.seen += len(expected)
            return
        found = dict(self.rows("nodes", level, low, low + len(expected)))
        for i, h in enumerate(expected, low):
            if found.get(i) == h:
                self.seen += 1
            elif len(self.bad) < KEPT:
                self.bad[level, i] = "altered" if i in found else "missing"

    def root(self, size: int) -> bytes | None:
        """The root of the events' tree of `size` leaves, if there are so many events."""
        if size > self.events:
            return None
        bits = [lv for lv in reversed(range(size.bit_length())) if size >> lv & 1]
        parts = [self.got[lv, (size >> lv) - 1] for lv in bits] or [EMPTY_ROOT]
        while len(parts) > 1:
            parts.append(sha256(b"\x01" + parts.pop(-2) + parts.pop()).digest())
        return parts[0]

    def _match(self, positions: list[int], hashes: list[bytes], final: bool) -> None:
        self.pos += positions
        self.hashes += hashes
        while self.next < self.size and (final or len(self.pos) >= self.page):
            end = min(self.next + self.page, self.size)
            n = end - self.next
            offset = self.pos[0] - self.next if self.pos else 0  # a leaf's position - its index
            count, low, off, blob = self.rows("leaf_page", offset, self.next, end)[0]
            same = (count, low) == (n, self.next) and n <= len(self.pos)
            same = same and blob == b"".join(self.hashes[:n])
            if same and self.pos[n - 1] - self.pos[0] != n - 1:  # not one run: compare each
                text = ",".join(map(str, self.pos[:n]))
                off = self.rows("positions", self.next, end)[0][0] != text
            if same and not off:
                self._consume(n)
            else:
                self._merge(self.rows("leaves", self.next, end), end)
            self.next = end

    def _consume(self, n: int) -> None:
        del self.pos[:n], self.hashes[:n]
        self.ordinal += n

    def _merge(self, rows: list[Any], end: int) -> None:
        """Pair a page of stored leaves with the events one by one, by position."""
        j, expect, skip, add = 0, self.next, 0, self.report.add
        for index, position, stored in [*rows, (end, None, None)]:
            bound = 2**64 if position is None else position
            if index != expect:  # the events before this leaf's are those of the missing leaves
                at = self.pos[j] if j < len(self.pos) and self.pos[j] < bound else None
                detail = f"no leaf {expect} to {index - 1}"
                add("leaf-missing", detail, position=at, leaf_index=expect)
                skip = index - expect
            if position is None:
                break
            expect = index + 1
            while j < len(self.pos) and self.pos[j] < position:
                if skip == 0:
                    at, detail = self.pos[j], f"the event at {self.pos[j]} is not in the tree"
                    add("event-not-in-tree", detail, position=at, leaf_index=self.ordinal + j)
                skip, j = max(skip - 1, 0), j + 1
            if j < len(self.pos) and self.pos[j] == position:
                if self.hashes[j] != stored:
                    self.mismatched.append((index, position, self.ordinal + j))
                j += 1
            else:
                detail = f"leaf {index} is of position {position}, which holds no event"
                add("event-missing", detail, position=position, leaf_index=index)
        self._consume(j)


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
        shown = {c.size for c in map(_open, checkpoints) if isinstance(c, Checkpoint)}
        check, stored = _stream(rows, report, pool, shown, page, _ticker(progress))
        matches = _check_checkpoints(report, check, verifier, stored, checkpoints)
        _check_cosignatures(rows, report, witnesses, stored)
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
        yield [row[0] for row in found], _hashes(found, not pool[0])
        last = found[-1][0]


def _stream(rows: Rows, report: Report, pool: Any, shown: set[int], page: int, tick: Any) -> Any:
    """Rebuild the events' tree beside the stored one; the check and the stored checkpoints."""
    (size, node_count, tracked), stored = rows("state", LEDGER_NAME)[0], rows("checkpoints")
    check = _Check(rows, report, size, shown | {r[0] for r in stored}, page)
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


def _open(note: bytes, verifier: notes.Ed25519Verifier | None = None) -> Checkpoint | str:
    try:
        if verifier is None:
            return Checkpoint.parse(notes.parse_note(note).text)
        return open_checkpoint(note, [verifier], origin=verifier.name)[0]
    except (notes.NoteError, CheckpointError) as error:
        return str(error)


def _check_checkpoints(
    report: Report,
    check: _Check,
    verifier: notes.Ed25519Verifier | None,
    stored: list[Any],
    presented: Sequence[bytes],
) -> dict[int, bool]:
    """Check the stored checkpoints, then the presented ones; say which the events make."""
    if verifier is None and (stored or presented):
        report.add("no-key", "no verifier key: pass --key (GET /v1/audit/key) or keep the log key")
    signed: dict[int, bytes] = {}
    matches: dict[int, bool] = {}
    every = [(s, bytes(r), n.encode()) for s, r, n in stored] + [(None, b"", n) for n in presented]
    for size, root, note in every:
        what = f"checkpoint {size}" if size is not None else "a presented checkpoint"
        checkpoint = _open(note, verifier)
        if isinstance(checkpoint, str):
            report.add("checkpoint-signature", f"{what}: {checkpoint}", size=size)
            continue
        at, signed_root, ours = checkpoint.size, checkpoint.root_hash, check.root(checkpoint.size)
        if size is not None and (at, signed_root) != (size, root):
            report.add("checkpoint-row", f"the row of {what} is not its note", size=size)
        elif signed.setdefault(at, signed_root) != signed_root:
            report.add("split-view", f"{what} and the store's sign two roots of size {at}", size=at)
        elif ours is None:
            report.add("checkpoint-beyond-log", f"{what} covers more events than stored", size=at)
        elif ours != signed_root:
            report.add("split-view", f"{what} signs a root the events do not make", size=at)
        matches.setdefault(at, ours == signed_root)
    return matches


def _check_cosignatures(
    rows: Rows, report: Report, witnesses: dict[str, CosignatureVerifier], stored: list[Any]
) -> None:
    texts, counts, unknown = (
        {s: n.encode() for s, _, n in stored},
        dict.fromkeys(witnesses, 0),
        set(),
    )
    for size, name, line in rows("cosignatures"):
        if name not in witnesses:
            unknown.add(name)
            continue
        try:
            note = notes.add_signatures(texts[size], [notes.parse_signature_line(line)])
            verify_cosignature(note, witnesses[name])
            counts[name] += 1
        except (notes.NoteError, KeyError) as error:
            report.add("cosignature", f"{name}'s on checkpoint {size}: {error}", size=size)
    report.notes += [f"{name} cosigned {n} checkpoints" for name, n in counts.items()]
    if unknown:
        report.notes.append("not checked (no key): cosignatures by " + ", ".join(sorted(unknown)))


def _conclude(rows: Rows, report: Report, check: _Check, matches: dict[int, bool]) -> None:
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


def _text(report: Report) -> str:
    rate = f"{report.rate:.0f} events/s"
    if report.ok:
        lines = [f"OK {report.events} events, {report.checkpoints} checkpoints, {rate}"]
    else:
        count = len(report.problems)
        lines = [f"FAIL {count} problems, and {report.consequences} that follow from them ({rate})"]
    for p in report.problems:
        where = [f"leaf {p.leaf_index}"] if p.leaf_index is not None else []
        where += [f"position {p.position}"] if p.position is not None else []
        where += [f"checkpoint {p.size}"] if p.size is not None else []
        lines.append(f"{p.kind} at {', '.join(where) or 'the store'}: {p.detail}")
    return "\n".join(lines + [f"note: {note}" for note in report.notes]) + "\n"


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
    out = json.dumps(dataclasses.asdict(report), indent=2) + "\n" if args.json else _text(report)
    sys.stdout.write(out)
    return 0 if report.ok else 1


def _vkey(value: str) -> str:
    return Path(value).read_text().strip() if Path(value).is_file() else value


if __name__ == "__main__":
    raise SystemExit(main())
