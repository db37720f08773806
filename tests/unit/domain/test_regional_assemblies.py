"""§18–19: assemblies of the regions, the cities of republican significance and the capital."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.application import Ledger
from domain.kernel.errors import (
    InvalidCommand,
    LedgerError,
    NoRulebookInForce,
    NotFound,
    RuleViolation,
)
from domain.kernel.values import Act, ActKind, Authority
from domain.secretariat.commands import (
    EstablishRegionalAssembly,
    RecordRegionalApparatus,
    RecordRegionalReport,
)
from domain.secretariat.regions import TERRITORIES, TerritoryKind
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    decree,
    keyed,
    memory_ledger,
    position,
    refused,
)


def _forming_act(on: date) -> Act:
    # The Law on the Assembly governs formation (§18); the ledger has no authority for it, so the
    # samples use an order of the Secretariat, and other tests show that any act is accepted.
    return act(ActKind.ORDER, Authority.SECRETARIAT, on)


def _ledger_with(code: str, on: date = DAY) -> Ledger:
    ledger = memory_ledger()
    ledger.execute(
        EstablishRegionalAssembly(territory_code=code, act=_forming_act(on), established_on=on),
        CLERK,
    )
    return ledger


# -- the territories ---------------------------------------------------------------------------


def test_the_model_knows_seventeen_regions_two_cities_and_the_capital() -> None:
    kinds = [t.kind for t in TERRITORIES]

    assert kinds.count(TerritoryKind.REGION) == 17
    assert kinds.count(TerritoryKind.CITY_OF_REPUBLICAN_SIGNIFICANCE) == 2
    assert kinds.count(TerritoryKind.CAPITAL) == 1
    assert len({t.code for t in TERRITORIES}) == 20
    capital = next(t for t in TERRITORIES if t.kind is TerritoryKind.CAPITAL)
    assert capital.name == "Astana"


def test_each_territory_gets_its_own_assembly_accountable_to_the_assembly() -> None:
    ledger = memory_ledger()

    for t in TERRITORIES:
        ledger.execute(
            EstablishRegionalAssembly(
                territory_code=t.code, act=_forming_act(DAY), established_on=DAY
            ),
            CLERK,
        )

    for t in TERRITORIES:
        assembly = ledger.regional_assembly(t.code)
        assert assembly.territory == t
        assert assembly.established_on == DAY
        assert assembly.formed_by == _forming_act(DAY)
    assert len({ledger.regional_assembly(t.code).id for t in TERRITORIES}) == 20


@pytest.mark.parametrize("code", ["baikonur", "Almaty", "almaty", "", "sample_territory"])
def test_a_territory_that_is_not_a_region_city_or_the_capital_is_refused(code: str) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§18"):
        ledger.execute(
            EstablishRegionalAssembly(
                territory_code=code, act=_forming_act(DAY), established_on=DAY
            ),
            CLERK,
        )
    with pytest.raises(RuleViolation) as reading:
        ledger.regional_assembly(code)
    assert reading.value.paragraph == "§18"


def test_a_second_assembly_for_the_same_territory_is_refused() -> None:
    ledger = _ledger_with("shymkent")

    with refused(ledger, InvalidCommand):
        ledger.execute(
            EstablishRegionalAssembly(
                territory_code="shymkent",
                act=_forming_act(DAY + days(1)),
                established_on=DAY + days(1),
            ),
            CLERK,
        )


def test_a_retried_establishment_under_the_same_key_names_the_same_assembly() -> None:
    ledger = memory_ledger()
    first = ledger.execute(
        EstablishRegionalAssembly(
            territory_code="astana", act=_forming_act(DAY), established_on=DAY
        ),
        keyed("sample-astana"),
    )

    again = ledger.execute(
        EstablishRegionalAssembly(
            territory_code="astana", act=_forming_act(DAY), established_on=DAY
        ),
        keyed("sample-astana"),
    )

    assert again.replayed
    assert again.subject_id == first.subject_id == ledger.regional_assembly("astana").id


@pytest.mark.parametrize(
    "forming",
    [
        decree(DAY - days(400)),
        act(ActKind.DECISION, Authority.SECRETARIAT, DAY),
        act(ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT, DAY),
    ],
    ids=["old-decree", "secretariat-decision", "head-order"],
)
def test_the_law_governs_formation_so_any_act_is_accepted_and_recorded(forming: Act) -> None:
    ledger = memory_ledger()

    ledger.execute(
        EstablishRegionalAssembly(territory_code="ulytau", act=forming, established_on=DAY), CLERK
    )

    assert ledger.regional_assembly("ulytau").formed_by == forming


@pytest.mark.parametrize(
    ("forming", "refusal"),
    [
        (act(ActKind.DECISION, Authority.SESSION, DAY), "recorded sitting"),
        (decree(date(1995, 2, 28)), "precedes the Assembly"),
    ],
    ids=["session-decision", "before-the-assembly"],
)
def test_any_act_but_a_typed_collegial_act_or_one_older_than_the_assembly(
    forming: Act, refusal: str
) -> None:
    with pytest.raises(ValidationError, match=refusal):
        EstablishRegionalAssembly(territory_code="ulytau", act=forming, established_on=DAY)


def test_the_forming_act_takes_effect_on_its_own_date_at_the_earliest() -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(
            EstablishRegionalAssembly(
                territory_code="abai", act=_forming_act(DAY), established_on=DAY - days(1)
            ),
            CLERK,
        )
    ledger.execute(
        EstablishRegionalAssembly(territory_code="abai", act=_forming_act(DAY), established_on=DAY),
        CLERK,
    )


def test_an_assembly_cannot_be_recorded_before_decree_747_was_in_force() -> None:
    ledger = memory_ledger()
    before = RULEBOOK_START - days(1)

    with refused(ledger, NoRulebookInForce, "Appendix"):
        ledger.execute(
            EstablishRegionalAssembly(
                territory_code="jetisu", act=_forming_act(before), established_on=before
            ),
            CLERK,
        )
    ledger.execute(
        EstablishRegionalAssembly(
            territory_code="jetisu", act=_forming_act(before), established_on=RULEBOOK_START
        ),
        CLERK,
    )


# -- the apparatus (§19) -----------------------------------------------------------------------


def test_the_apparatus_is_the_working_body_from_its_date() -> None:
    ledger = _ledger_with("pavlodar")

    ledger.execute(
        RecordRegionalApparatus(
            territory_code="pavlodar", name="Sample Secretariat", act=_forming_act(DAY), since=DAY
        ),
        CLERK,
    )

    assembly = ledger.regional_assembly("pavlodar")
    current = assembly.apparatus_on(DAY)
    assert current is not None
    assert current.name == "Sample Secretariat"
    assert assembly.apparatus_on(DAY - days(1)) is None


def test_a_later_apparatus_replaces_the_earlier_from_its_date() -> None:
    ledger = _ledger_with("pavlodar")
    ledger.execute(
        RecordRegionalApparatus(
            territory_code="pavlodar", name="Sample Apparatus A", act=_forming_act(DAY), since=DAY
        ),
        CLERK,
    )
    later = DAY + days(30)

    ledger.execute(
        RecordRegionalApparatus(
            territory_code="pavlodar",
            name="Sample Apparatus B",
            act=_forming_act(later),
            since=later,
        ),
        CLERK,
    )

    assembly = ledger.regional_assembly("pavlodar")
    names = {d: getattr(assembly.apparatus_on(d), "name", None) for d in (later - days(1), later)}
    assert names == {later - days(1): "Sample Apparatus A", later: "Sample Apparatus B"}
    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordRegionalApparatus(
                territory_code="pavlodar",
                name="Sample Apparatus C",
                act=_forming_act(DAY),
                since=later - days(1),
            ),
            CLERK,
        )


@pytest.mark.parametrize(
    ("name", "issued", "since"),
    [
        ("Sample Apparatus", DAY - days(1), DAY - days(1)),  # before the assembly is recorded
        ("Sample Apparatus", DAY + days(1), DAY),  # the act is issued after it takes effect
        ("   ", DAY, DAY),  # unnamed
    ],
    ids=["before-establishment", "act-after-effect", "unnamed"],
)
def test_a_malformed_apparatus_is_refused(name: str, issued: date, since: date) -> None:
    ledger = _ledger_with("kostanay")

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordRegionalApparatus(
                territory_code="kostanay", name=name, act=_forming_act(issued), since=since
            ),
            CLERK,
        )


def test_an_assembly_that_is_not_recorded_has_no_apparatus_or_reports() -> None:
    ledger = memory_ledger()

    with refused(ledger, NotFound):
        ledger.execute(
            RecordRegionalApparatus(
                territory_code="atyrau", name="Sample", act=_forming_act(DAY), since=DAY
            ),
            CLERK,
        )
    with refused(ledger, NotFound):
        ledger.execute(
            RecordRegionalReport(
                territory_code="atyrau", period_start=DAY, period_end=DAY, submitted_on=DAY
            ),
            CLERK,
        )


# -- accountability reports (§18) --------------------------------------------------------------


def test_a_report_may_cover_a_period_ending_on_the_day_it_is_submitted() -> None:
    ledger = _ledger_with("karaganda")
    start = date(2024, 1, 1)

    ledger.execute(
        RecordRegionalReport(
            territory_code="karaganda",
            period_start=start,
            period_end=DAY,
            submitted_on=DAY,
            title="Sample annual report",
        ),
        CLERK,
    )

    (report,) = ledger.regional_assembly("karaganda").reports
    assert (report.period_start, report.period_end, report.submitted_on) == (start, DAY, DAY)
    assert report.title == "Sample annual report"


@pytest.mark.parametrize(
    ("start", "end", "submitted"),
    [
        (DAY - days(30), DAY + days(1), DAY),  # the period ends after submission
        (DAY, DAY - days(1), DAY),  # the period ends before it starts
        (DAY - days(60), DAY - days(30), DAY - days(1)),  # submitted before the assembly
    ],
    ids=["ends-after-submission", "ends-before-start", "before-establishment"],
)
def test_a_report_with_impossible_dates_is_refused(start: date, end: date, submitted: date) -> None:
    ledger = _ledger_with("karaganda")

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordRegionalReport(
                territory_code="karaganda",
                period_start=start,
                period_end=end,
                submitted_on=submitted,
            ),
            CLERK,
        )


def test_a_second_report_for_the_same_period_is_refused() -> None:
    ledger = _ledger_with("kyzylorda")
    start, end = DAY - days(90), DAY - days(1)
    ledger.execute(
        RecordRegionalReport(
            territory_code="kyzylorda", period_start=start, period_end=end, submitted_on=DAY
        ),
        CLERK,
    )

    with refused(ledger, InvalidCommand):
        ledger.execute(
            RecordRegionalReport(
                territory_code="kyzylorda",
                period_start=start,
                period_end=end,
                submitted_on=DAY + days(5),
            ),
            CLERK,
        )
    ledger.execute(
        RecordRegionalReport(
            territory_code="kyzylorda",
            period_start=start,
            period_end=DAY,
            submitted_on=DAY + days(5),
        ),
        CLERK,
    )


# -- random command sequences ------------------------------------------------------------------

CODES = ["akmola", "almaty_city", "sample_unknown"]
OFFSETS = [-3, -1, 0, 1, 2, 5, 10]

Verb = Literal["establish", "apparatus", "report"]


@dataclass(frozen=True)
class Command:
    """One randomly drawn command on a regional assembly."""

    verb: Verb
    code: str
    day: int
    other: int  # a second date: the act's issue date or the start of a period
    end: int


commands = st.builds(
    Command,
    verb=st.sampled_from(["establish", "apparatus", "report", "report"]),
    code=st.sampled_from(CODES),
    day=st.sampled_from(OFFSETS),
    other=st.sampled_from(OFFSETS),
    end=st.sampled_from(OFFSETS),
)


def _send(ledger: Ledger, c: Command) -> None:
    on, other, end = DAY + days(c.day), DAY + days(c.other), DAY + days(c.end)
    if c.verb == "establish":
        ledger.execute(
            EstablishRegionalAssembly(
                territory_code=c.code, act=_forming_act(other), established_on=on
            ),
            CLERK,
        )
    elif c.verb == "apparatus":
        name = f"Sample Apparatus {c.other}"
        ledger.execute(
            RecordRegionalApparatus(
                territory_code=c.code, name=name, act=_forming_act(other), since=on
            ),
            CLERK,
        )
    else:
        ledger.execute(
            RecordRegionalReport(
                territory_code=c.code, period_start=other, period_end=end, submitted_on=on
            ),
            CLERK,
        )


@settings(max_examples=60, deadline=None)
@given(st.lists(commands, min_size=1, max_size=25))
def test_any_sequence_keeps_one_assembly_per_territory_and_reports_in_the_past(
    sequence: list[Command],
) -> None:
    ledger = memory_ledger()

    for command in sequence:
        before = position(ledger)
        try:
            _send(ledger, command)
        except LedgerError as refusal:
            event(f"refused {command.verb}: {type(refusal).__name__}")
            assert position(ledger) == before, f"refused {command} appended events"
        else:
            event(f"accepted {command.verb}")
            assert position(ledger) > before

    for code in CODES[:2]:
        try:
            assembly = ledger.regional_assembly(code)
        except NotFound:
            continue
        assert assembly.established_on is not None
        for report in assembly.reports:
            assert report.period_start <= report.period_end <= report.submitted_on
            assert report.submitted_on >= assembly.established_on
        sinces = [a.since for a in assembly.apparatus]
        assert sinces == sorted(sinces)
        assert all(
            s >= assembly.established_on and s >= a.act.issued_on
            for s, a in zip(sinces, assembly.apparatus, strict=True)
        )
