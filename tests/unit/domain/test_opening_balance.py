"""The opening balance: the standing composition carried over from Decree No. 149 of 2011.

Decree No. 747 repealed Decree No. 149 (its Appendix: "Decree of the President of the Republic of
Kazakhstan dated September 7, 2011 № 149 "On the Regulation on the Assembly of the People of
Kazakhstan"") and "shall enter into force on the day of signing", 27 December 2024. What stood
then is carried over as it was, not re-checked under rules that did not then apply, and is used
by every rule of Decree No. 747 afterwards (docs/adr/0013).
"""

from __future__ import annotations

import csv
from datetime import date
from uuid import UUID

import pytest

from domain.application import Ledger
from domain.composition.bodies import Body
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    AssumePresidency,
    Dismiss,
)
from domain.composition.opening_balance.commands import (
    FORMER_REGULATION,
    BalanceHolding,
    BalanceMembership,
    BalancePerson,
    BalanceRow,
    CarryOverBalance,
    CarryOverHolding,
    CarryOverMembership,
)
from domain.composition.opening_balance.rules import OpeningBalanceRefused, carried_over_person_id
from domain.composition.posts import Post
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.values import Act, ActKind, Authority
from infra import sample
from infra.opening_balance import import_balance
from tests.support.decisions import nominate
from tests.support.samples import (
    CLERK,
    RULEBOOK_START,
    decree,
    memory_ledger,
    oath,
    position,
    refused,
    register,
)
from tests.support.samples import act as sample_act
from tests.support.sittings import attend, convene, head_order

OLD = date(2019, 6, 12)
REGISTERED = date(2025, 1, 6)


def carry_member(ledger: Ledger, body: str, person: UUID, on: date = OLD) -> int:
    return ledger.execute(
        CarryOverMembership(body=body, person_id=person, act=decree(on, "149-M"), starts_on=on),
        CLERK,
    ).events


def carry_holding(
    ledger: Ledger, post: str, person: UUID, on: date = OLD, act: Act | None = None
) -> UUID:
    the_act = act or decree(on, "149-H")
    return ledger.execute(
        CarryOverHolding(post=post, person_id=person, act=the_act, starts_on=on), CLERK
    ).subject_id


def test_a_carried_over_term_is_marked_with_the_former_regulation_and_used_under_747() -> None:
    ledger = memory_ledger()
    member = register(ledger, "Sample Carried Member")

    carry_member(ledger, "council", member)

    council = ledger.body("council")
    assert council.member_on(member, date(2025, 3, 1))
    (event,) = [e for e in ledger.events.get(council.id) if isinstance(e, Body.MemberCarriedOver)]
    assert event.former_regulation == FORMER_REGULATION
    assert event.paragraph == "Appendix"
    assert event.effective_on == OLD


def test_the_former_rules_are_not_checked_but_its_dates_are() -> None:
    ledger = memory_ledger()
    expert = register(ledger, "Sample Expert of 2020")
    # Under Decree No. 747 an order of the Head sets this composition (§24); then it was not so.
    carry_member(ledger, "scientific_expert_council", expert, date(2020, 5, 5))
    person = register(ledger, "Sample Late Person")

    for starts_on, issued_on, words in (
        (RULEBOOK_START, RULEBOOK_START, "falls under Decree No. 747"),
        (date(1995, 2, 1), date(1995, 2, 1), "founding of the Assembly"),
        (date(2020, 1, 1), date(2020, 2, 1), "cannot take effect earlier"),
    ):
        with refused(ledger, InvalidCommand) as refusal:
            ledger.execute(
                CarryOverMembership(
                    body="assembly",
                    person_id=person,
                    act=decree(issued_on),
                    starts_on=starts_on,
                ),
                CLERK,
            )
        assert words in refusal.value.message


def test_nobody_is_twice_in_one_body_and_a_repeat_records_nothing() -> None:
    ledger = memory_ledger()
    member = register(ledger, "Sample Twice")
    assert carry_member(ledger, "assembly", member) == 1

    assert carry_member(ledger, "assembly", member) == 0
    with refused(ledger, InvalidCommand):
        carry_member(ledger, "assembly", member, date(2021, 1, 1))
    with refused(ledger, RuleViolation, "§5.4"):
        carry_member(ledger, "senate_assembly_quota", member)


