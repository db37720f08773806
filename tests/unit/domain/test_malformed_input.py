"""Malformed input is refused as `InvalidCommand`, never as an untyped error; nothing recorded."""

from __future__ import annotations

from domain.composition.commands import (
    AdmitMember,
    RegisterPerson,
    RestateHolding,
    RestateMembershipTerm,
    RetractHolding,
)
from domain.kernel.corrections import EventRef
from domain.kernel.errors import InvalidCommand
from domain.kernel.ids import body_id
from domain.kernel.values import ActKind, Authority
from domain.secretariat.commands import EstablishRegionalAssembly, RecordRegionalApparatus
from tests.support.samples import (
    CLERK,
    DAY,
    act,
    days,
    decree,
    memory_ledger,
    refused,
    register,
    seat_senator,
)


def test_a_blank_or_overlong_name_is_not_registered() -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(RegisterPerson(full_name="   ", registered_on=DAY), CLERK)
    with refused(ledger, InvalidCommand):
        ledger.execute(RegisterPerson(full_name="x" * 301, registered_on=DAY), CLERK)


def test_a_correction_with_impossible_dates_or_no_reason_is_refused() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Chi", DAY)
    member = register(ledger, "Sample Member Psi")
    ledger.execute(
        AdmitMember(body="assembly", person_id=member, act=decree(DAY), starts_on=DAY), CLERK
    )
    (term,) = ledger.body("assembly").terms_of(member)

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RestateHolding(
                post="senator",
                holding_id=holding,
                reason="ends before it starts",
                starts_on=DAY + days(2),
                ends_on=DAY + days(1),
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):
        ledger.execute(RetractHolding(post="senator", holding_id=holding, reason="no"), CLERK)
    ref = EventRef(originator_id=body_id("assembly"), originator_version=term.recorded_in)
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RestateMembershipTerm(
                body="assembly",
                person_id=member,
                corrects=ref,
                reason="ends on its first day",
                starts_on=DAY,
                ends_on=DAY,
            ),
            CLERK,
        )


def test_an_overlong_apparatus_name_or_report_title_is_refused() -> None:
    ledger = memory_ledger()
    forming = act(ActKind.ORDER, Authority.SECRETARIAT, DAY)
    ledger.execute(
        EstablishRegionalAssembly(territory_code="abai", act=forming, established_on=DAY), CLERK
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordRegionalApparatus(territory_code="abai", name="A" * 301, act=forming, since=DAY),
            CLERK,
        )
