"""`audit.verify` against a tamper suite: a real store, mutated over a thousand ways per backend.

One store per backend is built through the ledger's commands and the appender, with four signed
checkpoints, a witness's cosignature on each and a few events not yet appended. Each mutation
then changes one thing (an event, a leaf, a node, a checkpoint, a cosignature, or shows a second
signed root) on a pristine copy: on SQLite a fresh copy of the two database files, on PostgreSQL
a transaction on one connection that is rolled back after the verifier read through it. Every
mutation must be found, its first problem of the right kind at the right leaf and position (or
checkpoint size); the pristine store must verify every time it is checked in between.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import string
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from audit import verify
from audit.appender import Appender
from audit.checkpoints import load_or_create_key, sign_checkpoint
from audit.settings import TlogSettings
from audit.store import open_tlog
from audit.verify import Report, verify_store
from domain.composition.commands import AdmitMember, EstablishBodies
from infra.settings import StoreSettings
from infra.storage import open_ledger
from tests.support.samples import decree, keyed, register
from transparency.checkpoint import Checkpoint
from transparency.checkpoint import sign_checkpoint as sign_note
from transparency.cosignature import CosignatureSigner
from transparency.note import Ed25519Signer, parse_note

ORIGIN = "assembly-ledger.local/log"
DAY = date(2025, 5, 5)
MUTATIONS = 1050  # per backend
PRISTINE_EVERY = 150
# Small pages take the verifier across pages and levels; on PostgreSQL each page costs queries.
PAGES = {"sqlite": (4, 16, 64, verify.PAGE), "postgres": (16, 64, verify.PAGE)}
LAG = 4  # events recorded after the last append
B64 = string.ascii_letters + string.digits + "+/"
Statement = tuple[str, str, tuple[Any, ...]]  # database ("events" or "tlog"), SQL, parameters


@dataclass
class Pristine:
    """What the untouched store holds: where to aim mutations, and where they must be found."""

    settings: StoreSettings
    signer: Ed25519Signer
    witness: str  # the witness's verifier key
    positions: list[int]  # the leaves' positions, by leaf index
    states: dict[int, bytes]  # the events' states, by position
    checkpoints: dict[int, str]  # the signed notes, by tree size
    cosignatures: list[tuple[int, str]]  # tree size, line
    nodes: list[tuple[int, int]] = field(init=False)  # every stored (level, index)

    def __post_init__(self) -> None:
        n = len(self.positions)
        self.nodes = [(lv, i) for lv in range(1, n.bit_length()) for i in range(n >> lv)]


@dataclass
class Mutation:
    """What to change, and the first problem it must cause."""

    name: str
    statements: list[Statement]
    kinds: set[str]
    leaf_index: int | None = None
    position: int | None = None
    size: int | None = None
    presented: list[bytes] = field(default_factory=list)


def build(settings: StoreSettings, key_file: Path) -> Pristine:
    """A few hundred events through the ledger's commands, appended and signed in four rounds."""
    ledger, tlog = open_ledger(settings), open_tlog(settings)
    signer = load_or_create_key(key_file, ORIGIN)
    witness = CosignatureSigner.generate("witness.example/tamper")
    try:
        ledger.execute(EstablishBodies(), keyed("tamper-establish"))
        appender = Appender(ledger.recorder, tlog, batch_size=23)
        for round_ in range(4):
            for i in range(45):
                person = register(ledger, f"Sample Tamper {round_} {i}")
                if i % 6 == 0:  # admissions, keyed: the ledger's own bookkeeping events too
                    admit = AdmitMember(
                        body="assembly", person_id=person, act=decree(DAY), starts_on=DAY
                    )
                    ledger.execute(admit, keyed(f"tamper-{round_}-{i}"))
            appender.run_once()
            stored = sign_checkpoint(tlog, signer)
            assert stored is not None
            text = parse_note(stored.note).text.encode()
            line = witness.cosign(text).to_signature().line().rstrip("\n")
            tlog.store_cosignature(stored.size, witness.name, line)
        for i in range(LAG):
            register(ledger, f"Sample Late {i}")
        size = tlog.tree_size()
        notifications = ledger.recorder.select_notifications(start=1, limit=10**6)
        sizes = tlog.checkpoint_sizes()
        return Pristine(
            settings=settings,
            signer=signer,
            witness=witness.verifier().vkey(),
            positions=[leaf.position for leaf in tlog.leaves(0, size)],
            states={n.id: bytes(n.state) for n in notifications},
            checkpoints={c.size: c.note.decode() for c in map(tlog.checkpoint, sizes) if c},
            cosignatures=[(s, line) for s in sizes for line in tlog.cosignatures(s).values()],
        )
    finally:
        tlog.close()
        ledger.close()


