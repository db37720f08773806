"""C2SP signed-note v1.0.0 keys: Ed25519 signer and verifier keys in the note key formats.

A verifier key is `name+hex(key ID)+base64(type || public key)`; a private key is
`PRIVATE+KEY+name+hex(key ID)+base64(type || 32-byte Ed25519 seed)`, as
golang.org/x/mod/sumdb/note writes it (the specification itself defines only verifier keys).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from typing import ClassVar, Protocol, Self

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALG_ED25519 = 0x01
ED25519_KEY_SIZE = 32
ED25519_SIGNATURE_SIZE = 64
KEY_ID_SIZE = 4
_PRIVATE_PREFIX = "PRIVATE+KEY+"
_KEY_ID_HEX = re.compile(r"[0-9a-f]{8}")
_KEY_PARTS = 3  # name, key ID, type and key
_FIRST_PRINTABLE = 0x20


class NoteError(ValueError):
    """A note, a key or a signature is not acceptable."""


class NoteFormatError(NoteError):
    """The bytes are not a well-formed signed note, key or signature line."""


class Signer(Protocol):
    """Signs note text with one key, identified by its name and key ID."""

    @property
    def name(self) -> str:
        """The key name written on the signature line."""
        ...

    @property
    def key_id(self) -> int:
        """The 32-bit key ID that prefixes the signature."""
        ...

    def sign(self, text: bytes) -> bytes:
        """Return the signature of the note text, without the key ID."""
        ...


class Verifier(Protocol):
    """Verifies signatures of one key, identified by its name and key ID."""

    @property
    def name(self) -> str:
        """The key name on the signature lines this key verifies."""
        ...

    @property
    def key_id(self) -> int:
        """The 32-bit key ID on the signatures this key verifies."""
        ...

    def verify(self, text: bytes, signature: bytes) -> bool:
        """Return whether `signature` (without the key ID) signs the note text."""
        ...


def key_id(name: str, alg: int, public_key: bytes) -> int:
    """Return SHA-256(name || 0x0A || alg || public key)[:4] as a big-endian uint32."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public_key).digest()
    return int.from_bytes(digest[:KEY_ID_SIZE], "big")


def check_key_name(name: str) -> None:
    """Raise `NoteFormatError` unless `name` is non-empty, with no Unicode space and no plus."""
    if not name or "+" in name or any(c.isspace() or ord(c) < _FIRST_PRINTABLE for c in name):
        raise NoteFormatError(f"key name {name!r} is empty or holds a space, plus or control")


