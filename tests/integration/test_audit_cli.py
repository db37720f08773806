"""`python -m audit key | checkpoint | run` as separate processes on a real store."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from audit.store import TlogStore, open_tlog
from audit.witnessing import cosigned_note
from domain.application import Ledger
from domain.composition.commands import EstablishBodies
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.runner import ProjectionRunner
from tests.support.samples import CLERK, register
from transparency.checkpoint import Checkpoint
from transparency.cosignature import CosignatureSigner, verify_cosignature
from transparency.note import Ed25519Verifier, open_note
from transparency.witness import StateFile, Witness
from transparency.witness_server import WitnessHTTPServer

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "assembly-ledger.local/log"


def environment(settings: StoreSettings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLY_")}
    env.update({f"ASSEMBLY_{k.upper()}": str(v) for k, v in settings.model_dump().items()})
    env.update(extra)
    env["PYTHONPATH"] = str(ROOT)
    return env


def audit(settings: StoreSettings, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "audit", *args],
        env=environment(settings, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def ledger(store: StoreSettings, tmp_path: Path) -> Iterator[Ledger]:
    app = open_ledger(store)
    app.execute(EstablishBodies(), CLERK)
    yield app
    app.close()


def key_file_env(tmp_path: Path) -> dict[str, str]:
    return {"ASSEMBLY_TLOG_KEY_FILE": str(tmp_path / "keys" / "tlog.key")}


def test_key_and_checkpoint_print_a_note_the_key_verifies(
    store: StoreSettings, ledger: Ledger, tmp_path: Path
) -> None:
    env = key_file_env(tmp_path)
    key = audit(store, "key", **env)
    assert key.returncode == 0, key.stderr
    vkey = key.stdout.strip()
    assert vkey.startswith(ORIGIN + "+")
    assert stat.S_IMODE((tmp_path / "keys" / "tlog.key").stat().st_mode) == 0o600
    made = audit(store, "checkpoint", **env)
    assert made.returncode == 0, made.stderr
    opened = open_note(made.stdout.encode(), [Ed25519Verifier.from_vkey(vkey)])
    size = len(ledger.recorder.select_notifications(start=1, limit=10**6))
    assert Checkpoint.parse(opened.text).size == size
    assert audit(store, "key", **env).stdout.strip() == vkey  # the same key, not a new one


def test_checkpoint_on_an_empty_log_signs_nothing(store: StoreSettings, tmp_path: Path) -> None:
    made = audit(store, "checkpoint", **key_file_env(tmp_path))
    assert made.returncode == 1
    assert "empty" in made.stderr


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def covered(tlog: TlogStore, size: int, witness: str) -> bool:
    latest = tlog.latest_checkpoint()
    return (
        latest is not None
        and latest.size == size
        and witness in tlog.cosignatures(size)
        and "composition" in tlog.view_digests(size)
    )


def test_run_appends_signs_witnesses_and_digests_until_sigterm(
    store: StoreSettings, ledger: Ledger, tmp_path: Path
) -> None:
    env = key_file_env(tmp_path)
    vkey = audit(store, "key", **env).stdout.strip()
    cosigner = CosignatureSigner.generate("witness.example/w1")
    witness = Witness(
        cosigner, {ORIGIN: [Ed25519Verifier.from_vkey(vkey)]}, StateFile(tmp_path / "w.json")
    )
    server = WitnessHTTPServer(witness, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    witnesses = [{"url": f"http://127.0.0.1:{server.port}", "vkey": cosigner.verifier().vkey()}]
    env |= {"ASSEMBLY_TLOG_INTERVAL": "0.2", "ASSEMBLY_TLOG_WITNESSES": json.dumps(witnesses)}
    view = open_composition_view(store)
    runner = ProjectionRunner(ledger.recorder, ledger.mapper, view)
    runner.run_once()
    tlog = open_tlog(store)
    process = subprocess.Popen(
        [sys.executable, "-m", "audit", "run"], env=environment(store, **env), cwd=ROOT
    )
    try:
        size = len(ledger.recorder.select_notifications(start=1, limit=10**6))
        wait_for(lambda: covered(tlog, size, cosigner.name))
        # PRIVATE+KEY+name+id+base64: the base64 part may itself hold plus signs.
        secret = (tmp_path / "keys" / "tlog.key").read_text().strip().split("+", 4)[-1]
        assert len(secret) == 44
        assert secret not in Path(f"/proc/{process.pid}/environ").read_text(errors="replace")
        register(ledger, "Sample Member Later")
        runner.run_once()
        wait_for(lambda: covered(tlog, size + 1, cosigner.name))
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    note = cosigned_note(tlog, size + 1)
    assert note is not None
    verify_cosignature(note, cosigner.verifier())
    assert tlog.checkpoint_sizes() == [size, size + 1]
    tlog.close()
