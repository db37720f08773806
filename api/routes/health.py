"""Liveness and the read model's position."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ViewDep
from api.schemas.common import Schema

router = APIRouter(tags=["health"])


class Health(Schema):
    """The API is up; the read model has processed the ledger up to `position`."""

    status: str
    position: int


@router.get("/healthz")
def health(view: ViewDep) -> Health:
    """Answer 200 while the API can read its views."""
    return Health(status="ok", position=view.position())
