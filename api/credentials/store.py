"""The credential store: one row per credential, the token only as its SHA-256 digest.

A token is 32 random bytes (`secrets.token_urlsafe`), so a plain SHA-256 digest is enough: there
is nothing to guess that a slow hash would protect. The token itself is returned once, by
`issue` and `rotate`, and never stored or logged. A principal keeps its id across rotations:
rotating revokes the old credential and issues a new one to the same principal.

SQLite (`credentials.sqlite` in the data directory) by default, PostgreSQL (table
`api_credentials` in the configured schema) when the store is `postgres`; every lookup reads the
table, so an issue, rotation or revocation counts from the next request on.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from psycopg import sql
from psycopg_pool import ConnectionPool

from api.config import Role
from infra.settings import StoreSettings
from infra.storage import ensure_postgres_schema

TOKEN_PREFIX = "al_"  # noqa: S105 - a marker, not a secret
MAX_NAME = 120
COLUMNS = "credential_id, principal_id, name, role, token_hash, created_at, expires_at, revoked_at"
TABLE = """CREATE TABLE IF NOT EXISTS {t} (
    credential_id TEXT PRIMARY KEY,
    principal_id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT
)"""


class CredentialNotFound(LookupError):
    """No credential has this id, or it is already revoked."""


@dataclass(frozen=True)
class Credential:
    """A stored credential, without its token."""

    credential_id: UUID
    principal_id: UUID
    name: str
    role: Role
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def active(self, now: datetime) -> bool:
        """Neither revoked nor expired at `now`."""
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires_at is None or now < self.expires_at


@dataclass(frozen=True)
class Issued:
    """A credential just issued, with the token shown this once."""

    credential: Credential
    token: str


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _text(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


class CredentialStore(ABC):
    """Issue, rotate, revoke, list and look up credentials."""

    @abstractmethod
    def _execute(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (placeholders `?`) in its own transaction; the rows it returns."""

    def close(self) -> None:  # noqa: B027 - nothing to close by default
        """Release the store's connection."""

    def issue(
        self,
        name: str,
        role: Role,
        *,
        expires_at: datetime | None = None,
        principal_id: UUID | None = None,
        now: datetime | None = None,
    ) -> Issued:
        """A new credential and its token; a new principal unless `principal_id` is given."""
        name = name.strip()
        if not 0 < len(name) <= MAX_NAME:
            raise ValueError(f"a credential's name has 1 to {MAX_NAME} characters")
        created = now or _now()
        if expires_at is not None and expires_at <= created:
            raise ValueError("a credential must expire after it is issued")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        credential = Credential(
            uuid4(), principal_id or uuid4(), name, Role(role), created, expires_at, None
        )
        self._execute(
            f"INSERT INTO {{t}} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(credential.credential_id),
                str(credential.principal_id),
                credential.name,
                credential.role.value,
                digest(token),
                _text(created),
                _text(expires_at),
                None,
            ),
        )
        return Issued(credential, token)

    def revoke(self, credential_id: UUID, *, now: datetime | None = None) -> Credential:
        """Revoke an active credential; `CredentialNotFound` if there is none by that id."""
        rows = self._execute(
            f"UPDATE {{t}} SET revoked_at = ? WHERE credential_id = ? AND revoked_at IS NULL "
            f"RETURNING {COLUMNS}",
            (_text(now or _now()), str(credential_id)),
        )
        if not rows:
            raise CredentialNotFound(str(credential_id))
        return self._credential(rows[0])

    def rotate(
        self,
        credential_id: UUID,
        *,
        expires_at: datetime | None = None,
        now: datetime | None = None,
    ) -> Issued:
        """Revoke the credential and issue its principal a new one, with the same lifetime
        unless `expires_at` is given."""
        moment = now or _now()
        old = self.revoke(credential_id, now=moment)
        if expires_at is None and old.expires_at is not None:
            expires_at = moment + max(old.expires_at - old.created_at, timedelta(seconds=1))
        return self.issue(
            old.name, old.role, expires_at=expires_at, principal_id=old.principal_id, now=moment
        )

    def get(self, credential_id: UUID) -> Credential:
        """One credential, revoked or not."""
        rows = self._execute(
            f"SELECT {COLUMNS} FROM {{t}} WHERE credential_id = ?",
            (str(credential_id),),
        )
        if not rows:
            raise CredentialNotFound(str(credential_id))
        return self._credential(rows[0])

    def list(self) -> list[Credential]:
        """Every credential, oldest first."""
        rows = self._execute(f"SELECT {COLUMNS} FROM {{t}} ORDER BY created_at, credential_id")
        return [self._credential(row) for row in rows]

    def lookup(self, token: str, *, now: datetime | None = None) -> Credential | None:
        """The active credential this token stands for, or None (unknown, expired, revoked)."""
        wanted = digest(token)
        rows = self._execute(
            f"SELECT {COLUMNS} FROM {{t}} WHERE token_hash = ?",
            (wanted,),
        )
        for row in rows:
            if hmac.compare_digest(str(row[4]), wanted):
                credential = self._credential(row)
                return credential if credential.active(now or _now()) else None
        return None

    @staticmethod
    def _credential(row: Sequence[Any]) -> Credential:
        return Credential(
            credential_id=UUID(str(row[0])),
            principal_id=UUID(str(row[1])),
            name=str(row[2]),
            role=Role(row[3]),
            created_at=datetime.fromisoformat(str(row[5])),
            expires_at=_moment(row[6]),
            revoked_at=_moment(row[7]),
        )


class SQLiteCredentialStore(CredentialStore):
    """Credentials in an SQLite file (or `:memory:`), opened on first use."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            if self.path != ":memory:":
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(TABLE.format(t="api_credentials"))
            connection.commit()
            self._connection = connection
        return self._connection

    def _execute(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            connection = self._connect()
            with connection:
                cursor = connection.execute(statement.format(t="api_credentials"), tuple(params))
                return list(cursor.fetchall())

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class PostgresCredentialStore(CredentialStore):
    """Credentials in the table `api_credentials` of the configured PostgreSQL schema."""

    def __init__(self, settings: StoreSettings) -> None:
        self.settings = settings
        self._table = sql.Identifier(settings.postgres_schema, "api_credentials")
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def _connections(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                s = self.settings
                ensure_postgres_schema(s)
                pool = ConnectionPool(
                    kwargs={
                        "host": s.postgres_host,
                        "port": s.postgres_port,
                        "user": s.postgres_user,
                        "password": s.postgres_password,
                        "dbname": s.postgres_dbname,
                        "connect_timeout": 10,
                    },
                    min_size=1,
                    max_size=s.postgres_pool_size,
                    open=True,
                    timeout=10,
                )
                with pool.connection() as connection:
                    connection.execute(self._sql(TABLE))
                self._pool = pool
            return self._pool

    def _sql(self, statement: str) -> sql.Composed:
        return sql.SQL(statement.replace("?", "%s")).format(t=self._table)

    def _execute(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connections().connection() as connection:
            cursor = connection.execute(self._sql(statement), tuple(params))
            return list(cursor.fetchall()) if cursor.description else []

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


def open_credential_store(settings: StoreSettings) -> CredentialStore:
    """The credential store beside the ledger the settings name."""
    if settings.store == "postgres":
        return PostgresCredentialStore(settings)
    if settings.store == "memory":
        return SQLiteCredentialStore(":memory:")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SQLiteCredentialStore(str(settings.data_dir / "credentials.sqlite"))
