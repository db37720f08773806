"""RFC 9162 Merkle trees: hashing, proofs (as properties over random trees), compact ranges."""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transparency.compact import CompactRange, Node
from transparency.merkle import (
    EMPTY_ROOT,
    LeafSubtrees,
    MemoryHashSource,
    ProofError,
    consistency_proof,
    frontier,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    node_hash,
    root_from_inclusion_proof,
    root_hash,
    subtree_hash,
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 300
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)

# The eight RFC 6962 test leaves used by the transparency-dev and certificate-transparency suites,
# and the root hash of each prefix of them.
RFC_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
RFC_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def reference_root(hashes: list[bytes]) -> bytes:
    """MTH straight from RFC 9162 §2.1.1: split at the largest power of two below n."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1 << ((len(hashes) - 1).bit_length() - 1)
    return hashlib.sha256(
        b"\x01" + reference_root(hashes[:k]) + reference_root(hashes[k:])
    ).digest()


def tree(size: int, salt: int = 0) -> MemoryHashSource:
    return MemoryHashSource(leaf_hash(f"{salt}/{i}".encode()) for i in range(size))


def flip(h: bytes, bit: int) -> bytes:
    altered = bytearray(h)
    altered[bit // 8 % len(h)] ^= 1 << (bit % 8)
    return bytes(altered)


def max_proof_length(size: int) -> int:
    return math.ceil(math.log2(size)) + 1 if size > 1 else 1


@st.composite
def size_and_index(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(1, MAX_SIZE))
    return size, draw(st.integers(0, size - 1))


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    size2 = draw(st.integers(1, MAX_SIZE))
    return draw(st.integers(1, size2)), size2


def test_leaf_and_node_hashes_use_the_rfc_prefixes() -> None:
    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    )
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("size", range(1, len(RFC_LEAVES) + 1))
def test_roots_of_the_rfc_test_leaves(size: int) -> None:
    hashes = [leaf_hash(bytes.fromhex(leaf)) for leaf in RFC_LEAVES[:size]]
    assert merkle_root(hashes).hex() == RFC_ROOTS[size - 1]
    assert root_hash(LeafSubtrees(MemoryHashSource(hashes)), size).hex() == RFC_ROOTS[size - 1]
    compact = CompactRange()
    for h in hashes:
        compact.append(h)
    assert compact.root().hex() == RFC_ROOTS[size - 1]


def test_empty_tree() -> None:
    assert merkle_root([]) == EMPTY_ROOT
    assert root_hash(LeafSubtrees(MemoryHashSource()), 0) == EMPTY_ROOT
    assert CompactRange().root() == EMPTY_ROOT


@PROPERTY_SETTINGS
@given(size_and_index(), st.integers(0, 2**16))
def test_inclusion_proofs_verify_and_are_short(case: tuple[int, int], salt: int) -> None:
    size, index = case
    source = tree(size, salt)
    root = reference_root(list(source.leaf_hashes(0, size)))
    proof = inclusion_proof(LeafSubtrees(source), index, size)
    assert len(proof) <= max_proof_length(size)
    verify_inclusion(source.leaf_hash(index), index, size, proof, root)
    assert root_from_inclusion_proof(source.leaf_hash(index), index, size, proof) == root


@PROPERTY_SETTINGS
@given(size_and_index(), st.integers(0, 2**16), st.integers(0, 255), st.data())
def test_altered_inclusion_proofs_fail(
    case: tuple[int, int], salt: int, bit: int, data: st.DataObject
) -> None:
    size, index = case
    source = tree(size, salt)
    leaf = source.leaf_hash(index)
    root = reference_root(list(source.leaf_hashes(0, size)))
    proof = inclusion_proof(LeafSubtrees(source), index, size)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        altered = [*proof[:at], flip(proof[at], bit), *proof[at + 1 :]]
        with pytest.raises(ProofError):
            verify_inclusion(leaf, index, size, altered, root)
        with pytest.raises(ProofError):
            verify_inclusion(leaf, index, size, proof[:at] + proof[at + 1 :], root)
    with pytest.raises(ProofError):
        verify_inclusion(flip(leaf, bit), index, size, proof, root)
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, size, proof, flip(root, bit))
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, size, [*proof, leaf], root)
    other_index = data.draw(st.integers(0, MAX_SIZE).filter(lambda i: i != index))
    with pytest.raises(ProofError):
        verify_inclusion(leaf, other_index, size, proof, root)
    # Another size only makes sense with that size's root: the proof must not fit it.
    other_size = data.draw(st.integers(index + 1, MAX_SIZE).filter(lambda n: n != size))
    longer = [*source.leaf_hashes(0, size), *tree(MAX_SIZE, salt + 1).leaf_hashes(0, MAX_SIZE)]
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, other_size, proof, reference_root(longer[:other_size]))


@PROPERTY_SETTINGS
@given(two_sizes(), st.integers(0, 2**16))
def test_consistency_proofs_verify_and_are_short(sizes: tuple[int, int], salt: int) -> None:
    size1, size2 = sizes
    source = tree(size2, salt)
    hashes = list(source.leaf_hashes(0, size2))
    proof = consistency_proof(LeafSubtrees(source), size1, size2)
    assert len(proof) <= max_proof_length(size2)
    verify_consistency(size1, size2, proof, reference_root(hashes[:size1]), reference_root(hashes))


@PROPERTY_SETTINGS
@given(two_sizes(), st.integers(0, 2**16), st.integers(0, 255), st.data())
def test_altered_consistency_proofs_fail(
    sizes: tuple[int, int], salt: int, bit: int, data: st.DataObject
) -> None:
    size1, size2 = sizes
    hashes = list(tree(size2, salt).leaf_hashes(0, size2))
    root1, root2 = reference_root(hashes[:size1]), reference_root(hashes)
    proof = consistency_proof(LeafSubtrees(MemoryHashSource(hashes)), size1, size2)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1))
        altered = [*proof[:at], flip(proof[at], bit), *proof[at + 1 :]]
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, altered, root1, root2)
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, proof[:at] + proof[at + 1 :], root1, root2)
    with pytest.raises(ProofError):
        verify_consistency(size1, size2, proof, flip(root1, bit), root2)
    with pytest.raises(ProofError):
        verify_consistency(size1, size2, proof, root1, flip(root2, bit))
    with pytest.raises(ProofError):
        verify_consistency(size1, size2, [*proof, root1], root1, root2)
    # Other sizes, each with the root it really has: the proof must not fit them.
    other1 = data.draw(st.integers(1, size2).filter(lambda n: n != size1)) if size2 > 1 else None
    if other1 is not None:
        with pytest.raises(ProofError):
            verify_consistency(other1, size2, proof, reference_root(hashes[:other1]), root2)
    longer = hashes + list(tree(MAX_SIZE, salt + 1).leaf_hashes(0, MAX_SIZE))
    other2 = data.draw(st.integers(size1, MAX_SIZE).filter(lambda n: n != size2))
    with pytest.raises(ProofError):
        verify_consistency(size1, other2, proof, root1, reference_root(longer[:other2]))


@PROPERTY_SETTINGS
@given(st.integers(0, MAX_SIZE), st.integers(0, 2**16))
def test_compact_range_matches_the_full_tree(size: int, salt: int) -> None:
    hashes = list(tree(size, salt).leaf_hashes(0, size))
    compact = CompactRange()
    nodes: dict[tuple[int, int], bytes] = {}
    for i, h in enumerate(hashes):
        completed = compact.append(h)
        assert completed[0] == Node(0, i, h)
        for node in completed:
            start, end = node.index << node.level, (node.index + 1) << node.level
            assert node.hash == reference_root(hashes[start:end])
            nodes[node.level, node.index] = node.hash
        assert compact.root() == reference_root(hashes[: i + 1])
        assert len(compact.hashes) == (i + 1).bit_count()
    # What a store kept from `append` is enough to rebuild the frontier, and it is exactly
    # every perfect subtree of the tree.
    expected = {
        (level, index) for level in range(size.bit_length()) for index in range(size >> level)
    }
    assert set(nodes) == expected
    store = DictSubtrees(nodes)
    rebuilt = CompactRange.from_subtrees(store, size)
    assert rebuilt.hashes == compact.hashes
    assert rebuilt.root() == compact.root()


class DictSubtrees:
    """The nodes a store kept from `CompactRange.append`, counting lookups."""

    def __init__(self, nodes: dict[tuple[int, int], bytes]) -> None:
        self.nodes = nodes
        self.lookups = 0

    def perfect_hash(self, level: int, index: int) -> bytes:
        self.lookups += 1
        return self.nodes[level, index]


@PROPERTY_SETTINGS
@given(two_sizes(), st.data())
def test_stored_nodes_give_the_same_proofs_in_logarithmic_reads(
    sizes: tuple[int, int], data: st.DataObject
) -> None:
    size1, size2 = sizes
    source = tree(size2)
    compact = CompactRange()
    nodes: dict[tuple[int, int], bytes] = {}
    for h in source.leaf_hashes(0, size2):
        nodes.update(((n.level, n.index), n.hash) for n in compact.append(h))
    bound = 2 * max_proof_length(size2)
    index = data.draw(st.integers(0, size2 - 1))
    store = DictSubtrees(nodes)
    assert inclusion_proof(store, index, size2) == inclusion_proof(
        LeafSubtrees(source), index, size2
    )
    assert store.lookups <= bound
    store = DictSubtrees(nodes)
    direct = consistency_proof(LeafSubtrees(source), size1, size2)
    assert consistency_proof(store, size1, size2) == direct
    assert store.lookups <= bound
    assert root_hash(DictSubtrees(nodes), size2) == compact.root()


def test_frontier_lists_the_binary_digits_of_the_size() -> None:
    assert frontier(0) == []
    assert frontier(1) == [(0, 0)]
    assert frontier(6) == [(2, 0), (1, 2)]
    assert frontier(7) == [(2, 0), (1, 2), (0, 6)]


def test_subtree_hash_refuses_ranges_that_are_not_nodes() -> None:
    store = LeafSubtrees(tree(16))
    assert subtree_hash(store, 8, 11) == reference_root(list(tree(16).leaf_hashes(8, 11)))
    for start, end in [(1, 3), (2, 6), (4, 4), (5, 3), (-1, 1)]:
        with pytest.raises(ValueError, match="not a node"):
            subtree_hash(store, start, end)


def test_leaf_subtrees_refuse_subtrees_past_the_end() -> None:
    with pytest.raises(ValueError, match="no complete subtree"):
        LeafSubtrees(tree(5)).perfect_hash(1, 2)


def test_proof_generation_refuses_bad_arguments() -> None:
    store = LeafSubtrees(tree(8))
    with pytest.raises(ValueError, match="not in a tree"):
        inclusion_proof(store, 8, 8)
    with pytest.raises(ValueError, match="no consistency proof"):
        consistency_proof(store, 0, 8)
    with pytest.raises(ValueError, match="no consistency proof"):
        consistency_proof(store, 5, 4)
    assert consistency_proof(store, 8, 8) == []


def test_compact_range_refuses_a_frontier_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="has 2 hashes"):
        CompactRange(3, [EMPTY_ROOT])
    with pytest.raises(ValueError, match="32 bytes"):
        CompactRange().append(b"short")


def test_verification_errors_say_what_is_wrong() -> None:
    source = tree(5)
    proof = inclusion_proof(LeafSubtrees(source), 1, 5)
    root = root_hash(LeafSubtrees(source), 5)
    with pytest.raises(ProofError, match="has 2 hashes, it needs 3"):
        verify_inclusion(source.leaf_hash(1), 1, 5, proof[:2], root)
    with pytest.raises(ProofError, match="not below tree size"):
        verify_inclusion(source.leaf_hash(1), 5, 5, proof, root)
    with pytest.raises(ProofError, match="leads to another root"):
        verify_inclusion(source.leaf_hash(2), 1, 5, proof, root)
    with pytest.raises(ProofError, match="empty tree proves nothing"):
        verify_consistency(0, 5, [], EMPTY_ROOT, root)
    with pytest.raises(ProofError, match="below first tree size"):
        verify_consistency(5, 4, [], root, root)
    with pytest.raises(ProofError, match="not a uint64"):
        verify_inclusion(source.leaf_hash(1), 1, 2**64, proof, root)