# -- the mutations --------------------------------------------------------------------------------


def _leaf(rng: random.Random, p: Pristine) -> tuple[int, int]:
    i = rng.randrange(len(p.positions))
    return i, p.positions[i]


def flip_state(rng: random.Random, p: Pristine) -> Mutation:
    i, position = _leaf(rng, p)
    state = bytearray(p.states[position])
    state[rng.randrange(len(state))] ^= rng.randrange(1, 256)
    sql = ("events", "UPDATE {e} SET state = ? WHERE {p} = ?", (bytes(state), position))
    return Mutation("flipped state byte", [sql], {"event-altered"}, i, position)


def delete_event(rng: random.Random, p: Pristine) -> Mutation:
    i, position = _leaf(rng, p)
    sql = ("events", "DELETE FROM {e} WHERE {p} = ?", (position,))
    return Mutation("deleted event", [sql], {"event-missing"}, i, position)


def swap_states(rng: random.Random, p: Pristine) -> Mutation:
    i, j = sorted(rng.sample(range(len(p.positions)), 2))
    a, b = p.positions[i], p.positions[j]
    update = "UPDATE {e} SET state = ? WHERE {p} = ?"
    sql = [("events", update, (p.states[b], a)), ("events", update, (p.states[a], b))]
    return Mutation("swapped states", sql, {"event-altered"}, i, a)


def swap_rows(rng: random.Random, p: Pristine) -> Mutation:
    i, j = sorted(rng.sample(range(len(p.positions)), 2))
    a, b = p.positions[i], p.positions[j]
    move = "UPDATE {e} SET {p} = ? WHERE {p} = ?"
    sql = [("events", move, (-1, a)), ("events", move, (a, b)), ("events", move, (b, -1))]
    return Mutation("swapped rows", sql, {"event-altered"}, i, a)


def truncate_events(rng: random.Random, p: Pristine) -> Mutation:
    i, position = _leaf(rng, p)
    sql = ("events", "DELETE FROM {e} WHERE {p} >= ?", (position,))
    return Mutation("truncated events", [sql], {"event-missing"}, i, position)


def truncate_leaves(rng: random.Random, p: Pristine) -> Mutation:
    i, position = _leaf(rng, p)
    sql = ("tlog", "DELETE FROM {t}tlog_leaves WHERE leaf_index >= ?", (i,))
    return Mutation("truncated leaves", [sql], {"tree-truncated"}, i, position)


def delete_leaf(rng: random.Random, p: Pristine) -> Mutation:
    i = rng.randrange(len(p.positions) - 1)  # not the last: that would be a shorter tree
    sql = ("tlog", "DELETE FROM {t}tlog_leaves WHERE leaf_index = ?", (i,))
    return Mutation("deleted leaf", [sql], {"leaf-missing"}, i, p.positions[i])


def alter_leaf(rng: random.Random, p: Pristine) -> Mutation:
    i, position = _leaf(rng, p)
    sql = (
        "tlog",
        "UPDATE {t}tlog_leaves SET leaf_hash = ? WHERE leaf_index = ?",
        (rng.randbytes(32), i),
    )
    return Mutation("altered leaf hash", [sql], {"leaf-altered"}, i, position)


