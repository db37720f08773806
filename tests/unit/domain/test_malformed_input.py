"""Malformed input is refused as `InvalidCommand`, never as an untyped error; nothing recorded."""

from __future__ import annotations

from domain.kernel.corrections import EventRef
from domain.kernel.errors import InvalidCommand
from domain.kernel.ids import body_id
from domain.kernel.values import ActKind, Authority
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
        ledger.register_person("   ", CLERK, registered_on=DAY)
    with refused(ledger, InvalidCommand):
        ledger.register_person("x" * 301, CLERK, registered_on=DAY)


def test_a_correction_with_impossible_dates_or_no_reason_is_refused() -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Chi", DAY)
    member = register(ledger, "Sample Member Psi")
    ledger.admit_member("assembly", member, decree(DAY), CLERK, starts_on=DAY)
    (term,) = ledger.body("assembly").terms_of(member)

    with refused(ledger, InvalidCommand):
        ledger.restate_holding(
            "senator",
            holding,
            "ends before it starts",
            CLERK,
            starts_on=DAY + days(2),
            ends_on=DAY + days(1),
        )
    with refused(ledger, InvalidCommand):
        ledger.retract_holding("senator", holding, "no", CLERK)
    ref = EventRef(originator_id=body_id("assembly"), originator_version=term.recorded_in)
    with refused(ledger, InvalidCommand):
        ledger.restate_membership_term(
            "assembly", member, ref, "ends on its first day", CLERK, starts_on=DAY, ends_on=DAY
        )


def test_an_overlong_apparatus_name_or_report_title_is_refused() -> None:
    ledger = memory_ledger()
    forming = act(ActKind.ORDER, Authority.SECRETARIAT, DAY)
    ledger.establish_regional_assembly("abai", forming, CLERK, established_on=DAY)

    with refused(ledger, InvalidCommand):
        ledger.record_regional_apparatus("abai", "A" * 301, forming, CLERK, since=DAY)
