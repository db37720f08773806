"""RFC 9162 §2.1 Merkle tree: hashing, inclusion and consistency proofs.

Proof generation reads hashes through a `SubtreeSource`, so a store that keeps interior node
hashes (as tlog tiles, or the nodes `compact.CompactRange.append` reports) answers in O(log n)
reads, while `LeafSubtrees` rehashes a plain `HashSource` for logs that keep only leaf hashes.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

HASH_SIZE = 32
MAX_TREE_SIZE = 2**64 - 1  # RFC 9162 carries sizes and indices as uint64
EMPTY_ROOT = hashlib.sha256(b"").digest()  # MTH({}) = SHA-256() (RFC 9162 §2.1.1)
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


class ProofError(ValueError):
    """A proof, or the sizes and hashes it is checked against, does not verify."""


def leaf_hash(entry: bytes) -> bytes:
    """Return the RFC 9162 leaf hash SHA-256(0x00 || entry)."""
    return hashlib.sha256(_LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 9162 interior node hash SHA-256(0x01 || left || right)."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


class HashSource(Protocol):
    """An append-only sequence of leaf hashes, such as a column of an event store."""

    def size(self) -> int:
        """Return the number of leaves."""
        ...

    def leaf_hashes(self, start: int, end: int) -> Sequence[bytes]:
        """Return the leaf hashes with indices in [start, end)."""
        ...


class SubtreeSource(Protocol):
    """Perfect subtree hashes: (level h, index k) is MTH(D[k * 2^h : (k + 1) * 2^h])."""

    def perfect_hash(self, level: int, index: int) -> bytes:
        """Return the hash of the perfect subtree at `level` and `index`."""
        ...


class MemoryHashSource:
    """A list of leaf hashes held in memory."""

    def __init__(self, hashes: Iterable[bytes] = ()) -> None:
        self._hashes: list[bytes] = []
        for h in hashes:
            self.append(h)

    def size(self) -> int:
        """Return the number of leaves."""
        return len(self._hashes)

    def leaf_hash(self, index: int) -> bytes:
        """Return the hash of leaf `index`."""
        return self._hashes[index]

    def leaf_hashes(self, start: int, end: int) -> Sequence[bytes]:
        """Return the leaf hashes with indices in [start, end)."""
        return tuple(self._hashes[start:end])

    def append(self, hash_: bytes) -> int:
        """Append a leaf hash and return its index."""
        _check_hash("leaf hash", hash_)
        self._hashes.append(hash_)
        return len(self._hashes) - 1


class LeafSubtrees:
    """A `SubtreeSource` that rehashes the leaves under each node, for sources with no nodes."""

    def __init__(self, source: HashSource) -> None:
        self._source = source

    def perfect_hash(self, level: int, index: int) -> bytes:
        """Return the hash of the perfect subtree at `level` and `index`."""
        start, end = index << level, (index + 1) << level
        if index < 0 or level < 0 or end > self._source.size():
            raise ValueError(f"no complete subtree at level {level}, index {index}")
        hashes = self._source.leaf_hashes(start, end)
        if len(hashes) != end - start:
            raise ValueError(f"the source gave {len(hashes)} leaf hashes, not {end - start}")
        return merkle_root(hashes)


def frontier(size: int) -> list[tuple[int, int]]:
    """Return (level, index) of the perfect subtrees that cover [0, size), largest first."""
    _check_size("tree size", size)
    return list(_decompose(0, size))


def merkle_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Return the Merkle tree hash of a sequence of leaf hashes."""
    if not leaf_hashes:
        return EMPTY_ROOT
    spans = _decompose(0, len(leaf_hashes))
    return _fold_right([_perfect_root(leaf_hashes[i << lv : (i + 1) << lv]) for lv, i in spans])


def subtree_hash(source: SubtreeSource, start: int, end: int) -> bytes:
    """Return MTH(D[start:end]) for a node of the tree: start aligned to width's power of two."""
    width = end - start
    if start < 0 or width <= 0 or start % _bit_ceil(width):
        raise ValueError(f"[{start}, {end}) is not a node of any RFC 9162 tree")
    return _fold_right([source.perfect_hash(lv, ix) for lv, ix in _decompose(start, end)])


def root_hash(source: SubtreeSource, size: int) -> bytes:
    """Return the Merkle tree hash of the first `size` leaves."""
    _check_size("tree size", size)
    return subtree_hash(source, 0, size) if size else EMPTY_ROOT


def inclusion_proof(source: SubtreeSource, index: int, size: int) -> list[bytes]:
    """Return the RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in a tree of `size`."""
    _check_size("tree size", size)
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    path: list[bytes] = []
    lo, hi = 0, size
    # PATH(m, D[lo:hi]) recurses into the half holding m and appends the other half's hash.
    while hi - lo > 1:
        mid = lo + _split(hi - lo)
        if index < mid:
            path.append(subtree_hash(source, mid, hi))
            hi = mid
        else:
            path.append(subtree_hash(source, lo, mid))
            lo = mid
    path.reverse()  # the recursion emits the deepest sibling first
    return path


