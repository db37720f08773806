"""The tlog tables of docs/audit-log.md, written once for SQLite and PostgreSQL.

`{t}` stands for the table prefix (the ledger's schema on PostgreSQL), `{int}`, `{hash}`, `{text}`
and `{ts}` for each database's column types, `{len}` for its byte-length function, and `?` for a
bound parameter.
"""

from __future__ import annotations

SQLITE_TYPES = {
    "int": "INTEGER",
    "hash": "BLOB",
    "text": "TEXT",
    "ts": "TEXT",
    "len": "length",
}
POSTGRES_TYPES = {
    "int": "BIGINT",
    "hash": "BYTEA",
    "text": "TEXT",
    "ts": "TIMESTAMPTZ",
    "len": "octet_length",
}

#: Every column that holds a hash is checked to be one, so a truncated write cannot pass as a node.
TABLES: dict[str, tuple[str, ...]] = {
    "tlog_leaves": (
        "leaf_index {int} PRIMARY KEY CHECK (leaf_index >= 0)",
        "position {int} NOT NULL UNIQUE CHECK (position > 0)",
        "leaf_hash {hash} NOT NULL CHECK ({len}(leaf_hash) = 32)",
    ),
    "tlog_nodes": (
        "level {int} NOT NULL CHECK (level >= 1)",
        "node_index {int} NOT NULL CHECK (node_index >= 0)",
        "hash {hash} NOT NULL CHECK ({len}(hash) = 32)",
        "PRIMARY KEY (level, node_index)",
    ),
    "tlog_checkpoints": (
        "tree_size {int} PRIMARY KEY CHECK (tree_size >= 0)",
        "root_hash {hash} NOT NULL CHECK ({len}(root_hash) = 32)",
        "note {text} NOT NULL",
        "signed_at {ts} NOT NULL",
    ),
    "tlog_cosignatures": (
        "tree_size {int} NOT NULL REFERENCES {t}tlog_checkpoints (tree_size)",
        "witness {text} NOT NULL",
        "line {text} NOT NULL",
        "PRIMARY KEY (tree_size, witness)",
    ),
    "tlog_view_digests": (
        "tree_size {int} NOT NULL",
        '"view" {text} NOT NULL',
        "digest {text} NOT NULL",
        'PRIMARY KEY (tree_size, "view")',
    ),
    "tlog_tracking": (
        "application_name {text} PRIMARY KEY",
        "notification_id {int} NOT NULL",
    ),
}
TLOG_TABLES = tuple(TABLES)


def create_statements(types: dict[str, str], prefix: str) -> list[str]:
    """Return the CREATE TABLE statements in one dialect, tables qualified by `prefix`."""
    return [
        f"CREATE TABLE IF NOT EXISTS {prefix}{name} ("
        + ", ".join(c.format(t=prefix, **types) for c in columns)
        + ")"
        for name, columns in TABLES.items()
    ]


INSERT_LEAF = "INSERT INTO {t}tlog_leaves (leaf_index, position, leaf_hash) VALUES (?, ?, ?)"
INSERT_NODE = "INSERT INTO {t}tlog_nodes (level, node_index, hash) VALUES (?, ?, ?)"
UPSERT_TRACKING = (
    "INSERT INTO {t}tlog_tracking (application_name, notification_id) VALUES (?, ?)"
    " ON CONFLICT (application_name) DO UPDATE SET notification_id = excluded.notification_id"
)
INSERT_CHECKPOINT = (
    "INSERT INTO {t}tlog_checkpoints (tree_size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (tree_size) DO NOTHING"
)
INSERT_COSIGNATURE = (
    "INSERT INTO {t}tlog_cosignatures (tree_size, witness, line) VALUES (?, ?, ?)"
    " ON CONFLICT (tree_size, witness) DO NOTHING"
)
INSERT_DIGEST = (
    'INSERT INTO {t}tlog_view_digests (tree_size, "view", digest) VALUES (?, ?, ?)'
    ' ON CONFLICT (tree_size, "view") DO NOTHING'
)
QUERIES = {
    "size": "SELECT COALESCE(MAX(leaf_index) + 1, 0) AS n FROM {t}tlog_leaves",
    "tracking": "SELECT notification_id FROM {t}tlog_tracking WHERE application_name = ?",
    "leaf": "SELECT leaf_hash AS hash FROM {t}tlog_leaves WHERE leaf_index = ?",
    "node": "SELECT hash FROM {t}tlog_nodes WHERE level = ? AND node_index = ?",
    "leaves": "SELECT leaf_index, position, leaf_hash FROM {t}tlog_leaves"
    " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
    "position_of": "SELECT position FROM {t}tlog_leaves WHERE leaf_index = ?",
    "index_of": "SELECT leaf_index FROM {t}tlog_leaves WHERE position = ?",
    "max_position": "SELECT MAX(position) AS p FROM {t}tlog_leaves",
    "checkpoint": "SELECT tree_size, root_hash, note, signed_at FROM {t}tlog_checkpoints"
    " WHERE tree_size = ?",
    "latest_checkpoint": "SELECT tree_size, root_hash, note, signed_at FROM {t}tlog_checkpoints"
    " ORDER BY tree_size DESC LIMIT 1",
    "checkpoint_sizes": "SELECT tree_size FROM {t}tlog_checkpoints ORDER BY tree_size",
    "cosignatures": "SELECT witness, line FROM {t}tlog_cosignatures WHERE tree_size = ?"
    " ORDER BY witness",
    "last_cosigned": "SELECT MAX(tree_size) AS n FROM {t}tlog_cosignatures WHERE witness = ?",
    "digests": 'SELECT "view", digest FROM {t}tlog_view_digests WHERE tree_size = ?'
    ' ORDER BY "view"',
    "undigested": "SELECT c.tree_size FROM {t}tlog_checkpoints c LEFT JOIN {t}tlog_view_digests d"
    ' ON d.tree_size = c.tree_size AND d."view" = ? WHERE d.tree_size IS NULL'
    " ORDER BY c.tree_size",
}
