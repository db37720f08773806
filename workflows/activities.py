"""Activities: the only workflow code that writes, through the domain, with idempotency keys.

Each activity translates its payload into a domain command and executes it; the domain decides.
A refusal is a business outcome and is not retried; a `ConcurrencyConflict` is transient, so it
is raised retryable and Temporal sends the command again, under the same idempotency key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import ValidationError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from domain.application import Ledger, Recorded
from domain.composition.commands import Appoint, DeclineNomination, NominateByDecision
from domain.kernel.commands import Command
from domain.kernel.errors import ConcurrencyConflict, InvalidCommand, LedgerError, RuleViolation
from domain.kernel.values import Act, Provenance
from workflows.inputs import (
    ActPayload,
    RecordAppointment,
    RecordDeclination,
    RecordedStep,
    RecordNomination,
)

T = TypeVar("T")

#: Ledger refusals are business outcomes: retrying them cannot change the answer.
NON_RETRYABLE = [
    "RuleViolation",
    "NoRulebookInForce",
    "NotFound",
    "InvalidCommand",
    "IdempotencyKeyReused",
]
#: Refusals that may not hold when the same command is sent again.
TRANSIENT: tuple[type[LedgerError], ...] = (ConcurrencyConflict,)


def refusal_error(error: LedgerError) -> ApplicationError:
    """The Temporal error that carries the refusal's code and paragraph; retryable if transient."""
    paragraph = error.paragraph if isinstance(error, RuleViolation) else None
    return ApplicationError(
        error.message,
        {"code": error.code, "paragraph": paragraph, "message": error.message},
        type=type(error).__name__,
        non_retryable=not isinstance(error, TRANSIENT),
    )


def domain_act(act: ActPayload) -> Act:
    """The domain's act for the act the payload names (its kind and issuer as the ledger spells)."""
    return Act.model_validate(act.model_dump())


def _valid(build: Callable[[], T]) -> T:
    # A payload the domain's values do not accept is malformed input, refused like the ledger
    # refuses it, never an untyped error.
    try:
        return build()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"]
            for e in error.errors()
        )
        raise InvalidCommand(f"invalid {error.title}: {problems}") from error


def _recorded_step(recorded: Recorded) -> RecordedStep:
    return RecordedStep(
        subject_id=recorded.subject_id, position=recorded.position, replayed=recorded.replayed
    )


class LedgerActivities:
    """Activities bound to one ledger application (thread-safe; run in a thread pool)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def _execute(
        self, command: Callable[[], Command], recorded_by: str, idempotency_key: str
    ) -> RecordedStep:
        try:
            recorded = self.ledger.execute(
                _valid(command),
                _valid(
                    lambda: Provenance(recorded_by=recorded_by, idempotency_key=idempotency_key)
                ),
            )
        except LedgerError as error:
            raise refusal_error(error) from error
        return _recorded_step(recorded)

    @activity.defn
    def record_nomination(self, step: RecordNomination) -> RecordedStep:
        """Record the nomination the Council's decision makes of the person for the post."""
        return self._execute(
            lambda: NominateByDecision(
                post=step.post, person_id=step.person_id, decision_id=step.decision_id
            ),
            step.recorded_by,
            step.idempotency_key,
        )

    @activity.defn
    def record_appointment(self, step: RecordAppointment) -> RecordedStep:
        """Record the appointment on the nomination, by the act given."""
        return self._execute(
            lambda: Appoint(
                post=step.post,
                person_id=step.person_id,
                act=domain_act(step.act),
                starts_on=step.starts_on,
                nomination_id=step.nomination_id,
            ),
            step.recorded_by,
            step.idempotency_key,
        )

    @activity.defn
    def record_declination(self, step: RecordDeclination) -> RecordedStep:
        """Record that the appointing authority did not appoint the nominee."""
        return self._execute(
            lambda: DeclineNomination(
                post=step.post,
                nomination_id=step.nomination_id,
                reason=step.reason,
                on=step.declined_on,
            ),
            step.recorded_by,
            step.idempotency_key,
        )