def alter_node(rng: random.Random, p: Pristine) -> Mutation:
    level, index = rng.choice(p.nodes)
    where, leaf = "WHERE level = ? AND node_index = ?", index << level
    if rng.random() < 0.2:
        delete: Statement = ("tlog", "DELETE FROM {t}tlog_nodes " + where, (level, index))
        return Mutation("deleted node", [delete], {"node-missing"}, leaf, p.positions[leaf])
    sql = ("tlog", "UPDATE {t}tlog_nodes SET hash = ? " + where, (rng.randbytes(32), level, index))
    return Mutation("altered node", [sql], {"node-altered"}, leaf, p.positions[leaf])


def _note(size: int, note: str | bytes, root: bytes | None = None) -> Statement:
    text = note if isinstance(note, str) else note.decode()
    if root is None:
        return ("tlog", "UPDATE {t}tlog_checkpoints SET note = ? WHERE tree_size = ?", (text, size))
    update = "UPDATE {t}tlog_checkpoints SET note = ?, root_hash = ? WHERE tree_size = ?"
    return ("tlog", update, (text, root, size))


def _flip_base64(rng: random.Random, line: str) -> str:
    start = line.rindex(" ") + 1
    k = rng.choice([k for k in range(start, len(line)) if line[k] != "="])
    return line[:k] + rng.choice(B64.replace(line[k], "")) + line[k + 1 :]


def bad_signature(rng: random.Random, p: Pristine) -> Mutation:
    size = rng.choice(list(p.checkpoints))
    text, _, block = p.checkpoints[size].rpartition("\n\n")
    if rng.random() < 0.3:  # the signature line deleted
        return Mutation(
            "deleted signature", [_note(size, text + "\n\n")], {"checkpoint-signature"}, size=size
        )
    note = f"{text}\n\n{_flip_base64(rng, block.rstrip(chr(10)))}\n"
    return Mutation("wrong signature", [_note(size, note)], {"checkpoint-signature"}, size=size)


def forged_root(rng: random.Random, p: Pristine) -> Mutation:
    size, root = rng.choice(list(p.checkpoints)), rng.randbytes(32)
    note = sign_note(Checkpoint(ORIGIN, size, root), [Ed25519Signer.generate(ORIGIN)])
    return Mutation("forged root", [_note(size, note, root)], {"checkpoint-signature"}, size=size)


def split_view(rng: random.Random, p: Pristine) -> Mutation:
    size, root = rng.choice(list(p.checkpoints)), rng.randbytes(32)
    note = sign_note(Checkpoint(ORIGIN, size, root), [p.signer])
    if rng.random() < 0.5:  # shown by the store, in place of the checkpoint it signed
        return Mutation("split view, stored", [_note(size, note, root)], {"split-view"}, size=size)
    return Mutation("split view, presented", [], {"split-view"}, size=size, presented=[note])


def bad_cosignature(rng: random.Random, p: Pristine) -> Mutation:
    size, line = rng.choice(p.cosignatures)
    update = "UPDATE {t}tlog_cosignatures SET line = ? WHERE tree_size = ?"
    sql = ("tlog", update, (_flip_base64(rng, line), size))
    return Mutation("wrong cosignature", [sql], {"cosignature"}, size=size)


KINDS: list[Callable[[random.Random, Pristine], Mutation]] = [
    flip_state,
    delete_event,
    swap_states,
    swap_rows,
    truncate_events,
    truncate_leaves,
    delete_leaf,
    alter_leaf,
    alter_node,
    bad_signature,
    forged_root,
    split_view,
    bad_cosignature,
]


# -- the stores under test ------------------------------------------------------------------------