def test_a_council_sitting_in_2025_counts_the_carried_over_members() -> None:
    ledger = memory_ledger()
    members = [register(ledger, f"Sample Council Member {i}") for i in range(9)]
    for member in members:
        carry_member(ledger, "council", member, date(2022, 3, 1))
    chairman = register(ledger, "Sample Chairman since 2019")
    carry_holding(ledger, "chairman", chairman, act=oath(OLD))

    sitting = convene(ledger, "council", date(2025, 2, 1))
    competence = attend(ledger, sitting, members[:6])

    assert (competence.present, competence.total, competence.competent) == (6, 9, True)


def test_carried_over_senators_fill_the_five_seats_of_5_4() -> None:
    ledger = memory_ledger()
    for i in range(5):
        carry_holding(ledger, "senator", register(ledger, f"Sample Senator {i}"), date(2023, 1, 5))
    sixth = register(ledger, "Sample Sixth Senator")

    with refused(ledger, RuleViolation, "§5.4"):
        carry_holding(ledger, "senator", sixth, date(2023, 1, 5))
    on = date(2025, 4, 1)
    nominate(ledger, "senator", sixth, on)
    with refused(ledger, RuleViolation, "§5.4") as refusal:
        ledger.execute(
            Appoint(post="senator", person_id=sixth, act=decree(on), starts_on=on), CLERK
        )
    assert "no free seat" in refusal.value.message


def test_a_carried_over_head_orders_under_24_is_deputy_ex_officio_and_is_dismissed_by_decree() -> (
    None
):
    ledger = memory_ledger()
    head = register(ledger, "Sample Head since 2022")
    holding = carry_holding(ledger, "head_of_secretariat", head, date(2022, 2, 1))
    deputy = ledger.post("deputy_chairman_head_of_secretariat")
    (ex_officio,) = deputy.holdings.values()
    assert (ex_officio.person_id, ex_officio.tenure.start) == (head, RULEBOOK_START)

    expert = register(ledger, "Sample Expert of 2025")
    admitted_on = date(2025, 3, 3)
    ledger.execute(
        AdmitMember(
            body="scientific_expert_council",
            person_id=expert,
            act=head_order(admitted_on),
            starts_on=admitted_on,
        ),
        CLERK,
    )
    dismissed_on = date(2025, 6, 2)
    ledger.execute(
        Dismiss(
            post="head_of_secretariat",
            holding_id=holding,
            act=decree(dismissed_on, "D-5"),
            ends_on=dismissed_on,
        ),
        CLERK,
    )

    assert ledger.post("head_of_secretariat").holders_on(dismissed_on) == []
    assert ledger.post("deputy_chairman_head_of_secretariat").holders_on(dismissed_on) == []
    assert ledger.post("head_of_secretariat").holders_on(admitted_on)[0].person_id == head
    other = register(ledger, "Sample Other")
    with refused(ledger, RuleViolation, "§17"):
        carry_holding(ledger, "deputy_chairman_head_of_secretariat", other)


def test_the_chairman_since_2019_passes_the_chairmanship_to_the_next_president() -> None:
    ledger = memory_ledger()
    first = register(ledger, "Sample President of 2019")
    carry_holding(ledger, "chairman", first, act=oath(OLD, "149-OATH"))
    later = date(2026, 1, 20)

    ledger.execute(
        AssumePresidency(person_id=register(ledger, "Sample Next"), act=oath(later)), CLERK
    )

    chairman = ledger.post("chairman")
    assert chairman.holders_on(date(2025, 5, 5))[0].person_id == first
    assert chairman.holders_on(later)[0].person_id != first


def test_an_elected_officer_is_carried_over_as_a_member_of_the_body_22() -> None:
    ledger = memory_ledger()
    scholar = register(ledger, "Sample Scholar")

    with refused(ledger, RuleViolation, "§22"):
        carry_holding(ledger, "expert_council_chairman", scholar)
    carry_member(ledger, "scientific_expert_council", scholar)
    with refused(ledger, RuleViolation, "§22"):  # elected before the term began
        carry_holding(ledger, "expert_council_chairman", scholar, date(2019, 1, 1))
    carry_holding(
        ledger,
        "expert_council_chairman",
        scholar,
        act=sample_act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, OLD),
    )

    assert ledger.post("expert_council_chairman").holders_on(RULEBOOK_START)[0].person_id == scholar


