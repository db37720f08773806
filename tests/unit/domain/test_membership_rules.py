"""§5.1 and §24: who admits members to the Assembly, the Council and the Expert Council."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from domain.application import Ledger
from domain.composition.bodies import Body
from domain.composition.commands import AdmitMember, EndMembership
from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.values import Act, ActKind, Authority
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    days,
    decree,
    ensure_head_of_secretariat,
    memory_ledger,
    order,
    refused,
    register,
)


class _Membership:
    """One person's terms in one body, read from the body's roll."""

    def __init__(self, body: Body, person: UUID) -> None:
        self.body, self.person = body, person

    @property
    def terms(self) -> tuple[object, ...]:
        return self.body.terms_of(self.person)

    def member_on(self, day: date) -> bool:
        return self.body.member_on(self.person, day)


def _membership(ledger: Ledger, body: str, person: UUID) -> _Membership:
    return _Membership(ledger.body(body), person)


def _head_order(on: date) -> Act:
    return act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on)


@pytest.mark.parametrize("body", ["assembly", "council"])
@pytest.mark.parametrize("kind", [ActKind.DECREE, ActKind.ORDER])
def test_the_president_admits_members_by_decree_or_order(body: str, kind: ActKind) -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Alpha")

    ledger.execute(
        AdmitMember(
            body=body, person_id=person, act=act(kind, Authority.PRESIDENT, DAY), starts_on=DAY
        ),
        CLERK,
    )

    membership = _membership(ledger, body, person)
    assert membership.member_on(DAY)
    assert not membership.member_on(DAY - days(1))


@pytest.mark.parametrize("body", ["assembly", "council"])
@pytest.mark.parametrize(
    "wrong",
    [
        act(ActKind.DECREE, Authority.SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.PROPOSAL, Authority.PRESIDENT, DAY),
        act(ActKind.OATH, Authority.PRESIDENT, DAY),
    ],
    ids=["secretariat-decree", "head-order", "president-proposal", "oath"],
)
def test_assembly_and_council_membership_by_any_other_act_is_refused(body: str, wrong: Act) -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Alpha")

    with refused(ledger, RuleViolation, "§5.1"):
        ledger.execute(AdmitMember(body=body, person_id=person, act=wrong, starts_on=DAY), CLERK)


@pytest.mark.parametrize(
    "issuer", [Authority.COUNCIL, Authority.SESSION, Authority.SCIENTIFIC_EXPERT_COUNCIL]
)
def test_a_membership_act_typed_as_a_collegial_bodys_is_malformed(issuer: Authority) -> None:
    typed = act(ActKind.DECREE, issuer, DAY)

    with pytest.raises(ValidationError, match="recorded sitting"):
        AdmitMember(body="assembly", person_id=uuid4(), act=typed, starts_on=DAY)
    with pytest.raises(ValidationError, match="recorded sitting"):
        EndMembership(body="assembly", person_id=uuid4(), act=typed, ends_on=DAY)


def test_the_head_of_the_secretariat_sets_the_expert_council_by_order() -> None:
    ledger = memory_ledger()
    expert = register(ledger, "Sample Expert Alpha")
    ensure_head_of_secretariat(ledger, DAY)

    ledger.execute(
        AdmitMember(
            body="scientific_expert_council", person_id=expert, act=_head_order(DAY), starts_on=DAY
        ),
        CLERK,
    )

    assert _membership(ledger, "scientific_expert_council", expert).member_on(DAY)


def test_an_order_of_the_head_while_nobody_is_head_sets_no_composition() -> None:
    ledger = memory_ledger()
    expert = register(ledger, "Sample Expert Beta")

    with refused(ledger, RuleViolation, "§24"):
        ledger.execute(
            AdmitMember(
                body="scientific_expert_council",
                person_id=expert,
                act=_head_order(DAY),
                starts_on=DAY,
            ),
            CLERK,
        )


@pytest.mark.parametrize(
    "wrong",
    [
        act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.PRESIDENT, DAY),
        act(ActKind.ORDER, Authority.SECRETARIAT, DAY),
    ],
    ids=["head-decree", "president-order", "secretariat-order"],
)
def test_expert_council_membership_by_any_other_act_is_refused(wrong: Act) -> None:
    ledger = memory_ledger()
    expert = register(ledger, "Sample Expert Alpha")

    with refused(ledger, RuleViolation, "§24"):
        ledger.execute(
            AdmitMember(
                body="scientific_expert_council", person_id=expert, act=wrong, starts_on=DAY
            ),
            CLERK,
        )


@pytest.mark.parametrize(
    ("body", "paragraph"), [("secretariat", "§17"), ("senate_assembly_quota", "§5.4")]
)
def test_bodies_without_members_of_their_own_admit_nobody(body: str, paragraph: str) -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Person Alpha")

    with refused(ledger, RuleViolation, paragraph):
        ledger.execute(
            AdmitMember(body=body, person_id=person, act=decree(DAY), starts_on=DAY), CLERK
        )


def test_an_unknown_body_or_person_is_not_found() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Person Alpha")

    with refused(ledger, NotFound):
        ledger.execute(
            AdmitMember(
                body="sample_unknown_body", person_id=person, act=decree(DAY), starts_on=DAY
            ),
            CLERK,
        )
    with refused(ledger, NotFound):
        ledger.execute(
            AdmitMember(body="assembly", person_id=uuid4(), act=decree(DAY), starts_on=DAY), CLERK
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            EndMembership(body="assembly", person_id=person, act=decree(DAY), ends_on=DAY), CLERK
        )


def test_a_member_whose_term_ends_on_a_day_is_no_member_that_day() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Alpha")
    ledger.execute(
        AdmitMember(body="council", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
    )
    ends = DAY + days(1)

    ledger.execute(
        EndMembership(body="council", person_id=person, act=decree(ends), ends_on=ends), CLERK
    )

    membership = _membership(ledger, "council", person)
    assert membership.member_on(DAY)
    assert not membership.member_on(ends)


def test_only_the_admitting_authority_ends_a_term() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Alpha")
    ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
    )
    ends = DAY + days(5)

    with refused(ledger, RuleViolation, "§5.1"):
        by_the_head = act(ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT, ends)
        ledger.execute(
            EndMembership(body="assembly", person_id=person, act=by_the_head, ends_on=ends), CLERK
        )


def test_a_term_must_end_after_it_began_and_only_once() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Alpha")
    ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=decree(DAY - days(5)), starts_on=DAY),
        CLERK,
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            EndMembership(body="assembly", person_id=person, act=decree(DAY), ends_on=DAY), CLERK
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            EndMembership(
                body="assembly", person_id=person, act=decree(DAY - days(1)), ends_on=DAY - days(1)
            ),
            CLERK,
        )

    ledger.execute(
        EndMembership(body="assembly", person_id=person, act=decree(DAY), ends_on=DAY + days(1)),
        CLERK,
    )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            EndMembership(
                body="assembly", person_id=person, act=decree(DAY), ends_on=DAY + days(2)
            ),
            CLERK,
        )


def test_a_membership_act_cannot_take_effect_before_it_is_issued() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Alpha")

    with refused(ledger, InvalidCommand):
        ledger.execute(
            AdmitMember(
                body="assembly", person_id=person, act=decree(DAY), starts_on=DAY - days(1)
            ),
            CLERK,
        )

    ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
    )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            EndMembership(
                body="assembly", person_id=person, act=order(DAY + days(9)), ends_on=DAY + days(8)
            ),
            CLERK,
        )


def test_a_sitting_member_is_not_admitted_twice_but_a_former_one_returns() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Alpha")
    ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY), CLERK
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            AdmitMember(
                body="assembly", person_id=person, act=decree(DAY), starts_on=DAY + days(3)
            ),
            CLERK,
        )

    left, back = DAY + days(10), DAY + days(20)
    ledger.execute(
        EndMembership(body="assembly", person_id=person, act=decree(left), ends_on=left), CLERK
    )
    ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=decree(back), starts_on=back), CLERK
    )
    membership = _membership(ledger, "assembly", person)
    assert [membership.member_on(d) for d in (left - days(1), left, back - days(1), back)] == [
        True,
        False,
        False,
        True,
    ]