def consistency_proof(source: SubtreeSource, size1: int, size2: int) -> list[bytes]:
    """Return the RFC 9162 §2.1.4.1 consistency proof between sizes 0 < size1 <= size2."""
    _check_size("tree size", size2)
    if not 0 < size1 <= size2:
        raise ValueError(f"no consistency proof from size {size1} to size {size2}")
    path: list[bytes] = []
    lo, hi, m, whole = 0, size2, size1, True
    # SUBPROOF(m, D[lo:hi], whole): `whole` stays true while D[lo:lo+m] is the old tree itself.
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            path.append(subtree_hash(source, lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree_hash(source, lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    if not whole:
        path.append(subtree_hash(source, lo, hi))
    path.reverse()
    return path


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """Return the root that an inclusion proof of leaf `index` in a tree of `size` leads to."""
    _check_size("tree size", size)
    _check_size("leaf index", index)
    if index >= size:
        raise ProofError(f"leaf index {index} is not below tree size {size}")
    _check_hash("leaf hash", leaf)
    _check_proof(proof, _inclusion_length(index, size), f"leaf {index} in tree size {size}")
    # RFC 9162 §2.1.3.2, step by step; fn walks the leaf's path, sn the tree's right border.
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:  # skip levels where the right border has no sibling
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the path to the root")
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check an inclusion proof against a tree's root hash; raise `ProofError` if it fails."""
    _check_hash("root hash", root)
    if not hmac.compare_digest(root_from_inclusion_proof(leaf, index, size, proof), root):
        raise ProofError(f"inclusion proof of leaf {index} leads to another root of size {size}")


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check an RFC 9162 §2.1.4.2 consistency proof; raise `ProofError` if it fails."""
    _check_size("first tree size", size1)
    _check_size("second tree size", size2)
    if size2 < size1:
        raise ProofError(f"second tree size {size2} is below first tree size {size1}")
    if size1 == 0:
        # Every tree extends the empty one, so such a proof is meaningless; callers that accept
        # growth from nothing (the tlog-witness protocol) must special-case it themselves.
        raise ProofError("a consistency proof from the empty tree proves nothing")
    if size1 == size2:
        if proof:
            raise ProofError(f"equal tree sizes need an empty proof, got {len(proof)} hashes")
        if not hmac.compare_digest(root1, root2):
            raise ProofError(f"two different root hashes for tree size {size1}")
        return
    _check_hash("first root hash", root1)
    _check_hash("second root hash", root2)
    _check_proof(proof, _consistency_length(size1, size2), f"sizes {size1} to {size2}")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)  # the old tree is a perfect subtree, so the proof omits it
    fr, sr = _chain_consistency(size1, size2, path)
    if not hmac.compare_digest(fr, root1):
        raise ProofError(f"consistency proof does not lead to the root of size {size1}")
    if not hmac.compare_digest(sr, root2):
        raise ProofError(f"consistency proof does not lead to the root of size {size2}")


def _chain_consistency(size1: int, size2: int, path: Sequence[bytes]) -> tuple[bytes, bytes]:
    # RFC 9162 §2.1.4.2 steps 3 to 6: one pass computes both the old and the new root.
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)  # only the new tree has this right sibling
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than the path to the root")
    return fr, sr


def _inclusion_length(index: int, size: int) -> int:
    # Below the level where the paths to `index` and to the last leaf part, every level has a
    # sibling; above it, only the levels where the path turns right do.
    inner = (index ^ (size - 1)).bit_length()
    return inner + (index >> inner).bit_count()


def _consistency_length(size1: int, size2: int) -> int:
    # The proof is the inclusion path of leaf size1 - 1 above the old tree's lowest perfect
    # subtree, plus that subtree's hash unless it is the whole old tree.
    shift = (size1 & -size1).bit_length() - 1
    seed = 0 if size1 == 1 << shift else 1
    return seed + _inclusion_length(size1 - 1, size2) - shift


def _check_proof(proof: Sequence[bytes], want: int, what: str) -> None:
    if len(proof) != want:
        raise ProofError(f"proof for {what} has {len(proof)} hashes, it needs {want}")
    for i, p in enumerate(proof):
        _check_hash(f"proof hash {i}", p)


def _check_hash(what: str, h: bytes) -> None:
    if len(h) != HASH_SIZE:
        raise ProofError(f"{what} has {len(h)} bytes, a SHA-256 hash has {HASH_SIZE}")


def _check_size(what: str, n: int) -> None:
    if not 0 <= n <= MAX_TREE_SIZE:
        raise ProofError(f"{what} {n} is not a uint64")


def _split(n: int) -> int:
    """Return the largest power of two smaller than n > 1 (the k of RFC 9162 §2.1.1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _bit_ceil(n: int) -> int:
    return 1 << (n - 1).bit_length()


def _decompose(start: int, end: int) -> Iterator[tuple[int, int]]:
    # The binary digits of the width, highest first, are the perfect subtrees of an aligned range.
    pos, width = start, end - start
    for level in reversed(range(width.bit_length())):
        if width >> level & 1:
            yield level, pos >> level
            pos += 1 << level


def _perfect_root(hashes: Sequence[bytes]) -> bytes:
    level = list(hashes)
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def _fold_right(hashes: Sequence[bytes]) -> bytes:
    # RFC 9162 splits at the largest power of two, so a range's right border hashes from the right.
    result = hashes[-1]
    for h in reversed(hashes[:-1]):
        result = node_hash(h, result)
    return result