def decode_base64(text: str, what: str) -> bytes:
    """Decode canonical standard base64 (RFC 4648 §4); raise `NoteFormatError` otherwise."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise NoteFormatError(f"{what} is not base64") from None
    # Re-encoding refuses the padding variants and stray low bits that decoders tolerate, so
    # every value has exactly one encoding.
    if base64.b64encode(raw).decode() != text:
        raise NoteFormatError(f"{what} is not canonical base64")
    return raw


@dataclass(frozen=True)
class KeyMaterial:
    """A parsed key string: name, key ID, signature type and raw key bytes."""

    name: str
    key_id: int
    alg: int
    key: bytes

    def encode(self, *, private: bool = False) -> str:
        """Return the key in note format (with the `PRIVATE+KEY+` prefix if `private`)."""
        body = base64.b64encode(bytes([self.alg]) + self.key).decode()
        text = f"{self.name}+{self.key_id:08x}+{body}"
        return _PRIVATE_PREFIX + text if private else text


def parse_vkey(vkey: str, *, private: bool = False) -> KeyMaterial:
    """Parse an Ed25519 verifier key (or, if `private`, private key) string of any type byte."""
    if private:
        if not vkey.startswith(_PRIVATE_PREFIX):
            raise NoteFormatError(f"a private key starts with {_PRIVATE_PREFIX!r}")
        vkey = vkey.removeprefix(_PRIVATE_PREFIX)
    parts = vkey.split("+", 2)  # the base64 part may itself hold plus signs
    if len(parts) != _KEY_PARTS:
        raise NoteFormatError("a key is name+hex(key ID)+base64(type || key)")
    name, id_hex, material = parts
    check_key_name(name)
    if not _KEY_ID_HEX.fullmatch(id_hex):
        raise NoteFormatError(f"key ID {id_hex!r} is not 8 lowercase hex digits")
    raw = decode_base64(material, "key")
    if len(raw) != 1 + ED25519_KEY_SIZE:
        raise NoteFormatError(f"an Ed25519 key has {ED25519_KEY_SIZE} bytes after its type")
    parsed = KeyMaterial(name, int(id_hex, 16), raw[0], raw[1:])
    public = parsed.key
    if private:  # the ID hashes the public key, which the seed determines
        public = Ed25519PrivateKey.from_private_bytes(parsed.key).public_key().public_bytes_raw()
    # The key ID is a hash of the public key, so a mismatch means a corrupted or spliced key.
    if parsed.key_id != key_id(name, parsed.alg, public):
        raise NoteFormatError(f"key ID {id_hex} does not match the key of {name}")
    return parsed


class PublicNoteKey:
    """A named Ed25519 public key of one note key type; subclasses say what it verifies."""

    ALG: ClassVar[int] = ALG_ED25519
    KIND: ClassVar[str] = "Ed25519"

    def __init__(self, name: str, public_key: bytes) -> None:
        check_key_name(name)
        self._name = name
        self._public = Ed25519PublicKey.from_public_bytes(public_key)
        self._key_id = key_id(name, self.ALG, public_key)

    @classmethod
    def from_vkey(cls, vkey: str) -> Self:
        """Parse a `name+hex+base64` verifier key of this class's type."""
        parsed = parse_vkey(vkey.strip())
        if parsed.alg != cls.ALG:
            raise NoteFormatError(f"key type {parsed.alg:#04x} is not {cls.KIND} ({cls.ALG:#04x})")
        return cls(parsed.name, parsed.key)

    @property
    def name(self) -> str:
        """The key name."""
        return self._name

    @property
    def key_id(self) -> int:
        """The 32-bit key ID, hashed with the key type."""
        return self._key_id

    def vkey(self) -> str:
        """Return the verifier key string."""
        raw = self._public.public_bytes_raw()
        return KeyMaterial(self._name, self._key_id, self.ALG, raw).encode()


class Ed25519Verifier(PublicNoteKey):
    """A signed-note Ed25519 (type 0x01) verifier key."""

    def verify(self, text: bytes, signature: bytes) -> bool:
        """Return whether `signature` is this key's Ed25519 signature of the note text."""
        if len(signature) != ED25519_SIGNATURE_SIZE:
            return False
        try:
            self._public.verify(signature, text)
        except InvalidSignature:
            return False
        return True


class Ed25519Signer:
    """A signed-note Ed25519 (type 0x01) signing key."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        check_key_name(name)
        self._name = name
        self._private = private_key
        self._key_id = key_id(name, ALG_ED25519, private_key.public_key().public_bytes_raw())

    @classmethod
    def generate(cls, name: str) -> Ed25519Signer:
        """Return a new random key named `name`."""
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_skey(cls, skey: str) -> Ed25519Signer:
        """Parse a `PRIVATE+KEY+name+hex+base64` private key of type 0x01."""
        parsed = parse_vkey(skey.strip(), private=True)
        if parsed.alg != ALG_ED25519:
            raise NoteFormatError(f"key type {parsed.alg:#04x} is not Ed25519 ({ALG_ED25519:#04x})")
        return cls(parsed.name, Ed25519PrivateKey.from_private_bytes(parsed.key))

    @property
    def name(self) -> str:
        """The key name."""
        return self._name

    @property
    def key_id(self) -> int:
        """The 32-bit key ID."""
        return self._key_id

    def skey(self) -> str:
        """Return the private key string; keep it secret."""
        seed = self._private.private_bytes_raw()
        return KeyMaterial(self._name, self._key_id, ALG_ED25519, seed).encode(private=True)

    def verifier(self) -> Ed25519Verifier:
        """Return the matching verifier."""
        return Ed25519Verifier(self._name, self._private.public_key().public_bytes_raw())

    def sign(self, text: bytes) -> bytes:
        """Return the Ed25519 signature of the note text."""
        return self._private.sign(text)


def generate_key(name: str) -> tuple[str, str]:
    """Return a new Ed25519 note key as (private key string, verifier key string)."""
    signer = Ed25519Signer.generate(name)
    return signer.skey(), signer.verifier().vkey()
