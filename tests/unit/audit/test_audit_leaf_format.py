"""The leaf entry of docs/audit-log.md, byte for byte, and its strict decoder."""

from __future__ import annotations

import hashlib
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification
from hypothesis import given
from hypothesis import strategies as st

from audit.leaves import (
    LeafFields,
    LeafFormatError,
    decode_leaf,
    encode_fields,
    encode_leaf,
    fields_of,
    leaf_hash,
)

ORIGINATOR = UUID("5474a13e-73cd-559a-9f5c-2dc79d6debdf")


def notification(**changes: object) -> Notification:
    fields: dict[str, object] = {
        "id": 7,
        "originator_id": ORIGINATOR,
        "originator_version": 3,
        "topic": "assembly:Body.Established",
        "state": b'{"a":1}',
    }
    fields.update(changes)
    return Notification(**fields)  # type: ignore[arg-type]


def test_the_entry_is_the_documented_fields_in_order_big_endian() -> None:
    entry = encode_leaf(notification())
    expected = (
        b"assembly-ledger/leaf/v1\n"
        + (7).to_bytes(8, "big")
        + ORIGINATOR.bytes
        + (3).to_bytes(8, "big")
        + len(b"assembly:Body.Established").to_bytes(2, "big")
        + b"assembly:Body.Established"
        + (7).to_bytes(4, "big")
        + b'{"a":1}'
    )
    assert entry == expected
    assert leaf_hash(notification()) == hashlib.sha256(b"\x00" + expected).digest()


def test_a_text_originator_id_gives_the_same_entry_as_a_uuid() -> None:
    text = notification(originator_id=str(ORIGINATOR))
    assert encode_leaf(text) == encode_leaf(notification())


def test_the_state_is_kept_exactly_as_stored() -> None:
    state = b'{"b": 2,  "a":1}\n\xff'  # not canonical JSON, not even UTF-8: kept as it is
    assert decode_leaf(encode_leaf(notification(state=state))).state == state


@given(
    position=st.integers(0, 2**64 - 1),
    version=st.integers(0, 2**64 - 1),
    topic=st.text(max_size=50),
    state=st.binary(max_size=200),
    raw_id=st.binary(min_size=16, max_size=16),
)
def test_decoding_inverts_encoding(
    position: int, version: int, topic: str, state: bytes, raw_id: bytes
) -> None:
    fields = LeafFields(position, UUID(bytes=raw_id), version, topic, state)
    assert decode_leaf(encode_fields(fields)) == fields


def test_fields_of_reads_a_notification() -> None:
    assert fields_of(notification()) == LeafFields(
        7, ORIGINATOR, 3, "assembly:Body.Established", b'{"a":1}'
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": 2**64}, "position"),
        ({"id": -1}, "position"),
        ({"originator_version": 2**64}, "originator version"),
        ({"topic": "t" * (2**16)}, "topic length"),
    ],
)
def test_values_that_do_not_fit_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(LeafFormatError, match=message):
        encode_leaf(notification(**changes))


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda e: e[1:], "starts with"),
        (lambda e: e[:-1], "short"),
        (lambda e: e + b"x", "follow the state"),
        (lambda e: e[:30], "short"),
    ],
)
def test_the_decoder_refuses_anything_but_one_whole_entry(mangle: object, message: str) -> None:
    entry = encode_leaf(notification())
    with pytest.raises(LeafFormatError, match=message):
        decode_leaf(mangle(entry))  # type: ignore[operator]


def test_the_decoder_refuses_a_topic_that_is_not_utf8() -> None:
    entry = encode_leaf(notification(topic="ab"))
    broken = entry.replace(b"\x00\x02ab", b"\x00\x02\xff\xfe")
    with pytest.raises(LeafFormatError, match="UTF-8"):
        decode_leaf(broken)
