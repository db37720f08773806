"""Credentials through the API: the administrator's routes, and 401, 403 and 429 on the doors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from api.config import ApiSettings, Role
from api.credentials.store import CredentialStore, open_credential_store
from api.main import create_app
from api.processes import Processes
from audit.service import open_published_log
from infra.settings import StoreSettings
from projections.backends import open_composition_view
from workflows.settings import TemporalSettings

pytestmark = pytest.mark.asyncio(loop_scope="session")

ADMIN_ROUTES = [
    ("GET", "/v1/admin/credentials"),
    ("POST", "/v1/admin/credentials"),
    ("POST", "/v1/admin/credentials/00000000-0000-4000-8000-000000000000/rotate"),
    ("DELETE", "/v1/admin/credentials/00000000-0000-4000-8000-000000000000"),
]
WRITE = ("POST", "/processes/senate-nominations")
PAST_THE_DOOR = 503  # a write let through, then refused for want of Temporal (none here)


@dataclass
class Api:
    http: httpx.AsyncClient
    store: CredentialStore
    tokens: dict[Role, str]

    def bearer(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture
def credentials(tmp_path: Path) -> Iterator[CredentialStore]:
    store = open_credential_store(StoreSettings(store="sqlite", data_dir=tmp_path / "creds"))
    yield store
    store.close()


def settings(limit: int = 50) -> ApiSettings:
    return ApiSettings(api_tokens={}, auth_failure_limit=limit, auth_failure_window_seconds=300)


@pytest_asyncio.fixture(loop_scope="session")
async def api(sqlite_store: StoreSettings, credentials: CredentialStore) -> AsyncIterator[Api]:
    async with serve(sqlite_store, credentials, settings()) as http:
        tokens = {
            role: credentials.issue(f"Sample {role.value}", role).token
            for role in (Role.READER, Role.AUDITOR, Role.SECRETARIAT, Role.ADMINISTRATOR)
        }
        yield Api(http, credentials, tokens)


class serve:  # noqa: N801 - used as a context manager, like a function
    def __init__(self, store: StoreSettings, credentials: CredentialStore, s: ApiSettings) -> None:
        unreachable = Processes(TemporalSettings(temporal_address="127.0.0.1:1"))
        self.log = open_published_log(store)
        self.app = create_app(
            s,
            view=open_composition_view(store),
            processes=unreachable,
            audit=self.log,
            credentials=credentials,
        )
        self._lifespan = self.app.router.lifespan_context(self.app)

    async def __aenter__(self) -> httpx.AsyncClient:
        await self._lifespan.__aenter__()
        transport = httpx.ASGITransport(app=self.app)
        self.http = httpx.AsyncClient(transport=transport, base_url="http://ledger")
        return self.http

    async def __aexit__(self, *exc: object) -> None:
        await self.http.aclose()
        await self._lifespan.__aexit__(None, None, None)
        self.log.close()


async def test_an_administrator_issues_lists_rotates_and_revokes_without_a_restart(
    api: Api,
) -> None:
    admin = api.bearer(Role.ADMINISTRATOR)
    issued = await api.http.post(
        "/v1/admin/credentials",
        json={"name": "Sample New Officer", "role": "secretariat", "expires_in_days": 30},
        headers=admin,
    )
    assert issued.status_code == 201
    body = issued.json()
    token, credential_id = body["token"], body["credential_id"]
    officer = {"Authorization": f"Bearer {token}"}
    # the new credential is known at once: a write passes authentication and the role check,
    # then finds this test's Temporal unreachable (503) rather than a 401 or 403
    assert (await api.http.post(WRITE[1], json={}, headers=officer)).status_code == PAST_THE_DOOR

    listing = (await api.http.get("/v1/admin/credentials", headers=admin)).json()
    assert token not in str(listing)
    assert "token" not in listing[0]
    (mine,) = [c for c in listing if c["credential_id"] == credential_id]
    assert (mine["name"], mine["role"], mine["revoked_at"]) == (
        "Sample New Officer",
        "secretariat",
        None,
    )

    rotated = await api.http.post(f"/v1/admin/credentials/{credential_id}/rotate", headers=admin)
    assert rotated.status_code == 200
    new = rotated.json()
    assert new["principal_id"] == body["principal_id"]
    assert new["token"] != token
    assert (await api.http.post(WRITE[1], json={}, headers=officer)).status_code == 401
    renewed = {"Authorization": f"Bearer {new['token']}"}
    assert (await api.http.post(WRITE[1], json={}, headers=renewed)).status_code == PAST_THE_DOOR

    revoked = await api.http.delete(f"/v1/admin/credentials/{new['credential_id']}", headers=admin)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert (await api.http.post(WRITE[1], json={}, headers=renewed)).status_code == 401
    again = await api.http.delete(f"/v1/admin/credentials/{new['credential_id']}", headers=admin)
    assert again.status_code == 404


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
@pytest.mark.parametrize("role", [Role.READER, Role.AUDITOR, Role.SECRETARIAT])
async def test_only_an_administrator_manages_credentials(
    api: Api, method: str, path: str, role: Role
) -> None:
    body = {"name": "Sample X", "role": "administrator"} if method == "POST" else None
    response = await api.http.request(method, path, json=body, headers=api.bearer(role))
    assert response.status_code == 403
    assert len(api.store.list()) == 4  # nothing was issued


@pytest.mark.parametrize(("method", "path"), [*ADMIN_ROUTES, WRITE])
@pytest.mark.parametrize("case", ["missing", "not bearer", "unknown", "expired", "revoked"])
async def test_a_missing_bad_expired_or_revoked_credential_is_a_401(
    api: Api, method: str, path: str, case: str
) -> None:
    now = datetime.now(UTC)
    expired = api.store.issue(
        "Sample Old",
        Role.ADMINISTRATOR,
        expires_at=now - timedelta(hours=1),
        now=now - timedelta(days=1),
    )
    revoked = api.store.issue("Sample Gone", Role.ADMINISTRATOR)
    api.store.revoke(revoked.credential.credential_id)
    header = {
        "missing": {},
        "not bearer": {"Authorization": f"Basic {api.tokens[Role.ADMINISTRATOR]}"},
        "unknown": {"Authorization": "Bearer al_not-a-token"},
        "expired": {"Authorization": f"Bearer {expired.token}"},
        "revoked": {"Authorization": f"Bearer {revoked.token}"},
    }[case]
    response = await api.http.request(method, path, json={}, headers=header)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_repeated_failures_from_one_address_meet_a_429_before_any_body_is_read(
    sqlite_store: StoreSettings, credentials: CredentialStore
) -> None:
    admin = credentials.issue("Sample Admin", Role.ADMINISTRATOR).token
    async with serve(sqlite_store, credentials, settings(limit=3)) as http:
        guesses = [
            await http.get("/v1/admin/credentials", headers={"Authorization": f"Bearer guess-{n}"})
            for n in range(3)
        ]
        read: list[int] = []

        async def counted() -> AsyncIterator[bytes]:
            read.append(1)
            yield b"{}"

        held = await http.post(
            "/v1/admin/credentials", content=counted(), headers={"Authorization": "Bearer guess-x"}
        )
        even_the_right_one = await http.get(
            "/v1/admin/credentials", headers={"Authorization": f"Bearer {admin}"}
        )
        anonymous_reads = await http.get("/bodies")

    assert [g.status_code for g in guesses] == [401, 401, 401]
    assert held.status_code == 429
    assert held.json()["code"] == "too_many_failures"
    assert 1 <= int(held.headers["Retry-After"]) <= 300
    assert read == []  # the body was never read
    assert even_the_right_one.status_code == 429
    assert 1 <= int(even_the_right_one.headers["Retry-After"]) <= 300
    assert anonymous_reads.status_code == 200  # reading needs no credential


async def test_an_administrator_records_no_acts(api: Api) -> None:
    response = await api.http.post(
        WRITE[1], json={}, headers={**api.bearer(Role.ADMINISTRATOR), "Idempotency-Key": "k" * 10}
    )
    assert response.status_code == 403
