"""C2SP signed-note v1.0.0: a text signed by one or more keys, its format and verification.

The key types live in `transparency.note_keys` and are re-exported here.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transparency.note_keys import (
    ALG_ED25519,
    KEY_ID_SIZE,
    Ed25519Signer,
    Ed25519Verifier,
    KeyMaterial,
    NoteError,
    NoteFormatError,
    Signer,
    Verifier,
    check_key_name,
    decode_base64,
    generate_key,
    key_id,
    parse_vkey,
)

__all__ = [
    "ALG_ED25519",
    "MAX_NOTE_SIZE",
    "MAX_SIGNATURES",
    "SIGNATURE_PREFIX",
    "BadSignatureError",
    "Ed25519Signer",
    "Ed25519Verifier",
    "KeyMaterial",
    "Note",
    "NoteError",
    "NoteFormatError",
    "Signature",
    "Signer",
    "UntrustedNoteError",
    "VerifiedNote",
    "Verifier",
    "add_signatures",
    "check_key_name",
    "check_text",
    "decode_base64",
    "generate_key",
    "key_id",
    "open_note",
    "parse_note",
    "parse_signature_line",
    "parse_vkey",
    "sign_note",
]

MAX_SIGNATURES = 100  # the spec asks verifiers to accept at least 16 and to bound the count
MAX_NOTE_SIZE = 1 << 20
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
_NEWLINE = ord("\n")
_FIRST_PRINTABLE = 0x20


class BadSignatureError(NoteError):
    """A signature names a trusted key (name and key ID) but does not verify: reject the note."""


class UntrustedNoteError(NoteError):
    """No signature on the note is from a trusted key."""


@dataclass(frozen=True)
class Signature:
    """One signature line: key name, key ID and the signature bytes after the ID."""

    name: str
    key_id: int
    signature: bytes

    def line(self) -> str:
        """Return the signature line, em dash first and newline last."""
        check_key_name(self.name)
        raw = self.key_id.to_bytes(KEY_ID_SIZE, "big") + self.signature
        return f"{SIGNATURE_PREFIX}{self.name} {base64.b64encode(raw).decode()}\n"


@dataclass(frozen=True)
class Note:
    """A parsed note: its text (with the final newline) and its signatures, in order."""

    text: str
    signatures: tuple[Signature, ...]

    def encode(self) -> bytes:
        """Return the signed note: text, blank line, signature lines."""
        check_text(self.text)
        if not 0 < len(self.signatures) <= MAX_SIGNATURES:
            raise NoteFormatError(f"a signed note has 1 to {MAX_SIGNATURES} signatures")
        return (self.text + "\n" + "".join(s.line() for s in self.signatures)).encode()


@dataclass(frozen=True)
class VerifiedNote:
    """A note with at least one verified signature; `unverified` are those of unknown keys."""

    text: str
    verified: tuple[Signature, ...]
    unverified: tuple[Signature, ...]


def check_text(text: str) -> None:
    """Raise `NoteFormatError` unless `text` is valid note text ending in a newline."""
    if not text.endswith("\n"):
        raise NoteFormatError("note text must end with a newline")
    try:
        raw = text.encode()
    except UnicodeEncodeError:
        raise NoteFormatError("note text is not valid Unicode") from None
    if any(b < _FIRST_PRINTABLE and b != _NEWLINE for b in raw):
        raise NoteFormatError("note text holds a control character other than newline")


def parse_note(data: bytes) -> Note:
    """Split a signed note into text and signature lines, checking the format strictly."""
    if len(data) > MAX_NOTE_SIZE:
        raise NoteFormatError(f"note is longer than {MAX_NOTE_SIZE} bytes")
    try:
        whole = data.decode()
    except UnicodeDecodeError:
        raise NoteFormatError("note is not valid UTF-8") from None
    # The text may hold blank lines; the last one separates it from the signatures.
    split = whole.rfind("\n\n")
    if split < 0:
        raise NoteFormatError("note has no blank line before its signatures")
    text, block = whole[: split + 1], whole[split + 2 :]
    check_text(text)
    if not block.endswith("\n"):
        raise NoteFormatError("note has no signature lines, or they do not end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteFormatError(f"note has more than {MAX_SIGNATURES} signatures")
    return Note(text, tuple(parse_signature_line(line) for line in lines))


def parse_signature_line(line: str) -> Signature:
    """Parse one signature line (without its newline)."""
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteFormatError("signature line does not start with an em dash and a space")
    name, sep, encoded = line.removeprefix(SIGNATURE_PREFIX).partition(" ")
    if not sep:
        raise NoteFormatError("signature line has no space between key name and signature")
    check_key_name(name)
    raw = decode_base64(encoded, f"signature by {name}")
    if len(raw) <= KEY_ID_SIZE:
        raise NoteFormatError(f"signature by {name} is shorter than a key ID and a signature")
    return Signature(name, int.from_bytes(raw[:KEY_ID_SIZE], "big"), raw[KEY_ID_SIZE:])


def sign_note(text: str, signers: Sequence[Signer]) -> bytes:
    """Return the signed note of `text` with one signature per signer, in order."""
    check_text(text)
    raw = text.encode()
    return Note(text, tuple(Signature(s.name, s.key_id, s.sign(raw)) for s in signers)).encode()


def add_signatures(note: bytes, signatures: Iterable[Signature]) -> bytes:
    """Return the note with more signature lines appended, skipping ones it already holds."""
    parsed = parse_note(note)
    merged = list(parsed.signatures)
    merged += [s for s in signatures if s not in merged]
    return Note(parsed.text, tuple(merged)).encode()


def open_note(data: bytes, verifiers: Iterable[Verifier]) -> VerifiedNote:
    """Parse a note and verify it: some trusted signature verifies, and none fails."""
    note = parse_note(data)
    known = {(v.name, v.key_id): v for v in verifiers}
    text = note.text.encode()
    verified: list[Signature] = []
    unverified: list[Signature] = []
    for sig in note.signatures:
        verifier = known.get((sig.name, sig.key_id))
        if verifier is None:
            # Only the (name, key ID) pair identifies a key: sharing one of them is no match.
            unverified.append(sig)
        elif not verifier.verify(text, sig.signature):
            raise BadSignatureError(f"signature by {sig.name} ({sig.key_id:08x}) does not verify")
        elif sig not in verified:
            verified.append(sig)
    if not verified:
        raise UntrustedNoteError("note has no signature from a trusted key")
    return VerifiedNote(note.text, tuple(verified), tuple(unverified))
