"""The composition view's tables and queries, written once for SQLite and PostgreSQL.

`{t}` stands for the table prefix (a schema on PostgreSQL), `{text}`, `{date}`, `{ts}`, `{int}` and
`{bool}` for each database's column types, and `:name` for a bound parameter.
"""

from __future__ import annotations

_ACT = (
    "act_kind {text} NOT NULL",
    "act_number {text} NOT NULL",
    "act_issued_on {date} NOT NULL",
    "act_issuer {text} NOT NULL",
)
_ENDED = (
    "ended_act_kind {text}",
    "ended_act_number {text}",
    "ended_act_issued_on {date}",
    "ended_act_issuer {text}",
    "ended_recorded_at {ts}",
    "ended_position {int}",
)
#: A row is one revision of a tenure: a correction supersedes it (at a recording time) and, unless
#: it retracts it, adds the next revision with the restated dates.
_REVISED = (
    "revision {int} NOT NULL",
    "recorded_in {int} NOT NULL",
    "superseded_at {ts}",
    "superseded_position {int}",
)
_RECORDED = ("recorded_at {ts} NOT NULL", "recorded_position {int} NOT NULL")
TABLES: dict[str, tuple[str, ...]] = {
    "persons": (
        "person_id {text} PRIMARY KEY",
        "full_name {text} NOT NULL",
        "sample {bool} NOT NULL",
        "registered_on {date} NOT NULL",
        *_RECORDED,
    ),
    "bodies": (
        "code {text} PRIMARY KEY",
        "body_id {text} NOT NULL UNIQUE",
        "name {text} NOT NULL",
        "classification {text} NOT NULL",
        "parent {text}",
        "established_on {date} NOT NULL",
        "recorded_position {int} NOT NULL",
    ),
    "posts": (
        "post_id {text} PRIMARY KEY",
        "code {text} NOT NULL UNIQUE",
        "body {text} NOT NULL",
        "label {text} NOT NULL",
        "role {text} NOT NULL",
        "seats {int} NOT NULL",
        "recorded_position {int} NOT NULL",
    ),
    "holdings": (
        "holding_id {text} NOT NULL",
        "post_id {text} NOT NULL",
        "person_id {text} NOT NULL",
        "start_date {date} NOT NULL",
        "end_date {date}",
        *_ACT,
        "association {text}",
        "nomination_id {text}",
        "ex_officio_of {text}",
        *_RECORDED,
        *_ENDED,
        *_REVISED,
        "PRIMARY KEY (holding_id, revision)",
    ),
    "membership_terms": (
        "body {text} NOT NULL",
        "person_id {text} NOT NULL",
        "term_no {int} NOT NULL",
        "start_date {date} NOT NULL",
        "end_date {date}",
        *_ACT,
        *_RECORDED,
        *_ENDED,
        *_REVISED,
        "PRIMARY KEY (body, person_id, term_no, revision)",
    ),
    "nominations": (
        "nomination_id {text} PRIMARY KEY",
        "post_id {text} NOT NULL",
        "person_id {text} NOT NULL",
        *_ACT,
        "status {text} NOT NULL",
        *_RECORDED,
    ),
}
VIEW_TABLES = tuple(TABLES)
#: A view that met an event it could not apply: where it stopped, on what, and why (docs/adr/0012).
#: Kept beside the view, not among its tables: no digest covers it; a rebuild clears it.
STALLS = (
    "view_name {text} PRIMARY KEY",
    "position {int} NOT NULL",
    "topic {text} NOT NULL",
    "error {text} NOT NULL",
    "failed_at {ts} NOT NULL",
)
SCHEMA = (
    *(
        "CREATE TABLE IF NOT EXISTS {t}" + name + " (" + ", ".join(columns) + ")"
        for name, columns in TABLES.items()
    ),
    "CREATE TABLE IF NOT EXISTS {t}view_stalls (" + ", ".join(STALLS) + ")",
    "CREATE INDEX IF NOT EXISTS holdings_by_post ON {t}holdings (post_id, start_date)",
    "CREATE INDEX IF NOT EXISTS terms_by_body ON {t}membership_terms (body, start_date)",
)

_VISIBLE = (
    "x.start_date <= :on AND x.recorded_at <= :known"
    " AND (x.end_date IS NULL OR :on < x.end_date OR x.ended_recorded_at > :known)"
    " AND (x.superseded_at IS NULL OR x.superseded_at > :known)"
)
#: The end of a tenure as it was known at :known — an end recorded later was not known then.
_KNOWN_END = "CASE WHEN x.ended_recorded_at <= :known THEN x.end_date END AS known_end_date"
QUERIES = {
    "members": "SELECT x.*, " + _KNOWN_END + ", p.full_name, p.sample FROM {t}membership_terms x"
    " JOIN {t}persons p ON p.person_id = x.person_id WHERE x.body = :body AND "
    + _VISIBLE
    + " ORDER BY p.full_name, x.person_id",
    "holders": "SELECT x.*, " + _KNOWN_END + ", p.full_name, p.sample, po.code AS post"
    " FROM {t}holdings x"
    " JOIN {t}posts po ON po.post_id = x.post_id JOIN {t}persons p ON p.person_id = x.person_id"
    " WHERE po.body = :body AND " + _VISIBLE + " ORDER BY x.start_date, p.full_name",
    "posts_of": "SELECT * FROM {t}posts WHERE body = :body ORDER BY recorded_position",
    "body": "SELECT * FROM {t}bodies WHERE code = :code",
    "bodies": "SELECT * FROM {t}bodies ORDER BY recorded_position",
    "person": "SELECT * FROM {t}persons WHERE person_id = :person_id",
    "persons": "SELECT * FROM {t}persons WHERE lower(full_name) LIKE :pattern ESCAPE '!'"
    " ORDER BY full_name, person_id LIMIT :limit OFFSET :offset",
    "stall": "SELECT * FROM {t}view_stalls WHERE view_name = :view_name",
}
#: Record where a view stopped; a later stop of the same view replaces it.
RECORD_STALL = (
    "INSERT INTO {t}view_stalls VALUES (:view_name, :position, :topic, :error, :failed_at)"
    " ON CONFLICT (view_name) DO UPDATE SET position = excluded.position,"
    " topic = excluded.topic, error = excluded.error, failed_at = excluded.failed_at"
)
CLEAR_STALL = "DELETE FROM {t}view_stalls WHERE view_name = :view_name"
