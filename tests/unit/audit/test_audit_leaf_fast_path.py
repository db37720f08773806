"""`leaf_hashes_of`, the verifier's fast path, against `encode_fields`, the one definition."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.leaves import LeafFields, LeafFormatError, encode_fields, leaf_hashes_of
from transparency.merkle import leaf_hash

Row = tuple[int, bytes, int, str, bytes]
ROW = (1, bytes(range(16)), 2, "a.Topic", b"{}")
rows_of = st.lists(
    st.tuples(
        st.integers(0, 2**64 - 1),
        st.binary(min_size=16, max_size=16),
        st.integers(0, 2**64 - 1),
        st.sampled_from(["", "x", "domain.Aggregate.Event", "Σ-тема"]) | st.text(max_size=40),
        st.binary(max_size=300),
    ),
    max_size=30,
)


def reference(rows: list[Row]) -> list[bytes]:
    return [
        leaf_hash(encode_fields(LeafFields(p, UUID(bytes=o), v, t, s))) for p, o, v, t, s in rows
    ]


@given(rows_of)
def test_the_fast_path_hashes_the_reference_entries(rows: list[Row]) -> None:
    assert leaf_hashes_of(rows) == reference(rows)


@given(rows_of)
def test_hex_ids_as_sqlite_keeps_them_give_the_same_hashes(rows: list[Row]) -> None:
    hexed = [(p, o.hex(), v, t, s) for p, o, v, t, s in rows]
    assert leaf_hashes_of(hexed, hex_ids=True) == reference(rows)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (0, -1),
        (0, 2**64),
        (2, 2**64),
        (1, bytes(15)),
        (1, bytes(17)),
        (1, "not bytes, not 16"),
        (3, "t" * (2**16)),
        (3, b"not text"),
        (4, "not bytes"),
    ],
)
def test_what_encode_fields_refuses_the_fast_path_refuses(field: int, value: Any) -> None:
    row: list[Any] = list(ROW)
    row[field] = value
    with pytest.raises(LeafFormatError):
        leaf_hashes_of([ROW, tuple(row)])


def test_a_hex_id_must_be_32_hex_digits() -> None:
    for bad in ("ab" * 15, "ab" * 17, "zz" * 16):
        with pytest.raises(LeafFormatError):
            leaf_hashes_of([(1, bad, 2, "t", b"")], hex_ids=True)
