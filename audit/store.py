"""The tlog tables beside the event store: leaves, nodes, checkpoints, cosignatures, digests.

SQLite keeps them in `<data_dir>/tlog.sqlite` (WAL); PostgreSQL in the ledger's schema. Every
perfect subtree the appender completes is stored, so a proof or a root reads O(log n) rows.
Rows are only ever inserted: a leaf, a node, a checkpoint once written is never changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, cast
from uuid import uuid4

from eventsourcing.persistence import IntegrityError
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from audit import schema
from audit.database import LEDGER_NAME, postgres_datastore, schema_prefix, sqlite_datastore
from infra.settings import StoreSettings
from transparency.compact import CompactRange, Node
from transparency.merkle import root_hash

APPLICATION = LEDGER_NAME  # the application whose notification log the tree mirrors


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses (sqlite3 and psycopg both have it)."""

    def execute(self, query: Any, params: Any = ..., /) -> Any: ...
    def executemany(self, query: Any, params: Any, /) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


class TlogIntegrityError(RuntimeError):
    """The stored tree contradicts itself or the batch being appended: stop, never repair."""


@dataclass(frozen=True)
class StoredLeaf:
    """A leaf as stored: its index in the tree, its log position and its hash."""

    index: int
    position: int
    hash: bytes


@dataclass(frozen=True)
class StoredCheckpoint:
    """A signed checkpoint as stored."""

    size: int
    root_hash: bytes
    note: bytes
    signed_at: datetime


