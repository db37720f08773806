"""The Senate nomination (§5.4, §13.1): the Council's proposal, then the President's decision.

The proposal is recorded as soon as the process starts. The President's decision arrives as an
update; it is validated before it is accepted, and its result (or the paragraph that refused it)
goes back to the caller. A refused decision leaves the process open for another one.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.activities import NON_RETRYABLE, LedgerActivities
    from workflows.inputs import (
        NominationState,
        NominationStatus,
        PresidentialDecision,
        RecordAppointment,
        RecordDeclination,
        RecordedStep,
        RecordNomination,
        Refusal,
        SenateNominationRequest,
    )

POST = "senator"
#: Kazakhstan keeps UTC+5: a decline sent without a date is dated by the local calendar.
KAZAKHSTAN = timedelta(hours=5)
STEP_TIMEOUT = timedelta(seconds=30)
RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    maximum_interval=timedelta(seconds=10),
    maximum_attempts=20,
    non_retryable_error_types=NON_RETRYABLE,
)
DECIDED = (NominationStatus.APPOINTED, NominationStatus.DECLINED, NominationStatus.REJECTED)


def _refusal(error: ActivityError) -> Refusal:
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.details:
        detail = cause.details[0]
        if isinstance(detail, dict):
            return Refusal.model_validate(detail)
    return Refusal(code="step_failed", message=str(cause or error))


@workflow.defn
class SenateNomination:
    """One person's way from the Council's proposal to the President's decision."""

    @workflow.init
    def __init__(self, request: SenateNominationRequest) -> None:
        self._request = request
        self._state = NominationState(
            workflow_id=workflow.info().workflow_id,
            post=POST,
            person_id=request.person_id,
            proposal=request.proposal,
            status=NominationStatus.RECORDING_PROPOSAL,
        )

    @workflow.run
    async def run(self, request: SenateNominationRequest) -> NominationState:
        """Record the proposal, then wait for the decision to be recorded."""
        try:
            recorded = await workflow.execute_activity_method(
                LedgerActivities.record_nomination,
                RecordNomination(
                    post=POST,
                    person_id=request.person_id,
                    act=request.proposal,
                    recorded_by=request.requested_by,
                    idempotency_key=f"{workflow.info().workflow_id}:nomination",
                ),
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=RETRY,
            )
        except ActivityError as error:
            self._update(status=NominationStatus.REJECTED, refusal=_refusal(error))
            return self._state
        self._update(
            status=NominationStatus.AWAITING_DECISION,
            nomination_id=recorded.subject_id,
            position=recorded.position,
        )
        await workflow.wait_condition(lambda: self._state.status in DECIDED)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._state

    @workflow.query
    def state(self) -> NominationState:
        """Where the nomination stands."""
        return self._state

    @workflow.update
    async def proposal_recorded(self) -> NominationState:
        """Return once the proposal is recorded or refused."""
        await workflow.wait_condition(
            lambda: self._state.status is not NominationStatus.RECORDING_PROPOSAL
        )
        return self._state

    @workflow.update
    async def decide(self, decision: PresidentialDecision) -> NominationState:
        """Record the President's decision; a refusal by the ledger names its paragraph."""
        self._validate_decision(decision)  # again: two updates may pass validation together
        before = self._state
        self._update(status=NominationStatus.RECORDING_DECISION)
        try:
            recorded = await self._record(decision, before)
        except ActivityError as error:
            self._state = before
            refusal = _refusal(error)
            raise ApplicationError(
                refusal.message, refusal.model_dump(), type=refusal.code, non_retryable=True
            ) from error
        status = (
            NominationStatus.APPOINTED
            if decision.decision == "appoint"
            else NominationStatus.DECLINED
        )
        update = workflow.current_update_info()
        self._update(
            status=status,
            holding_id=recorded.subject_id if status is NominationStatus.APPOINTED else None,
            position=recorded.position,
            decision_key=update.id if update else None,
            decision=decision,
        )
        return self._state

    @decide.validator
    def _validate_decision(self, decision: PresidentialDecision) -> None:
        status = self._state.status
        if status is not NominationStatus.AWAITING_DECISION:
            raise ApplicationError(
                f"the nomination is {status.value}; it takes no decision now",
                {"code": "not_awaiting_decision", "message": f"the nomination is {status.value}"},
                type="not_awaiting_decision",
                non_retryable=True,
            )
        if decision.decision == "appoint" and decision.decree is None:
            raise ApplicationError(
                "an appointment needs the President's decree",
                {"code": "invalid_command", "message": "an appointment needs the decree"},
                type="invalid_command",
                non_retryable=True,
            )

    async def _record(
        self, decision: PresidentialDecision, before: NominationState
    ) -> RecordedStep:
        assert before.nomination_id is not None
        key = f"{workflow.info().workflow_id}:decision"
        if decision.decision == "appoint":
            assert decision.decree is not None
            return await workflow.execute_activity_method(
                LedgerActivities.record_appointment,
                RecordAppointment(
                    post=POST,
                    person_id=before.person_id,
                    nomination_id=before.nomination_id,
                    act=decision.decree,
                    starts_on=decision.effective_on or decision.decree.issued_on,
                    recorded_by=decision.decided_by,
                    idempotency_key=key,
                ),
                start_to_close_timeout=STEP_TIMEOUT,
                retry_policy=RETRY,
            )
        return await workflow.execute_activity_method(
            LedgerActivities.record_declination,
            RecordDeclination(
                post=POST,
                nomination_id=before.nomination_id,
                reason=decision.reason,
                declined_on=decision.effective_on or (workflow.now() + KAZAKHSTAN).date(),
                recorded_by=decision.decided_by,
                idempotency_key=key,
            ),
            start_to_close_timeout=STEP_TIMEOUT,
            retry_policy=RETRY,
        )

    def _update(self, **changes: object) -> None:
        self._state = self._state.model_copy(update=changes)
