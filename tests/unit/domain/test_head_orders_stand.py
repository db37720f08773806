"""§24: the composition of the Scientific Expert Council is approved by the Head of the
Secretariat, so an order of the Head stands only while somebody holds that post on its date;
a dismissal effective before a recorded order of the Head is refused, naming that order."""

from __future__ import annotations

from datetime import date

from domain.composition.commands import AdmitMember, Appoint, Dismiss
from domain.kernel.errors import RuleViolation
from domain.kernel.values import Act, ActKind, Authority
from tests.support.samples import CLERK, DAY, act, days, decree, memory_ledger, refused, register

SEC, HEAD = "scientific_expert_council", "head_of_secretariat"


def head_order(on: date, number: str = "O-24") -> Act:
    return act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, on).model_copy(
        update={"number": number}
    )


def test_a_dismissal_effective_before_a_recorded_order_of_the_head_is_refused() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head of the Secretariat")
    holding = ledger.execute(
        Appoint(post=HEAD, person_id=head, act=decree(DAY), starts_on=DAY), CLERK
    ).subject_id
    expert = register(ledger, "Sample Expert")
    ledger.execute(
        AdmitMember(
            body=SEC, person_id=expert, act=head_order(DAY + days(5)), starts_on=DAY + days(5)
        ),
        CLERK,
    )

    with refused(ledger, RuleViolation, "§24") as refusal:
        ledger.execute(
            Dismiss(post=HEAD, holding_id=holding, act=decree(DAY), ends_on=DAY + days(3)), CLERK
        )

    assert "O-24" in refusal.value.message


def test_the_head_is_dismissed_after_the_last_order_of_the_head() -> None:
    ledger = memory_ledger()
    first = register(ledger, "Sample Head Alpha")
    holding = ledger.execute(
        Appoint(post=HEAD, person_id=first, act=decree(DAY), starts_on=DAY), CLERK
    ).subject_id
    expert = register(ledger, "Sample Expert")
    ledger.execute(
        AdmitMember(
            body=SEC, person_id=expert, act=head_order(DAY + days(2)), starts_on=DAY + days(2)
        ),
        CLERK,
    )

    ledger.execute(
        Dismiss(post=HEAD, holding_id=holding, act=decree(DAY), ends_on=DAY + days(3)), CLERK
    )

    assert ledger.post(HEAD).holders_on(DAY + days(3)) == []
