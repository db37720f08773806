"""What auditors read: the event stream with each event's metadata and leaf hash, and proofs.

Everything here reads stored bytes (the event store's notifications, the tlog tables); nothing
decodes events into domain objects, so an auditor sees what was written, not what code makes of
it. The metadata columns are read from the stored JSON state as it stands.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Notification

from audit.acts import rests_on
from audit.leaves import encode_leaf
from audit.store import TlogStore
from transparency.merkle import consistency_proof, inclusion_proof
from transparency.tiles import Tile, encode_entry_bundle, tile_hashes

#: The metadata every stored event carries in its state (bookkeeping has no paragraph or date).
METADATA = ("recorded_by", "timestamp", "effective_on", "paragraph", "idempotency_key")


class NotInTree(LookupError):
    """The position or size is not (yet) covered by the tree."""


@dataclass(frozen=True)
class AuditEvent:
    """One stored event as an auditor sees it."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    kind: str
    metadata: dict[str, Any]
    state_b64: str
    leaf_index: int | None
    leaf_hash_b64: str | None
    rests_on: list[dict[str, Any]]


def audit_events(
    recorder: ApplicationRecorder, tlog: TlogStore, *, after: int, limit: int
) -> list[AuditEvent]:
    """The stored events after a position, in log order, with their leaves where appended."""
    notifications = recorder.select_notifications(start=after + 1, limit=limit)
    return _described(notifications, tlog)


def aggregate_events(
    recorder: ApplicationRecorder, tlog: TlogStore, aggregate_id: UUID
) -> list[AuditEvent]:
    """Every stored event of one aggregate, in version order, with their positions and leaves."""
    stored = recorder.select_events(aggregate_id)
    if not stored:
        return []
    # Positions come from the log: scan it for this aggregate's events (the store keeps no
    # index from (id, version) to position), a page at a time.
    wanted = {(aggregate_id, s.originator_version) for s in stored}
    found: list[Notification] = []
    start = 1
    while wanted:
        page = recorder.select_notifications(start=start, limit=1000)
        if not page:
            break
        for n in page:
            if (n.originator_id, n.originator_version) in wanted:
                found.append(n)
                wanted.discard((n.originator_id, n.originator_version))
        start = page[-1].id + 1
    return _described(found, tlog)


def inclusion(tlog: TlogStore, position: int, tree_size: int) -> tuple[int, bytes, list[bytes]]:
    """The leaf index, leaf hash and inclusion proof of the event at `position` in a tree."""
    index = tlog.leaf_index_of(position)
    if index is None or index >= tree_size:
        raise NotInTree(f"position {position} is not in the tree of size {tree_size}")
    _check_size(tlog, tree_size)
    leaf = tlog.leaf_hashes(index, index + 1)[0]
    return index, leaf, inclusion_proof(tlog.subtrees(), index, tree_size)


def consistency(tlog: TlogStore, first: int, second: int) -> list[bytes]:
    """The consistency proof between two tree sizes."""
    _check_size(tlog, second)
    if not 0 < first <= second:
        raise NotInTree(f"no consistency proof from size {first} to size {second}")
    return consistency_proof(tlog.subtrees(), first, second)


def hash_tile(tlog: TlogStore, tile: Tile) -> bytes:
    """The content of a hash tile, if the tree is large enough to hold it."""
    _check_size(tlog, (tile.start + tile.width) * (1 << (8 * tile.level)))
    return tile_hashes(tlog.subtrees(), tile)


def entry_bundle(recorder: ApplicationRecorder, tlog: TlogStore, tile: Tile) -> bytes:
    """The content of an entry tile: the canonical leaf entries of its leaves."""
    first = tile.start
    _check_size(tlog, first + tile.width)
    leaves = tlog.leaves(first, first + tile.width)
    notifications = recorder.select_notifications(
        start=leaves[0].position, limit=tile.width, stop=leaves[-1].position
    )
    by_position = {n.id: n for n in notifications}
    return encode_entry_bundle(encode_leaf(by_position[leaf.position]) for leaf in leaves)


def _check_size(tlog: TlogStore, size: int) -> None:
    if size > tlog.tree_size():
        raise NotInTree(f"the tree has {tlog.tree_size()} leaves, not {size}")


def _described(notifications: Sequence[Notification], tlog: TlogStore) -> list[AuditEvent]:
    if not notifications:
        return []
    size = tlog.tree_size()
    first = tlog.leaf_index_of(notifications[0].id)
    hashes: dict[int, tuple[int, bytes]] = {}
    if first is not None:
        for leaf in tlog.leaves(first, min(size, first + len(notifications))):
            hashes[leaf.position] = (leaf.index, leaf.hash)
    return [_event(n, hashes.get(n.id)) for n in notifications]


def _event(n: Notification, leaf: tuple[int, bytes] | None) -> AuditEvent:
    try:
        state: dict[str, Any] = json.loads(n.state)
    except ValueError:
        state = {}
    return AuditEvent(
        position=n.id,
        originator_id=UUID(str(n.originator_id)),
        originator_version=n.originator_version,
        topic=n.topic,
        kind="bookkeeping" if n.topic.startswith("ledger:") else "regulation",
        metadata={k: state[k] for k in METADATA if k in state},
        state_b64=base64.b64encode(n.state).decode(),
        leaf_index=None if leaf is None else leaf[0],
        leaf_hash_b64=None if leaf is None else base64.b64encode(leaf[1]).decode(),
        rests_on=rests_on(state) if isinstance(state, dict) else [],
    )
