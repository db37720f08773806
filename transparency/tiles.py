"""C2SP tlog-tiles: tile paths, hash tile contents, entry bundles, and proofs read from tiles.

A hash tile at level L holds up to 256 consecutive Merkle tree hashes of tree level 8 * L, so any
perfect subtree hash is at most 128 hashes of a single tile folded together: proofs need
O(log n) tile reads and no leaf data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from transparency.merkle import (
    HASH_SIZE,
    MAX_TREE_SIZE,
    SubtreeSource,
    consistency_proof,
    inclusion_proof,
    merkle_root,
    root_hash,
)

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_TILE_LEVEL = 63
MAX_ENTRY_SIZE = 0xFFFF  # entries in a bundle carry a big-endian uint16 length
_LENGTH_SIZE = 2
_PATH_ELEMENT = 1000  # the index is written in three-digit path elements
_MIN_PATH_PARTS = 3  # "tile", the level (or "entries"), the index
_DECIMAL = re.compile(r"0|[1-9][0-9]*", re.ASCII)
_INDEX_ELEMENT = re.compile(r"x[0-9]{3}", re.ASCII)
_LAST_ELEMENT = re.compile(r"[0-9]{3}", re.ASCII)


@dataclass(frozen=True)
class Tile:
    """A hash tile (level, index, width), or with `entries` the entry bundle of level 0."""

    level: int
    index: int
    width: int = TILE_WIDTH
    entries: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.level <= MAX_TILE_LEVEL or (self.entries and self.level):
            raise ValueError(f"tile level {self.level} is out of range")
        if self.index < 0 or not 0 < self.width <= TILE_WIDTH:
            raise ValueError(f"tile index {self.index} or width {self.width} is out of range")

    @property
    def partial(self) -> bool:
        """Whether the tile holds fewer than 256 hashes or entries."""
        return self.width < TILE_WIDTH

    @property
    def start(self) -> int:
        """The first leaf index the tile spans."""
        return self.index << (TILE_HEIGHT * (self.level + 1))

    def path(self) -> str:
        """Return the tile's path below the log prefix, e.g. `tile/0/x001/x234/067.p/8`."""
        level = "entries" if self.entries else str(self.level)
        suffix = f".p/{self.width}" if self.partial else ""
        return f"tile/{level}/{encode_tile_index(self.index)}{suffix}"


def encode_tile_index(index: int) -> str:
    """Encode a tile index in zero-padded 3-digit path elements, all but the last `x`-prefixed."""
    if index < 0:
        raise ValueError(f"tile index {index} is negative")
    text = f"{index % _PATH_ELEMENT:03d}"
    while index >= _PATH_ELEMENT:
        index //= _PATH_ELEMENT
        text = f"x{index % _PATH_ELEMENT:03d}/{text}"
    return text


def tile_path(level: int, index: int, width: int = TILE_WIDTH) -> str:
    """Return `tile/<L>/<N>[.p/<W>]`."""
    return Tile(level, index, width).path()


def entries_path(index: int, width: int = TILE_WIDTH) -> str:
    """Return `tile/entries/<N>[.p/<W>]`."""
    return Tile(0, index, width, entries=True).path()


def parse_tile_path(path: str) -> Tile:
    """Parse a canonical tile or entry bundle path (below the log prefix)."""
    parts = path.split("/")
    if len(parts) < _MIN_PATH_PARTS or parts[0] != "tile":
        raise ValueError(f"{path!r} is not a tile path")
    width = TILE_WIDTH
    elements = parts[2:]
    if len(elements) > 1 and elements[-2].endswith(".p"):  # "<last element>.p", "<W>"
        if not _DECIMAL.fullmatch(elements[-1]) or not 0 < int(elements[-1]) < TILE_WIDTH:
            raise ValueError(f"{path!r} has a partial width outside 1..255")
        width = int(elements[-1])
        elements = [*elements[:-2], elements[-2].removesuffix(".p")]
    well_formed = all(_INDEX_ELEMENT.fullmatch(e) for e in elements[:-1])
    if not well_formed or not _LAST_ELEMENT.fullmatch(elements[-1]):
        raise ValueError(f"{path!r} has a malformed tile index")
    index = int("".join(e.removeprefix("x") for e in elements))
    entries = parts[1] == "entries"
    if not entries and not _DECIMAL.fullmatch(parts[1]):
        raise ValueError(f"{path!r} has a malformed tile level")
    tile = Tile(0 if entries else int(parts[1]), index, width, entries)
    if tile.path() != path:  # e.g. a redundant leading `x000/` element
        raise ValueError(f"{path!r} is not in canonical form")
    return tile


