"""Dependencies the routes declare, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from api.auth import Authenticator, Principal, authorize
from api.body_guard import PRINCIPAL, client_address
from api.config import ApiSettings, Role
from api.credentials.store import CredentialStore
from api.processes import Processes
from audit.service import PublishedLog
from projections.composition import CompositionView
from workflows.client import SenateNominations


def get_settings(request: Request) -> ApiSettings:
    """The API settings."""
    settings: ApiSettings = request.app.state.settings
    return settings


def get_audit(request: Request) -> PublishedLog:
    """The verifiable log and the event store it mirrors."""
    audit: PublishedLog = request.app.state.audit
    return audit


def get_view(request: Request) -> CompositionView:
    """The composition read model."""
    view: CompositionView = request.app.state.view
    return view


async def get_senate_nominations(request: Request) -> SenateNominations:
    """The Senate nomination process client."""
    processes: Processes = request.app.state.processes
    return await processes.senate_nominations()


def get_authenticator(request: Request) -> Authenticator:
    """Who tokens stand for."""
    authenticator: Authenticator = request.app.state.authenticator
    return authenticator


def get_credentials(request: Request) -> CredentialStore:
    """The credential store."""
    store: CredentialStore = request.app.state.credentials
    return store


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
AuthenticatorDep = Annotated[Authenticator, Depends(get_authenticator)]


def get_principal(
    request: Request,
    authenticator: AuthenticatorDep,
    authorization: Annotated[str | None, Header()] = None,
) -> Principal:
    """The authenticated caller (401, or 429 after repeated failures)."""
    guarded: Principal | None = getattr(request.state, PRINCIPAL, None)
    if guarded is not None:
        return guarded
    return authenticator.authenticate(authorization, client_address(request.scope))


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_secretariat(principal: PrincipalDep) -> Principal:
    """The caller, who must act for the Secretariat."""
    return authorize(principal, Role.SECRETARIAT)


def get_administrator(principal: PrincipalDep) -> Principal:
    """The caller, who must be an administrator."""
    return authorize(principal, Role.ADMINISTRATOR)


ViewDep = Annotated[CompositionView, Depends(get_view)]
AuditDep = Annotated[PublishedLog, Depends(get_audit)]
SenateNominationsDep = Annotated[SenateNominations, Depends(get_senate_nominations)]
SecretariatDep = Annotated[Principal, Depends(get_secretariat)]
AdministratorDep = Annotated[Principal, Depends(get_administrator)]
CredentialsDep = Annotated[CredentialStore, Depends(get_credentials)]
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        description="A client-chosen key: the same key again returns the first result.",
    ),
]
