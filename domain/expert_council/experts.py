"""The Scientific Expert Council (§21–24): elections, experts from outside, its regulations.

Its Chairman and deputies are elected at its own meeting from among its members (§22); members
join by agreement, by order of the Head of the Secretariat (§24, kept on the body's roll). Experts
who are not members, foreign experts included, may be involved in its work (§22). Duties are
voluntary (§23): nothing about pay is recorded anywhere. Its regulations are approved by the
Deputy Chairman of the Assembly – Head of the Secretariat alone (§24); a later version replaces
an earlier one.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from pydantic import Field

from domain.composition.bodies import Body
from domain.composition.officers import check_head_of_secretariat_in_office
from domain.composition.posts import Post
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import LEDGER_NAMESPACE
from domain.kernel.text import Code
from domain.kernel.values import Act, Frozen, Provenance
from domain.regulation.rulebook import rulebook_on

EXPERT_COUNCIL = "scientific_expert_council"
REGULATIONS_ID = uuid5(LEDGER_NAMESPACE, "expert_council_regulations")


def check_electable(roll: Body, person_id: UUID, decision_act: Act) -> None:
    """Refuse unless the person is a member of the Council on the electing decision's date (§22)."""
    if roll.code != EXPERT_COUNCIL:
        raise InvalidCommand(
            f"officers of the Scientific Expert Council are not elected by {roll.code}"
        )
    if not roll.member_on(person_id, decision_act.issued_on):
        raise RuleViolation(
            "§22",
            f"person {person_id} is not a member of the Scientific Expert Council on "
            f"{decision_act.issued_on}; its Chairman and deputies are elected from its members",
        )


# -- experts who are not members (§22) ---------------------------------------------------------


class ChairmanRequest(Frozen):
    """A request of the Council's Chairman to involve an expert, and who was Chairman then."""

    number: Code = Field(min_length=1, max_length=64)
    chairman_id: UUID
    requested_on: date


def chairman_request(chairman: Post, number: str, on: date) -> ChairmanRequest:
    """The Chairman's request of `on`, or the §22 refusal when nobody is Chairman that day."""
    if chairman.code != "expert_council_chairman":
        raise InvalidCommand(f"the {chairman.code} does not request experts")
    holders = chairman.holders_on(on)
    if not holders:
        raise RuleViolation(
            "§22",
            f"nobody is Chairman of the Scientific Expert Council on {on}; involve the expert by "
            "a decision of the Council instead",
        )
    return ChairmanRequest(number=number, chairman_id=holders[0].person_id, requested_on=on)


class ExpertInvolvement(LedgerAggregate):
    """An expert who is not a member, maybe foreign, involved in the Council's work (§22)."""

    def __init__(self) -> None:
        self.person_id: UUID | None = None
        self.full_name = ""
        self.foreign = False
        self.area = ""
        self.involved_on: date | None = None
        self.decision: Act | None = None
        self.request: ChairmanRequest | None = None

    class Involved(LedgerAggregate.Created):
        """The Council involved a non-member expert in its work, in an area, from a date."""

        person_id: UUID
        full_name: str
        foreign: bool
        area: str
        decision: Act | None = None
        request: ChairmanRequest | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.person_id = self.person_id
            aggregate.full_name = self.full_name
            aggregate.foreign = self.foreign
            aggregate.area = self.area
            aggregate.involved_on = self.effective_on
            aggregate.decision = self.decision
            aggregate.request = self.request

    @classmethod
    def involve(
        cls,
        involvement_id: UUID,
        person_id: UUID,
        full_name: str,
        area: str,
        roll: Body,
        provenance: Provenance,
        *,
        foreign: bool,
        on: date,
        decision: Act | None = None,
        request: ChairmanRequest | None = None,
    ) -> ExpertInvolvement:
        """Involve an expert by a decision of the Council or a request of its Chairman."""
        rulebook_on(on)
        if (decision is None) == (request is None):
            raise InvalidCommand(
                "an expert is involved by a decision of the Council or a request of its "
                "Chairman: name exactly one"
            )
        if decision is not None and decision.issued_on > on:
            raise InvalidCommand(f"a decision of {decision.issued_on} cannot act on {on}")
        if not area.strip():
            raise InvalidCommand("name the area the expert is involved in")
        if roll.code != EXPERT_COUNCIL:
            raise InvalidCommand(f"experts are involved in the {EXPERT_COUNCIL}, not {roll.code}")
        if roll.member_on(person_id, on):
            raise InvalidCommand(
                f"person {person_id} is a member of the Scientific Expert Council on {on}; only "
                "experts who are not members are involved this way"
            )
        involvement: ExpertInvolvement = cls._open(
            cls.Involved,
            involvement_id,
            provenance,
            paragraph="§22",
            effective_on=on,
            person_id=person_id,
            full_name=full_name,
            foreign=foreign,
            area=area.strip(),
            decision=decision,
            request=request,
        )
        return involvement


