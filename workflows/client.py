"""What the API uses to start and drive processes: typed calls, typed refusals, idempotent keys."""

from __future__ import annotations

from uuid import NAMESPACE_URL, uuid5

from temporalio.client import (
    Client,
    WorkflowFailureError,
    WorkflowHandle,
    WorkflowUpdateFailedError,
)
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from workflows.inputs import (
    NominationState,
    NominationStatus,
    PresidentialDecision,
    Refusal,
    SenateNominationRequest,
)
from workflows.senate_nomination import SenateNomination

PROCESS_NAMESPACE = uuid5(NAMESPACE_URL, "urn:assembly-ledger:process")


class ProcessRefused(Exception):
    """The process, or the ledger behind it, refused the request."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


class ProcessNotFound(Exception):
    """No process with that id."""


def _carried(error: WorkflowUpdateFailedError | WorkflowFailureError) -> Refusal | None:
    """The refusal the process failed with, if it failed with one."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.details:
        detail = cause.details[0]
        if isinstance(detail, dict):
            return Refusal.model_validate(detail)
    return None


def _refusal_of(error: WorkflowUpdateFailedError | WorkflowFailureError) -> Refusal:
    return _carried(error) or Refusal(code="refused", message=str(error.cause or error))


def _update_id(idempotency_key: str, decision_round: int) -> str:
    return idempotency_key if decision_round == 0 else f"{idempotency_key}#{decision_round}"


class SenateNominations:
    """Starts Senate nominations and sends them the President's decisions."""

    def __init__(self, client: Client, task_queue: str) -> None:
        self.client = client
        self.task_queue = task_queue

    @staticmethod
    def workflow_id(idempotency_key: str) -> str:
        """The process id the key names: the same key always names the same process."""
        return f"senate-nomination-{uuid5(PROCESS_NAMESPACE, idempotency_key)}"

    async def start(
        self, request: SenateNominationRequest, idempotency_key: str
    ) -> NominationState:
        """Start (or find) the process for this key and return it once the proposal is settled."""
        workflow_id = self.workflow_id(idempotency_key)
        try:
            handle = await self.client.start_workflow(
                SenateNomination.run,
                request,
                id=workflow_id,
                task_queue=self.task_queue,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                # A run whose proposal step failed (and so decided nothing) may start again.
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            )
        except WorkflowAlreadyStartedError:
            handle = self.client.get_workflow_handle_for(SenateNomination.run, workflow_id)
        state = await self._settled(handle)
        if (
            state.person_id != request.person_id
            or state.council_decision_id != request.council_decision_id
        ):
            raise ProcessRefused(
                Refusal(
                    code="idempotency_key_reused",
                    message=f"idempotency key {idempotency_key!r} started another nomination",
                )
            )
        return state

    async def decide(
        self, workflow_id: str, decision: PresidentialDecision, idempotency_key: str
    ) -> NominationState:
        """Send the President's decision; the same key again returns the first result.

        Temporal answers a repeated update id with its first outcome, so a decision that failed
        for a passing reason (and decided nothing) is sent again under the key's next update id.
        """
        update_id = _update_id(idempotency_key, (await self.state(workflow_id)).decision_round)
        handle = self.client.get_workflow_handle_for(SenateNomination.run, workflow_id)
        try:
            state = await handle.execute_update(SenateNomination.decide, decision, id=update_id)
        except WorkflowUpdateFailedError as error:
            raise ProcessRefused(_refusal_of(error)) from error
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND and not await self._exists(handle):
                raise ProcessNotFound(workflow_id) from error
            state = await self.state(workflow_id)
            if state.decision_key != update_id:
                raise ProcessRefused(
                    Refusal(
                        code="not_awaiting_decision",
                        message=f"the nomination is {state.status.value}; it takes no decision now",
                    )
                ) from error
        # Temporal answers a repeated update id with the first result, whatever the payload.
        if not state.decided_as(decision):
            raise ProcessRefused(
                Refusal(
                    code="idempotency_key_reused",
                    message=f"idempotency key {idempotency_key!r} sent another decision",
                )
            )
        return state

    async def state(self, workflow_id: str) -> NominationState:
        """Where a nomination stands, running or finished."""
        handle = self.client.get_workflow_handle_for(SenateNomination.run, workflow_id)
        try:
            description = await handle.describe()
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                raise ProcessNotFound(workflow_id) from error
            raise
        if description.close_time is None:
            return await handle.query(SenateNomination.state)
        try:
            return await handle.result()
        except WorkflowFailureError as error:
            raise ProcessRefused(_refusal_of(error)) from error

    async def _settled(
        self, handle: WorkflowHandle[SenateNomination, NominationState]
    ) -> NominationState:
        try:
            return await handle.execute_update(SenateNomination.proposal_recorded)
        except WorkflowUpdateFailedError as error:
            refusal = _carried(error)
            if refusal is not None:  # the proposal's step failed: nothing was decided
                raise ProcessRefused(refusal) from error
        except RPCError:
            pass  # the run has ended, or is out of reach for updates: ask for its state
        return await self.state(handle.id)

    async def _exists(self, handle: WorkflowHandle[SenateNomination, NominationState]) -> bool:
        try:
            await handle.describe()
        except RPCError:
            return False
        return True


__all__ = ["NominationStatus", "ProcessNotFound", "ProcessRefused", "SenateNominations"]
