"""`audit.verify` without a database: its leaf hashes and its page-by-page tree."""

from __future__ import annotations

import random
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

from audit import verify
from audit.leaves import leaf_hash
from transparency.compact import CompactRange
from transparency.merkle import merkle_root


def notification(rng: random.Random, position: int) -> Notification:
    topic = rng.choice(["assembly:Person.Registered", "ledger:IdempotencyRecord.Remembered", "é"])
    return Notification(
        id=position,
        originator_id=UUID(int=rng.getrandbits(128)),
        originator_version=rng.randrange(1, 2**40),
        topic=topic,
        state=rng.randbytes(rng.randrange(0, 600)),
    )


def row(n: Notification, hexed: bool) -> tuple[Any, ...]:
    uid = n.originator_id
    assert isinstance(uid, UUID)
    return (n.id, uid.hex if hexed else uid.bytes, n.originator_version, n.topic, n.state)


@pytest.mark.parametrize("hexed", [True, False], ids=["sqlite", "postgres"])
def test_raw_rows_hash_to_the_leaves_of_their_notifications(hexed: bool) -> None:
    rng = random.Random(7)
    notifications = [notification(rng, position) for position in range(1, 300)]
    rows = [row(n, hexed) for n in notifications]
    assert verify._hashes(rows, hexed) == [leaf_hash(n) for n in notifications]


def test_a_malformed_row_matches_no_leaf_and_spoils_no_other() -> None:
    rng = random.Random(8)
    notifications = [notification(rng, position) for position in range(1, 9)]
    good = [row(n, True) for n in notifications]
    for k, bad in enumerate(
        [
            ("not hex at all, but 32 characters",),
            (good[0][1][:30],),  # 15 bytes, which a padding pack would hide
            (good[0][1] + "00",),
            (" " + good[0][1][1:],),  # whitespace that bytes.fromhex would skip
        ]
    ):
        rows = list(good)
        rows[3] = (rows[3][0], bad[0], *rows[3][2:])
        hashes = verify._hashes(rows, True)
        assert hashes[3] == b"malformed", k
        assert [h for i, h in enumerate(hashes) if i != 3] == [
            leaf_hash(n) for i, n in enumerate(notifications) if i != 3
        ]
    for broken in [
        (1, good[0][1], 2**64, "t", b""),
        (1, good[0][1], 1, b"t", b""),
        (1, good[0][1], 1, "t", "text"),
    ]:
        assert verify._hashes([broken], True) == [b"malformed"]


class MemoryTree:
    """The queries `_Check` makes, answered from leaves and the nodes CompactRange reports."""

    def __init__(self, hashes: list[bytes], positions: list[int]) -> None:
        self.leaves = [(i, p, h) for i, (p, h) in enumerate(zip(positions, hashes, strict=True))]
        self.nodes: dict[tuple[int, int], bytes] = {}
        tree = CompactRange()
        for h in hashes:
            self.nodes.update({(n.level, n.index): n.hash for n in tree.append(h) if n.level})

    def __call__(self, name: str, *params: Any) -> list[Any]:
        if name in ("node_page", "nodes"):
            level, low, high = params
            found = [
                (i, self.nodes[level, i]) for i in range(low, high) if (level, i) in self.nodes
            ]
            return [(b"".join(h for _, h in found) or None,)] if name == "node_page" else found
        offset, low, high = params if name == "leaf_page" else (0, *params)
        page = [leaf for leaf in self.leaves if low <= leaf[0] < high]
        if name == "leaves":
            return page
        if name == "positions":
            return [(",".join(str(p) for _, p, _ in page) or None,)]
        wrong = sum(p != i + offset for i, p, _ in page)
        blob = b"".join(h for _, _, h in page) or None
        return [(len(page), min((i for i, _, _ in page), default=None), wrong, blob)]


@pytest.mark.parametrize("page", [1, 2, 4, 16, 1024])
def test_the_tree_rebuilt_page_by_page_is_rfc_9162s_at_every_size(page: int) -> None:
    rng = random.Random(page)
    for n in [0, 1, 2, 3, 5, 8, 13, 64, 100, 255, 300]:
        hashes = [rng.randbytes(32) for _ in range(n)]
        positions = sorted(rng.sample(range(1, 4 * n + 2), n))  # gaps, as PostgreSQL has
        report = verify.Report()
        check = verify._Check(MemoryTree(hashes, positions), report, n, set(range(n + 1)), page)
        for start in range(0, n, 7):  # chunks of any size
            check.add(positions[start : start + 7], hashes[start : start + 7])
        check.add([], [], final=True)
        assert report.problems == []
        assert check.mismatched == []
        assert check.bad == {}
        assert check.seen == n - n.bit_count()  # every stored node, each compared once
        assert [check.root(s) for s in range(n + 1)] == [
            merkle_root(hashes[:s]) for s in range(n + 1)
        ]
        assert check.root(n + 1) is None


def test_a_changed_node_or_leaf_is_found_where_it_is() -> None:
    rng = random.Random(3)
    hashes = [rng.randbytes(32) for _ in range(100)]
    tree = MemoryTree(hashes, list(range(1, 101)))
    tree.nodes[3, 5] = rng.randbytes(32)
    del tree.nodes[1, 20]
    tree.leaves[61] = (61, 62, rng.randbytes(32))
    check = verify._Check(tree, verify.Report(), 100, {100}, 8)
    check.add(list(range(1, 101)), hashes, final=True)
    assert check.bad == {(3, 5): "altered", (1, 20): "missing"}
    assert check.mismatched == [(61, 62, 61)]


@pytest.mark.parametrize("page", [4, 64])
def test_an_event_the_tree_lacks_and_a_leaf_without_its_row_are_located(page: int) -> None:
    rng = random.Random(page)
    hashes = [rng.randbytes(32) for _ in range(100)]
    positions = list(range(2, 202, 2))
    extra = rng.randbytes(32)
    report = verify.Report()
    check = verify._Check(MemoryTree(hashes, positions), report, 100, set(), page)
    check.add([*positions[:25], 51, *positions[25:]], [*hashes[:25], extra, *hashes[25:]], True)
    assert [(p.kind, p.leaf_index, p.position) for p in report.problems] == [
        ("event-not-in-tree", 25, 51)
    ]
    tree = MemoryTree(hashes, positions)
    del tree.leaves[40]
    report = verify.Report()
    check = verify._Check(tree, report, 100, set(), page)
    check.add(positions, hashes, final=True)
    assert [(p.kind, p.leaf_index, p.position) for p in report.problems] == [
        ("leaf-missing", 40, 82)
    ]
