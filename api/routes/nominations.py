"""The Senate nomination process, driven by the Secretariat (§5.4, §13.1)."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import IdempotencyKey, SecretariatDep, SenateNominationsDep, today
from api.schemas.common import Problem
from api.schemas.nominations import DecisionCreate, NominationCreate, NominationPublic
from domain.kernel.values import Act, ActKind, Authority
from workflows.inputs import PresidentialDecision, SenateNominationRequest

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
    proposal = Act(
        kind=ActKind.PROPOSAL,
        issuer=Authority.COUNCIL,
        number=body.proposal.number,
        issued_on=body.proposal.issued_on,
        title=body.proposal.title,
    )
    request = SenateNominationRequest(
        person_id=body.person_id, proposal=proposal, requested_by=principal.name
    )
    return NominationPublic.from_state(await nominations.start(request, idempotency_key))


@router.post("/{process_id}/decision", responses=REFUSALS)
async def decide(
    process_id: str,
    body: DecisionCreate,
    principal: SecretariatDep,
    idempotency_key: IdempotencyKey,
    nominations: SenateNominationsDep,
) -> NominationPublic:
    """Record the President's decision: an appointment by decree, or a refusal."""
    decree = (
        Act(
            kind=ActKind.DECREE,
            issuer=Authority.PRESIDENT,
            number=body.decree.number,
            issued_on=body.decree.issued_on,
            title=body.decree.title,
        )
        if body.decree
        else None
    )
    decision = PresidentialDecision(
        decision=body.decision,
        decree=decree,
        effective_on=body.effective_on or (today() if body.decision == "decline" else None),
        reason=body.reason,
        decided_by=principal.name,
    )
    state = await nominations.decide(process_id, decision, idempotency_key)
    return NominationPublic.from_state(state)


@router.get("/{process_id}", responses={404: {"model": Problem}, 503: {"model": Problem}})
async def get_nomination(process_id: str, nominations: SenateNominationsDep) -> NominationPublic:
    """Where a nomination stands."""
    return NominationPublic.from_state(await nominations.state(process_id))
