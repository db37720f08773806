"""The persistent map answers as a dict would, and every earlier version stays as it was.

Keys are drawn with chosen hashes so that full-hash collisions, hashes differing only in their
highest bits and negative hashes all occur, not just the well-spread hashes of UUIDs.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.composition.persistent_map import PersistentMap

# Equal hashes (collisions), hashes apart only above bit 55 (deep splits), negative ones.
HASHES = (0, 0, 7, 7, 7, 1 << 55, 1 << 60, (1 << 60) | 7, -5, -5, 2**61 - 2, 31, 32, 1 << 33)


@dataclass(frozen=True)
class Key:
    """A key whose hash is chosen from `HASHES`."""

    n: int

    def __hash__(self) -> int:
        return HASHES[self.n % len(HASHES)]


keys = st.integers(min_value=0, max_value=3 * len(HASHES)).map(Key)


@given(st.lists(st.tuples(keys, st.integers()), max_size=80))
def test_the_map_answers_as_a_dict_and_keeps_every_version(ops: list[tuple[Key, int]]) -> None:
    current: PersistentMap[Key, int] = PersistentMap()
    model: dict[Key, int] = {}
    versions = [(current, dict(model))]
    for key, value in ops:  # a key drawn again is bound anew
        current = current.set(key, value)
        model[key] = value
        versions.append((current, dict(model)))

    for version, expected in versions:
        assert len(version) == len(expected)
        assert dict(version.entries()) == expected
        assert sorted(version, key=lambda k: k.n) == sorted(expected, key=lambda k: k.n)
        for n in range(3 * len(HASHES) + 1):
            assert version.get(Key(n)) == expected.get(Key(n))
            assert (Key(n) in version) == (Key(n) in expected)


def test_many_uuid_keys_are_found_and_a_missing_one_is_not() -> None:
    ids = [uuid4() for _ in range(5000)]
    current: PersistentMap[object, int] = PersistentMap()
    for i, key in enumerate(ids):
        current = current.set(key, i)

    assert len(current) == len(ids)
    assert all(current[key] == i for i, key in enumerate(ids))
    assert uuid4() not in current
    assert current == dict(zip(ids, range(len(ids)), strict=True))
