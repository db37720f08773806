"""The Senate nomination process, driven by the Secretariat (§5.4, §13.1).

The routes pass on what the caller said; the process and the ledger behind it decide.
"""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import IdempotencyKey, SecretariatDep, SenateNominationsDep
from api.schemas.common import Problem
from api.schemas.nominations import DecisionCreate, NominationCreate, NominationPublic

router = APIRouter(prefix="/processes/senate-nominations", tags=["processes"])

REFUSALS: dict[int | str, dict[str, object]] = {
    code: {"model": Problem} for code in (401, 403, 404, 409, 422, 503)
}


@router.post("", status_code=status.HTTP_201_CREATED, responses=REFUSALS)
async def start_nomination(
    body: NominationCreate,
    principal: SecretariatDep,
    idempotency_key: IdempotencyKey,
    nominations: SenateNominationsDep,
) -> NominationPublic:
    """Record the Council's proposal and open the nomination for the President's decision."""
    state = await nominations.start(body.request(requested_by=principal.actor), idempotency_key)
    return NominationPublic.from_state(state)


@router.post("/{process_id}/decision", responses=REFUSALS)
async def decide(
    process_id: str,
    body: DecisionCreate,
    principal: SecretariatDep,
    idempotency_key: IdempotencyKey,
    nominations: SenateNominationsDep,
) -> NominationPublic:
    """Record the President's decision: an appointment by decree, or a refusal."""
    decision = body.payload(decided_by=principal.actor)
    state = await nominations.decide(process_id, decision, idempotency_key)
    return NominationPublic.from_state(state)


@router.get("/{process_id}", responses={404: {"model": Problem}, 503: {"model": Problem}})
async def get_nomination(process_id: str, nominations: SenateNominationsDep) -> NominationPublic:
    """Where a nomination stands."""
    return NominationPublic.from_state(await nominations.state(process_id))
