"""The administrator's door: issue, rotate, revoke and list credentials (ADR 0017).

A token appears once, in the answer to the issue or rotation that made it; listings never show
it. Each change counts from the next request on: the API reads the store per request.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, Path, status
from pydantic import BaseModel, Field

from api.config import Role
from api.credentials.store import MAX_NAME, Credential, CredentialNotFound, Issued
from api.deps import AdministratorDep, CredentialsDep
from api.schemas.common import Problem

router = APIRouter(prefix="/v1/admin/credentials", tags=["admin"])

REFUSALS: dict[int | str, dict[str, object]] = {
    code: {"model": Problem} for code in (401, 403, 404, 422, 429)
}
CredentialId = Annotated[UUID, Path(description="a credential's id")]


class CredentialCreate(BaseModel):
    """Whom a new credential stands for, and for how long."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    role: Role
    expires_in_days: float | None = Field(default=None, gt=0, le=3650)


class CredentialRotate(BaseModel):
    """How long the new credential lasts; by default as long as the old one did."""

    expires_in_days: float | None = Field(default=None, gt=0, le=3650)


class CredentialPublic(BaseModel):
    """A credential, without its token."""

    credential_id: UUID
    principal_id: UUID
    name: str
    role: Role
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, credential: Credential) -> CredentialPublic:
        return cls.model_validate(credential, from_attributes=True)


class CredentialIssued(CredentialPublic):
    """A credential just issued or rotated, with its token: shown this once."""

    token: str

    @classmethod
    def issued(cls, issued: Issued) -> CredentialIssued:
        public = CredentialPublic.of(issued.credential)
        return cls(**public.model_dump(), token=issued.token)


def _until(days: float | None) -> datetime | None:
    return None if days is None else datetime.now(UTC) + timedelta(days=days)


def _missing(credential_id: UUID) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"no active credential {credential_id}")


@router.get("", responses=REFUSALS)
def list_credentials(_: AdministratorDep, store: CredentialsDep) -> list[CredentialPublic]:
    """Every credential, revoked and expired ones included; never a token."""
    return [CredentialPublic.of(c) for c in store.list()]


@router.post("", status_code=status.HTTP_201_CREATED, responses=REFUSALS)
def issue(body: CredentialCreate, _: AdministratorDep, store: CredentialsDep) -> CredentialIssued:
    """Issue a credential to a new principal."""
    issued = store.issue(body.name, body.role, expires_at=_until(body.expires_in_days))
    return CredentialIssued.issued(issued)


@router.post("/{credential_id}/rotate", responses=REFUSALS)
def rotate(
    credential_id: CredentialId,
    _: AdministratorDep,
    store: CredentialsDep,
    body: CredentialRotate | None = None,
) -> CredentialIssued:
    """Revoke the credential and issue its principal a new token."""
    days = body.expires_in_days if body else None
    try:
        return CredentialIssued.issued(store.rotate(credential_id, expires_at=_until(days)))
    except CredentialNotFound:
        raise _missing(credential_id) from None


@router.delete("/{credential_id}", responses=REFUSALS)
def revoke(
    credential_id: CredentialId, _: AdministratorDep, store: CredentialsDep
) -> CredentialPublic:
    """Revoke the credential: it is refused from the next request on."""
    try:
        return CredentialPublic.of(store.revoke(credential_id))
    except CredentialNotFound:
        raise _missing(credential_id) from None
