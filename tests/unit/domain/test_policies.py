"""Named policies: where the Regulation sets no number or form, the ledger's default, and the way to
configure it (`ASSEMBLY_POLICIES`), each listed in docs/rules.md under "Configurable policies".

Each test quotes the sentence that leaves the matter open.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.application import Ledger
from domain.composition.commands import AdmitMember, Appoint, EstablishBodies
from domain.documents.commands import DraftPolicyDocument
from domain.expert_council.commands import ElectExpertCouncilOfficer, InvolveExpert
from domain.kernel.errors import RuleViolation
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.regulation.policies import DEFAULT_POLICIES, Policies, policies_in_force, under
from domain.regulation.rulebook import DECREE_747
from domain.regulation.subjects import Subject
from domain.secretariat.commands import AdoptActionPlan
from domain.sittings.commands import ConveneCouncilMeeting
from tests.support.decisions import nominate, record_decision
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    ensure_head_of_secretariat,
    memory_ledger,
    order,
    refused,
    register,
)
from tests.support.sittings import agenda

SEC = "scientific_expert_council"
DEPUTY = "expert_council_deputy_chairman"


def ledger_under(**policies: Any) -> Ledger:
    """A memory ledger whose commands are decided under the given policies (as JSON config)."""
    ledger = Ledger(
        env={
            "PERSISTENCE_MODULE": "infra.recorders:CheckedPOPOFactory",
            "ASSEMBLY_POLICIES": json.dumps(policies),
        }
    )
    ledger.execute(EstablishBodies(), CLERK)
    return ledger


def _expert(ledger: Ledger, name: str, on: date = DAY) -> UUID:
    person = register(ledger, name)
    ensure_head_of_secretariat(ledger, on)
    head_order = act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on, "1")
    ledger.execute(AdmitMember(body=SEC, person_id=person, act=head_order, starts_on=on), CLERK)
    return person


def _election(ledger: Ledger, person: UUID) -> UUID:
    """The Expert Council's decision electing `person` its deputy chairman (§22)."""
    subject = Subject(persons=(person,), post=DEPUTY)
    return record_decision(
        ledger, SEC, Matter.EXPERT_COUNCIL_ELECTION, DAY, "Sample vote", subject=subject
    )


def _elect_deputy(ledger: Ledger, person: UUID, election: UUID | None = None) -> None:
    decision = election or _election(ledger, person)
    ledger.execute(
        ElectExpertCouncilOfficer(post=DEPUTY, person_id=person, decision_id=decision), CLERK
    )


def _convene_council(ledger: Ledger, convening: Act) -> UUID:
    return ledger.execute(
        ConveneCouncilMeeting(
            number="C-1", held_on=DAY, agenda=agenda(Matter.COUNCIL_BUSINESS), act=convening
        ),
        CLERK,
    ).subject_id


# -- the value and its configuration -----------------------------------------------------------


def test_the_ledger_decides_under_the_default_policies_unless_configured() -> None:
    assert memory_ledger().policies == DEFAULT_POLICIES
    assert ledger_under(expert_council_deputy_chairmen=4).policies == Policies(
        expert_council_deputy_chairmen=4
    )
    assert policies_in_force() == DEFAULT_POLICIES  # outside a command, the defaults


def test_the_ledger_reads_the_policies_from_the_process_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSEMBLY_POLICIES", '{"senate_appointment_forms": ["decree", "order"]}')

    ledger = memory_ledger()

    assert ledger.policies.senate_appointment_forms == {ActKind.DECREE, ActKind.ORDER}


