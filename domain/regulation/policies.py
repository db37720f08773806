"""Named policies: what the ledger decides where the Regulation sets no number or form.

The Regulation says who acts, not always how many or in which form. Where it is silent the ledger
either sets nothing or applies one of these named policies, each with a documented default, listed
in docs/rules.md apart from the Regulation's rules ("Configurable policies"); a refusal under a
policy names the paragraph that leaves the matter open. A deployment configures them with
`ASSEMBLY_POLICIES` (a JSON object of the fields below), read by the ledger application; the
domain reads the policies in force through `policies_in_force()`. Changing a policy changes what
later commands are checked against, never what was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.quorum import Threshold

R = TypeVar("R")

#: Which fields of a rule named policies set: (attribute of the rule, field of `Policies`).
PolicyFields = tuple[tuple[str, str], ...]

#: Until the Scientific Expert Council's own regulations (§24) are recorded with a rule, its
#: meetings decide by a majority of the members present; the Regulation sets none.
MAJORITY_OF_EXPERTS_PRESENT = Threshold(
    "2 * yes > present", "§22", lambda yes, present: 2 * yes > present
)


@dataclass(frozen=True)
class Policies:
    """The policies in force; every field is named in docs/rules.md with its default."""

    #: §22 says the Scientific Expert Council has "his deputies", not how many.
    expert_council_deputy_chairmen: int = 2
    #: §12 says the Chairman convenes the Council, not by which act. Empty: any recorded act of
    #: the Chairman (the President) but an oath; otherwise only acts of these forms.
    chairman_convening_forms: frozenset[ActKind] = frozenset()
    #: §5.4 says the President appoints the five senators on the Council's proposal, not in
    #: which form; in practice the President appoints deputies of the Senate by decree.
    senate_appointment_forms: frozenset[ActKind] = frozenset({ActKind.DECREE})
    #: §24 says the Head of the Secretariat approves the Scientific Expert Council's regulations
    #: and composition, not in which form; the Head's acts are orders.
    head_of_secretariat_forms: frozenset[ActKind] = frozenset({ActKind.ORDER})
    #: §28 says the Secretariat coordinates the implementation of action plans, not who adopts
    #: them or in which form: by default a plan is an order or decision of the Secretariat or
    #: its Head.
    action_plan_issuers: frozenset[Authority] = frozenset(
        {Authority.SECRETARIAT, Authority.HEAD_OF_SECRETARIAT}
    )
    action_plan_forms: frozenset[ActKind] = frozenset({ActKind.ORDER, ActKind.DECISION})
    #: §22 says the Scientific Expert Council may involve outside experts, not how; by default
    #: its decision or, besides it, a request of its Chairman in office.
    experts_on_chairman_request: bool = True
    #: §22 sets no rule for the Scientific Expert Council's decisions (its regulations may, §24).
    expert_council_adoption: Threshold = MAJORITY_OF_EXPERTS_PRESENT

    def __post_init__(self) -> None:
        if self.expert_council_deputy_chairmen < 1:
            raise ValueError("the Scientific Expert Council has at least one deputy (§22)")
        if ActKind.OATH in self.chairman_convening_forms:
            raise ValueError("an oath convenes nothing")

    def convenes_council(self, act: Act | None) -> bool:
        """Whether `act` is an act of the Chairman that convenes the Council under this policy."""
        if act is None or act.issuer is not Authority.PRESIDENT or act.kind is ActKind.OATH:
            return False
        return not self.chairman_convening_forms or act.kind in self.chairman_convening_forms

    def applied_to(self, rule: R, policy_fields: PolicyFields) -> R:
        """A copy of the (dataclass) `rule` with the fields these policies set."""
        values = {attribute: getattr(self, name) for attribute, name in policy_fields}
        return replace(rule, **values)  # type: ignore[type-var]

    @classmethod
    def from_json(cls, text: str) -> Policies:
        """Policies from a JSON object naming some fields; the others keep their defaults.

        A malformed value raises `ValueError` (a deployment error, found at start-up).
        """
        try:
            given = json.loads(text)
        except ValueError as error:
            raise ValueError(f"the policies are not JSON: {error}") from None
        if not isinstance(given, dict):
            raise ValueError("the policies are a JSON object of named fields")
        known = {f.name: f for f in fields(cls) if f.name != "expert_council_adoption"}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ValueError(f"no such policy: {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, value in given.items():
            values[name] = _parsed(name, value)
        return cls(**values)


def _parsed(name: str, value: Any) -> Any:
    if name == "expert_council_deputy_chairmen":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{name} is a whole number")
        return value
    if name == "experts_on_chairman_request":
        if not isinstance(value, bool):
            raise ValueError(f"{name} is true or false")
        return value
    if not isinstance(value, list):
        raise ValueError(f"{name} is a list")
    if name == "action_plan_issuers":
        return frozenset(Authority(v) for v in value)
    return frozenset(ActKind(v) for v in value)


DEFAULT_POLICIES = Policies()

_in_force: ContextVar[Policies] = ContextVar("policies_in_force", default=DEFAULT_POLICIES)


def policies_in_force() -> Policies:
    """The policies the command being decided is checked against."""
    return _in_force.get()


@contextmanager
def under(policies: Policies) -> Iterator[None]:
    """Decide the commands inside under `policies`."""
    token = _in_force.set(policies)
    try:
        yield
    finally:
        _in_force.reset(token)
