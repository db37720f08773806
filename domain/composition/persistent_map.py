"""An immutable mapping whose updates share almost everything with the mapping they came from.

A hash trie: 32-way nodes indexed by successive 5-bit slices of the key's hash. Setting a key
copies only the nodes on that key's path (about log32 n of them, 4 for a million keys), so a
new version costs microseconds whatever the size, and an old version stays valid.

It exists for the aggregates' cache: the repository hands out a copy of a cached aggregate for
every command, and `LedgerAggregate.__deepcopy__` copies dict, list and set containers but shares
everything else. State held in this mapping is therefore shared by the copy instead of copied,
and a command pays for the keys it changes, not for every key the aggregate ever gathered.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_BITS = 5
_WIDTH = 1 << _BITS
_MASK = _WIDTH - 1
# Hashes are folded to 64 bits; two different ones differ within the first 13 slices of 5 bits,
# so only keys whose whole hashes are equal ever share a slot (a `_Collision`).
_HASH_MASK = (1 << 64) - 1
_EMPTY: tuple[object, ...] = (None,) * _WIDTH


class _Entry:
    """One key with its value and its folded hash."""

    __slots__ = ("hash", "key", "value")

    def __init__(self, hash_: int, key: object, value: object) -> None:
        self.hash = hash_
        self.key = key
        self.value = value


class _Collision:
    """Entries whose keys differ but whose folded hashes are equal."""

    __slots__ = ("entries", "hash")

    def __init__(self, hash_: int, entries: tuple[_Entry, ...]) -> None:
        self.hash = hash_
        self.entries = entries


# A node is a tuple of `_WIDTH` slots: None, an `_Entry`, a `_Collision` or a child node.
Node = tuple[object, ...]


class PersistentMap(Mapping[K, V]):
    """An immutable mapping; `set` returns a new one and leaves this one as it is.

    Keys are never removed: a roll keeps every person it ever admitted (a retracted term leaves
    the person with no terms, as the dict it replaced did), so removal would be dead code.
    """

    __slots__ = ("_len", "_root")

    def __init__(self) -> None:
        self._root: Node = _EMPTY
        self._len = 0

    @classmethod
    def _of(cls, root: Node, length: int) -> PersistentMap[K, V]:
        made: PersistentMap[K, V] = cls.__new__(cls)
        made._root, made._len = root, length
        return made

    # -- reads ---------------------------------------------------------------------------------

    def __getitem__(self, key: K) -> V:
        hash_ = hash(key) & _HASH_MASK
        node, shift = self._root, 0
        while True:
            slot = node[(hash_ >> shift) & _MASK]
            if isinstance(slot, tuple):
                node, shift = slot, shift + _BITS
                continue
            if isinstance(slot, _Entry) and slot.hash == hash_ and slot.key == key:
                return cast("V", slot.value)
            if isinstance(slot, _Collision) and slot.hash == hash_:
                for entry in slot.entries:
                    if entry.key == key:
                        return cast("V", entry.value)
            raise KeyError(key)

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[K]:
        return (key for key, _ in self.entries())

    def entries(self) -> Iterator[tuple[K, V]]:
        """Every key with its value, in no particular order (no lookup per key)."""
        stack = [self._root]
        while stack:
            for slot in stack.pop():
                kind = type(slot)  # exact types: the slots hold nothing else, and it is faster
                if kind is _Entry:
                    entry = cast("_Entry", slot)
                    yield cast("K", entry.key), cast("V", entry.value)
                elif kind is tuple:
                    stack.append(cast("Node", slot))
                elif kind is _Collision:
                    for colliding in cast("_Collision", slot).entries:
                        yield cast("K", colliding.key), cast("V", colliding.value)

    def __repr__(self) -> str:
        return f"PersistentMap({dict(self.entries())!r})"

    # -- new versions --------------------------------------------------------------------------

    def set(self, key: K, value: V) -> PersistentMap[K, V]:
        """This mapping with `key` bound to `value`."""
        entry = _Entry(hash(key) & _HASH_MASK, key, value)
        root, added = _set(self._root, 0, entry)
        return self._of(root, self._len + added)


def _with(node: Node, index: int, slot: object) -> Node:
    copied = list(node)  # faster than slicing and joining three tuples
    copied[index] = slot
    return tuple(copied)


def _set(node: Node, shift: int, entry: _Entry) -> tuple[Node, bool]:
    index = (entry.hash >> shift) & _MASK
    slot = node[index]
    if slot is None:
        return _with(node, index, entry), True
    if isinstance(slot, tuple):
        child, added = _set(slot, shift + _BITS, entry)
        return _with(node, index, child), added
    if isinstance(slot, _Entry) and slot.hash == entry.hash:
        if slot.key == entry.key:
            return _with(node, index, entry), False
        return _with(node, index, _Collision(entry.hash, (slot, entry))), True
    if isinstance(slot, _Collision) and slot.hash == entry.hash:
        kept = tuple(e for e in slot.entries if e.key != entry.key)
        collision = _Collision(entry.hash, (*kept, entry))
        return _with(node, index, collision), len(kept) == len(slot.entries)
    assert isinstance(slot, _Entry | _Collision)
    return _with(node, index, _split(slot, entry, shift + _BITS)), True


def _split(old: _Entry | _Collision, new: _Entry, shift: int) -> Node:
    # Two different hashes that share the slice at this depth: push both one level down.
    old_index, new_index = (old.hash >> shift) & _MASK, (new.hash >> shift) & _MASK
    if old_index == new_index:
        return _with(_EMPTY, old_index, _split(old, new, shift + _BITS))
    return _with(_with(_EMPTY, old_index, old), new_index, new)
