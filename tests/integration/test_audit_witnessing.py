"""Two real witnesses on loopback cosign the ledger's growing checkpoints; split views fail."""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from audit.appender import Appender
from audit.checkpoints import load_or_create_key, sign_checkpoint
from audit.settings import WitnessSpec
from audit.store import TlogStore, open_tlog
from audit.witnessing import (
    SplitViewError,
    WitnessClient,
    WitnessRefused,
    cosigned_note,
    witness_latest,
    witness_note,
)
from domain.application import Ledger
from domain.composition.commands import AdmitMember, EstablishBodies
from infra.settings import StoreSettings
from infra.storage import open_ledger
from tests.support.samples import CLERK, decree, register
from transparency.checkpoint import Checkpoint
from transparency.checkpoint import sign_checkpoint as sign_checkpoint_note
from transparency.cosignature import CosignatureSigner, CosignatureVerifier, verify_cosignature
from transparency.note import Ed25519Signer, open_note
from transparency.witness import AddCheckpointRequest, StateFile, Witness
from transparency.witness_server import WitnessHTTPServer

ORIGIN = "assembly-ledger.local/log"
DAY = date(2025, 5, 5)


@dataclass
class Served:
    server: WitnessHTTPServer
    thread: threading.Thread
    vkey: str

    def client(self) -> WitnessClient:
        spec = WitnessSpec(url=f"http://127.0.0.1:{self.server.port}/", vkey=self.vkey)
        return WitnessClient.from_spec(spec, timeout=10)


@dataclass
class Log:
    ledger: Ledger
    tlog: TlogStore
    signer: Ed25519Signer
    witnesses: list[Served] = field(default_factory=list)
    members: int = 0

    def grow(self, n: int = 2) -> None:
        for _ in range(n):
            person = register(self.ledger, f"Sample Member {self.members}")
            self.members += 1
            admit = AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY)
            self.ledger.execute(admit, CLERK)
        Appender(self.ledger.recorder, self.tlog).run_once()

    def sign(self) -> int:
        stored = sign_checkpoint(self.tlog, self.signer)
        assert stored is not None
        return stored.size

    def serve(self, tmp_path: Path, name: str) -> Served:
        cosigner = CosignatureSigner.generate(name)
        state = StateFile(tmp_path / f"{name.replace('/', '_')}.json")
        witness = Witness(cosigner, {ORIGIN: [self.signer.verifier()]}, state)
        server = WitnessHTTPServer(witness, 0)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        served = Served(server, thread, cosigner.verifier().vkey())
        self.witnesses.append(served)
        return served


@pytest.fixture
def log(store: StoreSettings, tmp_path: Path) -> Iterator[Log]:
    ledger = open_ledger(store)
    ledger.execute(EstablishBodies(), CLERK)
    tlog = open_tlog(store)
    world = Log(ledger, tlog, load_or_create_key(tmp_path / "tlog.key", ORIGIN))
    yield world
    for served in world.witnesses:
        served.server.shutdown()
        served.server.server_close()
        served.thread.join(timeout=10)
    tlog.close()
    ledger.close()


def test_two_witnesses_cosign_every_growing_checkpoint(log: Log, tmp_path: Path) -> None:
    clients = [log.serve(tmp_path, f"witness.example/w{i}").client() for i in (1, 2)]
    sizes = []
    for _ in range(3):
        log.grow()
        size = log.sign()
        sizes.append(size)
        done = witness_latest(log.tlog, clients)
        assert set(done) == {"witness.example/w1", "witness.example/w2"}
        assert set(log.tlog.cosignatures(size)) == set(done)
        assert all(log.tlog.last_cosigned_size(c.name) == size for c in clients)
    assert witness_latest(log.tlog, clients) == log.tlog.cosignatures(sizes[-1])  # no resend
    for size in sizes:
        note = cosigned_note(log.tlog, size)
        assert note is not None
        for client in clients:
            cosignature = verify_cosignature(
                note, CosignatureVerifier.from_vkey(client.verifier.vkey())
            )
            assert cosignature.name == client.name
        opened = open_note(note, [log.signer.verifier()])
        assert len(opened.unverified) == 2  # the log's key vouches; the witnesses' are extra


def test_a_witness_holding_another_size_answers_409_and_gets_a_proof_from_it(
    log: Log, tmp_path: Path
) -> None:
    client = log.serve(tmp_path, "witness.example/w1").client()
    log.grow()
    first = log.tlog.checkpoint(log.sign())
    assert first is not None
    # The witness learns of this checkpoint behind the ledger's back, so the ledger's record of
    # what it cosigned (nothing) is stale.
    status, _ = client.add_checkpoint(AddCheckpointRequest(0, (), first.note))
    assert status == 200
    assert log.tlog.last_cosigned_size(client.name) == 0
    log.grow()
    second = log.sign()
    assert witness_latest(log.tlog, [client]).keys() == {client.name}
    assert log.tlog.last_cosigned_size(client.name) == second


def test_a_split_view_is_refused_by_the_witness_and_not_stored(log: Log, tmp_path: Path) -> None:
    client = log.serve(tmp_path, "witness.example/w1").client()
    log.grow()
    size = log.sign()
    witness_latest(log.tlog, [client])
    genuine = log.tlog.cosignatures(size)
    forged_root = hashlib.sha256(b"another history").digest()
    forged = sign_checkpoint_note(Checkpoint(ORIGIN, size, forged_root), [log.signer])
    with pytest.raises(WitnessRefused) as refused:
        witness_note(log.tlog, client, forged)
    assert refused.value.status == 422
    # A larger forged tree, with the genuine proof from the size the witness holds.
    log.grow()
    larger = sign_checkpoint_note(
        Checkpoint(ORIGIN, log.tlog.tree_size(), forged_root), [log.signer]
    )
    with pytest.raises(WitnessRefused) as refused_again:
        witness_note(log.tlog, client, larger)
    assert refused_again.value.status == 422
    assert log.tlog.cosignatures(size) == genuine
    assert log.tlog.checkpoint_sizes() == [size]
    assert log.tlog.last_cosigned_size(client.name) == size


def test_a_cosignature_over_a_checkpoint_the_log_did_not_store_is_not_kept(
    log: Log, tmp_path: Path
) -> None:
    log.grow()
    size = log.sign()
    naive = log.serve(tmp_path, "witness.example/naive").client()  # has seen nothing of the log
    forged_root = hashlib.sha256(b"another history").digest()
    forged = sign_checkpoint_note(Checkpoint(ORIGIN, size, forged_root), [log.signer])
    with pytest.raises(SplitViewError, match="did not store"):
        witness_note(log.tlog, naive, forged)
    assert log.tlog.cosignatures(size) == {}


def test_an_unreachable_witness_is_skipped_and_tried_again_later(log: Log, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    vkey = CosignatureSigner.generate("witness.example/gone").verifier().vkey()
    gone = WitnessClient.from_spec(WitnessSpec(url=f"http://127.0.0.1:{closed_port}", vkey=vkey))
    up = log.serve(tmp_path, "witness.example/w1").client()
    log.grow()
    size = log.sign()
    assert set(witness_latest(log.tlog, [gone, up])) == {up.name}
    assert set(log.tlog.cosignatures(size)) == {up.name}
