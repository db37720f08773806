"""The checks a decision's follow-up passes: its dates in order, its texts stated (§4.5, §11).

The `Decision` aggregate records the Appeal, its publications and the considerations as events;
these checks say whether a step may be recorded at all, the same way for each of them.
"""

from __future__ import annotations

from datetime import date

from domain.kernel.errors import InvalidCommand, RuleViolation


def not_before(day: date, earliest: date, paragraph: str, what: str, since: str) -> None:
    """Refuse `what` on `day` when it would precede `since` on `earliest`."""
    if day < earliest:
        raise RuleViolation(paragraph, f"{what} on {day} cannot precede {since} on {earliest}")


def stated(value: str, what: str) -> str:
    """`value` stripped of blanks; refused when nothing remains."""
    stripped = value.strip()
    if not stripped:
        raise InvalidCommand(f"{what} must not be blank")
    return stripped


def check_schedule(adopted_on: date, required_on: date, deadline: date) -> None:
    """A decision is sent on or after its adoption, with a deadline after both (§4.5)."""
    not_before(required_on, adopted_on, "§4.5", "sending it", "the adoption")
    if deadline <= adopted_on:
        raise RuleViolation("§4.5", f"the deadline must fall after the adoption, not {deadline}")
    not_before(deadline, required_on, "§4.5", "the deadline", "the sending")
