"""An append-only compact range: the Merkle tree root of [0, size) in O(log size) memory.

A log appends each new leaf hash here; `append` reports every perfect subtree the leaf completes,
which is exactly the set of interior node hashes a store must persist to answer proofs later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transparency.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    MAX_TREE_SIZE,
    SubtreeSource,
    frontier,
    node_hash,
)


@dataclass(frozen=True)
class Node:
    """A perfect subtree hash: it covers leaves [index * 2^level, (index + 1) * 2^level)."""

    level: int
    index: int
    hash: bytes


class CompactRange:
    """The frontier of perfect subtrees over leaves [0, size): popcount(size) hashes."""

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if not 0 <= size <= MAX_TREE_SIZE or size.bit_count() != len(hashes):
            raise ValueError(f"a frontier of size {size} has {size.bit_count()} hashes")
        for h in hashes:
            _check_hash(h)
        self._size = size
        self._hashes = list(hashes)  # the largest (leftmost) subtree first

    @classmethod
    def from_subtrees(cls, source: SubtreeSource, size: int) -> CompactRange:
        """Rebuild the frontier for `size` leaves from stored subtree hashes."""
        return cls(size, [source.perfect_hash(level, index) for level, index in frontier(size)])

    @property
    def size(self) -> int:
        """The number of leaves appended."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The frontier hashes, largest subtree first, in the order `frontier(size)` lists."""
        return tuple(self._hashes)

    def append(self, leaf: bytes) -> list[Node]:
        """Append a leaf hash; return the perfect subtrees it completed, the leaf first."""
        _check_hash(leaf)
        if self._size == MAX_TREE_SIZE:
            raise ValueError("the tree already has 2^64 - 1 leaves")
        completed = [Node(0, self._size, leaf)]
        h, level, index = leaf, 0, self._size
        # Like a binary counter's carry: each trailing one bit of the old size is a subtree of
        # the same height on the left, which the new leaf completes into one a level higher.
        while (self._size >> level) & 1:
            h = node_hash(self._hashes.pop(), h)
            level, index = level + 1, index >> 1
            completed.append(Node(level, index, h))
        self._hashes.append(h)
        self._size += 1
        return completed

    def root(self) -> bytes:
        """Return the Merkle tree hash of the leaves appended so far."""
        if not self._hashes:
            return EMPTY_ROOT
        # RFC 9162 splits at the largest power of two, so the frontier folds from the right.
        result = self._hashes[-1]
        for h in reversed(self._hashes[:-1]):
            result = node_hash(h, result)
        return result


def _check_hash(h: bytes) -> None:
    if len(h) != HASH_SIZE:
        raise ValueError(f"a leaf or node hash has {HASH_SIZE} bytes, not {len(h)}")
