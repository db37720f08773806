"""C2SP tlog-tiles: paths, the tiles of a tree, tile contents, and proofs from tiles alone."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transparency.compact import CompactRange
from transparency.merkle import (
    LeafSubtrees,
    MemoryHashSource,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    root_hash,
    verify_inclusion,
)
from transparency.tiles import (
    TILE_WIDTH,
    Tile,
    TileSubtrees,
    consistency_proof_from_tiles,
    decode_entry_bundle,
    encode_entry_bundle,
    encode_tile_index,
    entries_path,
    inclusion_proof_from_tiles,
    parse_tile_path,
    root_from_tiles,
    tile_hashes,
    tile_path,
    tiles_for_size,
)

BIG_TREE = 70_000  # the size of the spec's example, with three tile levels


class NodeStore:
    """Every perfect subtree hash of a tree, as a log keeps them from `CompactRange.append`."""

    def __init__(self, size: int) -> None:
        self.entries = [f"entry {i}".encode() for i in range(size)]
        self.nodes: dict[tuple[int, int], bytes] = {}
        compact = CompactRange()
        for entry in self.entries:
            self.nodes.update(
                ((n.level, n.index), n.hash) for n in compact.append(leaf_hash(entry))
            )
        self.root = compact.root()

    def perfect_hash(self, level: int, index: int) -> bytes:
        return self.nodes[level, index]


@cache
def big_store() -> NodeStore:
    return NodeStore(BIG_TREE)


class StoreTiles:
    """A tile server over a node store: builds each tile's content on request, counting reads."""

    def __init__(self, store: NodeStore) -> None:
        self.store = store
        self.reads: Counter[Tile] = Counter()

    def read_tile(self, tile: Tile) -> bytes:
        self.reads[tile] += 1
        return tile_hashes(self.store, tile)


def test_paths_of_the_spec_examples() -> None:
    assert encode_tile_index(1234067) == "x001/x234/067"
    assert tile_path(0, 1234067) == "tile/0/x001/x234/067"
    assert tile_path(2, 1234067, 8) == "tile/2/x001/x234/067.p/8"
    assert entries_path(1234067) == "tile/entries/x001/x234/067"
    assert entries_path(5, 112) == "tile/entries/005.p/112"
    assert [encode_tile_index(n) for n in (0, 7, 999, 1000, 1_000_000)] == [
        "000",
        "007",
        "999",
        "x001/000",
        "x001/x000/000",
    ]


@pytest.mark.parametrize(
    "path",
    ["tile/0/x001/x234/067", "tile/3/005.p/255", "tile/63/000", "tile/entries/x001/000.p/1"],
)
def test_canonical_paths_parse_back(path: str) -> None:
    assert parse_tile_path(path).path() == path


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/x000/067",  # redundant leading element
        "tile/0/67",  # not three digits
        "tile/0/x067",  # the last element has no x
        "tile/0/001/002",  # an inner element without x
        "tile/00/001",  # leading zero in the level
        "tile/64/001",  # level past 63
        "tile/0/001.p/0",
        "tile/0/001.p/256",
        "tile/0/001.p/007",
        "tile/0/001.p/",
        "tile/entries/001.p/08",
        "tiles/0/001",
        "tile/0",
    ],
)
def test_malformed_paths_are_refused(path: str) -> None:
    with pytest.raises(ValueError, match="tile"):
        parse_tile_path(path)


def test_the_tiles_of_a_tree_of_70000_as_the_spec_counts_them() -> None:
    tiles = list(tiles_for_size(BIG_TREE))
    full = Counter(t.level for t in tiles if not t.partial)
    partial = {t.level: t.width for t in tiles if t.partial}
    assert full == {0: 273, 1: 1}
    assert partial == {0: 112, 1: 17, 2: 1}
    bundles = list(tiles_for_size(BIG_TREE, entries=True))
    assert len(bundles) == 274
    assert bundles[-1].path() == "tile/entries/273.p/112"


