"""The tlog-witness `add-checkpoint` call: what the witness cosigns, refuses, and remembers."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from pathlib import Path

import pytest

from transparency.checkpoint import Checkpoint, sign_checkpoint
from transparency.cosignature import CosignatureSigner, verify_cosignature
from transparency.merkle import (
    EMPTY_ROOT,
    LeafSubtrees,
    MemoryHashSource,
    consistency_proof,
    leaf_hash,
    root_hash,
)
from transparency.note import (
    Ed25519Signer,
    Signature,
    add_signatures,
    open_note,
    parse_note,
    parse_signature_line,
)
from transparency.witness import (
    MAX_PROOF_LINES,
    SIZE_CONTENT_TYPE,
    AddCheckpointRequest,
    StateFile,
    Witness,
    WitnessStateError,
)

ORIGIN = "example.com/log"
NOW = 1_700_000_000


class Log:
    """A log with a Merkle tree of numbered entries and a signing key."""

    def __init__(self, origin: str = ORIGIN) -> None:
        self.signer = Ed25519Signer.generate(origin)
        self.origin = origin
        self.leaves = MemoryHashSource(leaf_hash(b"entry %d" % i) for i in range(64))

    def root(self, size: int) -> bytes:
        return root_hash(LeafSubtrees(self.leaves), size)

    def checkpoint(self, size: int, root: bytes | None = None) -> bytes:
        body = Checkpoint(self.origin, size, self.root(size) if root is None else root)
        return sign_checkpoint(body, [self.signer])

    def request(self, old: int, size: int, proof: list[bytes] | None = None) -> bytes:
        if proof is None:
            proof = consistency_proof(LeafSubtrees(self.leaves), old, size) if old else []
        return AddCheckpointRequest(old, tuple(proof), self.checkpoint(size)).encode()


@pytest.fixture
def log() -> Log:
    return Log()


@pytest.fixture
def witness_key() -> CosignatureSigner:
    return CosignatureSigner.generate("witness.example/w1", clock=lambda: NOW)


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "witness" / "state.json"


@pytest.fixture
def witness(log: Log, witness_key: CosignatureSigner, state_path: Path) -> Witness:
    return Witness(witness_key, {ORIGIN: [log.signer.verifier()]}, StateFile(state_path))


def test_the_first_checkpoint_is_cosigned(
    log: Log, witness: Witness, witness_key: CosignatureSigner, state_path: Path
) -> None:
    status, body = witness.add_checkpoint(log.request(0, 5))
    assert status == 200
    assert body.startswith("\u2014 witness.example/w1 ".encode())
    assert body.endswith(b"\n")
    assert body.count(b"\n") == 1
    # The response lines are appended to the checkpoint, as the protocol tells clients to do.
    cosigned = add_signatures(log.checkpoint(5), [parse_signature_line(body.decode()[:-1])])
    cosignature = verify_cosignature(cosigned, witness_key.verifier())
    assert cosignature.timestamp == NOW
    record = json.loads(state_path.read_text())["logs"][ORIGIN]
    assert record["size"] == 5
    assert base64.b64decode(record["root_hash"]) == log.root(5)


def test_consistent_growth_is_cosigned(log: Log, witness: Witness) -> None:
    assert witness.add_checkpoint(log.request(0, 3)).status == 200
    assert witness.add_checkpoint(log.request(3, 8)).status == 200
    assert witness.add_checkpoint(log.request(8, 8)).status == 200  # the same tree again
    assert witness.add_checkpoint(log.request(8, 33)).status == 200


def test_a_stale_old_size_gets_409_with_the_known_size(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(0, 10))
    response = witness.add_checkpoint(log.request(4, 12))
    assert response == (409, b"10\n")
    assert response.content_type == SIZE_CONTENT_TYPE == "text/x.tlog.size"
    assert witness.add_checkpoint(log.request(0, 12)).status == 409


def test_a_rollback_is_refused(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(0, 10))
    # A smaller tree, claimed from what the witness holds: old size above the checkpoint's.
    assert witness.add_checkpoint(_body(10, [], log.checkpoint(6))).status == 400
    # ... or from an older size: a conflict that tells the log what the witness has.
    assert witness.add_checkpoint(log.request(6, 6)) == (409, b"10\n")


def _body(old: int, proof: list[bytes], checkpoint: bytes) -> bytes:
    return AddCheckpointRequest(old, tuple(proof), checkpoint).encode()


def test_a_wrong_log_signature_gets_403(log: Log, witness: Witness) -> None:
    impostor = Log()  # same origin and key name, another key: an unknown signer
    assert witness.add_checkpoint(impostor.request(0, 5)).status == 403
    good = parse_note(log.checkpoint(5))
    sig = good.signatures[0]
    forged = Signature(sig.name, sig.key_id, bytes(len(sig.signature)))  # the trusted key's ID
    note = good.text.encode() + b"\n" + forged.line().encode()
    assert witness.add_checkpoint(_body(0, [], note)).status == 403
    # A valid log signature next to a forged one of the same key is still refused.
    both = log.checkpoint(5) + forged.line().encode()
    assert witness.add_checkpoint(_body(0, [], both)).status == 403


def test_an_unknown_origin_gets_404(witness: Witness) -> None:
    other = Log("example.com/other-log")
    assert witness.add_checkpoint(other.request(0, 5)).status == 404


def test_a_split_view_at_the_same_size_gets_422(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(0, 10))
    other_root = hashlib.sha256(b"another tree of size 10").digest()
    split = _body(10, [], log.checkpoint(10, other_root))
    assert witness.add_checkpoint(split).status == 422


def test_a_bad_consistency_proof_gets_422(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(0, 10))
    proof = consistency_proof(LeafSubtrees(log.leaves), 10, 20)
    proof[0] = bytes(32)
    assert witness.add_checkpoint(_body(10, proof, log.checkpoint(20))).status == 422
    # A well-formed proof for a tree that does not extend the one the witness saw.
    forked = Log()
    forked.signer = log.signer
    forked.leaves = MemoryHashSource(leaf_hash(b"fork %d" % i) for i in range(64))
    assert witness.add_checkpoint(forked.request(10, 20)).status == 422
    assert witness.add_checkpoint(log.request(10, 20)).status == 200


def test_old_size_zero_takes_no_proof(log: Log, witness: Witness) -> None:
    proof = consistency_proof(LeafSubtrees(log.leaves), 1, 5)
    assert witness.add_checkpoint(_body(0, proof, log.checkpoint(5))).status == 422


def test_an_empty_tree_must_have_the_empty_root(log: Log, witness: Witness) -> None:
    wrong = _body(0, [], log.checkpoint(0, hashlib.sha256(b"x").digest()))
    assert witness.add_checkpoint(wrong).status == 422
    assert log.root(0) == EMPTY_ROOT
    assert witness.add_checkpoint(log.request(0, 0)).status == 200


@pytest.mark.parametrize(
    "prefix",
    [
        b"",  # no old size line
        b"old 01\n\n",  # leading zero
        b"old -1\n\n",
        b"old 5",  # no newline
        b"new 0\n\n",
        b"old 0\nnot base64!\n\n",
        b"old 0\nAAAA\n\n",  # a proof line that is no SHA-256 hash
        b"old 0\n" + (base64.b64encode(bytes(32)) + b"\n") * (MAX_PROOF_LINES + 1) + b"\n",
    ],
)
def test_malformed_requests_get_400(log: Log, witness: Witness, prefix: bytes) -> None:
    assert witness.add_checkpoint(prefix + log.checkpoint(5)).status == 400


def test_a_malformed_checkpoint_gets_400(log: Log, witness: Witness) -> None:
    note = log.checkpoint(5).replace(b"\n5\n", b"\n05\n")
    assert witness.add_checkpoint(b"old 0\n\n" + note).status == 400
    assert witness.add_checkpoint(b"old 0\n\nno signatures\n").status == 400


def test_the_record_survives_a_restart(
    log: Log, witness: Witness, witness_key: CosignatureSigner, state_path: Path
) -> None:
    witness.add_checkpoint(log.request(0, 7))
    again = Witness(witness_key, {ORIGIN: [log.signer.verifier()]}, StateFile(state_path))
    assert again.add_checkpoint(log.request(0, 9)) == (409, b"7\n")
    assert again.add_checkpoint(log.request(7, 9)).status == 200
    assert [p.name for p in state_path.parent.iterdir()] == ["state.json"]  # no temporary left


def test_a_corrupt_state_file_stops_the_witness(log: Log, state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    for content in ["{", "[]", '{"version": 1, "logs": {"x": {"size": 1}}}']:
        state_path.write_text(content)
        with pytest.raises(WitnessStateError):
            StateFile(state_path).load()


def test_the_monitoring_endpoint_serves_the_cosigned_checkpoint(
    log: Log, witness: Witness, witness_key: CosignatureSigner
) -> None:
    origin_hash = hashlib.sha256(ORIGIN.encode()).hexdigest()
    assert witness.latest_checkpoint(origin_hash).status == 404
    witness.add_checkpoint(log.request(0, 4))
    status, body = witness.latest_checkpoint(origin_hash)
    assert status == 200
    opened = open_note(body, [log.signer.verifier(), witness_key.verifier()])
    assert opened.text == Checkpoint(ORIGIN, 4, log.root(4)).text()
    assert len(opened.verified) == 2


def test_concurrent_requests_cannot_roll_the_record_back(log: Log, witness: Witness) -> None:
    witness.add_checkpoint(log.request(0, 10))
    bodies = [log.request(10, size) for size in range(11, 19)]
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda b=b: statuses.append(witness.add_checkpoint(b).status))
        for b in bodies
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Every request starts from size 10: exactly one can win, the others learn the new size.
    assert sorted(statuses) == [200] + [409] * 7
