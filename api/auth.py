"""Bearer-token authentication and role checks.

A token is looked up in the credential store on every request (no cache), so an issued, rotated
or revoked credential counts from the next request on. Repeated failures from one client address
are answered 429 (api/throttle.py). Deprecated `ASSEMBLY_API_TOKENS` grants are still honoured.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from uuid import NAMESPACE_URL, UUID, uuid5

from fastapi import HTTPException, status

from api.config import ApiSettings, Role
from api.credentials.store import CredentialStore
from api.throttle import FailureThrottle

#: Where the stable ids of deprecated environment grants come from (uuid5 of their name).
LEGACY_NAMESPACE = uuid5(NAMESPACE_URL, "urn:assembly-ledger:api-tokens")


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: recorded as the actor of what it writes."""

    name: str
    role: Role
    principal_id: UUID

    @property
    def actor(self) -> str:
        """What the ledger records as `recorded_by`: the stable id, then the name (ADR 0017)."""
        return f"principal:{self.principal_id} ({self.name})"


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"}
    )


class Authenticator:
    """Who a bearer token stands for: the credential store, then the deprecated grants."""

    def __init__(self, settings: ApiSettings, store: CredentialStore | None = None) -> None:
        self.settings = settings
        self.store = store
        self.throttle = FailureThrottle(
            settings.auth_failure_limit, settings.auth_failure_window_seconds
        )

    def authenticate(self, authorization: str | None, client: str) -> Principal:
        """The principal, or 401; 429 with `Retry-After` once `client` failed too often."""
        scheme, _, token = (authorization or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise _unauthorized("a bearer token is required")
        wait = self.throttle.retry_after(client)
        if wait is not None:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "too many failed authentications from this address",
                headers={"Retry-After": str(wait)},
            )
        for known, grant in self.settings.api_tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                legacy_id = uuid5(LEGACY_NAMESPACE, grant.name)
                return Principal(name=grant.name, role=grant.role, principal_id=legacy_id)
        credential = self.store.lookup(token) if self.store is not None else None
        if credential is None:
            self.throttle.failed(client)
            raise _unauthorized("unknown, expired or revoked token")
        return Principal(credential.name, credential.role, credential.principal_id)


def authorize(principal: Principal, *roles: Role) -> Principal:
    """The principal, if its role is one of `roles`; otherwise 403."""
    if principal.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the role {allowed}")
    return principal
