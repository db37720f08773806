"""Bodies and their composition, on any date and as known at any time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status

from api.answers import answers_of
from api.deps import SettingsDep, ViewDep
from api.schemas.common import Problem
from api.schemas.composition import BodiesPublic, CompositionPublic, body_public
from api.stalled import ViewStalled, mark_stalled, stall_of, stalled_headers
from domain.kernel.calendar import today_in_kazakhstan
from domain.kernel.text import Code

router = APIRouter(prefix="/bodies", tags=["composition"])

#: The moments a time can be asked about: every one of them has a date in every time zone.
MIN_MOMENT = datetime(1, 1, 2, tzinfo=UTC)
MAX_MOMENT = datetime(9999, 12, 30, tzinfo=UTC)


@router.get("", dependencies=[Depends(mark_stalled)])
def list_bodies(view: ViewDep) -> BodiesPublic:
    """Every body of the Assembly the ledger knows."""
    return BodiesPublic(data=[body_public(b) for b in view.bodies()])


@router.get(
    "/{code}/composition",
    response_model=CompositionPublic,
    responses={404: {"model": Problem}, 503: {"model": Problem}},
)
def composition(
    code: Code,
    view: ViewDep,
    settings: SettingsDep,
    on: Annotated[date | None, Query(description="the date asked about; today if omitted")] = None,
    as_known_at: Annotated[
        datetime | None,
        Query(description="answer from what had been recorded by this time (ISO 8601, with zone)"),
    ] = None,
    min_position: Annotated[
        int | None,
        Query(
            ge=0,
            le=2**62,
            description="wait until the view reflects this log position (read your writes)",
        ),
    ] = None,
) -> Response:
    """Members and post-holders of a body on a date."""
    if as_known_at is not None and as_known_at.tzinfo is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "as_known_at needs a time zone")
    if as_known_at is not None and not MIN_MOMENT <= as_known_at <= MAX_MOMENT:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"as_known_at must lie between {MIN_MOMENT.isoformat()} and {MAX_MOMENT.isoformat()}",
        )
    if min_position is not None:
        stall = stall_of(view, view.position())
        if stall is not None and min_position >= stall.position:
            raise ViewStalled(stall, min_position)
        view.wait_for(min_position, timeout=settings.view_wait_seconds)
    day = on or today_in_kazakhstan()
    question = (code, day, None if as_known_at is None else as_known_at.isoformat())
    answers = answers_of(view)
    reached = view.position()
    answer = answers.get(reached, question)
    if answer is None:
        row = view.composition(code, day, as_known_at)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no body {code!r}")
        answer = CompositionPublic.from_row(row).model_dump_json().encode()
        answers.put(row.position, question, answer)
    return Response(answer, media_type="application/json", headers=stalled_headers(view, reached))
