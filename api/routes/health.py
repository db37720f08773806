"""Liveness, the read model's position, and whether it stopped at an event it cannot apply."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import Field

from api.deps import ViewDep
from api.schemas.common import Schema


class StalledPublic(Schema):
    """A view that stopped at an event it could not apply, and serves what it had before it."""

    view: str = Field(examples=["composition"])
    position: int = Field(description="log position of the event the view could not apply")
    topic: str = Field(examples=["assembly:Post.HolderAppointed"])
    error: str
    failed_at: datetime


class Health(Schema):
    """The API is up; the read model has processed the ledger up to `position`.

    `degraded`: the view stopped at an event it could not apply (`stalled`); it answers from
    what it had before that event, and says so with `X-View-Stalled`.
    """

    status: Literal["ok", "degraded"]
    position: int
    stalled: StalledPublic | None = None


router = APIRouter(tags=["health"])


@router.get("/healthz")
def health(view: ViewDep) -> Health:
    """Answer 200 while the API can read its views; "degraded" if a view has stopped."""
    position = view.position()
    stall = view.stall()
    if stall is None:
        return Health(status="ok", position=position)
    stalled = StalledPublic(
        view=stall.view_name,
        position=stall.position,
        topic=stall.topic,
        error=stall.error,
        failed_at=stall.failed_at,
    )
    return Health(status="degraded", position=position, stalled=stalled)
