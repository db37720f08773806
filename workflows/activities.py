"""Activities: the only workflow code that writes, through the domain, with idempotency keys."""

from __future__ import annotations

from temporalio import activity
from temporalio.exceptions import ApplicationError

from domain.application import Ledger, Recorded
from domain.composition.commands import Appoint, DeclineNomination, Nominate
from domain.kernel.errors import LedgerError, RuleViolation
from domain.kernel.values import Provenance
from workflows.inputs import RecordAppointment, RecordDeclination, RecordedStep, RecordNomination

#: Ledger refusals are business outcomes: retrying them cannot change the answer.
NON_RETRYABLE = [
    "RuleViolation",
    "NoRulebookInForce",
    "NotFound",
    "InvalidCommand",
    "IdempotencyKeyReused",
]


def refusal_error(error: LedgerError) -> ApplicationError:
    """A non-retryable Temporal error that carries the refusal's code and paragraph."""
    paragraph = error.paragraph if isinstance(error, RuleViolation) else None
    return ApplicationError(
        error.message,
        {"code": error.code, "paragraph": paragraph, "message": error.message},
        type=type(error).__name__,
        non_retryable=True,
    )


def _step(recorded: Recorded) -> RecordedStep:
    return RecordedStep(
        subject_id=recorded.subject_id, position=recorded.position, replayed=recorded.replayed
    )


class LedgerActivities:
    """Activities bound to one ledger application (thread-safe; run in a thread pool)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    @activity.defn
    def record_nomination(self, step: RecordNomination) -> RecordedStep:
        """Record the Council's act naming the person for the post."""
        provenance = Provenance(recorded_by=step.recorded_by, idempotency_key=step.idempotency_key)
        try:
            return _step(
                self.ledger.execute(
                    Nominate(post=step.post, person_id=step.person_id, act=step.act), provenance
                )
            )
        except LedgerError as error:
            raise refusal_error(error) from error

    @activity.defn
    def record_appointment(self, step: RecordAppointment) -> RecordedStep:
        """Record the President's appointment on the nomination."""
        provenance = Provenance(recorded_by=step.recorded_by, idempotency_key=step.idempotency_key)
        try:
            recorded = self.ledger.execute(
                Appoint(
                    post=step.post,
                    person_id=step.person_id,
                    act=step.act,
                    starts_on=step.starts_on,
                    nomination_id=step.nomination_id,
                ),
                provenance,
            )
        except LedgerError as error:
            raise refusal_error(error) from error
        return _step(recorded)

    @activity.defn
    def record_declination(self, step: RecordDeclination) -> RecordedStep:
        """Record that the President did not appoint the nominee."""
        provenance = Provenance(recorded_by=step.recorded_by, idempotency_key=step.idempotency_key)
        try:
            recorded = self.ledger.execute(
                DeclineNomination(
                    post=step.post,
                    nomination_id=step.nomination_id,
                    reason=step.reason,
                    on=step.declined_on,
                ),
                provenance,
            )
        except LedgerError as error:
            raise refusal_error(error) from error
        return _step(recorded)
