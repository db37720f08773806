"""Bearer-token authentication and role checks."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import HTTPException, status

from api.config import ApiSettings, Role


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: recorded as the actor of what it writes."""

    name: str
    role: Role


def authenticate(settings: ApiSettings, authorization: str | None) -> Principal:
    """The principal a bearer token stands for, or 401."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    for known, grant in settings.api_tokens.items():
        if hmac.compare_digest(known.encode(), token.encode()):
            return Principal(name=grant.name, role=grant.role)
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED, "unknown token", headers={"WWW-Authenticate": "Bearer"}
    )


def authorize(principal: Principal, *roles: Role) -> Principal:
    """The principal, if its role is one of `roles`; otherwise 403."""
    if principal.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the role {allowed}")
    return principal