def test_the_opening_balance_of_a_body_closes_with_its_first_fact_under_747() -> None:
    ledger = memory_ledger()
    early, late = register(ledger, "Sample Early"), register(ledger, "Sample Late")
    carry_member(ledger, "assembly", early)
    on = date(2025, 2, 1)
    ledger.execute(
        AdmitMember(body="assembly", person_id=late, act=decree(on), starts_on=on), CLERK
    )

    assert carry_member(ledger, "assembly", early) == 0  # what is there stays there
    forgotten = register(ledger, "Sample Forgotten")
    with refused(ledger, InvalidCommand) as refusal:
        carry_member(ledger, "assembly", forgotten)
    assert "opening balance of the Assembly of the People of Kazakhstan is closed" in str(
        refusal.value
    )


def balance(*rows: BalanceRow, check_only: bool = False) -> CarryOverBalance:
    return CarryOverBalance(rows=rows, registered_on=REGISTERED, check_only=check_only)


def rows_of_a_small_assembly() -> list[BalanceRow]:
    rows: list[BalanceRow] = [
        BalancePerson(ref=f"P{i}", full_name=f"Sample P{i}") for i in range(8)
    ]
    rows += [
        BalanceMembership(person=f"P{i}", body="assembly", act=decree(OLD), starts_on=OLD)
        for i in range(8)
    ]
    rows.append(BalanceHolding(person="P0", post="chairman", act=oath(OLD), starts_on=OLD))
    return rows


def test_a_balance_is_recorded_whole_in_one_transaction_and_a_repeat_records_nothing() -> None:
    ledger = memory_ledger()
    rows = rows_of_a_small_assembly()

    first = ledger.execute(balance(*rows), CLERK)
    after = position(ledger)
    again = ledger.execute(balance(*reversed(rows)), CLERK)

    assert first.events == 8 + 8 + 1
    assert again.events == 0
    assert position(ledger) == after
    assert len(ledger.body("assembly").members_on(date(2025, 1, 1))) == 8
    assert ledger.person(carried_over_person_id("P3")).full_name == "Sample P3"


def test_a_balance_with_bad_rows_records_nothing_and_names_every_bad_row() -> None:
    ledger = memory_ledger()
    rows = rows_of_a_small_assembly()
    rows[9] = BalanceMembership(
        person="P1", body="assembly", act=decree(OLD), starts_on=date(2025, 1, 9)
    )
    rows.append(BalanceMembership(person="nobody", body="council", act=decree(OLD), starts_on=OLD))
    rows.append(BalancePerson(ref="P2", full_name="Sample Someone Else"))

    for check_only in (False, True):
        with refused(ledger, OpeningBalanceRefused) as refusal:
            ledger.execute(balance(*rows, check_only=check_only), CLERK)
        assert [i for i, _ in refusal.value.problems] == [9, 17, 18]
        assert "falls under Decree No. 747" in refusal.value.problems[0][1]
        assert "no person" in refusal.value.problems[1][1]

    del rows[9:]
    assert ledger.execute(balance(*rows, check_only=True), CLERK).events == 0
    with pytest.raises(Exception, match="no person"):
        ledger.person(carried_over_person_id("P0"))
    assert ledger.post("chairman").holdings == {}
    assert isinstance(ledger.post("chairman"), Post)


def test_the_sample_opening_balance_holds_the_sample_names_and_is_labelled() -> None:
    ledger = memory_ledger()
    report = import_balance(
        ledger, sample.OPENING_BALANCE, registered_on=sample.REGISTERED_ON, recorded_by="t"
    )

    assert report.problems == []
    people = {p.full_name for p in map(ledger.person, people_of(ledger))}
    assert people == {sample.PRESIDENT, sample.HEAD_OF_SECRETARIAT, *sample.ASSEMBLY_ONLY}
    assert all(ledger.person(p).sample for p in people_of(ledger))
    (chairman,) = ledger.post("chairman").holders_on(RULEBOOK_START)
    assert ledger.person(chairman.person_id).full_name == sample.PRESIDENT
    text = sample.OPENING_BALANCE.read_text()
    numbers = [row["act_number"] for row in csv.DictReader(text.splitlines()) if row["act_number"]]
    assert numbers
    assert all(n.startswith("SAMPLE-") for n in numbers)


def people_of(ledger: Ledger) -> set[UUID]:
    notifications = ledger.recorder.select_notifications(start=1, limit=1000)
    registered = [n for n in notifications if n.topic == "assembly:Person.Registered"]
    return {UUID(str(n.originator_id)) for n in registered}
