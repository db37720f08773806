"""The events' leaves and tree beside the stored ones, for `python -m audit verify`.

Each raw event row is rehashed as its leaf (`audit.leaves`), and the tree rebuilt level by level a
page at a time, each page of leaves and of nodes compared with the stored page in one query.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from hashlib import sha256
from typing import Any

from audit.leaves import LeafFormatError, leaf_hashes_of
from audit.verify_report import KEPT, Report
from transparency.merkle import EMPTY_ROOT

Rows = Callable[..., list[Any]]


def _leaf(row: Sequence[Any], hexed: bool) -> bytes:
    """The leaf hash of a raw event row (position, originator, version, topic, state)."""
    try:
        return leaf_hashes_of([row], hexed)[0]
    except LeafFormatError:
        return b"malformed"  # no stored hash is this


def leaf_hashes(rows: list[Any], hexed: bool) -> list[bytes]:
    """The leaf hashes of raw event rows, row by row only if some row is not well formed."""
    try:
        return leaf_hashes_of(rows, hexed)
    except LeafFormatError:
        return [_leaf(row, hexed) for row in rows]


class LogCheck:
    """The events' tree, level by level in pages, beside the stored leaves and nodes."""

    def __init__(self, rows: Rows, report: Report, size: int, want: set[int], page: int) -> None:
        self.rows, self.report, self.size, self.page = rows, report, size, page
        self.levels: list[list[bytes]] = [[]]  # hashes not paired yet, and their first index
        self.first = [0]
        frontiers = {(lv, (s >> lv) - 1) for s in want for lv in range(64) if s >> lv & 1}
        self.need = [sorted(i for lv, i in frontiers if lv == level) for level in range(64)]
        self.got: dict[tuple[int, int], bytes] = {}  # the frontiers of the sizes wanted
        self.bad: dict[tuple[int, int], str] = {}  # (level, index): "altered" or "missing"
        self.seen = self.events = 0  # stored nodes found equal; events added
        self.pos: list[int] = []  # events not matched with a stored leaf yet, and their hashes
        self.hashes: list[bytes] = []
        self.ordinal = self.next = 0  # the leaf index pos[0] should have; the next stored leaf
        self.mismatched: list[tuple[int, int, int]] = []  # leaf index, position, ordinal

    def add(self, positions: list[int], hashes: list[bytes], final: bool = False) -> None:
        """Take more events (`final`: no more), check what they complete."""
        self.events += len(hashes)
        self.levels[0] += hashes
        for level, pending in enumerate(self.levels):  # the list grows while it is walked
            first, need = self.first[level], self.need[level]
            for i in need[bisect_left(need, first) : bisect_left(need, first + len(pending))]:
                self.got[level, i] = pending[i - first]
            if n := len(pending) // 2 * 2 if final or len(pending) >= self.page else 0:
                pairs = iter(pending[:n])
                up = [sha256(b"\x01" + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]
                self._compare(level + 1, first // 2, up)
                if level + 1 == len(self.levels):
                    self.levels.append([])
                    self.first.append(first // 2)
                self.levels[level + 1] += up
                del pending[:n]
                self.first[level] += n
        self._match(positions, hashes, final)

    def _compare(self, level: int, low: int, up: list[bytes]) -> None:
        expected = up[: max(0, (self.size >> level) - low)]  # those inside the stored tree
        page = self.rows("node_page", level, low, low + len(expected)) if expected else [[b""]]
        if page[0][0] == b"".join(expected):
            self.seen += len(expected)
            return
        found = dict(self.rows("nodes", level, low, low + len(expected)))
        for i, h in enumerate(expected, low):
            if found.get(i) == h:
                self.seen += 1
            elif len(self.bad) < KEPT:
                self.bad[level, i] = "altered" if i in found else "missing"

    def root(self, size: int) -> bytes | None:
        """The root of the events' tree of `size` leaves, if there are so many events."""
        if size > self.events:
            return None
        bits = [lv for lv in reversed(range(size.bit_length())) if size >> lv & 1]
        parts = [self.got[lv, (size >> lv) - 1] for lv in bits] or [EMPTY_ROOT]
        while len(parts) > 1:
            parts.append(sha256(b"\x01" + parts.pop(-2) + parts.pop()).digest())
        return parts[0]

    def _match(self, positions: list[int], hashes: list[bytes], final: bool) -> None:
        self.pos += positions
        self.hashes += hashes
        while self.next < self.size and (final or len(self.pos) >= self.page):
            end = min(self.next + self.page, self.size)
            n = end - self.next
            offset = self.pos[0] - self.next if self.pos else 0  # a leaf's position - its index
            count, low, off, blob = self.rows("leaf_page", offset, self.next, end)[0]
            same = (count, low) == (n, self.next) and n <= len(self.pos)
            same = same and blob == b"".join(self.hashes[:n])
            if same and self.pos[n - 1] - self.pos[0] != n - 1:  # not one run: compare each
                text = ",".join(map(str, self.pos[:n]))
                off = self.rows("positions", self.next, end)[0][0] != text
            if same and not off:
                self._consume(n)
            else:
                self._merge(self.rows("leaves", self.next, end), end)
            self.next = end

    def _consume(self, n: int) -> None:
        del self.pos[:n], self.hashes[:n]
        self.ordinal += n

    def _merge(self, rows: list[Any], end: int) -> None:
        """Pair a page of stored leaves with the events one by one, by position."""
        j, expect, skip, add = 0, self.next, 0, self.report.add
        for index, position, stored in [*rows, (end, None, None)]:
            bound = 2**64 if position is None else position
            if index != expect:  # the events before this leaf's are those of the missing leaves
                at = self.pos[j] if j < len(self.pos) and self.pos[j] < bound else None
                detail = f"no leaf {expect} to {index - 1}"
                add("leaf-missing", detail, position=at, leaf_index=expect)
                skip = index - expect
            if position is None:
                break
            expect = index + 1
            while j < len(self.pos) and self.pos[j] < position:
                if skip == 0:
                    at, detail = self.pos[j], f"the event at {self.pos[j]} is not in the tree"
                    add("event-not-in-tree", detail, position=at, leaf_index=self.ordinal + j)
                skip, j = max(skip - 1, 0), j + 1
            if j < len(self.pos) and self.pos[j] == position:
                if self.hashes[j] != stored:
                    self.mismatched.append((index, position, self.ordinal + j))
                j += 1
            else:
                detail = f"leaf {index} is of position {position}, which holds no event"
                add("event-missing", detail, position=position, leaf_index=index)
        self._consume(j)