def tiles_for_size(size: int, *, entries: bool = False) -> Iterator[Tile]:
    """Yield every hash tile (or entry bundle) of a tree of `size`, level by level."""
    if not 0 <= size <= MAX_TREE_SIZE:
        raise ValueError(f"tree size {size} is not a uint64")
    level = 0
    while count := size >> (TILE_HEIGHT * level):
        full, rest = divmod(count, TILE_WIDTH)
        yield from (Tile(level, i, entries=entries) for i in range(full))
        if rest:  # the partial tile: floor(size / 256**level) mod 256 hashes
            yield Tile(level, full, rest, entries)
        if entries:
            return
        level += 1


def tile_hashes(source: SubtreeSource, tile: Tile) -> bytes:
    """Return the content of a hash tile: its hashes concatenated."""
    if tile.entries:
        raise ValueError("an entry bundle holds entries, not hashes")
    first = tile.index * TILE_WIDTH
    level = TILE_HEIGHT * tile.level
    return b"".join(source.perfect_hash(level, first + i) for i in range(tile.width))


def encode_entry_bundle(entries: Iterable[bytes]) -> bytes:
    """Return an entry bundle: each entry prefixed by its big-endian uint16 length."""
    parts: list[bytes] = []
    for entry in entries:
        if len(entry) > MAX_ENTRY_SIZE:
            raise ValueError(f"an entry of {len(entry)} bytes does not fit a uint16 length")
        parts += [len(entry).to_bytes(_LENGTH_SIZE, "big"), entry]
    return b"".join(parts)


def decode_entry_bundle(data: bytes) -> list[bytes]:
    """Split an entry bundle into its entries; raise `ValueError` if it is truncated."""
    entries: list[bytes] = []
    pos = 0
    while pos < len(data):
        if pos + _LENGTH_SIZE > len(data):
            raise ValueError("entry bundle ends inside a length prefix")
        length = int.from_bytes(data[pos : pos + _LENGTH_SIZE], "big")
        pos += _LENGTH_SIZE
        if pos + length > len(data):
            raise ValueError("entry bundle ends inside an entry")
        entries.append(data[pos : pos + length])
        pos += length
    return entries


class TileReader(Protocol):
    """Fetches the content of one hash tile, e.g. from disk, a database or HTTP."""

    def read_tile(self, tile: Tile) -> bytes:
        """Return the concatenated hashes of `tile`, exactly `tile.width` of them."""
        ...


class TileSubtrees:
    """A `SubtreeSource` over the tiles of a tree of `size`, caching each tile it reads."""

    def __init__(self, reader: TileReader, size: int) -> None:
        if not 0 <= size <= MAX_TREE_SIZE:
            raise ValueError(f"tree size {size} is not a uint64")
        self._reader = reader
        self._size = size
        self._cache: dict[Tile, bytes] = {}

    def perfect_hash(self, level: int, index: int) -> bytes:
        """Return the hash of the perfect subtree at `level` and `index`, read from one tile."""
        if level < 0 or index < 0 or (index + 1) << level > self._size:
            raise ValueError(f"no complete subtree at level {level}, index {index}")
        tile_level, height = divmod(level, TILE_HEIGHT)
        # The subtree's 2^height hashes at tree level 8 * tile_level are aligned, so they sit
        # side by side in one tile of that level.
        first = index << height
        tile_index, offset = divmod(first, TILE_WIDTH)
        data = self._tile(tile_level, tile_index)
        count = 1 << height
        hashes = [data[i * HASH_SIZE : (i + 1) * HASH_SIZE] for i in range(offset, offset + count)]
        return merkle_root(hashes)

    def _tile(self, level: int, index: int) -> bytes:
        full, rest = divmod(self._size >> (TILE_HEIGHT * level), TILE_WIDTH)
        # Only the tree size says which tile exists: full ones, then one partial of width rest.
        tile = Tile(level, index) if index < full else Tile(level, index, rest)
        if tile not in self._cache:
            data = self._reader.read_tile(tile)
            if len(data) != tile.width * HASH_SIZE:
                raise ValueError(f"{tile.path()} has {len(data)} bytes, not {tile.width * 32}")
            self._cache[tile] = data
        return self._cache[tile]


def root_from_tiles(reader: TileReader, size: int) -> bytes:
    """Return the root hash of the tree of `size`, from tiles only."""
    return root_hash(TileSubtrees(reader, size), size)


def inclusion_proof_from_tiles(reader: TileReader, index: int, size: int) -> list[bytes]:
    """Return the inclusion proof of leaf `index` in the tree of `size`, from tiles only."""
    return inclusion_proof(TileSubtrees(reader, size), index, size)


def consistency_proof_from_tiles(reader: TileReader, size1: int, size2: int) -> list[bytes]:
    """Return the consistency proof from `size1` to `size2`, from the tiles of `size2` only."""
    return consistency_proof(TileSubtrees(reader, size2), size1, size2)
