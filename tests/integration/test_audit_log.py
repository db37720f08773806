"""The verifiable log over a real ledger, on SQLite and PostgreSQL: tree, resumption, proofs."""

from __future__ import annotations

import base64
import math
import random
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import (
    ApplicationRecorder,
    Notification,
    OperationalError,
    ProgrammingError,
)

from audit import schema
from audit.appender import Appender, OutOfOrderError
from audit.checkpoints import load_or_create_key, run_signing, sign_checkpoint, verifier_key
from audit.leaves import decode_leaf, encode_leaf, leaf_hash
from audit.store import StoredCheckpoint, TlogStore, open_tlog
from domain.application import Ledger
from domain.composition.commands import AdmitMember, EstablishBodies
from infra.settings import StoreSettings
from infra.storage import open_ledger
from tests.support.samples import CLERK, decree, keyed, register
from transparency.checkpoint import Checkpoint, open_checkpoint
from transparency.merkle import (
    consistency_proof,
    inclusion_proof,
    merkle_root,
    verify_consistency,
    verify_inclusion,
)
from transparency.note import Ed25519Signer, Ed25519Verifier, open_note

ORIGIN = "assembly-ledger.local/log"
DAY = date(2025, 5, 5)


@dataclass
class World:
    ledger: Ledger
    tlog: TlogStore
    settings: StoreSettings
    signer: Ed25519Signer

    def notifications(self) -> list[Notification]:
        return list(self.ledger.recorder.select_notifications(start=1, limit=10**6))

    def expected_root(self) -> bytes:
        return merkle_root([leaf_hash(n) for n in self.notifications()])


@pytest.fixture
def world(store: StoreSettings, tmp_path: Path) -> Iterator[World]:
    ledger = open_ledger(store)
    ledger.execute(EstablishBodies(), keyed("audit-establish"))
    tlog = open_tlog(store)
    yield World(ledger, tlog, store, load_or_create_key(tmp_path / "tlog.key", ORIGIN))
    tlog.close()
    ledger.close()


def add_members(ledger: Ledger, n: int, prefix: str) -> None:
    for i in range(n):
        person = register(ledger, f"Sample {prefix} {i}")
        provenance = keyed(f"{prefix}-{i}") if i % 2 else CLERK
        ledger.execute(
            AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY),
            provenance,
        )


def test_the_tree_holds_every_notification_in_log_order_bookkeeping_too(world: World) -> None:
    add_members(world.ledger, 6, "Member")
    appender = Appender(world.ledger.recorder, world.tlog, batch_size=4)
    notifications = world.notifications()
    assert appender.run_once() == len(notifications)
    assert appender.run_once() == 0
    assert world.tlog.tree_size() == len(notifications)
    assert world.tlog.root_hash() == world.expected_root()
    stored = world.tlog.leaves(0, len(notifications))
    assert [leaf.position for leaf in stored] == [n.id for n in notifications]
    assert [leaf.hash for leaf in stored] == [leaf_hash(n) for n in notifications]
    bookkeeping = [n for n in notifications if n.topic.startswith("ledger:")]
    assert len(bookkeeping) == 4  # EstablishBodies and three keyed admissions
    for n in bookkeeping:
        index = world.tlog.leaf_index_of(n.id)
        assert index is not None
        assert decode_leaf(encode_leaf(n)).topic == "ledger:IdempotencyRecord.Remembered"
    add_members(world.ledger, 3, "Later")
    assert appender.run_once() == 7  # three persons, three admissions, one keyed
    assert world.tlog.root_hash() == world.expected_root()
    assert world.tlog.last_position() == world.notifications()[-1].id


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs."""


class CrashingRecorder:
    """The ledger's recorder, until the process `dies` at a given select."""

    def __init__(self, recorder: ApplicationRecorder, die_at: int) -> None:
        self.recorder = recorder
        self.calls = 0
        self.die_at = die_at

    def select_notifications(self, *args: Any, **kwargs: Any) -> Sequence[Notification]:
        self.calls += 1
        if self.calls == self.die_at:
            raise Crash
        return self.recorder.select_notifications(*args, **kwargs)


def test_a_crash_between_batches_loses_nothing_and_repeats_nothing(world: World) -> None:
    add_members(world.ledger, 5, "Member")
    crashing = CrashingRecorder(world.ledger.recorder, die_at=3)
    with pytest.raises(Crash):
        Appender(crashing, world.tlog, batch_size=5).run_once()  # type: ignore[arg-type]
    assert world.tlog.tree_size() == 10
    world.tlog.close()
    reopened = open_tlog(world.settings)
    world.tlog = reopened
    appended = Appender(world.ledger.recorder, reopened, batch_size=5).run_once()
    assert appended == len(world.notifications()) - 10
    assert reopened.root_hash() == world.expected_root()


