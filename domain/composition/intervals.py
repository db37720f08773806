"""Date intervals indexed for "which of them hold on this day", immutable and shared.

A segment tree over day ordinals: an interval [start, end) is kept in the few nodes whose whole
range it covers (at most two per level), so the intervals holding on a day are exactly those
kept on the path from the root to that day's leaf: 23 nodes, whatever the number of intervals.
A node keeps only intervals covering all of its range, and they all hold on each of its days, so
no node keeps more intervals than held on one day: adding or removing one copies a few sets no
larger than the body was at the time, never the whole history.

Nodes are never changed; a new version copies the path it changes (as `PersistentMap` does), so
an aggregate's copy shares the index instead of copying it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from datetime import date
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

# Every day's ordinal is below it: date.max.toordinal() is 3,652,059 < 2**22.
_LEVELS = 22
_SPAN = 1 << _LEVELS


class _Node:
    """The intervals covering this node's whole range, and the halves below it."""

    __slots__ = ("here", "high", "low")

    def __init__(self, here: frozenset[object], low: _Node | None, high: _Node | None) -> None:
        self.here = here
        self.low = low
        self.high = high


class IntervalIndex(Generic[K]):
    """Keys of half-open date intervals [start, end); `add` and `remove` return a new index."""

    __slots__ = ("_root",)

    def __init__(self, root: _Node | None = None) -> None:
        self._root = root

    @classmethod
    def of(cls, intervals: Iterable[tuple[K, date, date]]) -> IntervalIndex[K]:
        """The index of these intervals, built at once (adding them one at a time would copy a
        path of the tree for each)."""
        spans: list[tuple[object, int, int]] = [(k, *_span(s, e)) for k, s, e in intervals]
        return cls(_build(spans))

    def add(self, key: K, start: date, end: date) -> IntervalIndex[K]:
        """This index with `key` held over [start, end)."""
        return IntervalIndex(_update(self._root, 0, _SPAN, _span(start, end), key, adding=True))

    def remove(self, key: K, start: date, end: date) -> IntervalIndex[K]:
        """This index without `key` over [start, end), the interval it was added with."""
        return IntervalIndex(_update(self._root, 0, _SPAN, _span(start, end), key, adding=False))

    def holding_on(self, day: date) -> Iterator[K]:
        """The keys whose interval holds on `day`: start <= day < end."""
        point = day.toordinal()
        node, low, high = self._root, 0, _SPAN
        while node is not None:
            yield from node.here  # type: ignore[misc]  # only keys of type K are ever added
            middle = (low + high) // 2
            if point < middle:
                node, high = node.low, middle
            else:
                node, low = node.high, middle

    def __bool__(self) -> bool:
        return self._root is not None


def _span(start: date, end: date) -> tuple[int, int]:
    if end <= start:
        raise ValueError(f"an interval that starts on {start} cannot end on {end}")
    return start.toordinal(), end.toordinal()


def _update(
    node: _Node | None, low: int, high: int, span: tuple[int, int], key: object, *, adding: bool
) -> _Node | None:
    here = node.here if node is not None else frozenset()
    below_low = node.low if node is not None else None
    below_high = node.high if node is not None else None
    start, end = span
    if start <= low and high <= end:
        here = here | {key} if adding else here - {key}
    else:
        middle = (low + high) // 2
        if start < middle:
            below_low = _update(below_low, low, middle, span, key, adding=adding)
        if end > middle:
            below_high = _update(below_high, middle, high, span, key, adding=adding)
    if not here and below_low is None and below_high is None:
        return None  # nothing left below: the branch goes, so an emptied index is empty
    return _Node(here, below_low, below_high)


def _build(spans: list[tuple[object, int, int]]) -> _Node | None:
    # Bottom up: each interval's nodes are the maximal aligned blocks inside it, found from its
    # ends one level at a time (the nodes `_update` would keep it in, without walking down from
    # the root for each interval); then every node is made, with its ancestors, level by level.
    kept: list[dict[int, list[object]]] = [{} for _ in range(_LEVELS + 1)]
    for key, start, end in spans:
        low, high, level = start, end, 0
        while low < high:
            if low & 1:
                kept[level].setdefault(low, []).append(key)
                low += 1
            if high & 1:
                high -= 1
                kept[level].setdefault(high, []).append(key)
            low, high, level = low >> 1, high >> 1, level + 1
    below: dict[int, _Node] = {}
    for level in range(_LEVELS + 1):
        indexes = set(kept[level]) | {i >> 1 for i in below}
        below = {
            i: _Node(frozenset(kept[level].get(i, ())), below.get(2 * i), below.get(2 * i + 1))
            for i in indexes
        }
    return below.get(0)
