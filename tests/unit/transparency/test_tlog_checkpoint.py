"""C2SP tlog-checkpoint bodies and tlog-cosignature timestamped Ed25519 cosignatures."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from transparency.checkpoint import (
    Checkpoint,
    CheckpointError,
    format_checkpoint,
    open_checkpoint,
    parse_checkpoint,
    sign_checkpoint,
)
from transparency.cosignature import (
    ALG_COSIGNATURE_V1,
    Cosignature,
    CosignatureSigner,
    CosignatureVerifier,
    cosigned_message,
    verify_cosignature,
)
from transparency.note import (
    BadSignatureError,
    Ed25519Signer,
    Ed25519Verifier,
    NoteFormatError,
    UntrustedNoteError,
    add_signatures,
    open_note,
    parse_note,
    parse_signature_line,
)

# The examples of tlog-checkpoint.md and tlog-cosignature.md.
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SPEC_COSIGNATURE_LINE = (
    "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJs"
    "X3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
)
SPEC_TIME = 1679315147
ROOT = hashlib.sha256(b"root").digest()


def test_the_spec_example_parses_and_formats_back() -> None:
    checkpoint = parse_checkpoint(SPEC_BODY)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert checkpoint.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert checkpoint.extensions == ()
    assert format_checkpoint(checkpoint) == SPEC_BODY
    assert Checkpoint.parse(SPEC_BODY.encode()) == checkpoint


def test_extension_lines_are_kept_in_order() -> None:
    checkpoint = Checkpoint("log.example/1", 0, ROOT, ("ext one", "ext two"))
    assert parse_checkpoint(checkpoint.text()) == checkpoint
    assert checkpoint.text().endswith("\next one\next two\n")


@pytest.mark.parametrize(
    "text",
    [
        SPEC_BODY.rstrip("\n"),  # no final newline
        "example.com/log\n5\n",  # no root hash line
        "\n5\n" + base64.b64encode(ROOT).decode() + "\n",  # empty origin
        SPEC_BODY.replace("20852163", "020852163"),  # leading zero
        SPEC_BODY.replace("20852163", "+20852163"),
        SPEC_BODY.replace("20852163", "-1"),
        SPEC_BODY.replace("20852163", " 20852163"),
        SPEC_BODY.replace("20852163", "２０８５２１６３"),  # fullwidth digits
        SPEC_BODY.replace("20852163", str(2**64)),  # beyond uint64
        SPEC_BODY.replace("20852163", ""),
        SPEC_BODY.replace("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "CsUYapGG"),  # short
        SPEC_BODY.replace("q2I=", "q2J="),  # non-canonical base64 (stray low bits)
        SPEC_BODY.replace("q2I=", "q2I"),  # no padding
        SPEC_BODY + "\n",  # empty extension line
        SPEC_BODY + "ext\r\n",  # carriage return
        SPEC_BODY.replace("\n", "\r\n"),
    ],
)
def test_malformed_checkpoints_are_refused(text: str) -> None:
    with pytest.raises(CheckpointError):
        parse_checkpoint(text)


@pytest.mark.parametrize(
    ("origin", "size", "root", "extensions"),
    [
        ("", 1, ROOT, ()),
        ("a\nb", 1, ROOT, ()),
        ("log", -1, ROOT, ()),
        ("log", 2**64, ROOT, ()),
        ("log", 1, ROOT[:31], ()),
        ("log", 1, ROOT, ("",)),
    ],
)
def test_checkpoints_that_cannot_be_written_are_refused(
    origin: str, size: int, root: bytes, extensions: tuple[str, ...]
) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint(origin, size, root, extensions)


def test_signed_checkpoints_open_for_their_origin_only() -> None:
    log = Ed25519Signer.generate("log.example/1")
    note = sign_checkpoint(Checkpoint("log.example/1", 7, ROOT), [log])
    checkpoint, verified = open_checkpoint(note, [log.verifier()], origin="log.example/1")
    assert checkpoint.size == 7
    assert verified.verified[0].name == "log.example/1"
    with pytest.raises(CheckpointError, match=r"not 'log\.example/2'"):
        open_checkpoint(note, [log.verifier()], origin="log.example/2")


def test_the_spec_cosignature_line_carries_the_spec_timestamp() -> None:
    cosignature = Cosignature.from_signature(parse_signature_line(SPEC_COSIGNATURE_LINE))
    assert cosignature.name == "witness.example.com/w1"
    assert cosignature.timestamp == SPEC_TIME
    assert len(cosignature.signature) == 64
    assert cosignature.to_signature().line() == SPEC_COSIGNATURE_LINE + "\n"


def test_the_signed_message_is_header_time_and_body() -> None:
    expected = f"cosignature/v1\ntime {SPEC_TIME}\n{SPEC_BODY}".encode()
    assert cosigned_message(SPEC_BODY.encode(), SPEC_TIME) == expected


def test_cosignatures_follow_the_spec() -> None:
    signer = CosignatureSigner.generate("witness.example/w1", clock=lambda: SPEC_TIME + 0.9)
    verifier = signer.verifier()
    public = base64.b64decode(verifier.vkey().split("+", 2)[2])
    assert public[0] == ALG_COSIGNATURE_V1
    # The key ID hashes the 0x04 type byte: SHA-256(name || "\n" || 0x04 || public key)[:4].
    expected_id = hashlib.sha256(b"witness.example/w1\n\x04" + public[1:]).digest()[:4]
    assert verifier.key_id == int.from_bytes(expected_id, "big")
    cosignature = signer.cosign(SPEC_BODY.encode())
    assert cosignature.timestamp == SPEC_TIME
    raw = cosignature.to_signature().signature
    assert raw[:8] == SPEC_TIME.to_bytes(8, "big")
    # Check the Ed25519 signature by hand over the message the spec defines.
    message = f"cosignature/v1\ntime {SPEC_TIME}\n{SPEC_BODY}".encode()
    Ed25519PublicKey.from_public_bytes(public[1:]).verify(raw[8:], message)
    assert verifier.verify(SPEC_BODY.encode(), raw)


def test_a_cosigned_checkpoint_verifies_for_log_and_witness() -> None:
    log = Ed25519Signer.generate("example.com/behind-the-sofa")
    witness = CosignatureSigner.generate("witness.example/w1")
    note = sign_checkpoint(parse_checkpoint(SPEC_BODY), [log])
    line = witness.cosign(parse_note(note).text.encode()).to_signature()
    cosigned = add_signatures(note, [line])
    assert verify_cosignature(cosigned, witness.verifier()).name == "witness.example/w1"
    opened = open_note(cosigned, [log.verifier(), witness.verifier()])
    assert len(opened.verified) == 2
    # A plain signed-note verifier of the same key must not take a cosignature for its own.
    public = base64.b64decode(witness.verifier().vkey().split("+", 2)[2])[1:]
    with pytest.raises(UntrustedNoteError):
        open_note(cosigned, [Ed25519Verifier("witness.example/w1", public)])


def test_tampered_cosignatures_fail() -> None:
    witness = CosignatureSigner.generate("w1", clock=lambda: SPEC_TIME)
    log = Ed25519Signer.generate("example.com/behind-the-sofa")
    note = sign_checkpoint(parse_checkpoint(SPEC_BODY), [log])
    cosignature = witness.cosign(SPEC_BODY.encode())
    later = Cosignature(cosignature.name, cosignature.key_id, SPEC_TIME + 1, cosignature.signature)
    with pytest.raises(BadSignatureError):
        verify_cosignature(add_signatures(note, [later.to_signature()]), witness.verifier())
    other_body = SPEC_BODY.replace("20852163", "20852164")
    other = sign_checkpoint(parse_checkpoint(other_body), [log])
    with pytest.raises(BadSignatureError):
        verify_cosignature(add_signatures(other, [cosignature.to_signature()]), witness.verifier())
    with pytest.raises(UntrustedNoteError):
        verify_cosignature(note, witness.verifier())


def test_cosigner_keys_round_trip_and_accept_go_style_note_keys() -> None:
    signer = CosignatureSigner.generate("w1")
    again = CosignatureSigner.from_skey(signer.skey())
    assert again.verifier().vkey() == signer.verifier().vkey()
    assert CosignatureVerifier.from_vkey(signer.verifier().vkey()).key_id == signer.key_id
    # transparency-dev tools give witnesses ordinary 0x01 note keys; the cosigner ID stays 0x04.
    note_key = Ed25519Signer.generate("w2")
    from_note_key = CosignatureSigner.from_skey(note_key.skey())
    assert from_note_key.key_id != note_key.key_id
    with pytest.raises(NoteFormatError, match="not cosignature/v1"):
        CosignatureVerifier.from_vkey(note_key.verifier().vkey())


def test_cosigners_sign_checkpoints_only_and_with_a_real_time() -> None:
    signer = CosignatureSigner.generate("w1", clock=lambda: 0.0)
    with pytest.raises(CheckpointError):
        signer.cosign(b"not a checkpoint\n")
    with pytest.raises(ValueError, match="positive"):
        signer.cosign(SPEC_BODY.encode())
    with pytest.raises(NoteFormatError):
        cosigned_message(SPEC_BODY.encode(), 2**63)
