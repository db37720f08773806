"""What the API uses to start and drive processes: typed calls, typed refusals, idempotent keys."""

from __future__ import annotations

from uuid import NAMESPACE_URL, uuid5

from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
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


def _refusal_of(error: WorkflowUpdateFailedError) -> Refusal:
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.details:
        detail = cause.details[0]
        if isinstance(detail, dict):
            return Refusal.model_validate(detail)
    return Refusal(code="refused", message=str(cause or error))


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
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            handle = self.client.get_workflow_handle_for(SenateNomination.run, workflow_id)
        state = await self._settled(handle)
        if state.person_id != request.person_id or state.proposal != request.proposal:
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
        """Send the President's decision; the same key again returns the first result."""
        handle = self.client.get_workflow_handle_for(SenateNomination.run, workflow_id)
        try:
            state = await handle.execute_update(
                SenateNomination.decide, decision, id=idempotency_key
            )
        except WorkflowUpdateFailedError as error:
            raise ProcessRefused(_refusal_of(error)) from error
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND and not await self._exists(handle):
                raise ProcessNotFound(workflow_id) from error
            state = await self.state(workflow_id)
            if state.decision_key != idempotency_key:
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
        if description.close_time is not None:
            return await handle.result()
        return await handle.query(SenateNomination.state)

    async def _settled(
        self, handle: WorkflowHandle[SenateNomination, NominationState]
    ) -> NominationState:
        try:
            return await handle.execute_update(SenateNomination.proposal_recorded)
        except (RPCError, WorkflowUpdateFailedError):
            return await self.state(handle.id)

    async def _exists(self, handle: WorkflowHandle[SenateNomination, NominationState]) -> bool:
        try:
            await handle.describe()
        except RPCError:
            return False
        return True


__all__ = ["NominationStatus", "ProcessNotFound", "ProcessRefused", "SenateNominations"]