class SQLiteCopies:
    """Each run on a fresh copy of the two database files of the pristine store."""

    FILES = ("events.sqlite", "tlog.sqlite")

    def __init__(self, pristine: Pristine, tmp: Path) -> None:
        self.pristine, self.base, self.work = pristine, tmp / "pristine", tmp / "copy"
        self.base.mkdir()
        for name in self.FILES:
            source = sqlite3.connect(pristine.settings.data_dir / name)
            with closing(source), closing(sqlite3.connect(self.base / name)) as target:
                source.backup(target)
        self.settings = pristine.settings.model_copy(update={"data_dir": self.work})

    def run(self, mutation: Mutation, page: int, **options: Any) -> Report:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir()
        for name in self.FILES:
            shutil.copyfile(self.base / name, self.work / name)
        for database in ("events", "tlog"):
            statements = [s for s in mutation.statements if s[0] == database]
            if statements:
                with closing(sqlite3.connect(self.work / f"{database}.sqlite")) as connection:
                    for _, sql, params in statements:
                        connection.execute(sql.format(e="stored_events", p="rowid", t=""), params)
                    connection.commit()
        return _verify(self.pristine, self.settings, mutation, page, **options)

    def close(self) -> None:
        """Nothing to close: the copies go with the test's directory."""


class PostgresRollbacks:
    """Each run in a transaction on one connection, rolled back after the verifier read."""

    def __init__(self, pristine: Pristine) -> None:
        self.pristine, settings = pristine, pristine.settings
        self.connection = psycopg.connect(
            host=settings.postgres_host,
            port=settings.postgres_port,
            user=settings.postgres_user,
            dbname=settings.postgres_dbname,
        )
        schema = '"' + settings.postgres_schema + '".'
        self.names = {"e": schema + "ledger_events", "p": "notification_id", "t": schema}

    def run(self, mutation: Mutation, page: int, **options: Any) -> Report:
        try:
            for _, sql, params in mutation.statements:
                self.connection.execute(sql.format(**self.names).replace("?", "%s"), params)
            options["connection"] = self.connection
            return _verify(self.pristine, self.pristine.settings, mutation, page, **options)
        finally:
            self.connection.rollback()

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


Runner = SQLiteCopies | PostgresRollbacks


def _verify(
    p: Pristine, settings: StoreSettings, mutation: Mutation, page: int, **options: Any
) -> Report:
    options.setdefault("key", p.signer.verifier().vkey())
    return verify_store(
        settings,
        TlogSettings(),
        witness_keys=[p.witness],
        checkpoints=mutation.presented,
        progress=False,
        page=page,
        **options,
    )


PRISTINE = Mutation("none", [], set())


@pytest.fixture
def pristine(store: StoreSettings, tmp_path: Path) -> Pristine:
    return build(store, tmp_path / "tlog.key")


@pytest.fixture
def runner(pristine: Pristine, tmp_path: Path) -> Iterator[Runner]:
    copies: Runner
    if pristine.settings.store == "sqlite":
        copies = SQLiteCopies(pristine, tmp_path)
    else:
        copies = PostgresRollbacks(pristine)
    yield copies
    copies.close()


def assert_pristine(report: Report, p: Pristine) -> None:
    assert report.ok, report.problems[:3]
    assert report.problems == []
    assert report.consequences == 0
    assert (report.leaves, report.events) == (len(p.positions), len(p.states))
    assert (report.checkpoints, report.not_yet_appended) == (4, LAG)
    assert "witness.example/tamper cosigned 4 checkpoints" in report.notes


def found_where_made(report: Report, mutation: Mutation) -> bool:
    if report.ok or not report.problems:
        return False
    first = report.problems[0]
    where = (first.leaf_index, first.position, first.size)
    return first.kind in mutation.kinds and where == (
        mutation.leaf_index,
        mutation.position,
        mutation.size,
    )


