"""Published vectors: RFC 9162 Merkle proofs (transparency-dev/merkle) and the signed-note example.

The vectors live in `shared/vectors/` beside the repository; a missing folder fails these tests
rather than skipping them.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from transparency.merkle import ProofError, verify_consistency, verify_inclusion
from transparency.note import (
    BadSignatureError,
    Ed25519Signer,
    Ed25519Verifier,
    NoteFormatError,
    UntrustedNoteError,
    open_note,
)

VECTORS = Path(__file__).resolve().parents[3].parent / "shared" / "vectors"
MERKLE = VECTORS / "rfc9162-merkle"
NOTE = VECTORS / "signed-note"
# (valid, must-reject) case counts of transparency-dev/merkle testdata at commit 417fb0c.
EXPECTED_COUNTS = {"inclusion": (6, 92), "consistency": (6, 92)}


def _cases(kind: str) -> list[Path]:
    # An absent folder still yields one case, which then fails: pytest would skip an empty list.
    return sorted((MERKLE / kind).rglob("*.json")) or [MERKLE / kind / "MISSING.json"]


def _case_id(path: Path) -> str:
    return str(path.relative_to(MERKLE))


def _load(path: Path) -> dict[str, Any]:
    assert path.is_file(), f"test vector {path} is missing: shared/ must sit beside the repository"
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def _hashes(proof: list[str] | None) -> list[bytes]:
    return [_b64(h) for h in proof or []]


@pytest.mark.parametrize("kind", sorted(EXPECTED_COUNTS))
def test_every_vector_is_present(kind: str) -> None:
    cases = [_load(path) for path in _cases(kind)]
    valid = sum(not case["wantErr"] for case in cases)
    assert (valid, len(cases) - valid) == EXPECTED_COUNTS[kind]


@pytest.mark.parametrize("path", _cases("inclusion"), ids=_case_id)
def test_inclusion_vector(path: Path) -> None:
    case = _load(path)
    args = (
        _b64(case["leafHash"]),
        case["leafIdx"],
        case["treeSize"],
        _hashes(case["proof"]),
        _b64(case["root"]),
    )
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("path", _cases("consistency"), ids=_case_id)
def test_consistency_vector(path: Path) -> None:
    case = _load(path)
    args = (
        case["size1"],
        case["size2"],
        _hashes(case["proof"]),
        _b64(case["root1"]),
        _b64(case["root2"]),
    )
    if case["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def _example() -> tuple[Ed25519Verifier, bytes]:
    vkey = (NOTE / "example.vkey").read_text(encoding="utf-8").strip()
    return Ed25519Verifier.from_vkey(vkey), (NOTE / "example.note").read_bytes()


def test_signed_note_example_verifies() -> None:
    verifier, note = _example()
    assert verifier.name == "example.com/foo"
    assert f"{verifier.key_id:08x}" == "530d903a"
    opened = open_note(note, [verifier])
    assert opened.text == "This is an example message.\n"
    assert [s.name for s in opened.verified] == ["example.com/foo"]
    assert opened.unverified == ()


def test_signed_note_example_rejects_a_tampered_text() -> None:
    verifier, note = _example()
    with pytest.raises(BadSignatureError):
        open_note(note.replace(b"example message", b"example massage"), [verifier])


def test_signed_note_example_rejects_a_tampered_signature() -> None:
    verifier, note = _example()
    line_start = note.index("\u2014".encode())
    encoded = note[line_start:].split(b" ")[2].strip()
    raw = bytearray(base64.b64decode(encoded))
    raw[-1] ^= 1  # a bit of the Ed25519 signature, after the key ID
    tampered = note.replace(encoded, base64.b64encode(bytes(raw)))
    with pytest.raises(BadSignatureError):
        open_note(tampered, [verifier])


def test_signed_note_example_is_untrusted_under_another_key_of_the_same_name() -> None:
    _, note = _example()
    impostor = Ed25519Signer.generate("example.com/foo").verifier()
    with pytest.raises(UntrustedNoteError):
        open_note(note, [impostor])


def test_signed_note_example_without_its_final_newline_is_malformed() -> None:
    verifier, note = _example()
    with pytest.raises(NoteFormatError):
        open_note(note.rstrip(b"\n"), [verifier])
