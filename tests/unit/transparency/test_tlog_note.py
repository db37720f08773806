"""C2SP signed notes: keys, signing, verification, and a checker written from the spec alone."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from transparency.note import (
    MAX_SIGNATURES,
    BadSignatureError,
    Ed25519Signer,
    Ed25519Verifier,
    Note,
    NoteFormatError,
    Signature,
    UntrustedNoteError,
    add_signatures,
    generate_key,
    open_note,
    parse_note,
    parse_vkey,
    sign_note,
)

NOTE_VECTORS = Path(__file__).resolve().parents[3].parent / "shared" / "vectors" / "signed-note"
EM_DASH = "\u2014"


def spec_verify(note: bytes, vkey: str) -> str:
    """Verify `note` under `vkey` the way signed-note.md describes it, from scratch."""
    name, id_hex, encoded_key = vkey.split("+", 2)
    key = base64.b64decode(encoded_key, validate=True)
    assert key[0] == 0x01, "Ed25519 signature type"
    public = key[1:]
    # key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]
    assert hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4].hex() == id_hex
    whole = note.decode("utf-8")
    assert not re.search("[\x00-\x09\x0b-\x1f]", whole), "no control characters but newline"
    # The text ends in a newline and is separated from the signatures by the last blank line.
    head, _, signatures = whole.rpartition("\n\n")
    text = head + "\n"
    assert signatures.endswith("\n")
    found = False
    for line in signatures[:-1].split("\n"):
        assert line.startswith(EM_DASH + " ")
        line_name, encoded = line[2:].split(" ")
        raw = base64.b64decode(encoded, validate=True)
        if line_name == name and raw[:4].hex() == id_hex:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], text.encode())
            found = True
    assert found, "a signature by the key"
    return text


def test_the_spec_checker_accepts_the_spec_example() -> None:
    vkey = (NOTE_VECTORS / "example.vkey").read_text(encoding="utf-8").strip()
    note = (NOTE_VECTORS / "example.note").read_bytes()
    assert spec_verify(note, vkey) == "This is an example message.\n"


def test_notes_the_module_signs_pass_the_spec_checker() -> None:
    alice, bob = Ed25519Signer.generate("example.com/alice"), Ed25519Signer.generate("bob.example")
    text = "first line\n\nafter an empty line: ünïcödé ✓\n"
    note = sign_note(text, [alice, bob])
    assert spec_verify(note, alice.verifier().vkey()) == text
    assert spec_verify(note, bob.verifier().vkey()) == text
    assert note.decode().count(f"\n{EM_DASH} ") == 2


def test_key_strings_have_the_note_formats() -> None:
    skey, vkey = generate_key("example.com/log")
    assert re.fullmatch(r"PRIVATE\+KEY\+example\.com/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}", skey)
    assert re.fullmatch(r"example\.com/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}", vkey)
    signer = Ed25519Signer.from_skey(skey)
    assert signer.verifier().vkey() == vkey
    assert signer.skey() == skey
    public = base64.b64decode(vkey.split("+", 2)[2])[1:]
    expected_id = hashlib.sha256(b"example.com/log\n\x01" + public).digest()[:4]
    assert signer.key_id == int.from_bytes(expected_id, "big")
    assert Ed25519Verifier.from_vkey(vkey).key_id == signer.key_id


@pytest.mark.parametrize(
    "vkey",
    [
        "example.com/foo+530d903a",  # no key
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # wrong ID
        "example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # upper-case hex
        "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # another name
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2",  # bad base64
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2kAA==",  # too long
        "exa mple+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # space in the name
        "+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  # empty name
    ],
)
def test_malformed_verifier_keys_are_refused(vkey: str) -> None:
    with pytest.raises(NoteFormatError):
        Ed25519Verifier.from_vkey(vkey)


def test_a_private_key_with_a_foreign_id_is_refused() -> None:
    skey, _ = generate_key("example.com/log")
    wrong = skey.replace("example.com/log+", "example.com/gol+")
    with pytest.raises(NoteFormatError, match="does not match"):
        Ed25519Signer.from_skey(wrong)
    with pytest.raises(NoteFormatError, match="PRIVATE"):
        parse_vkey(skey.removeprefix("PRIVATE+KEY+"), private=True)


def test_several_signatures_and_unknown_signers() -> None:
    log, witness, stranger = (Ed25519Signer.generate(n) for n in ("log.example", "w1", "w2"))
    note = sign_note("hello\n", [log, stranger, witness])
    opened = open_note(note, [log.verifier(), witness.verifier()])
    assert [s.name for s in opened.verified] == ["log.example", "w1"]
    assert [s.name for s in opened.unverified] == ["w2"]
    assert opened.text == "hello\n"
    with pytest.raises(UntrustedNoteError):
        open_note(note, [Ed25519Signer.generate("log.example").verifier()])


def test_a_key_sharing_only_the_name_or_only_the_id_is_ignored() -> None:
    signer = Ed25519Signer.generate("example.com/log")
    note = parse_note(sign_note("text\n", [signer]))
    sig = note.signatures[0]
    lookalikes = (
        Signature("example.com/log", sig.key_id ^ 1, sig.signature),
        Signature("example.com/lag", sig.key_id, sig.signature),
    )
    spoofed = Note(note.text, lookalikes).encode()
    with pytest.raises(UntrustedNoteError):
        open_note(spoofed, [signer.verifier()])
    both = Note(note.text, (*lookalikes, sig)).encode()
    assert open_note(both, [signer.verifier()]).verified == (sig,)


def test_a_bad_signature_from_a_known_key_rejects_the_note() -> None:
    log, witness = Ed25519Signer.generate("log.example"), Ed25519Signer.generate("w1")
    good = parse_note(sign_note("text\n", [log, witness]))
    forged = Signature(witness.name, witness.key_id, bytes(64))
    note = Note(good.text, (good.signatures[0], forged)).encode()
    with pytest.raises(BadSignatureError, match="w1"):
        open_note(note, [log.verifier(), witness.verifier()])
    assert open_note(note, [log.verifier()]).verified == (good.signatures[0],)


def test_add_signatures_appends_new_lines_only() -> None:
    log, witness = Ed25519Signer.generate("log.example"), Ed25519Signer.generate("w1")
    note = sign_note("text\n", [log])
    cosigned = parse_note(sign_note("text\n", [witness])).signatures
    merged = add_signatures(note, [*cosigned, *parse_note(note).signatures])
    assert len(parse_note(merged).signatures) == 2
    assert len(open_note(merged, [log.verifier(), witness.verifier()]).verified) == 2


def _line(name: str, raw: bytes) -> bytes:
    return f"{EM_DASH} {name} {base64.b64encode(raw).decode()}\n".encode()


GOOD_LINE = _line("k", bytes(4) + bytes(64))


@pytest.mark.parametrize(
    "data",
    [
        b"text\n",  # no signatures
        b"text\n\n",  # empty signature block
        b"text\n" + GOOD_LINE,  # no blank line
        b"text\n\n" + GOOD_LINE.rstrip(b"\n"),  # last line without newline
        b"text\n\n" + GOOD_LINE + b"\n",  # trailing blank line
        b"text\n\n" + GOOD_LINE.replace(EM_DASH.encode(), b"-"),  # hyphen, not em dash
        b"text\n\n" + GOOD_LINE.replace(b" k ", b" k+1 "),  # plus in the key name
        b"text\n\n" + GOOD_LINE.replace(b" k ", b" k\xc2\xa0x "),  # no-break space in the name
        b"text\n\n" + GOOD_LINE.replace(b" k ", b"  "),  # empty key name
        b"text\n\n" + GOOD_LINE.replace(b"=\n", b"\n"),  # base64 without padding
        b"text\n\n" + _line("k", bytes(4)),  # a key ID and no signature
        b"te\txt\n\n" + GOOD_LINE,  # control character in the text
        b"te\rxt\n\n" + GOOD_LINE,
        b"\xff\xfe\n\n" + GOOD_LINE,  # not UTF-8
        b"text\n\n" + GOOD_LINE * (MAX_SIGNATURES + 1),  # too many signatures
    ],
)
def test_malformed_notes_are_refused(data: bytes) -> None:
    with pytest.raises(NoteFormatError):
        parse_note(data)


def test_sixteen_signatures_are_accepted() -> None:
    signers = [Ed25519Signer.generate(f"w{i}.example") for i in range(16)]
    note = sign_note("text\n", signers)
    assert len(open_note(note, [s.verifier() for s in signers]).verified) == 16


@pytest.mark.parametrize("text", ["no newline", "tab\there\n", "bell\a\n", "\ud800\n"])
def test_signing_refuses_text_that_is_no_note_text(text: str) -> None:
    with pytest.raises(NoteFormatError):
        sign_note(text, [Ed25519Signer.generate("k")])


def test_the_text_may_hold_blank_lines_and_lines_that_look_like_signatures() -> None:
    signer = Ed25519Signer.generate("k")
    text = f"a\n\n{EM_DASH} k AAAA\n\nb\n"
    assert open_note(sign_note(text, [signer]), [signer.verifier()]).text == text