def test_policies_are_configured_from_json_naming_some_fields() -> None:
    configured = Policies.from_json(
        json.dumps(
            {
                "chairman_convening_forms": ["decree", "order"],
                "action_plan_issuers": ["secretariat"],
                "experts_on_chairman_request": False,
            }
        )
    )

    assert configured.chairman_convening_forms == {ActKind.DECREE, ActKind.ORDER}
    assert configured.action_plan_issuers == {Authority.SECRETARIAT}
    assert configured.experts_on_chairman_request is False
    assert (
        configured.expert_council_deputy_chairmen == DEFAULT_POLICIES.expert_council_deputy_chairmen
    )


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"no_such_policy": 1}',
        '{"expert_council_deputy_chairmen": "two"}',
        '{"expert_council_deputy_chairmen": true}',
        '{"expert_council_deputy_chairmen": 0}',
        '{"chairman_convening_forms": ["oath"]}',
        '{"chairman_convening_forms": ["edict"]}',
        '{"action_plan_issuers": "secretariat"}',
        '{"experts_on_chairman_request": "yes"}',
        '{"expert_council_adoption": "2 * yes > present"}',
    ],
)
def test_a_malformed_configuration_stops_the_ledger_from_starting(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        Policies.from_json(text)
    with pytest.raises(ValueError, match=r"."):
        Ledger(
            env={
                "PERSISTENCE_MODULE": "infra.recorders:CheckedPOPOFactory",
                "ASSEMBLY_POLICIES": text,
            }
        )


def test_the_rulebook_applies_the_policies_in_force_to_the_rules_they_name() -> None:
    with under(Policies(expert_council_deputy_chairmen=5)):
        assert DECREE_747.post(DEPUTY).seats == 5
        assert DECREE_747.post("expert_council_chairman").seats == 1  # §22: "the Chairman"
    assert DECREE_747.post(DEPUTY).seats == 2


# -- §22: "The Scientific Expert Council consists of the Chairman, his deputies and members" ---


def test_the_number_of_expert_council_deputies_is_a_policy_not_a_rule_of_section_22() -> None:
    default, configured = memory_ledger(), ledger_under(expert_council_deputy_chairmen=3)
    for ledger in (default, configured):
        for name in ("Alpha", "Beta"):
            _elect_deputy(ledger, _expert(ledger, f"Sample Expert {name}"))
    third = _expert(default, "Sample Expert Gamma")
    election = _election(default, third)
    with refused(default, RuleViolation, "§22"):
        _elect_deputy(default, third, election)

    _elect_deputy(configured, _expert(configured, "Sample Expert Gamma"))

    assert len(configured.post(DEPUTY).holders_on(DAY)) == 3


# -- §12: "... convened by the Chairman of the Assembly or the Vice-Chairmen in agreement ..." --


@pytest.mark.parametrize(
    "kind",
    [ActKind.DECREE, ActKind.ORDER, ActKind.INSTRUCTION, ActKind.AGREEMENT, ActKind.PROPOSAL],
)
def test_any_recorded_act_of_the_chairman_convenes_the_council_by_default(kind: ActKind) -> None:
    ledger = memory_ledger()

    sitting = _convene_council(ledger, act(kind, Authority.PRESIDENT, DAY))

    assert ledger.sitting(sitting).body == "council"


def test_an_oath_or_an_act_of_another_convenes_no_council() -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§12"):
        _convene_council(ledger, act(ActKind.OATH, Authority.PRESIDENT, DAY))
    with refused(ledger, RuleViolation, "§12"):
        _convene_council(ledger, act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY))


def test_the_forms_of_the_chairmans_convening_act_can_be_set_by_policy() -> None:
    ledger = ledger_under(chairman_convening_forms=["decree", "order"])

    _convene_council(ledger, order(DAY))
    with refused(ledger, RuleViolation, "§12") as refusal:
        _convene_council(ledger, act(ActKind.AGREEMENT, Authority.PRESIDENT, DAY))
    assert "by policy" in refusal.value.reason


# -- §5.4: "upon the proposal of the Council of the Assembly, appoint five deputies of the Senate"


def test_the_form_of_a_senators_appointment_is_a_policy() -> None:
    default, configured = (
        memory_ledger(),
        ledger_under(senate_appointment_forms=["decree", "order"]),
    )
    for ledger in (default, configured):
        person = register(ledger, "Sample Senator Alpha")
        nominate(ledger, "senator", person, DAY)
        appoint = Appoint(post="senator", person_id=person, act=order(DAY), starts_on=DAY)
        if ledger is default:
            with refused(ledger, RuleViolation, "§5.4"):
                ledger.execute(appoint, CLERK)
        else:
            ledger.execute(appoint, CLERK)
            assert [h.person_id for h in ledger.post("senator").holders_on(DAY)] == [person]


