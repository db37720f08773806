"""Acts of persons are external acts; acts of collegial bodies are their recorded decisions.

§15: "The decision of the Council shall be recorded in minutes"; §10 and §22 make the Session's
and the Scientific Expert Council's acts their decisions at their sittings. So no command takes a
typed act of one of those bodies: it cites the decision by id. An external act (a decree or order
of the President, an order of the Head of the Secretariat, the Chairman's agreement) carries its
number, date, issuer and, optionally, where it is published; it is not older than the Assembly
(founded 1 March 1995) and not issued after the day it is recorded (in Kazakhstan).
"""

from __future__ import annotations

import typing
from datetime import date, timedelta
from uuid import uuid4

import pytest
from pydantic import ValidationError

from domain.application.registry import HANDLERS
from domain.composition.commands import Appoint
from domain.kernel.calendar import today_in_kazakhstan
from domain.kernel.commands import Command
from domain.kernel.errors import InvalidCommand
from domain.kernel.values import COLLEGIAL, Act, ActKind, Authority
from tests.support.samples import CLERK, DAY, decree, memory_ledger, refused, register


def _takes_act(annotation: object) -> bool:
    return annotation is Act or any(_takes_act(a) for a in typing.get_args(annotation))


def _act_fields(command: type[Command]) -> list[str]:
    """The fields of a command that take an act (alone, optional, or in a sequence)."""
    return [name for name, f in command.model_fields.items() if _takes_act(f.annotation)]


#: Carried-over facts cite their original acts as they were (an election of the Expert Council
#: held before the ledger has no sitting in it): they are checked by the opening balance's own
#: rules (docs/adr/0013), so they are not among the commands that take external acts only.
CARRIED_OVER = "domain.composition.opening_balance"
COMMANDS_WITH_ACTS = [
    (kind, name)
    for kind, _ in HANDLERS.items()
    if not kind.__module__.startswith(CARRIED_OVER)
    for name in _act_fields(kind)
    if name != "basis"
]


def test_the_commands_that_take_acts_are_found() -> None:
    names = {kind.__name__ for kind, _ in COMMANDS_WITH_ACTS}
    assert {"Appoint", "AdmitMember", "ConveneSession", "ConveneCouncilMeeting"} <= names


@pytest.mark.parametrize(("command", "field"), COMMANDS_WITH_ACTS, ids=str)
@pytest.mark.parametrize("issuer", sorted(COLLEGIAL))
def test_no_command_takes_a_typed_act_of_a_collegial_body(
    command: type[Command], field: str, issuer: Authority
) -> None:
    typed = Act(kind=ActKind.DECISION, issuer=issuer, number="SAMPLE-1", issued_on=DAY)
    annotation = command.model_fields[field].annotation
    value: object = [typed] if "Sequence" in repr(annotation) else typed

    with pytest.raises(ValidationError, match="recorded sitting") as caught:
        command.model_validate({field: value})

    assert any(e["loc"][:1] == (field,) for e in caught.value.errors())


def test_an_act_older_than_the_assembly_is_refused() -> None:
    ancient = Act(
        kind=ActKind.DECREE, issuer=Authority.PRESIDENT, number="1", issued_on=date(1995, 2, 28)
    )

    with pytest.raises(ValidationError, match="founded on 1995-03-01"):
        Appoint(post="senator", person_id=uuid4(), act=ancient, starts_on=DAY)


def test_an_act_issued_after_the_day_it_is_recorded_is_refused() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Head Alpha")
    tomorrow = today_in_kazakhstan() + timedelta(days=1)

    with refused(ledger, InvalidCommand) as refusal:
        ledger.execute(
            Appoint(
                post="head_of_secretariat",
                person_id=person,
                act=decree(tomorrow),
                starts_on=tomorrow,
            ),
            CLERK,
        )

    assert "after today" in refusal.value.message


def test_an_act_issued_today_may_take_effect_later() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Head Beta")
    today = today_in_kazakhstan()

    ledger.execute(
        Appoint(
            post="head_of_secretariat",
            person_id=person,
            act=decree(today),
            starts_on=today + timedelta(days=30),
        ),
        CLERK,
    )


def test_an_external_act_keeps_its_published_source() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Head Gamma")
    published = decree(DAY).model_copy(update={"source": "Sample Gazette No. 12 of 2025, art. 3"})

    holding = ledger.execute(
        Appoint(post="head_of_secretariat", person_id=person, act=published, starts_on=DAY), CLERK
    ).subject_id

    recorded = ledger.post("head_of_secretariat").holding(holding).act
    assert recorded.source == "Sample Gazette No. 12 of 2025, art. 3"
    assert "source" in published.model_dump()
    assert "source" not in decree(DAY).model_dump()  # an act without one keeps its stored form


def test_acts_nested_in_a_command_are_found_and_others_skipped() -> None:
    from domain.kernel.acts import external_acts  # noqa: PLC0415
    from domain.secretariat.commands import AdoptActionPlan  # noqa: PLC0415
    from domain.sittings.commands import CastVotes  # noqa: PLC0415

    later = decree(DAY).model_copy(update={"number": "SAMPLE-2"})
    plan = AdoptActionPlan.model_construct(
        title="Sample plan", act=decree(DAY), instructions=[later]
    )
    votes = CastVotes(sitting_id=uuid4(), motion_id=uuid4(), votes={})

    assert [a.number for a in external_acts(plan)] == [decree(DAY).number, "SAMPLE-2"]
    assert list(external_acts(votes)) == []
