"""The shapes of the Regulation as data: how posts are filled, bodies composed, sittings held.

`domain/regulation/rulebook.py` states Decree No. 747 in these terms and finds the rulebook in
force on a date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from domain.kernel.errors import NotFound
from domain.kernel.values import ActKind, Authority
from domain.regulation.matters import Matter, MatterRule, SittingRule, check_matter
from domain.regulation.policies import Policies, PolicyFields, policies_in_force

R = TypeVar("R")


class Filling(StrEnum):
    """How a post is filled."""

    EX_OFFICIO_PRESIDENT = "ex_officio_president"  # §1, §5: the President is the Chairman
    APPOINTMENT = "appointment"  # an act of the appointing authority
    EX_OFFICIO_HEAD_OF_SECRETARIAT = "ex_officio_head_of_secretariat"  # §17
    ELECTION = "election"  # §22: elected at a meeting of the body itself


@dataclass(frozen=True)
class Nomination:
    """The prior act that must name a person before they can be appointed."""

    issuer: Authority
    kind: ActKind
    paragraph: str
    matter: Matter  # the same nomination adopted as a decision at a meeting of the issuer


@dataclass(frozen=True)
class PostRule:
    """One post of the Regulation: where it sits, how many seats, how it is filled."""

    code: str
    body: str
    label: str
    role: str
    seats: int
    paragraph: str
    filling: Filling
    appointing_authority: Authority = Authority.PRESIDENT
    appointing_acts: frozenset[ActKind] = frozenset()
    appointing_paragraph: str = "§5.3"
    nomination: Nomination | None = None
    requires_association: bool = False
    ex_officio_from: str | None = None
    policy_fields: PolicyFields = ()


@dataclass(frozen=True)
class BodyRule:
    """One body of the Regulation and who admits its members, if it has members."""

    code: str
    name: str
    classification: str
    paragraph: str
    parent: str | None = None
    membership_authority: Authority | None = None
    membership_acts: frozenset[ActKind] = frozenset()
    membership_paragraph: str = ""
    policy_fields: PolicyFields = ()


@dataclass(frozen=True)
class Rulebook:
    """The rules in force from a date until the next rulebook starts."""

    decree: str
    in_force_from: date
    bodies: tuple[BodyRule, ...]
    posts: tuple[PostRule, ...]
    matters: tuple[MatterRule, ...] = ()
    sittings: tuple[SittingRule, ...] = ()
    _posts_by_code: dict[str, PostRule] = field(init=False, repr=False, compare=False)
    _bodies_by_code: dict[str, BodyRule] = field(init=False, repr=False, compare=False)
    _applied: dict[tuple[int, Policies], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_posts_by_code", {p.code: p for p in self.posts})
        object.__setattr__(self, "_bodies_by_code", {b.code: b for b in self.bodies})
        object.__setattr__(self, "_applied", {})

    def post(self, code: str) -> PostRule:
        """The rule for the post with this code, under the policies in force."""
        try:
            rule = self._posts_by_code[code]
        except KeyError:
            raise NotFound(f"no post {code!r} under {self.decree}") from None
        return self._with_policies(rule, rule.policy_fields)

    def body(self, code: str) -> BodyRule:
        """The rule for the body with this code, under the policies in force."""
        try:
            rule = self._bodies_by_code[code]
        except KeyError:
            raise NotFound(f"no body {code!r} under {self.decree}") from None
        return self._with_policies(rule, rule.policy_fields)

    def posts_of(self, body: str) -> tuple[PostRule, ...]:
        """The posts that sit on a body."""
        return tuple(self.post(p.code) for p in self.posts if p.body == body)

    def _with_policies(self, rule: R, policy_fields: PolicyFields) -> R:
        """`rule` with the fields named policies set taken from the policies in force (cached)."""
        if not policy_fields:
            return rule
        key = (id(rule), policies_in_force())
        if key not in self._applied:
            self._applied[key] = key[1].applied_to(rule, policy_fields)
        return self._applied[key]  # type: ignore[no-any-return]

    def matter(self, body: str, matter: Matter) -> MatterRule:
        """The rule for a matter on a body's agenda, or the refusal naming its paragraph."""
        return check_matter(self.matters, body, matter)

    def sitting(self, body: str) -> SittingRule:
        """How a body sits; bodies with no sittings of their own are refused."""
        for rule in self.sittings:
            if rule.body == body:
                return self._with_policies(rule, rule.policy_fields)
        raise NotFound(f"the {body} holds no sittings under {self.decree}")

    def ex_officio_posts_of(self, code: str) -> tuple[PostRule, ...]:
        """The posts held ex officio by whoever holds the post `code` (§17)."""
        return tuple(p for p in self.posts if p.ex_officio_from == code)
