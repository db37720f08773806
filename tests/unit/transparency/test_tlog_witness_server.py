"""The witness over HTTP: a real server on a free loopback port, in a thread, for each test."""

from __future__ import annotations

import hashlib
import http.client
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from transparency.checkpoint import Checkpoint, sign_checkpoint
from transparency.cosignature import CosignatureSigner, verify_cosignature
from transparency.merkle import (
    LeafSubtrees,
    MemoryHashSource,
    consistency_proof,
    leaf_hash,
    root_hash,
)
from transparency.note import Ed25519Signer, add_signatures, parse_signature_line
from transparency.witness import AddCheckpointRequest
from transparency.witness_server import LOOPBACK, WitnessHTTPServer, build_witness

ORIGIN = "example.com/log"


class Fixture:
    def __init__(self, tmp_path: Path) -> None:
        self.log = Ed25519Signer.generate(ORIGIN)
        self.cosigner = CosignatureSigner.generate("witness.example/w1")
        self.leaves = MemoryHashSource(leaf_hash(b"%d" % i) for i in range(32))
        key_file = tmp_path / "witness.key"
        key_file.write_text(self.cosigner.skey() + "\n")
        vkey_file = tmp_path / "log.vkey"
        vkey_file.write_text(self.log.verifier().vkey() + "\n")
        witness = build_witness(tmp_path / "state.json", key_file, [str(vkey_file)])
        self.server = WitnessHTTPServer(witness, 0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def checkpoint(self, size: int) -> bytes:
        root = root_hash(LeafSubtrees(self.leaves), size)
        return sign_checkpoint(Checkpoint(ORIGIN, size, root), [self.log])

    def body(self, old: int, size: int) -> bytes:
        proof = consistency_proof(LeafSubtrees(self.leaves), old, size) if old else []
        return AddCheckpointRequest(old, tuple(proof), self.checkpoint(size)).encode()

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection(LOOPBACK, self.server.port, timeout=10)
        try:
            connection.request(method, path, body=body)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", ""), response.read()
        finally:
            connection.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Fixture]:
    fixture = Fixture(tmp_path)
    fixture.thread.start()
    try:
        yield fixture
    finally:
        fixture.server.shutdown()
        fixture.server.server_close()
        fixture.thread.join(timeout=10)


def test_the_server_listens_on_loopback_only(served: Fixture) -> None:
    host, port = served.server.server_address[:2]
    assert host == "127.0.0.1"
    assert port == served.server.port > 0


def test_add_checkpoint_over_http(served: Fixture) -> None:
    status, content_type, body = served.request("POST", "/add-checkpoint", served.body(0, 5))
    assert (status, content_type) == (200, "text/plain; charset=utf-8")
    cosigned = add_signatures(served.checkpoint(5), [parse_signature_line(body.decode()[:-1])])
    assert verify_cosignature(cosigned, served.cosigner.verifier()).name == "witness.example/w1"
    assert served.request("POST", "/add-checkpoint", served.body(5, 9))[0] == 200


def test_conflicts_carry_the_size_and_its_content_type(served: Fixture) -> None:
    served.request("POST", "/add-checkpoint", served.body(0, 7))
    response = served.request("POST", "/add-checkpoint", served.body(3, 9))
    assert response == (409, "text/x.tlog.size", b"7\n")


def test_monitors_can_fetch_the_latest_checkpoint(served: Fixture) -> None:
    path = f"/{hashlib.sha256(ORIGIN.encode()).hexdigest()}/checkpoint"
    assert served.request("GET", path)[0] == 404
    served.request("POST", "/add-checkpoint", served.body(0, 4))
    status, _, body = served.request("GET", path)
    assert status == 200
    assert verify_cosignature(body, served.cosigner.verifier()).timestamp > 0


def test_other_requests_are_refused(served: Fixture) -> None:
    assert served.request("POST", "/elsewhere", b"")[0] == 404
    assert served.request("GET", "/add-checkpoint")[0] == 405
    assert served.request("GET", "/")[0] == 404
    assert served.request("POST", "/add-checkpoint", b"old 0\n\n")[0] == 400


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def test_the_command_line_serves_until_interrupted(tmp_path: Path) -> None:
    fixture = Fixture(tmp_path)
    fixture.server.server_close()  # only its keys and requests are used here
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "transparency.witness_server",
        "--state",
        str(tmp_path / "cli-state.json"),
        "--key",
        str(tmp_path / "witness.key"),
        "--log-key",
        fixture.log.verifier().vkey(),
        "--port",
        str(port),
    ]
    root = Path(__file__).resolve().parents[3]
    process = subprocess.Popen(command, cwd=root, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection((LOOPBACK, port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "the witness exited early"
                assert time.monotonic() < deadline, "the witness did not start listening"
                time.sleep(0.1)
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=10)
        connection.request("POST", "/add-checkpoint", body=fixture.body(0, 3))
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0
    assert f"on 127.0.0.1:{port}".encode() in stderr
