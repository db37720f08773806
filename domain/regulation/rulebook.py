"""The Regulation as data, keyed by the date from which it is in force.

Every check looks up the rulebook in force on the effective date of the act being checked, so a
later amendment is added beside Decree No. 747 instead of rewriting what was recorded under it.
The shapes the rulebook is written in are in `domain/regulation/rules.py`.
"""

from __future__ import annotations

from datetime import date

from domain.kernel.errors import NoRulebookInForce
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import MATTERS_747, SITTINGS_747, Matter
from domain.regulation.policies import DEFAULT_POLICIES
from domain.regulation.rules import BodyRule, Filling, Nomination, PostRule, Rulebook

__all__ = [
    "DECREE_747",
    "PRESIDENTIAL_ACTS",
    "RULEBOOKS",
    "BodyRule",
    "Filling",
    "Nomination",
    "PostRule",
    "Rulebook",
    "is_presidential_act",
    "rulebook_on",
]


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
