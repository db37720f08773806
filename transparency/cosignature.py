"""C2SP tlog-cosignature: timestamped Ed25519 checkpoint cosignatures (cosignature/v1, 0x04).

The note signature is `timestamp (u64, big-endian) || Ed25519 signature`, over the message
`cosignature/v1\\ntime <timestamp>\\n<checkpoint note text>`. The message does not commit to
the cosigner's name, so each Ed25519 cosigner needs its own key.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from transparency.checkpoint import Checkpoint
from transparency.note import (
    ALG_ED25519,
    BadSignatureError,
    KeyMaterial,
    NoteFormatError,
    Signature,
    UntrustedNoteError,
    check_key_name,
    key_id,
    parse_note,
    parse_vkey,
)
from transparency.note_keys import ED25519_SIGNATURE_SIZE, PublicNoteKey

ALG_COSIGNATURE_V1 = 0x04
MAX_TIMESTAMP = 2**63 - 1
TIMESTAMP_SIZE = 8
COSIGNATURE_SIZE = TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE
_HEADER = b"cosignature/v1\n"


def cosigned_message(checkpoint_text: bytes, timestamp: int) -> bytes:
    """Return the message a cosignature/v1 signs: header, time line, checkpoint note text."""
    _check_timestamp(timestamp)
    return _HEADER + b"time %d\n" % timestamp + checkpoint_text


@dataclass(frozen=True)
class Cosignature:
    """A parsed cosignature/v1 note signature."""

    name: str
    key_id: int
    timestamp: int
    signature: bytes

    @classmethod
    def from_signature(cls, signature: Signature) -> Cosignature:
        """Split a note signature into timestamp and Ed25519 signature."""
        raw = signature.signature
        if len(raw) != COSIGNATURE_SIZE:
            raise NoteFormatError(f"a cosignature has {COSIGNATURE_SIZE} bytes, not {len(raw)}")
        timestamp = int.from_bytes(raw[:TIMESTAMP_SIZE], "big")
        _check_timestamp(timestamp)
        return cls(signature.name, signature.key_id, timestamp, raw[TIMESTAMP_SIZE:])

    def to_signature(self) -> Signature:
        """Return the note signature: timestamp then Ed25519 signature."""
        raw = self.timestamp.to_bytes(TIMESTAMP_SIZE, "big") + self.signature
        return Signature(self.name, self.key_id, raw)


class CosignatureVerifier(PublicNoteKey):
    """A cosigner's public key; a note `Verifier` for its cosignature/v1 signatures."""

    ALG = ALG_COSIGNATURE_V1
    KIND = "cosignature/v1"

    def verify(self, text: bytes, signature: bytes) -> bool:
        """Return whether `signature` (timestamp || Ed25519) cosigns the note text."""
        if len(signature) != COSIGNATURE_SIZE:
            return False
        timestamp = int.from_bytes(signature[:TIMESTAMP_SIZE], "big")
        if timestamp > MAX_TIMESTAMP:
            return False
        try:
            self._public.verify(signature[TIMESTAMP_SIZE:], cosigned_message(text, timestamp))
        except InvalidSignature:
            return False
        return True


class CosignatureSigner:
    """A cosigner's private key; a note `Signer` that writes timestamped cosignatures."""

    def __init__(
        self,
        name: str,
        private_key: Ed25519PrivateKey,
        clock: Callable[[], float] = time.time,
    ) -> None:
        check_key_name(name)
        self._name = name
        self._private = private_key
        self._clock = clock
        public = private_key.public_key().public_bytes_raw()
        self._key_id = key_id(name, ALG_COSIGNATURE_V1, public)

    @classmethod
    def generate(cls, name: str, clock: Callable[[], float] = time.time) -> CosignatureSigner:
        """Return a new random cosigner key named `name`."""
        return cls(name, Ed25519PrivateKey.generate(), clock)

    @classmethod
    def from_skey(cls, skey: str, clock: Callable[[], float] = time.time) -> CosignatureSigner:
        """Parse a `PRIVATE+KEY+...` key of type 0x04, or of type 0x01 (as Go tools make)."""
        parsed = parse_vkey(skey.strip(), private=True)
        if parsed.alg not in {ALG_COSIGNATURE_V1, ALG_ED25519}:
            raise NoteFormatError(f"key type {parsed.alg:#04x} is not an Ed25519 note key")
        return cls(parsed.name, Ed25519PrivateKey.from_private_bytes(parsed.key), clock)

    @property
    def name(self) -> str:
        """The cosigner name."""
        return self._name

    @property
    def key_id(self) -> int:
        """The key ID, hashed with type 0x04."""
        return self._key_id

    def skey(self) -> str:
        """Return the private key string (type 0x04); keep it secret."""
        seed = self._private.private_bytes_raw()
        material = KeyMaterial(self._name, self._key_id, ALG_COSIGNATURE_V1, seed)
        return material.encode(private=True)

    def verifier(self) -> CosignatureVerifier:
        """Return the matching verifier."""
        return CosignatureVerifier(self._name, self._private.public_key().public_bytes_raw())

    def cosign(self, checkpoint_text: bytes, timestamp: int | None = None) -> Cosignature:
        """Cosign a checkpoint note text at `timestamp` (default: now, from the clock)."""
        Checkpoint.parse(checkpoint_text)  # a cosigner states facts about checkpoints only
        when = int(self._clock()) if timestamp is None else timestamp
        if when <= 0:
            raise ValueError("a cosignature timestamp must be positive")
        message = cosigned_message(checkpoint_text, when)
        return Cosignature(self._name, self._key_id, when, self._private.sign(message))

    def sign(self, text: bytes) -> bytes:
        """Return the note signature bytes (timestamp || Ed25519) of a checkpoint note text."""
        return self.cosign(text).to_signature().signature


def verify_cosignature(note: bytes, verifier: CosignatureVerifier) -> Cosignature:
    """Return the cosignature by `verifier` on a note; raise `NoteError` if none or bad."""
    parsed = parse_note(note)
    text = parsed.text.encode()
    for sig in parsed.signatures:
        if (sig.name, sig.key_id) != (verifier.name, verifier.key_id):
            continue  # other logs' or witnesses' signatures are not ours to judge
        # A signature under our name and key ID that fails is a forgery: reject the whole note.
        if not verifier.verify(text, sig.signature):
            raise BadSignatureError(f"cosignature by {verifier.name} does not verify")
        return Cosignature.from_signature(sig)
    raise UntrustedNoteError(f"note has no valid cosignature by {verifier.name}")


def _check_timestamp(timestamp: int) -> None:
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise NoteFormatError(f"cosignature timestamp {timestamp} is not in [0, 2^63 - 1]")
