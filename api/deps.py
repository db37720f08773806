"""Dependencies the routes declare, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from api.auth import Principal, authenticate, authorize
from api.config import ApiSettings, Role
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


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def get_secretariat(
    settings: SettingsDep, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    """The caller, who must act for the Secretariat."""
    return authorize(authenticate(settings, authorization), Role.SECRETARIAT)


ViewDep = Annotated[CompositionView, Depends(get_view)]
AuditDep = Annotated[PublishedLog, Depends(get_audit)]
SenateNominationsDep = Annotated[SenateNominations, Depends(get_senate_nominations)]
SecretariatDep = Annotated[Principal, Depends(get_secretariat)]
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        description="A client-chosen key: the same key again returns the first result.",
    ),
]