# -- the regulations on the Council (§24) ------------------------------------------------------


def check_regulations_act(act: Act, head_of_secretariat: Post) -> None:
    """Refuse unless the Head of the Secretariat, in office that day, approved by their act."""
    rule = rulebook_on(act.issued_on).body(EXPERT_COUNCIL)
    # §24 names one approver for the regulations and the composition alike; the rulebook already
    # says who sets the composition and by which act, so the regulations follow the same rule.
    if act.issuer != rule.membership_authority or act.kind not in rule.membership_acts:
        allowed = " or ".join(sorted(k.value for k in rule.membership_acts))
        authority = rule.membership_authority.value if rule.membership_authority else "nobody"
        raise RuleViolation(
            "§24",
            f"the regulations on the {rule.name} are approved by {allowed} of the {authority}, "
            f"not by {act.kind.value} of the {act.issuer.value}",
        )
    check_head_of_secretariat_in_office(
        head_of_secretariat,
        act.issued_on,
        "Deputy Chairman – Head of the Secretariat could approve the regulations",
    )


class ExpertCouncilRegulations(LedgerAggregate):
    """The regulations on the Scientific Expert Council: every approved version, in order."""

    def __init__(self) -> None:
        self.versions: tuple[Act, ...] = ()

    class Approved(LedgerAggregate.Created):
        """The first regulations were approved (§24)."""

        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.versions = (self.act,)

    class Replaced(LedgerAggregate.Event):
        """A new version replaced the regulations in force, from its date (§24)."""

        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.versions = (*aggregate.versions, self.act)

    @classmethod
    def approve(
        cls, act: Act, head_of_secretariat: Post, provenance: Provenance
    ) -> ExpertCouncilRegulations:
        """Record the first regulations, approved by order of the Head of the Secretariat."""
        check_regulations_act(act, head_of_secretariat)
        regulations: ExpertCouncilRegulations = cls._open(
            cls.Approved,
            REGULATIONS_ID,
            provenance,
            paragraph="§24",
            effective_on=act.issued_on,
            act=act,
        )
        return regulations

    def in_force_on(self, day: date) -> Act | None:
        """The version in force on a day: the latest approved on or before it."""
        current = [v for v in self.versions if v.issued_on <= day]
        return current[-1] if current else None

    def replace(self, act: Act, head_of_secretariat: Post, provenance: Provenance) -> None:
        """Replace the regulations in force by a later version, approved by the same rule."""
        check_regulations_act(act, head_of_secretariat)
        latest = self.versions[-1]
        if act in self.versions:
            raise InvalidCommand(f"the {act.cite()} is already recorded")
        if act.issued_on < latest.issued_on:
            raise InvalidCommand(
                f"the version of {latest.issued_on} is already recorded; a version of "
                f"{act.issued_on} cannot replace it"
            )
        self._record(
            self.Replaced, provenance, paragraph="§24", effective_on=act.issued_on, act=act
        )
