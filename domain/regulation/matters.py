"""Matters a sitting decides, which body may decide each, and how each body sits.

§8.1, §8.2: the Session alone develops the conceptual approaches and hears members' reports. §11:
it approves its own rules of procedure. §13.1-§13.6: the Council's powers, one subparagraph each.
§16: the Council recommends the ethnocultural Deputy Chairmen. §22: the Scientific Expert Council
elects its Chairman and deputies at its own meeting. §31: policy documents pass the Council, then
the Session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.kernel.errors import RuleViolation
from domain.kernel.values import Authority
from domain.regulation.policies import MAJORITY_OF_EXPERTS_PRESENT, PolicyFields
from domain.regulation.quorum import (
    MORE_THAN_HALF_OF_PRESENT,
    TWO_THIRDS_OF_ALL_MEMBERS_COUNCIL,
    TWO_THIRDS_OF_ALL_MEMBERS_SESSION,
    TWO_THIRDS_OF_PRESENT,
    Threshold,
)

SESSION, COUNCIL, EXPERT_COUNCIL = "assembly", "council", "scientific_expert_council"

#: The authority whose act a decision of each sitting body is.
AUTHORITY_OF_BODY = {
    SESSION: Authority.SESSION,
    COUNCIL: Authority.COUNCIL,
    EXPERT_COUNCIL: Authority.SCIENTIFIC_EXPERT_COUNCIL,
}


class Matter(StrEnum):
    """What an agenda item is about, as far as the Regulation assigns it to a body."""

    CONCEPTUAL_APPROACHES = "conceptual_approaches"
    MEMBER_REPORTS = "member_reports"
    RULES_OF_PROCEDURE = "rules_of_procedure"
    POLICY_DOCUMENT_CONSIDERATION = "policy_document_consideration"
    SESSION_BUSINESS = "session_business"
    SENATE_CANDIDATES = "senate_candidates"
    MEMBERSHIP_CANDIDATES = "membership_candidates"
    SESSION_PROPOSAL = "session_proposal"
    SECRETARIAT_WORK_PLAN = "secretariat_work_plan"
    PUBLIC_AWARDS = "public_awards"
    DEPUTY_CHAIRMAN_RECOMMENDATION = "deputy_chairman_recommendation"
    POLICY_DOCUMENT_DISCUSSION = "policy_document_discussion"
    COUNCIL_BUSINESS = "council_business"
    EXPERT_COUNCIL_ELECTION = "expert_council_election"
    EXPERT_COUNCIL_BUSINESS = "expert_council_business"


@dataclass(frozen=True)
class MatterRule:
    """Which body decides a matter, and the paragraph that says so."""

    matter: Matter
    body: str
    paragraph: str
    exclusive_to_session: bool = False


@dataclass(frozen=True)
class SittingRule:
    """How a body sits: what makes it competent, what adopts a decision, who convenes it."""

    body: str
    name: str
    competence: Threshold | None
    adoption: Threshold
    convening_paragraph: str
    #: Fields a named policy sets (`domain/regulation/policies.py`): (attribute, policy field).
    policy_fields: PolicyFields = ()


MATTERS_747 = (
    MatterRule(Matter.CONCEPTUAL_APPROACHES, SESSION, "§8.1", exclusive_to_session=True),
    MatterRule(Matter.MEMBER_REPORTS, SESSION, "§8.2", exclusive_to_session=True),
    MatterRule(Matter.RULES_OF_PROCEDURE, SESSION, "§11"),
    MatterRule(Matter.POLICY_DOCUMENT_CONSIDERATION, SESSION, "§31"),
    MatterRule(Matter.SESSION_BUSINESS, SESSION, "§11"),
    MatterRule(Matter.SENATE_CANDIDATES, COUNCIL, "§13.1"),
    MatterRule(Matter.MEMBERSHIP_CANDIDATES, COUNCIL, "§13.2"),
    MatterRule(Matter.SESSION_PROPOSAL, COUNCIL, "§13.3"),
    MatterRule(Matter.SECRETARIAT_WORK_PLAN, COUNCIL, "§13.4"),
    MatterRule(Matter.PUBLIC_AWARDS, COUNCIL, "§13.5"),
    MatterRule(Matter.DEPUTY_CHAIRMAN_RECOMMENDATION, COUNCIL, "§16"),
    MatterRule(Matter.POLICY_DOCUMENT_DISCUSSION, COUNCIL, "§31"),
    MatterRule(Matter.COUNCIL_BUSINESS, COUNCIL, "§13.6"),
    MatterRule(Matter.EXPERT_COUNCIL_ELECTION, EXPERT_COUNCIL, "§22"),
    MatterRule(Matter.EXPERT_COUNCIL_BUSINESS, EXPERT_COUNCIL, "§21"),
)

SITTINGS_747 = (
    SittingRule(
        SESSION, "Session", TWO_THIRDS_OF_ALL_MEMBERS_SESSION, MORE_THAN_HALF_OF_PRESENT, "§5.5"
    ),
    SittingRule(
        COUNCIL,
        "meeting of the Council",
        TWO_THIRDS_OF_ALL_MEMBERS_COUNCIL,
        TWO_THIRDS_OF_PRESENT,
        "§12",
    ),
    # The Regulation sets no quorum and no adoption rule for the Scientific Expert Council; its
    # regulations (§24) may. Until then its decisions follow a named policy.
    SittingRule(
        EXPERT_COUNCIL,
        "meeting of the Scientific Expert Council",
        None,
        MAJORITY_OF_EXPERTS_PRESENT,
        "§22",
        policy_fields=(("adoption", "expert_council_adoption"),),
    ),
)


def check_matter(rules: tuple[MatterRule, ...], body: str, matter: Matter) -> MatterRule:
    """The rule for `matter` if `body` may decide it; otherwise the refusal and its paragraph."""
    rule = next(r for r in rules if r.matter is matter)
    if rule.body == body:
        return rule
    if rule.exclusive_to_session:
        raise RuleViolation(
            rule.paragraph,
            f"{matter.value.replace('_', ' ')} is for the Session alone, not the {body}",
        )
    raise RuleViolation(
        rule.paragraph,
        f"{matter.value.replace('_', ' ')} is decided by the {rule.body}, not the {body}",
    )