# -- §24: "... its composition shall be approved by the Deputy Chairman ... Head ..." ---------


def test_the_form_of_the_heads_approval_is_a_policy() -> None:
    by_decision = act(ActKind.DECISION, Authority.HEAD_OF_SECRETARIAT, DAY, "1")
    default, configured = memory_ledger(), ledger_under(head_of_secretariat_forms=["decision"])
    for ledger in (default, configured):
        ensure_head_of_secretariat(ledger, DAY)
        person = register(ledger, "Sample Expert Alpha")
        admit = AdmitMember(body=SEC, person_id=person, act=by_decision, starts_on=DAY)
        if ledger is default:
            with refused(ledger, RuleViolation, "§24"):  # the default: an order of the Head
                ledger.execute(admit, CLERK)
        else:
            ledger.execute(admit, CLERK)
            assert ledger.body(SEC).member_on(person, DAY)


# -- §28: "The coordination ... shall be carried out by the Secretariat." ------------------------


def test_who_adopts_an_action_plan_and_in_which_form_is_a_policy() -> None:
    by_president = act(ActKind.DECREE, Authority.PRESIDENT, DAY, "SAMPLE-PLAN-2")
    plan = AdoptActionPlan(
        title="Sample Plan", act=by_president, program_documents=["Sample Program"]
    )
    default = memory_ledger()
    with refused(default, RuleViolation, "§28"):
        default.execute(plan, CLERK)

    ledger = ledger_under(action_plan_issuers=["president"], action_plan_forms=["decree"])
    recorded = ledger.execute(plan, CLERK)

    assert ledger.action_plan(recorded.subject_id).act == by_president


# -- §22: "The Scientific Expert Council may involve in its activities experts who are not ..." --


def test_involving_an_expert_at_the_chairmans_request_can_be_turned_off() -> None:
    ledger = ledger_under(experts_on_chairman_request=False)
    expert = register(ledger, "Sample Domestic Expert")

    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(
            InvolveExpert(
                person_id=expert,
                area="Sample area",
                foreign=False,
                on=DAY,
                chairman_request_number="7",
            ),
            CLERK,
        )
    decision = record_decision(ledger, SEC, Matter.EXPERT_COUNCIL_BUSINESS, DAY)
    ledger.execute(
        InvolveExpert(
            person_id=expert, area="Sample area", foreign=False, on=DAY, decision_id=decision
        ),
        CLERK,
    )


# -- §31: "The Secretariat shall develop or participate in the development of draft policy ..." -


def test_the_secretariat_participates_in_a_draft_another_body_develops() -> None:
    ledger = memory_ledger()
    by_secretariat = act(ActKind.ORDER, Authority.SECRETARIAT, DAY, "SAMPLE-DRAFT-1")

    document = ledger.execute(
        DraftPolicyDocument(
            title="Sample Concept of Interethnic Policy",
            act=by_secretariat,
            involvement="Sample review by the Scientific Expert Council",
            developed_by="  Sample Ministry of Culture  ",
        ),
        CLERK,
    ).subject_id

    drafted = ledger.policy_document(document)
    assert drafted.developed_by == "Sample Ministry of Culture"
    with refused(ledger, RuleViolation, "§31"):  # the participation is still the Secretariat's
        ledger.execute(
            DraftPolicyDocument(
                title="Sample Draft",
                act=act(ActKind.ORDER, Authority.PRESIDENTIAL_ADMINISTRATION, DAY, "X"),
                involvement="Sample review",
                developed_by="Sample Ministry of Culture",
            ),
            CLERK,
        )
    own = ledger.execute(
        DraftPolicyDocument(
            title="Sample Own Draft", act=by_secretariat, involvement="Sample review"
        ),
        CLERK,
    ).subject_id
    assert ledger.policy_document(own).developed_by is None