def test_every_mutation_is_found_at_its_first_bad_position(
    pristine: Pristine, runner: Runner
) -> None:
    rng, pages = random.Random(f"tamper-{pristine.settings.store}"), PAGES[pristine.settings.store]
    counts: dict[str, int] = {}
    missed: list[str] = []
    started = time.monotonic()
    for n in range(MUTATIONS):
        if n % PRISTINE_EVERY == 0:
            assert_pristine(runner.run(PRISTINE, rng.choice(pages)), pristine)
        mutation, page = KINDS[n % len(KINDS)](rng, pristine), rng.choice(pages)
        report = runner.run(mutation, page)
        counts[mutation.name] = counts.get(mutation.name, 0) + 1
        if not found_where_made(report, mutation):
            expected = (mutation.kinds, mutation.leaf_index, mutation.position, mutation.size)
            missed.append(f"{mutation.name}, page {page}: {expected}, {report.problems[:2]}")
    assert_pristine(runner.run(PRISTINE, verify.PAGE), pristine)
    elapsed = time.monotonic() - started
    print(f"{pristine.settings.store}: {sum(counts.values())} mutations in {elapsed:.1f} s", counts)
    assert not missed, "\n".join(missed[:10])
    assert sum(counts.values()) >= 1000
    assert len(counts) >= len(KINDS)


def test_two_worker_processes_hash_as_one_does(
    sqlite_store: StoreSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pristine = build(sqlite_store, tmp_path / "tlog.key")
    copies = SQLiteCopies(pristine, tmp_path)
    monkeypatch.setattr(verify, "POOL_MIN", 0)
    rng = random.Random("tamper-pool")
    assert_pristine(copies.run(PRISTINE, 16), pristine)
    for kind in (flip_state, delete_event, swap_rows, alter_node, truncate_leaves):
        mutation = kind(rng, pristine)
        report = copies.run(mutation, rng.choice((4, 16, 64)))
        assert found_where_made(report, mutation), (mutation, report.problems[:2])


def test_the_command_line_says_ok_or_names_the_first_problem(
    sqlite_store: StoreSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pristine = build(sqlite_store, sqlite_store.data_dir / "tlog.key")
    copies = SQLiteCopies(pristine, tmp_path)
    shutil.copy2(sqlite_store.data_dir / "tlog.key", tmp_path / "tlog.key")
    monkeypatch.setenv("ASSEMBLY_DATA_DIR", str(copies.work))
    rng = random.Random("tamper-cli")

    def cli(mutation: Mutation, *args: str) -> tuple[int, str]:
        copies.run(mutation, verify.PAGE)
        shutil.copy2(tmp_path / "tlog.key", copies.work / "tlog.key")  # the store's own key
        capsys.readouterr()
        code = verify.main(["verify", "--no-progress", *args])
        return code, capsys.readouterr().out

    code, out = cli(PRISTINE, "--witness-key", pristine.witness)
    assert code == 0
    assert out.startswith(f"OK {len(pristine.states)} events, 4 checkpoints, ")
    assert f"note: {LAG} events are not yet appended" in out
    mutation = flip_state(rng, pristine)
    code, out = cli(mutation, "--key", pristine.signer.verifier().vkey())
    assert code == 1
    first = f"event-altered at leaf {mutation.leaf_index}, position {mutation.position}: "
    assert out.splitlines()[1].startswith(first)
    other = Ed25519Signer.generate(ORIGIN).verifier().vkey()
    code, out = cli(PRISTINE, "--key", other, "--json")
    assert code == 1
    assert '"kind": "checkpoint-signature"' in out
    split = split_view(random.Random(1), pristine)
    while not split.presented:
        split = split_view(rng, pristine)
    (tmp_path / "seen.note").write_bytes(split.presented[0])
    code, out = cli(PRISTINE, "--checkpoint", str(tmp_path / "seen.note"))
    assert code == 1
    assert out.splitlines()[1].startswith(f"split-view at checkpoint {split.size}: ")