class TlogStore:
    """The tlog tables on one database; safe to share between threads."""

    def __init__(
        self, datastore: SQLiteDatastore | PostgresDatastore, types: Mapping[str, str], prefix: str
    ) -> None:
        self._datastore = datastore
        self._types = dict(types)
        self._prefix = prefix
        self._postgres = isinstance(datastore, PostgresDatastore)

    # -- plumbing ---------------------------------------------------------------------------------

    def create_tables(self) -> None:
        """Create the tlog tables if they do not exist."""
        try:
            self._create_tables()
        except IntegrityError:
            # PostgreSQL: two processes that create the same table at once collide in its
            # catalogue; the loser finds the table there on a second try.
            self._create_tables()

    def _create_tables(self) -> None:
        with self._transaction(commit=True) as c:
            for statement in schema.create_statements(self._types, self._prefix):
                c.execute(statement)

    def close(self) -> None:
        """Close the database connections."""
        self._datastore.close()

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Cursor]:
        return cast("AbstractContextManager[Cursor]", self._datastore.transaction(commit=commit))

    def _sql(self, template: str) -> str:
        text = template.replace("{t}", self._prefix)
        return text.replace("?", "%s") if self._postgres else text

    def _one(self, query: str, *params: Any) -> Any:
        with self._transaction(commit=False) as c:
            c.execute(self._sql(schema.QUERIES[query]), params)
            return c.fetchone()

    def _all(self, query: str, *params: Any) -> list[Any]:
        with self._transaction(commit=False) as c:
            c.execute(self._sql(schema.QUERIES[query]), params)
            return c.fetchall()

    # -- the tree ---------------------------------------------------------------------------------

    def tree_size(self) -> int:
        """Return the number of leaves."""
        return int(self._one("size")["n"])

    def last_position(self) -> int:
        """Return the appender's tracked log position, 0 before the first leaf."""
        row = self._one("tracking", APPLICATION)
        return 0 if row is None else int(row["notification_id"])

    def append_batch(self, leaves: Sequence[StoredLeaf], nodes: Sequence[Node]) -> None:
        """Commit leaves, the nodes they complete and the tracked position in one transaction."""
        if not leaves:
            return
        first, last = leaves[0], leaves[-1]
        with self._transaction(commit=True) as c:
            # Writing first takes SQLite's write lock at once, under its busy timeout; a leaf
            # index or position already stored fails the primary key or unique constraint here.
            c.executemany(
                self._sql(schema.INSERT_LEAF), [(x.index, x.position, x.hash) for x in leaves]
            )
            c.executemany(
                self._sql(schema.INSERT_NODE),
                [(n.level, n.index, n.hash) for n in nodes if n.level >= 1],
            )
            c.execute(self._sql(schema.UPSERT_TRACKING), (APPLICATION, last.position))
            # The batch must extend the stored tree exactly: no gap before it, nothing after it.
            if first.index > 0:
                c.execute(self._sql(schema.QUERIES["position_of"]), (first.index - 1,))
                row = c.fetchone()
                before = "missing" if row is None else f"at position {row['position']}"
                if row is None or int(row["position"]) >= first.position:
                    raise TlogIntegrityError(
                        f"leaf {first.index} at position {first.position} does not follow the "
                        f"stored leaf {first.index - 1} ({before})"
                    )
            c.execute(self._sql(schema.QUERIES["max_position"]))
            highest = c.fetchone()["p"]
            if int(highest) != last.position:
                raise TlogIntegrityError(
                    f"position {highest} is stored beyond the batch ending at {last.position}"
                )

    def leaves(self, start: int, end: int) -> list[StoredLeaf]:
        """Return the leaves with indices in [start, end)."""
        rows = self._all("leaves", start, end)
        return [
            StoredLeaf(int(r["leaf_index"]), int(r["position"]), bytes(r["leaf_hash"]))
            for r in rows
        ]

    def leaf_hashes(self, start: int, end: int) -> list[bytes]:
        """Return the leaf hashes with indices in [start, end)."""
        return [leaf.hash for leaf in self.leaves(start, end)]

    def node(self, level: int, index: int) -> bytes:
        """Return the stored hash of a perfect subtree (level 0: a leaf); `KeyError` if none."""
        row = self._one("leaf", index) if level == 0 else self._one("node", level, index)
        if row is None:
            raise KeyError(f"no stored subtree at level {level}, index {index}")
        return bytes(row["hash"])

    def subtrees(self) -> StoredSubtrees:
        """Return a `SubtreeSource` over the stored leaves and nodes."""
        return StoredSubtrees(self)

    def compact_range(self, size: int | None = None) -> CompactRange:
        """Rebuild the appender's frontier for `size` leaves (default: all) from stored nodes."""
        return CompactRange.from_subtrees(
            self.subtrees(), self.tree_size() if size is None else size
        )

    def root_hash(self, size: int | None = None) -> bytes:
        """Return the Merkle tree hash of the first `size` leaves (default: all)."""
        return root_hash(self.subtrees(), self.tree_size() if size is None else size)

    def position_of(self, leaf_index: int) -> int:
        """Return the log position of a leaf; `KeyError` if the tree has no such leaf."""
        row = self._one("position_of", leaf_index)
        if row is None:
            raise KeyError(f"no leaf {leaf_index}")
        return int(row["position"])

    def leaf_index_of(self, position: int) -> int | None:
        """Return the index of the leaf of a log position, None if it has none (yet)."""
        row = self._one("index_of", position)
        return None if row is None else int(row["leaf_index"])

    # -- checkpoints, cosignatures, view digests -----------------------------------------------

    def store_checkpoint(
        self, size: int, root: bytes, note: bytes, signed_at: datetime
    ) -> StoredCheckpoint:
        """Store a signed checkpoint unless one of that size exists; return the stored one."""
        at: Any = signed_at if self._postgres else signed_at.astimezone(UTC).isoformat()
        with self._transaction(commit=True) as c:
            c.execute(self._sql(schema.INSERT_CHECKPOINT), (size, root, note.decode(), at))
        return cast("StoredCheckpoint", self.checkpoint(size))  # this insert or an earlier one

    def checkpoint(self, size: int) -> StoredCheckpoint | None:
        """Return the checkpoint of a tree size, if one was signed."""
        return self._checkpoint(self._one("checkpoint", size))

    def latest_checkpoint(self) -> StoredCheckpoint | None:
        """Return the checkpoint of the largest tree size signed."""
        return self._checkpoint(self._one("latest_checkpoint"))

    def checkpoint_sizes(self) -> list[int]:
        """Return the tree sizes with a signed checkpoint, ascending."""
        return [int(r["tree_size"]) for r in self._all("checkpoint_sizes")]

    def _checkpoint(self, row: Any) -> StoredCheckpoint | None:
        if row is None:
            return None
        at = row["signed_at"]
        signed_at = at if isinstance(at, datetime) else datetime.fromisoformat(at)
        return StoredCheckpoint(
            int(row["tree_size"]), bytes(row["root_hash"]), row["note"].encode(), signed_at
        )

    def store_cosignature(self, size: int, witness: str, line: str) -> None:
        """Store a witness's cosignature line (no newline) of a stored checkpoint, once."""
        with self._transaction(commit=True) as c:
            c.execute(self._sql(schema.INSERT_COSIGNATURE), (size, witness, line.rstrip("\n")))

    def cosignatures(self, size: int) -> dict[str, str]:
        """Return the cosignature lines of a tree size by witness name."""
        return {r["witness"]: r["line"] for r in self._all("cosignatures", size)}

    def last_cosigned_size(self, witness: str) -> int:
        """Return the largest tree size a witness cosigned for this log, 0 if none."""
        row = self._one("last_cosigned", witness)
        return 0 if row is None or row["n"] is None else int(row["n"])

    def store_view_digest(self, size: int, view: str, digest: str) -> None:
        """Store a view's digest (hex) as of a tree size, once."""
        with self._transaction(commit=True) as c:
            c.execute(self._sql(schema.INSERT_DIGEST), (size, view, digest))

    def view_digests(self, size: int) -> dict[str, str]:
        """Return the stored view digests of a tree size by view."""
        return {r["view"]: r["digest"] for r in self._all("digests", size)}

    def undigested_sizes(self, view: str) -> list[int]:
        """Return the checkpointed tree sizes with no digest of `view` yet, ascending."""
        return [int(r["tree_size"]) for r in self._all("undigested", view)]


class StoredSubtrees:
    """A `SubtreeSource` that reads one stored row per perfect subtree, and counts them."""

    def __init__(self, store: TlogStore) -> None:
        self._store = store
        self.reads = 0

    def perfect_hash(self, level: int, index: int) -> bytes:
        """Return the hash of the perfect subtree at `level` and `index`."""
        self.reads += 1
        try:
            return self._store.node(level, index)
        except KeyError as error:
            # merkle.py asks only for subtrees inside the tree, so a miss means a lost row.
            raise TlogIntegrityError(str(error)) from None


def open_tlog(settings: StoreSettings | None = None) -> TlogStore:
    """The tlog tables on the store the settings name, created if missing."""
    settings = settings or StoreSettings()
    if settings.store == "postgres":
        datastore = postgres_datastore(settings)
        store = TlogStore(datastore, schema.POSTGRES_TYPES, schema_prefix(settings))
    else:
        store = TlogStore(sqlite_datastore(_sqlite_name(settings)), schema.SQLITE_TYPES, "")
    store.create_tables()
    return store


def _sqlite_name(settings: StoreSettings) -> str:
    if settings.store == "memory":
        return f"file:tlog-{uuid4().hex}?mode=memory&cache=shared"
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return str(settings.data_dir / "tlog.sqlite")
