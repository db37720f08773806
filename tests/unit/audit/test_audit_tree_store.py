"""The tlog tables on an in-memory SQLite database: nodes, roots, proofs, checkpoints."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from eventsourcing.persistence import IntegrityError

from audit.store import StoredLeaf, TlogIntegrityError, TlogStore, open_tlog
from infra.settings import StoreSettings
from transparency.compact import CompactRange
from transparency.merkle import (
    LeafSubtrees,
    MemoryHashSource,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    verify_consistency,
    verify_inclusion,
)


@pytest.fixture
def store() -> Iterator[TlogStore]:
    tlog = open_tlog(StoreSettings(store="memory"))
    yield tlog
    tlog.close()


def hashes(n: int, start: int = 0) -> list[bytes]:
    return [leaf_hash(b"leaf %d" % i) for i in range(start, start + n)]


def append(store: TlogStore, new: list[bytes], first_position: int = 1, step: int = 1) -> None:
    tree = store.compact_range()
    leaves, nodes = [], []
    for h in new:
        position = first_position + step * (tree.size - store.tree_size())
        leaves.append(StoredLeaf(tree.size, position, h))
        nodes.extend(tree.append(h))
    store.append_batch(leaves, nodes)


def test_an_empty_store_has_the_empty_tree(store: TlogStore) -> None:
    assert store.tree_size() == 0
    assert store.last_position() == 0
    assert store.root_hash() == merkle_root([])
    assert store.latest_checkpoint() is None


def test_batches_store_every_completed_node_and_the_root_matches(store: TlogStore) -> None:
    all_hashes: list[bytes] = []
    position = 1
    for size in (1, 2, 5, 8, 13, 1, 30):
        new = hashes(size, len(all_hashes))
        append(store, new, first_position=position, step=3)  # positions with gaps
        position += 3 * size
        all_hashes += new
        assert store.tree_size() == len(all_hashes)
        assert store.root_hash() == merkle_root(all_hashes)
        assert store.last_position() == position - 3
    for size in range(1, len(all_hashes) + 1):
        assert store.root_hash(size) == merkle_root(all_hashes[:size])
    resumed = store.compact_range()
    assert resumed.root() == merkle_root(all_hashes)
    assert store.leaf_hashes(0, len(all_hashes)) == all_hashes
    assert store.position_of(4) == 13
    assert store.leaf_index_of(13) == 4
    assert store.leaf_index_of(14) is None


def test_proofs_from_stored_nodes_need_logarithmic_reads(store: TlogStore) -> None:
    all_hashes = hashes(300)
    for start in range(0, 300, 37):
        append(store, all_hashes[start : start + 37], first_position=start + 1)
    plain = LeafSubtrees(MemoryHashSource(all_hashes))
    rng = random.Random(7)
    for n in (1, 2, 3, 64, 100, 255, 256, 300):
        root = merkle_root(all_hashes[:n])
        for index in rng.sample(range(n), min(n, 5)):
            source = store.subtrees()
            proof = inclusion_proof(source, index, n)
            assert proof == inclusion_proof(plain, index, n)
            assert len(proof) <= math.ceil(math.log2(n)) + 1
            assert source.reads <= 2 * math.ceil(math.log2(n)) + 2
            verify_inclusion(all_hashes[index], index, n, proof, root)
        for old in rng.sample(range(1, n + 1), min(n, 4)):
            proof = consistency_proof(store.subtrees(), old, n)
            assert proof == consistency_proof(plain, old, n)
            verify_consistency(old, n, proof, merkle_root(all_hashes[:old]), root)


def test_a_leaf_cannot_be_appended_twice(store: TlogStore) -> None:
    append(store, hashes(3))
    tree = CompactRange()
    leaves = [StoredLeaf(0, 1, hashes(1)[0])]
    with pytest.raises(IntegrityError):
        store.append_batch(leaves, tree.append(leaves[0].hash))
    assert store.tree_size() == 3


def test_a_batch_must_follow_the_stored_positions(store: TlogStore) -> None:
    append(store, hashes(2), first_position=10)
    tree = store.compact_range()
    h = hashes(1, 2)[0]
    with pytest.raises(TlogIntegrityError, match="does not follow"):
        store.append_batch([StoredLeaf(2, 5, h)], tree.append(h))
    assert store.tree_size() == 2
    assert store.last_position() == 11


def test_a_batch_with_a_gap_in_leaf_indices_is_refused(store: TlogStore) -> None:
    append(store, hashes(2))
    h = hashes(1, 5)[0]
    with pytest.raises(TlogIntegrityError, match="missing"):
        store.append_batch([StoredLeaf(5, 9, h)], [])
    assert store.tree_size() == 2


def test_checkpoints_cosignatures_and_digests_are_stored_once(store: TlogStore) -> None:
    append(store, hashes(4))
    at = datetime(2025, 5, 5, 10, 0, tzinfo=UTC)
    first = store.store_checkpoint(4, store.root_hash(), b"note one\n\n- sig\n", at)
    again = store.store_checkpoint(4, store.root_hash(), b"another note\n", at)
    assert first == again
    assert first.note == b"note one\n\n- sig\n"
    assert first.signed_at == at
    assert store.latest_checkpoint() == first
    assert store.checkpoint_sizes() == [4]
    store.store_cosignature(4, "w1", "\u2014 w1 AAAA\n")
    store.store_cosignature(4, "w1", "\u2014 w1 BBBB")
    assert store.cosignatures(4) == {"w1": "\u2014 w1 AAAA"}
    assert store.last_cosigned_size("w1") == 4
    assert store.last_cosigned_size("w2") == 0
    assert store.undigested_sizes("composition") == [4]
    store.store_view_digest(4, "composition", "ab" * 32)
    store.store_view_digest(4, "composition", "cd" * 32)
    assert store.view_digests(4) == {"composition": "ab" * 32}
    assert store.undigested_sizes("composition") == []


def test_a_missing_node_is_an_integrity_error(store: TlogStore) -> None:
    append(store, hashes(2))
    with pytest.raises(TlogIntegrityError, match="level 3"):
        store.subtrees().perfect_hash(3, 0)
