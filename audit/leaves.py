"""The canonical leaf entry of docs/audit-log.md: one stored notification, byte for byte.

The entry is what a verifier rehashes, so it holds the stored state exactly as the event store
keeps it (never a re-serialisation), with every length and number as a fixed-width big-endian
field, and nothing the decoder would have to guess.
"""

from __future__ import annotations

import binascii
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from transparency.merkle import leaf_hash as merkle_leaf_hash

LEAF_HEADER = b"assembly-ledger/leaf/v1\n"
MAX_U16 = 2**16 - 1
MAX_U32 = 2**32 - 1
MAX_U64 = 2**64 - 1
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_UUID_SIZE = 16
_IDS = struct.Struct(">Q16sQ").pack  # position, originator id, originator version
_PREFIX = b"\x00" + LEAF_HEADER  # RFC 9162's leaf hash prefix, then the entry's header


class LeafFormatError(ValueError):
    """A notification does not fit the leaf format, or bytes are not a leaf entry."""


@dataclass(frozen=True)
class LeafFields:
    """What a leaf entry records of one notification."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


def fields_of(notification: Notification) -> LeafFields:
    """Return the leaf fields of a notification from the event store."""
    originator = notification.originator_id
    # The ledger's aggregates have UUID ids; a recorder may hand them back as text.
    originator_id = originator if isinstance(originator, UUID) else UUID(str(originator))
    return LeafFields(
        position=notification.id,
        originator_id=originator_id,
        originator_version=notification.originator_version,
        topic=notification.topic,
        state=bytes(notification.state),
    )


def encode_fields(fields: LeafFields) -> bytes:
    """Return the leaf entry of these fields; raise `LeafFormatError` if one does not fit."""
    _check_range("position", fields.position, MAX_U64)
    _check_range("originator version", fields.originator_version, MAX_U64)
    topic = fields.topic.encode("utf-8")
    _check_range("topic length", len(topic), MAX_U16)
    _check_range("state length", len(fields.state), MAX_U32)
    return b"".join(
        (
            LEAF_HEADER,
            _U64.pack(fields.position),
            fields.originator_id.bytes,
            _U64.pack(fields.originator_version),
            _U16.pack(len(topic)),
            topic,
            _U32.pack(len(fields.state)),
            fields.state,
        )
    )


def encode_leaf(notification: Notification) -> bytes:
    """Return the leaf entry of a notification."""
    return encode_fields(fields_of(notification))


def leaf_hash(notification: Notification) -> bytes:
    """Return the RFC 9162 leaf hash SHA-256(0x00 || entry) of a notification."""
    return merkle_leaf_hash(encode_leaf(notification))


def leaf_hashes_of(rows: Sequence[Sequence[Any]], hex_ids: bool = False) -> list[bytes]:
    """The leaf hashes of many notifications, as rows (position, originator id, version, topic,
    state), each id as its 16 bytes, or its 32 hex digits if `hex_ids` (as SQLite keeps it).

    The fast path of `leaf_hash` for the verifier: the same entries as `encode_fields`, built and
    hashed in one tight loop; `LeafFormatError` if any of them does not fit.
    """
    uid: Callable[[Any], bytes] = binascii.unhexlify if hex_ids else bytes
    try:
        if {len(row[1]) for row in rows} - {2 * _UUID_SIZE if hex_ids else _UUID_SIZE}:
            raise LeafFormatError("an originator id is not 16 bytes")
        named = {t: _U16.pack(len(b := t.encode("utf-8"))) + b for t in {row[3] for row in rows}}
        return [
            sha256(b"".join((_PREFIX, _IDS(p, uid(o), v), named[t], _U32.pack(len(s)), s))).digest()
            for p, o, v, t, s in rows
        ]
    except (struct.error, TypeError, ValueError, AttributeError) as error:  # binascii.Error too
        raise LeafFormatError(f"a notification does not fit the leaf format: {error}") from None


def decode_leaf(entry: bytes) -> LeafFields:
    """Parse a leaf entry strictly; raise `LeafFormatError` unless it is exactly one entry."""
    if not entry.startswith(LEAF_HEADER):
        raise LeafFormatError("a leaf entry starts with 'assembly-ledger/leaf/v1' and a newline")
    reader = _Reader(entry, len(LEAF_HEADER))
    position = reader.u64()
    originator_id = UUID(bytes=reader.take(_UUID_SIZE))
    version = reader.u64()
    topic_bytes = reader.take(reader.u16())
    state = reader.take(reader.u32())
    if reader.offset != len(entry):
        raise LeafFormatError(f"{len(entry) - reader.offset} bytes follow the state")
    try:
        topic = topic_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise LeafFormatError("the topic is not UTF-8") from None
    return LeafFields(position, originator_id, version, topic, state)


class _Reader:
    def __init__(self, data: bytes, offset: int) -> None:
        self.data = data
        self.offset = offset

    def take(self, n: int) -> bytes:
        end = self.offset + n
        if end > len(self.data):
            raise LeafFormatError(f"the entry ends {end - len(self.data)} bytes short")
        chunk, self.offset = self.data[self.offset : end], end
        return chunk

    def u16(self) -> int:
        return int(_U16.unpack(self.take(_U16.size))[0])

    def u32(self) -> int:
        return int(_U32.unpack(self.take(_U32.size))[0])

    def u64(self) -> int:
        return int(_U64.unpack(self.take(_U64.size))[0])


def _check_range(what: str, value: int, limit: int) -> None:
    if not 0 <= value <= limit:
        raise LeafFormatError(f"{what} {value} does not fit in [0, {limit}]")
