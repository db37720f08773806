"""The tracked appender: every notification of the ledger's log becomes one leaf, in order.

A batch of leaves, the nodes they complete and the tracked position commit in one transaction,
so a crash loses at most the batch in flight and a rerun starts after the last committed leaf.
The appender never skips or reorders: a notification whose position is not above the last
leaf's stops it with an error naming that position.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, Notification

from audit.leaves import leaf_hash
from audit.store import StoredLeaf, TlogIntegrityError, TlogStore
from transparency.compact import CompactRange, Node

log = logging.getLogger("audit")


class OutOfOrderError(TlogIntegrityError):
    """The log handed over a notification at or below the last leaf's position."""

    def __init__(self, position: int, after: int) -> None:
        super().__init__(
            f"notification at position {position} is not after position {after}, the last "
            "leaf's: the log is out of order, so nothing more is appended"
        )
        self.position = position
        self.after = after


class Appender:
    """Appends the ledger's notifications to the tree, exactly once, from where it left off."""

    def __init__(
        self, recorder: ApplicationRecorder, store: TlogStore, *, batch_size: int = 500
    ) -> None:
        if batch_size < 1:
            raise ValueError("a batch holds at least one notification")
        self.recorder = recorder
        self.store = store
        self.batch_size = batch_size
        self._tree: CompactRange | None = None
        self._position = 0

    def _resume(self) -> CompactRange:
        """Rebuild the frontier and position from what is committed, checking they agree."""
        size = self.store.tree_size()
        position = self.store.last_position()
        if size and self.store.position_of(size - 1) != position:
            raise TlogIntegrityError(
                f"the tracked position {position} is not that of the last leaf {size - 1}"
            )
        if not size and position:
            raise TlogIntegrityError(f"the tracked position is {position} but the tree is empty")
        self._position = position
        return self.store.compact_range(size)

    def run_once(self) -> int:
        """Append everything in the log beyond the last leaf; return how many leaves."""
        appended = 0
        while True:
            tree = self._tree if self._tree is not None else self._resume()
            self._tree = tree
            notifications = self.recorder.select_notifications(
                start=self._position + 1, limit=self.batch_size
            )
            if not notifications:
                return appended
            grown = CompactRange(tree.size, tree.hashes)  # the committed frontier stays intact
            leaves, nodes = self._extend(grown, notifications)
            try:
                self.store.append_batch(leaves, nodes)
            except IntegrityError as error:
                # Another appender committed these leaves first: carry on from what it stored.
                # If nobody did, the refusal is the store's own, and retrying would spin.
                self._tree = None
                if self.store.tree_size() <= leaves[0].index:
                    raise TlogIntegrityError(f"the store refused leaf {leaves[0].index}") from error
                log.warning("leaves from position %d were appended elsewhere", leaves[0].position)
                continue
            self._tree, self._position = grown, leaves[-1].position
            appended += len(leaves)

    def _extend(
        self, tree: CompactRange, notifications: Sequence[Notification]
    ) -> tuple[list[StoredLeaf], list[Node]]:
        leaves: list[StoredLeaf] = []
        nodes: list[Node] = []
        after = self._position
        for notification in notifications:
            if notification.id <= after:
                raise OutOfOrderError(notification.id, after)
            hashed = leaf_hash(notification)
            leaves.append(StoredLeaf(tree.size, notification.id, hashed))
            nodes.extend(tree.append(hashed))
            after = notification.id
        return leaves, nodes

    def run_forever(self, stop: threading.Event, *, idle: float = 0.05) -> None:
        """Keep appending until `stop` is set, pausing `idle` seconds when caught up."""
        while not stop.is_set():
            if self.run_once() == 0:
                stop.wait(idle)