def test_a_batch_that_fails_before_commit_leaves_nothing_behind(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_members(world.ledger, 2, "Member")
    appender = Appender(world.ledger.recorder, world.tlog, batch_size=100)
    # The tracking write comes after the leaves and nodes of the batch: make it fail.
    monkeypatch.setattr(schema, "UPSERT_TRACKING", "INSERT INTO {t}no_such_table VALUES (?, ?)")
    with pytest.raises((OperationalError, ProgrammingError)):
        appender.run_once()
    assert world.tlog.tree_size() == 0
    assert world.tlog.last_position() == 0
    monkeypatch.undo()
    assert Appender(world.ledger.recorder, world.tlog).run_once() == len(world.notifications())
    assert world.tlog.root_hash() == world.expected_root()


def test_two_appenders_on_one_store_never_append_a_notification_twice(world: World) -> None:
    first = Appender(world.ledger.recorder, world.tlog, batch_size=5)
    second = Appender(world.ledger.recorder, world.tlog, batch_size=5)
    second.run_once()  # it now holds the frontier and position of this size in memory
    add_members(world.ledger, 4, "Member")
    assert first.run_once() == 10
    add_members(world.ledger, 2, "Later")
    # Its next batch collides with what `first` committed; it resumes from the store instead.
    assert second.run_once() == 5
    assert world.tlog.tree_size() == len(world.notifications())
    assert world.tlog.root_hash() == world.expected_root()


class ReorderingRecorder:
    """Hands over the log's notifications with two of them swapped."""

    def __init__(self, notifications: list[Notification], swap: int) -> None:
        self.notifications = notifications
        self.notifications[swap], self.notifications[swap + 1] = (
            self.notifications[swap + 1],
            self.notifications[swap],
        )

    def select_notifications(self, start: int, limit: int) -> Sequence[Notification]:
        found = [n for n in self.notifications if n.id >= start]
        return found[:limit]


def test_a_notification_out_of_order_stops_the_appender_naming_its_position(
    world: World,
) -> None:
    notifications = world.notifications()
    reordered = ReorderingRecorder(list(notifications), swap=6)
    appender = Appender(reordered, world.tlog, batch_size=3)  # type: ignore[arg-type]
    with pytest.raises(OutOfOrderError) as refused:
        appender.run_once()
    assert refused.value.position == notifications[6].id
    assert refused.value.after == notifications[7].id
    assert str(notifications[6].id) in str(refused.value)
    assert world.tlog.tree_size() == 6  # the batches before the bad one, and nothing of it


def test_a_notification_at_or_below_the_last_leaf_is_refused(world: World) -> None:
    notifications = world.notifications()
    Appender(world.ledger.recorder, world.tlog).run_once()
    replaying = ReorderingRecorder(list(notifications), swap=0)
    replaying.select_notifications = lambda start, limit: notifications[-1:]  # type: ignore[method-assign]
    with pytest.raises(OutOfOrderError, match=f"position {notifications[-1].id} is not after"):
        Appender(replaying, world.tlog).run_once()  # type: ignore[arg-type]
    assert world.tlog.tree_size() == len(notifications)


def signed(world: World) -> tuple[StoredCheckpoint, Checkpoint]:
    stored = sign_checkpoint(world.tlog, world.signer)
    assert stored is not None
    verifier = Ed25519Verifier.from_vkey(verifier_key(world.signer))
    checkpoint, _ = open_checkpoint(stored.note, [verifier], origin=ORIGIN)
    return stored, checkpoint


def test_checkpoints_verify_with_the_published_key_and_are_signed_only_on_growth(
    world: World,
) -> None:
    assert sign_checkpoint(world.tlog, world.signer) is None  # nothing appended yet
    Appender(world.ledger.recorder, world.tlog).run_once()
    stored, checkpoint = signed(world)
    verified = open_note(stored.note, [Ed25519Verifier.from_vkey(verifier_key(world.signer))])
    size = len(world.notifications())
    root = base64.b64encode(world.expected_root()).decode()
    assert verified.text == f"{ORIGIN}\n{size}\n{root}\n"  # no extension lines
    assert checkpoint == Checkpoint(ORIGIN, size, world.expected_root())
    assert sign_checkpoint(world.tlog, world.signer) == stored
    add_members(world.ledger, 1, "Member")
    Appender(world.ledger.recorder, world.tlog).run_once()
    grown, _ = signed(world)
    assert grown.size == size + 2
    assert world.tlog.checkpoint_sizes() == [size, size + 2]


def test_inclusion_and_consistency_proofs_from_stored_nodes_verify(world: World) -> None:
    add_members(world.ledger, 10, "Member")
    appender = Appender(world.ledger.recorder, world.tlog, batch_size=9)
    appender.run_once()
    _, first = signed(world)
    add_members(world.ledger, 7, "Later")
    appender.run_once()
    _, second = signed(world)
    notifications = world.notifications()
    assert second.size == len(notifications) > first.size
    rng = random.Random(10)
    for checkpoint in (first, second):
        n = checkpoint.size
        for index in rng.sample(range(n), 12):
            source = world.tlog.subtrees()
            proof = inclusion_proof(source, index, n)
            assert len(proof) <= math.ceil(math.log2(n)) + 1
            assert source.reads <= 2 * math.ceil(math.log2(n)) + 2
            verify_inclusion(leaf_hash(notifications[index]), index, n, proof, checkpoint.root_hash)
    proof = consistency_proof(world.tlog.subtrees(), first.size, second.size)
    verify_consistency(first.size, second.size, proof, first.root_hash, second.root_hash)


def test_the_signing_loop_signs_as_the_tree_grows(world: World) -> None:
    appender = Appender(world.ledger.recorder, world.tlog)
    appender.run_once()
    seen: list[int] = []
    stop = threading.Event()

    def then(checkpoint: StoredCheckpoint) -> None:
        seen.append(checkpoint.size)
        if len(set(seen)) == 1 and len(seen) == 2:
            add_members(world.ledger, 1, "Member")
            appender.run_once()
        if len(set(seen)) == 2:
            stop.set()

    thread = threading.Thread(
        target=run_signing,
        args=(world.tlog, world.signer, stop),
        kwargs={"interval": 0.01, "then": then},
    )
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert sorted(set(seen)) == world.tlog.checkpoint_sizes()
    assert len(world.tlog.checkpoint_sizes()) == 2
