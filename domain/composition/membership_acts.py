"""The acts that set a body's composition: by whom, in which form, from when (§5.1, §24)."""

from __future__ import annotations

from datetime import date

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.values import Act
from domain.regulation.rulebook import BodyRule


def check_admitting_act(rule: BodyRule, act: Act, effective: date) -> None:
    """Refuse an act of the wrong authority or form, or one taking effect before its issue."""
    if rule.membership_authority is None:
        raise RuleViolation(
            rule.paragraph, f"the {rule.name} has no members of its own; its posts are appointed"
        )
    if act.issuer != rule.membership_authority or act.kind not in rule.membership_acts:
        allowed = " or ".join(sorted(k.value for k in rule.membership_acts))
        raise RuleViolation(
            rule.membership_paragraph,
            f"the composition of the {rule.name} is set by {allowed} of the "
            f"{rule.membership_authority.value}, not by {act.kind.value} of the {act.issuer.value}",
        )
    if effective < act.issued_on:
        raise InvalidCommand(
            f"an act issued on {act.issued_on} cannot take effect earlier, on {effective}"
        )