def test_the_tiles_of_a_tree_of_256() -> None:
    assert list(tiles_for_size(256)) == [Tile(0, 0), Tile(1, 0, 1)]
    assert list(tiles_for_size(0)) == []


def test_tile_contents_are_hashes_of_the_level_below() -> None:
    store = big_store()
    level1 = tile_hashes(store, Tile(1, 0))
    assert len(level1) == TILE_WIDTH * 32
    for i in (0, 1, 255):
        below = tile_hashes(store, Tile(0, i))
        assert level1[i * 32 : (i + 1) * 32] == merkle_root(
            [below[j * 32 : (j + 1) * 32] for j in range(TILE_WIDTH)]
        )
    assert tile_hashes(store, Tile(2, 0, 1)) == merkle_root(
        [level1[j * 32 : (j + 1) * 32] for j in range(TILE_WIDTH)]
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(1, BIG_TREE), st.data())
def test_proofs_from_tiles_equal_direct_proofs(size: int, data: st.DataObject) -> None:
    store = big_store()
    tiles = StoreTiles(store)
    index = data.draw(st.integers(0, size - 1))
    proof = inclusion_proof_from_tiles(tiles, index, size)
    assert proof == inclusion_proof(store, index, size)
    # Each tile is read once, and a proof needs few of them: at most two per tile level.
    assert all(count == 1 for count in tiles.reads.values())
    assert len(tiles.reads) <= 6
    # Only tiles a checkpoint of this size would publish were asked for.
    assert set(tiles.reads) <= set(tiles_for_size(size))
    root = root_from_tiles(tiles, size)
    assert root == root_hash(store, size)
    verify_inclusion(leaf_hash(store.entries[index]), index, size, proof, root)
    size1 = data.draw(st.integers(1, size))
    assert consistency_proof_from_tiles(tiles, size1, size) == consistency_proof(store, size1, size)


@pytest.mark.parametrize("size", [1, 2, 255, 256, 257, 511, 512, 1000])
def test_small_trees_from_tiles_match_rehashed_leaves(size: int) -> None:
    source = MemoryHashSource(leaf_hash(b"%d" % i) for i in range(size))

    class LeafTiles:
        def read_tile(self, tile: Tile) -> bytes:
            return tile_hashes(LeafSubtrees(source), tile)

    tiles = LeafTiles()
    for index in {0, size // 2, size - 1}:
        assert inclusion_proof_from_tiles(tiles, index, size) == inclusion_proof(
            LeafSubtrees(source), index, size
        )


def test_a_tile_of_the_wrong_length_is_refused() -> None:
    class ShortTiles:
        def read_tile(self, tile: Tile) -> bytes:
            return b"\x00" * 32 * (tile.width - 1)

    with pytest.raises(ValueError, match="bytes, not"):
        TileSubtrees(ShortTiles(), 300).perfect_hash(0, 3)


def test_entry_bundles_hash_into_the_level_zero_tile() -> None:
    store = big_store()
    bundle = encode_entry_bundle(store.entries[256:512])
    entries = decode_entry_bundle(bundle)
    assert entries == store.entries[256:512]
    assert b"".join(leaf_hash(e) for e in entries) == tile_hashes(store, Tile(0, 1))
    assert decode_entry_bundle(encode_entry_bundle([b"", b"x" * 65535])) == [b"", b"x" * 65535]


@pytest.mark.parametrize("bundle", [b"\x00", b"\x00\x05abc", b"\x00\x01a\x00"])
def test_truncated_entry_bundles_are_refused(bundle: bytes) -> None:
    with pytest.raises(ValueError, match="ends inside"):
        decode_entry_bundle(bundle)


def test_entries_too_long_for_a_bundle_are_refused() -> None:
    with pytest.raises(ValueError, match="uint16"):
        encode_entry_bundle([b"x" * 65536])
