"""The Senate nomination (§5.4, §13.1): the Council's proposal, then the President's decision.

The proposal is recorded as soon as the process starts. The President's decision arrives as an
update; it is validated before it is accepted, and its result (or the paragraph that refused it)
goes back to the caller. A refused decision leaves the process open for another one. The workflow
orchestrates only: what an act must be, and when it may be recorded, the ledger decides.

A step the ledger refused ends as a refusal; a step that failed for a passing reason (concurrent
commands, the store unreachable) after its retries decided nothing: the proposal's run fails, so
the same key may start the process again, and a decision can be sent again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from domain.kernel.calendar import kazakhstan_date
    from workflows.activities import NON_RETRYABLE, LedgerActivities
    from workflows.inputs import (
        Appointment,
        Declination,
        NominationState,
        NominationStatus,
        Payload,
        PresidentialDecision,
        RecordAppointment,
        RecordDeclination,
        RecordedStep,
        RecordNomination,
        Refusal,
        SenateNominationRequest,
    )

P = TypeVar("P", bound=Payload)

POST = "senator"
#: One attempt of a step, and all its attempts together: a caller waits on the answer.
STEP_TIMEOUT = timedelta(seconds=30)
STEP_DEADLINE = timedelta(minutes=2)
#: Transient failures are retried with exponential backoff: 0.2 s, 0.4 s, 0.8 s, 1.6 s.
RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=200),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=5),
    maximum_attempts=5,
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


def _refused(error: ActivityError) -> bool:
    """Whether the ledger refused the step (final), rather than the step failing for now."""
    cause = error.cause
    return isinstance(cause, ApplicationError) and cause.non_retryable


def _failure(refusal: Refusal) -> ApplicationError:
    return ApplicationError(
        refusal.message, refusal.model_dump(), type=refusal.code, non_retryable=True
    )


async def _step(activity: Callable[[LedgerActivities, P], RecordedStep], step: P) -> RecordedStep:
    return await workflow.execute_activity_method(
        activity,
        step,
        start_to_close_timeout=STEP_TIMEOUT,
        schedule_to_close_timeout=STEP_DEADLINE,
        retry_policy=RETRY,
    )


@workflow.defn
class SenateNomination:
    """One person's way from the Council's proposal to the President's decision."""

    @workflow.init
    def __init__(self, request: SenateNominationRequest) -> None:
        self._request = request
        self._failed: Refusal | None = None
        self._state = NominationState(
            workflow_id=workflow.info().workflow_id,
            post=POST,
            person_id=request.person_id,
            council_decision_id=request.council_decision_id,
            status=NominationStatus.RECORDING_PROPOSAL,
        )

    @workflow.run
    async def run(self, request: SenateNominationRequest) -> NominationState:
        """Record the proposal, then wait for the decision to be recorded."""
        try:
            recorded = await _step(
                LedgerActivities.record_nomination,
                RecordNomination(
                    post=POST,
                    person_id=request.person_id,
                    decision_id=request.council_decision_id,
                    recorded_by=request.requested_by,
                    idempotency_key=f"{workflow.info().workflow_id}:nomination",
                ),
            )
        except ActivityError as error:
            if not _refused(error):
                self._failed = _refusal(error)
                await workflow.wait_condition(workflow.all_handlers_finished)
                raise _failure(self._failed) from error
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
        """Return once the proposal is recorded or refused; fail if its step failed."""
        await workflow.wait_condition(
            lambda: (
                self._failed is not None
                or self._state.status is not NominationStatus.RECORDING_PROPOSAL
            )
        )
        if self._failed is not None:
            raise _failure(self._failed)
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
            if not _refused(error):
                self._update(decision_round=before.decision_round + 1)
            raise _failure(_refusal(error)) from error
        appointed = isinstance(decision, Appointment)
        update = workflow.current_update_info()
        self._update(
            status=NominationStatus.APPOINTED if appointed else NominationStatus.DECLINED,
            holding_id=recorded.subject_id if appointed else None,
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

    async def _record(
        self, decision: Appointment | Declination, before: NominationState
    ) -> RecordedStep:
        assert before.nomination_id is not None
        key = f"{workflow.info().workflow_id}:decision"
        if isinstance(decision, Appointment):
            return await _step(
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
            )
        return await _step(
            LedgerActivities.record_declination,
            RecordDeclination(
                post=POST,
                nomination_id=before.nomination_id,
                reason=decision.reason,
                declined_on=decision.effective_on or kazakhstan_date(workflow.now()),
                recorded_by=decision.decided_by,
                idempotency_key=key,
            ),
        )

    def _update(self, **changes: object) -> None:
        self._state = self._state.model_copy(update=changes)
