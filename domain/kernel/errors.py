"""Typed refusals: every rule violation names the paragraph of the Regulation it rests on."""

from __future__ import annotations


class LedgerError(Exception):
    """Base of every error the ledger raises on purpose."""

    code = "ledger_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleViolation(LedgerError):
    """A command the Regulation does not allow; nothing was recorded."""

    code = "rule_violation"

    def __init__(self, paragraph: str, message: str) -> None:
        super().__init__(f"{paragraph}: {message}")
        self.paragraph = paragraph
        self.reason = message


class NoRulebookInForce(RuleViolation):
    """The act's effective date precedes every rulebook the ledger knows."""

    code = "no_rulebook_in_force"


class NotFound(LedgerError):
    """A person, body, post or nomination the command names does not exist."""

    code = "not_found"


class InvalidCommand(LedgerError):
    """A command that is malformed in itself, whatever the Regulation says."""

    code = "invalid_command"


class IdempotencyKeyReused(LedgerError):
    """The idempotency key was first used for a different command."""

    code = "idempotency_key_reused"


class ConcurrencyConflict(LedgerError):
    """Concurrent commands kept changing what this one read; nothing was recorded, try again.

    A transient refusal: the same command may succeed when sent again (HTTP 503 with
    `Retry-After`; workflow activities retry it).
    """

    code = "concurrency_conflict"
    retry_after_seconds = 1
