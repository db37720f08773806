"""Deterministic digests of the read models as of a tree size, signed by the log key.

The composition view's rows carry the log positions that wrote them (`recorded_position`, and
`ended_position` and `superseded_position` for what later events changed), so the view as of
position P is recoverable from a view that has gone further: keep the rows recorded at or
before P, and blank the end and the supersession of a row if they were recorded after P. The
digest of a tree size is taken at the position of its last leaf, whenever it is computed.

Each row is encoded as canonical JSON (sorted keys, no spaces, ISO dates, UTC times with
microseconds, booleans as booleans, whatever the database); the digest is SHA-256 over the
header line and the sorted row lines, each ending in a newline.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from audit.store import TlogStore
from audit.views import ViewRows
from projections.schema import TABLES
from transparency.note import Signer, sign_note

COMPOSITION = "composition"
DIGEST_HEADER = b"assembly-ledger/view/composition/v1\n"
NOTE_HEADER = "assembly-ledger/view-digests/v1"
#: Columns written after the row was inserted, by the event at the position in the last column.
LATER = (
    (
        "end_date",
        "ended_act_kind",
        "ended_act_number",
        "ended_act_issued_on",
        "ended_act_issuer",
        "ended_recorded_at",
        "ended_position",
    ),
    ("superseded_at", "superseded_position"),
)
#: Changed in place with no position to tell when (`projections.handlers`), so not as-of-able:
#: the digest leaves it out rather than let it depend on when the digest was computed.
UNPOSITIONED = {"nominations": frozenset({"status"})}
_TYPE = re.compile(r"\{(text|date|ts|int|bool)\}")


class ViewBehindError(RuntimeError):
    """The view has not yet processed the position a digest is asked for."""


def _column_types() -> dict[str, dict[str, str]]:
    types: dict[str, dict[str, str]] = {}
    for table, columns in TABLES.items():
        types[table] = {}
        for column in columns:
            found = _TYPE.search(column)
            if found is not None and not column.startswith("PRIMARY KEY"):
                types[table][column.split()[0]] = found.group(1)
    return types


COLUMN_TYPES = _column_types()


def _canonical(kind: str, value: Any) -> Any:
    # SQLite hands back text and integers where PostgreSQL hands back dates, times and booleans.
    if value is None:
        return None
    if kind == "date":
        return (value if isinstance(value, date) else date.fromisoformat(value)).isoformat()
    if kind == "ts":
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    return str(value)


def _as_of(row: dict[str, Any], position: int) -> dict[str, Any]:
    for group in LATER:
        written_at = row.get(group[-1])
        if written_at is not None and int(written_at) > position:
            row.update(dict.fromkeys(group))
    return row


def composition_rows(view: ViewRows, position: int) -> list[bytes]:
    """Return the canonical encodings of the composition rows as of `position`, sorted."""
    snapshot = view.snapshot(position)
    if snapshot.position < position:
        raise ViewBehindError(f"the view is at position {snapshot.position}, not yet {position}")
    lines: list[bytes] = []
    for table, types in COLUMN_TYPES.items():
        rows = snapshot.tables.get(table, [])
        skip = UNPOSITIONED.get(table, frozenset())
        for raw in rows:
            row = _as_of(dict(raw), position)
            values = {k: _canonical(t, row[k]) for k, t in types.items() if k not in skip}
            encoded = json.dumps(
                {"table": table, "row": values}, sort_keys=True, separators=(",", ":")
            )
            lines.append(encoded.encode())
    lines.sort()
    return lines


def composition_digest(view: ViewRows, position: int) -> str:
    """Return the hex SHA-256 digest of the composition view as of a log position."""
    digest = hashlib.sha256(DIGEST_HEADER)
    for line in composition_rows(view, position):
        digest.update(line + b"\n")
    return digest.hexdigest()


def position_of_size(store: TlogStore, size: int) -> int:
    """Return the log position of the last leaf of a tree size (0 for the empty tree)."""
    return store.position_of(size - 1) if size else 0


def record_composition_digest(store: TlogStore, view: ViewRows, size: int) -> str:
    """Compute the composition digest as of a tree size, store it, and return it."""
    stored = store.view_digests(size).get(COMPOSITION)
    if stored is not None:
        return stored
    digest = composition_digest(view, position_of_size(store, size))
    store.store_view_digest(size, COMPOSITION, digest)
    return digest


def digest_text(origin: str, size: int, digests: Mapping[str, str]) -> str:
    """Return the note text of the view digests of a tree size."""
    lines = [NOTE_HEADER, origin, str(size), *(f"{v} {digests[v]}" for v in sorted(digests))]
    return "\n".join(lines) + "\n"


def digest_note(store: TlogStore, signer: Signer, size: int) -> bytes | None:
    """Return the signed view-digests note of a tree size from the stored digests, if any."""
    digests = store.view_digests(size)
    if not digests:
        return None
    # Ed25519 signatures are deterministic, so the same stored digests give the same note.
    return sign_note(digest_text(signer.name, size, digests), [signer])


def catch_up_digests(store: TlogStore, view: ViewRows) -> list[int]:
    """Digest every checkpointed size the view has reached that has no digest yet."""
    done = []
    reached = view.position()
    for size in store.undigested_sizes(COMPOSITION):
        if position_of_size(store, size) > reached:
            break  # sizes ascend, and so do their positions
        record_composition_digest(store, view, size)
        done.append(size)
    return done
