"""The Regulation as data, keyed by the date from which it is in force.

Every check looks up the rulebook in force on the effective date of the act being checked, so a
later amendment is added beside Decree No. 747 instead of rewriting what was recorded under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from domain.kernel.errors import NoRulebookInForce, NotFound
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import (
    MATTERS_747,
    SITTINGS_747,
    Matter,
    MatterRule,
    SittingRule,
    check_matter,
)
from domain.regulation.policies import DEFAULT_POLICIES, Policies, PolicyFields, policies_in_force

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


#: The forms of the President's acts (decrees and orders: the Constitution, Article 45, not the
#: Regulation, which names his acts without their forms except the order of §16).
PRESIDENTIAL_ACTS = frozenset({ActKind.DECREE, ActKind.ORDER})


def is_presidential_act(act: Act | None) -> bool:
    """Whether `act` is a decree or an order of the President (the Chairman, §5)."""
    return act is not None and act.issuer is Authority.PRESIDENT and act.kind in PRESIDENTIAL_ACTS


DECREE_747 = Rulebook(
    decree="Decree No. 747 of 27 December 2024",
    in_force_from=date(2024, 12, 27),
    bodies=(
        BodyRule(
            code="assembly",
            name="Assembly of the People of Kazakhstan",
            classification="assembly",
            paragraph="§1",
            membership_authority=Authority.PRESIDENT,
            membership_acts=PRESIDENTIAL_ACTS,
            membership_paragraph="§5.1",
        ),
        BodyRule(
            code="council",
            name="Council of the Assembly",
            classification="council",
            paragraph="§12",
            parent="assembly",
            membership_authority=Authority.PRESIDENT,
            membership_acts=PRESIDENTIAL_ACTS,
            membership_paragraph="§5.1",
        ),
        BodyRule(
            code="secretariat",
            name="Office (Secretariat) of the Assembly",
            classification="secretariat",
            paragraph="§17",
            parent="assembly",
        ),
        BodyRule(
            code="scientific_expert_council",
            name="Scientific Expert Council",
            classification="expert council",
            paragraph="§21",
            parent="assembly",
            membership_authority=Authority.HEAD_OF_SECRETARIAT,
            membership_acts=DEFAULT_POLICIES.head_of_secretariat_forms,
            membership_paragraph="§24",
            policy_fields=(("membership_acts", "head_of_secretariat_forms"),),
        ),
        BodyRule(
            code="senate_assembly_quota",
            name="Senate deputies appointed on the Council's proposal",
            classification="parliamentary quota",
            paragraph="§5.4",
            parent="assembly",
        ),
    ),
    posts=(
        PostRule(
            code="chairman",
            body="assembly",
            label="Chairman of the Assembly",
            role="Chairman",
            seats=1,
            paragraph="§5",
            filling=Filling.EX_OFFICIO_PRESIDENT,
            appointing_acts=frozenset({ActKind.OATH}),
            appointing_paragraph="§5",
        ),
        PostRule(
            code="deputy_chairman_ethnocultural",
            body="assembly",
            label="Deputy Chairman of the Assembly from ethnocultural associations",
            role="Deputy Chairman",
            seats=2,
            paragraph="§16",
            filling=Filling.APPOINTMENT,
            appointing_acts=frozenset({ActKind.ORDER}),
            appointing_paragraph="§16",
            nomination=Nomination(
                Authority.COUNCIL,
                ActKind.RECOMMENDATION,
                "§16",
                Matter.DEPUTY_CHAIRMAN_RECOMMENDATION,
            ),
            requires_association=True,
        ),
        PostRule(
            code="deputy_chairman_head_of_secretariat",
            body="assembly",
            label="Deputy Chairman of the Assembly – Head of the Secretariat",
            role="Deputy Chairman",
            seats=1,
            paragraph="§17",
            filling=Filling.EX_OFFICIO_HEAD_OF_SECRETARIAT,
            appointing_paragraph="§17",
            ex_officio_from="head_of_secretariat",
        ),
        PostRule(
            code="expert_council_chairman",
            body="scientific_expert_council",
            label="Chairman of the Scientific Expert Council",
            role="Chairman",
            seats=1,
            paragraph="§22",
            filling=Filling.ELECTION,
            appointing_paragraph="§22",
        ),
        PostRule(
            code="expert_council_deputy_chairman",
            body="scientific_expert_council",
            label="Deputy Chairman of the Scientific Expert Council",
            role="Deputy Chairman",
            seats=DEFAULT_POLICIES.expert_council_deputy_chairmen,
            paragraph="§22",
            filling=Filling.ELECTION,
            appointing_paragraph="§22",
            policy_fields=(("seats", "expert_council_deputy_chairmen"),),
        ),
        PostRule(
            code="head_of_secretariat",
            body="secretariat",
            label="Head of the Secretariat",
            role="Head",
            seats=1,
            paragraph="§17",
            filling=Filling.APPOINTMENT,
            appointing_acts=PRESIDENTIAL_ACTS,
        ),
        PostRule(
            code="senator",
            body="senate_assembly_quota",
            label="Deputy of the Senate appointed on the proposal of the Council",
            role="Senator",
            seats=5,
            paragraph="§5.4",
            filling=Filling.APPOINTMENT,
            appointing_acts=DEFAULT_POLICIES.senate_appointment_forms,
            appointing_paragraph="§5.4",
            nomination=Nomination(
                Authority.COUNCIL, ActKind.PROPOSAL, "§13.1", Matter.SENATE_CANDIDATES
            ),
            policy_fields=(("appointing_acts", "senate_appointment_forms"),),
        ),
    ),
    matters=MATTERS_747,
    sittings=SITTINGS_747,
)

RULEBOOKS: tuple[Rulebook, ...] = (DECREE_747,)


def rulebook_on(effective: date) -> Rulebook:
    """The rulebook in force on a date; refuses dates before any rulebook the ledger knows."""
    in_force = [r for r in RULEBOOKS if r.in_force_from <= effective]
    if not in_force:
        first = RULEBOOKS[0]
        raise NoRulebookInForce(
            "Appendix",
            f"{effective} precedes {first.decree}, in force from {first.in_force_from}; "
            "the ledger records no rules of the decrees it repealed",
        )
    return max(in_force, key=lambda r: r.in_force_from)
