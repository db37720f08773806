"""The standalone verifier runs where the project never was: a fresh venv with only `cryptography`.

A new virtual environment gets `cryptography` from PyPI and nothing else; `verify_bundle.py` and a
bundle are copied beside it, away from the repository, and run in isolated mode (`-I`: no
PYTHONPATH, no user site, no script directory on the path but its own file).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from uuid import UUID

from audit.bundle_format import StoredEvent, write_bundle
from transparency.cosignature import CosignatureSigner
from transparency.note import Ed25519Signer

VERIFIER = Path(__file__).resolve().parents[2] / "audit" / "verify_bundle.py"
CRYPTOGRAPHY = "cryptography==50.0.2"
CRYPTOGRAPHY_AND_ITS_DEPENDENCIES = {"cryptography", "cffi", "pycparser"}
SIZE = 300


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin") / name


def _run(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _build(directory: Path) -> tuple[CosignatureSigner, ...]:
    rng = random.Random(10)
    events = [
        StoredEvent(3 * i + 1, UUID(int=rng.getrandbits(128)), 1, "assembly:x", rng.randbytes(60))
        for i in range(SIZE)
    ]
    witnesses = (CosignatureSigner.generate("w1.example"), CosignatureSigner.generate("w2.example"))
    write_bundle(
        directory,
        events,
        Ed25519Signer.generate("assembly-ledger.local/log"),
        regulation_text="Regulation\n",
        rulebook_version="decree-747",
        checkpoint_sizes=(10, 128, 250),
        cosigners=witnesses,
        view_digests={SIZE: {"composition": "0" * 64}},
    )
    return witnesses


def test_the_verifier_runs_in_a_clean_venv_with_only_cryptography(tmp_path: Path) -> None:
    venv, auditor = tmp_path / "venv", tmp_path / "auditor"
    created = _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    python = _bin(venv, "python")
    pip: list[str | Path] = [python, "-m", "pip", "--disable-pip-version-check"]
    installed = _run(*pip, "install", "-q", CRYPTOGRAPHY, cwd=tmp_path, timeout=180)
    assert installed.returncode == 0, installed.stderr
    frozen = _run(*pip, "freeze", cwd=tmp_path).stdout.split()
    names = {line.split("==")[0].lower() for line in frozen}
    assert names <= CRYPTOGRAPHY_AND_ITS_DEPENDENCIES, frozen
    isolated = _run(python, "-I", "-c", "import transparency", cwd=tmp_path)
    assert isolated.returncode != 0, "the clean venv must not see the project"

    auditor.mkdir()
    shutil.copy(VERIFIER, auditor / "verify_bundle.py")
    witnesses = _build(auditor / "bundle")
    keys = [f"--witness-key={w.verifier().vkey()}" for w in witnesses]
    command: list[str | Path] = [
        python,
        "-I",
        "verify_bundle.py",
        "bundle",
        *keys,
        "--every-checkpoint",
    ]

    accepted = _run(*command, cwd=auditor)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert accepted.stdout.startswith(f"OK {SIZE} leaves, 4 checkpoints, witnesses: w1.example")

    events = auditor / "bundle" / "events.jsonl"
    lines = events.read_bytes().splitlines(keepends=True)
    record = json.loads(lines[200])
    record["topic"] = "assembly:y"
    lines[200] = json.dumps(record).encode() + b"\n"
    events.write_bytes(b"".join(lines))
    rejected = _run(*command, "--json", cwd=auditor)
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr
    report = json.loads(rejected.stdout)
    assert report["ok"] is False
    assert report["first_bad_leaf"]["leaf_index"] == 200
    assert report["first_bad_leaf"]["position"] == 601
