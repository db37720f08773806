"""The credential store on SQLite and PostgreSQL: hashed tokens, expiry, revocation, rotation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from api.config import Role
from api.credentials.store import (
    CredentialNotFound,
    CredentialStore,
    PostgresCredentialStore,
    SQLiteCredentialStore,
    digest,
    open_credential_store,
)
from tests.support.stores import _settings, postgres_schema

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CredentialStore]:
    if request.param == "sqlite":
        opened = open_credential_store(_settings("sqlite", data_dir=tmp_path / "data"))
        yield opened
        opened.close()
        return
    with postgres_schema("credentials_test") as settings:
        opened = open_credential_store(settings)
        yield opened
        opened.close()


def stored_rows(store: CredentialStore) -> list[tuple[object, ...]]:
    """Every stored column of every row, read past the store."""
    if isinstance(store, SQLiteCredentialStore):
        with sqlite3.connect(store.path) as connection:
            return list(connection.execute("SELECT * FROM api_credentials"))
    assert isinstance(store, PostgresCredentialStore)
    s = store.settings
    with psycopg.connect(
        host=s.postgres_host, port=s.postgres_port, user=s.postgres_user, dbname=s.postgres_dbname
    ) as c:
        return list(c.execute(f'SELECT * FROM "{s.postgres_schema}".api_credentials'))


def test_a_token_is_stored_only_as_its_digest(store: CredentialStore) -> None:
    issued = store.issue("Sample Officer", Role.SECRETARIAT, now=T0)

    rows = stored_rows(store)
    assert len(issued.token) >= 40
    assert not any(issued.token in str(value) for row in rows for value in row)
    assert any(digest(issued.token) == value for row in rows for value in row)
    found = store.lookup(issued.token, now=T0)
    assert found == issued.credential
    assert store.lookup(issued.token + "x", now=T0) is None
    assert store.lookup("", now=T0) is None


def test_two_issues_are_two_principals_with_different_tokens(store: CredentialStore) -> None:
    first = store.issue("Sample One", Role.AUDITOR, now=T0)
    second = store.issue("Sample One", Role.AUDITOR, now=T0)

    assert first.token != second.token
    assert first.credential.principal_id != second.credential.principal_id
    assert [c.credential_id for c in store.list()] == sorted(
        [first.credential.credential_id, second.credential.credential_id]
    )


def test_an_expired_credential_stands_for_no_one(store: CredentialStore) -> None:
    issued = store.issue(
        "Sample Temp", Role.SECRETARIAT, expires_at=T0 + timedelta(hours=1), now=T0
    )

    assert store.lookup(issued.token, now=T0 + timedelta(minutes=59)) is not None
    assert store.lookup(issued.token, now=T0 + timedelta(hours=1)) is None
    with pytest.raises(ValueError, match="expire after"):
        store.issue("Sample Temp", Role.SECRETARIAT, expires_at=T0, now=T0)


def test_a_revoked_credential_stands_for_no_one_and_is_revoked_once(store: CredentialStore) -> None:
    issued = store.issue("Sample Officer", Role.SECRETARIAT, now=T0)
    revoked = store.revoke(issued.credential.credential_id, now=T0 + timedelta(minutes=5))

    assert revoked.revoked_at == T0 + timedelta(minutes=5)
    assert store.lookup(issued.token, now=T0 + timedelta(minutes=6)) is None
    with pytest.raises(CredentialNotFound):
        store.revoke(issued.credential.credential_id)
    assert store.get(issued.credential.credential_id).revoked_at == revoked.revoked_at


def test_rotation_keeps_the_principal_and_revokes_the_old_token(store: CredentialStore) -> None:
    old = store.issue(
        "Sample Officer", Role.SECRETARIAT, expires_at=T0 + timedelta(days=30), now=T0
    )
    later = T0 + timedelta(days=10)
    new = store.rotate(old.credential.credential_id, now=later)

    assert new.token != old.token
    assert new.credential.principal_id == old.credential.principal_id
    assert new.credential.credential_id != old.credential.credential_id
    assert (new.credential.name, new.credential.role) == ("Sample Officer", Role.SECRETARIAT)
    assert new.credential.expires_at == later + timedelta(days=30)  # the same lifetime
    assert store.lookup(old.token, now=later) is None
    assert store.lookup(new.token, now=later) == new.credential
    with pytest.raises(CredentialNotFound):
        store.rotate(old.credential.credential_id, now=later)


def test_a_second_store_on_the_same_place_sees_each_change_at_once(
    store: CredentialStore, tmp_path: Path
) -> None:
    other = (
        SQLiteCredentialStore(store.path)
        if isinstance(store, SQLiteCredentialStore)
        else PostgresCredentialStore(store.settings)  # type: ignore[attr-defined]
    )
    try:
        issued = store.issue("Sample Officer", Role.ADMINISTRATOR)
        assert other.lookup(issued.token) == issued.credential
        store.revoke(issued.credential.credential_id)
        assert other.lookup(issued.token) is None
    finally:
        other.close()


def test_a_name_is_required(store: CredentialStore) -> None:
    with pytest.raises(ValueError, match="name"):
        store.issue("   ", Role.AUDITOR)
    with pytest.raises(ValueError, match="name"):
        store.issue("x" * 121, Role.AUDITOR)
