"""The register of persons, searchable by name."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, status

from api.deps import ViewDep
from api.schemas.common import Problem
from api.schemas.persons import PersonPublic, PersonsPublic
from api.stalled import mark_stalled
from domain.kernel.text import Line

router = APIRouter(prefix="/persons", tags=["persons"], dependencies=[Depends(mark_stalled)])


@router.get("")
def list_persons(
    view: ViewDep,
    q: Annotated[Line, Query(max_length=100, description="part of the name")] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> PersonsPublic:
    """Registered persons, by name."""
    rows = view.persons(q, limit=limit, offset=offset)
    return PersonsPublic(
        data=[PersonPublic.model_validate(r) for r in rows], limit=limit, offset=offset
    )


@router.get("/{person_id}", responses={404: {"model": Problem}})
def get_person(person_id: UUID, view: ViewDep) -> PersonPublic:
    """One registered person."""
    row = view.person(person_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no person {person_id}")
    return PersonPublic.model_validate(row)
