"""Deterministic identifiers: the same natural key always names the same aggregate."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

LEDGER_NAMESPACE = uuid5(NAMESPACE_URL, "urn:assembly-ledger")


def body_id(code: str) -> UUID:
    """The id of the body with this code."""
    return uuid5(LEDGER_NAMESPACE, f"body:{code}")


def post_id(code: str) -> UUID:
    """The id of the post with this code."""
    return uuid5(LEDGER_NAMESPACE, f"post:{code}")


def idempotency_id(key: str) -> UUID:
    """The id of the record that remembers a command's idempotency key."""
    return uuid5(LEDGER_NAMESPACE, f"idempotency:{key}")


def derived_id(key: str, step: str) -> UUID:
    """A stable id for something a keyed command creates, so a retry names the same thing."""
    return uuid5(LEDGER_NAMESPACE, f"derived:{key}:{step}")
