"""Assemblies of the regions, the cities of republican significance and the capital (§18–19).

They are accountable and responsible to the Assembly (§18); the Law on the Assembly governs how
they are formed, so the ledger records whatever act formed one without judging it. Each has one
working body, its apparatus (secretariat) (§19).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from pydantic import Field

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import LEDGER_NAMESPACE
from domain.kernel.text import Line
from domain.kernel.values import Act, Frozen, Provenance
from domain.regulation.rulebook import rulebook_on


class TerritoryKind(StrEnum):
    """The three kinds of territory that have an assembly of their own (§18)."""

    REGION = "region"
    CITY_OF_REPUBLICAN_SIGNIFICANCE = "city of republican significance"
    CAPITAL = "capital"


class Territory(Frozen):
    """A unit of the administrative-territorial division, keyed by a stable code."""

    code: str
    name: str
    kind: TerritoryKind


def _regions(*names: tuple[str, str]) -> tuple[Territory, ...]:
    return tuple(Territory(code=c, name=n, kind=TerritoryKind.REGION) for c, n in names)


#: The division as of 2024. When it changes, key the lists by date as the rulebooks are, so that
#: assemblies recorded under the old division stay valid.
TERRITORIES: tuple[Territory, ...] = (
    *_regions(
        ("abai", "Abai Region"),
        ("akmola", "Akmola Region"),
        ("aktobe", "Aktobe Region"),
        ("almaty_region", "Almaty Region"),
        ("atyrau", "Atyrau Region"),
        ("east_kazakhstan", "East Kazakhstan Region"),
        ("jambyl", "Jambyl Region"),
        ("jetisu", "Jetisu Region"),
        ("karaganda", "Karaganda Region"),
        ("kostanay", "Kostanay Region"),
        ("kyzylorda", "Kyzylorda Region"),
        ("mangystau", "Mangystau Region"),
        ("north_kazakhstan", "North Kazakhstan Region"),
        ("pavlodar", "Pavlodar Region"),
        ("turkistan", "Turkistan Region"),
        ("ulytau", "Ulytau Region"),
        ("west_kazakhstan", "West Kazakhstan Region"),
    ),
    Territory(
        code="almaty_city", name="Almaty", kind=TerritoryKind.CITY_OF_REPUBLICAN_SIGNIFICANCE
    ),
    Territory(code="shymkent", name="Shymkent", kind=TerritoryKind.CITY_OF_REPUBLICAN_SIGNIFICANCE),
    Territory(code="astana", name="Astana", kind=TerritoryKind.CAPITAL),
)
_BY_CODE = {t.code: t for t in TERRITORIES}


def territory(code: str) -> Territory:
    """The territory with this code, or the §18 refusal: only these territories have assemblies."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise RuleViolation(
            "§18",
            f"{code!r} is not a region, a city of republican significance or the capital",
        ) from None


def regional_assembly_id(code: str) -> UUID:
    """The id of a territory's assembly: one per territory, so the code names it."""
    return uuid5(LEDGER_NAMESPACE, f"regional_assembly:{code}")


class Apparatus(Frozen):
    """The working body of a regional assembly (§19), from a date, by an act."""

    name: Line = Field(min_length=1, max_length=300)
    act: Act
    since: date


class AccountabilityReport(Frozen):
    """A report by which a regional assembly accounts to the Assembly for a period (§18)."""

    period_start: date
    period_end: date
    submitted_on: date
    title: Line = Field(default="", max_length=500)


class RegionalAssembly(LedgerAggregate):
    """The assembly of one region, city of republican significance or the capital."""

    def __init__(self) -> None:
        self.territory: Territory | None = None
        self.name = ""
        self.established_on: date | None = None
        self.formed_by: Act | None = None
        self.apparatus: tuple[Apparatus, ...] = ()
        self.reports: tuple[AccountabilityReport, ...] = ()

    class Established(LedgerAggregate.Created):
        """A territory's assembly is recorded as accountable to the Assembly (§18)."""

        territory: Territory
        name: str
        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.territory = self.territory
            aggregate.name = self.name
            aggregate.established_on = self.effective_on
            aggregate.formed_by = self.act
            aggregate.apparatus = ()
            aggregate.reports = ()

    class ApparatusRecorded(LedgerAggregate.Event):
        """The assembly's apparatus (secretariat) is its working body from `effective_on` (§19)."""

        apparatus: Apparatus

        def apply(self, aggregate: Any) -> None:
            aggregate.apparatus = (*aggregate.apparatus, self.apparatus)

    class ReportSubmitted(LedgerAggregate.Event):
        """The assembly accounted to the Assembly for a period (§18)."""

        report: AccountabilityReport

        def apply(self, aggregate: Any) -> None:
            aggregate.reports = (*aggregate.reports, self.report)

    @classmethod
    def establish(
        cls, code: str, act: Act, provenance: Provenance, *, established_on: date
    ) -> RegionalAssembly:
        """Record a territory's assembly and the act that formed it (any act: the Law governs)."""
        rulebook_on(established_on)
        where = territory(code)
        _check_effect(act, established_on)
        assembly: RegionalAssembly = cls._open(
            cls.Established,
            regional_assembly_id(code),
            provenance,
            paragraph="§18",
            effective_on=established_on,
            territory=where,
            name=f"Assembly of {where.name}",
            act=act,
        )
        return assembly

    # -- queries -------------------------------------------------------------------------------

    def apparatus_on(self, day: date) -> Apparatus | None:
        """The apparatus that is the assembly's working body on a day, if one is recorded."""
        current = [a for a in self.apparatus if a.since <= day]
        return current[-1] if current else None

    # -- commands ------------------------------------------------------------------------------

    def record_apparatus(self, name: str, act: Act, provenance: Provenance, *, since: date) -> None:
        """Record the apparatus (secretariat) that is the working body from `since` (§19)."""
        rulebook_on(since)
        if not name.strip():
            raise InvalidCommand("name the apparatus (secretariat)")
        _check_effect(act, since)
        self._check_not_before_establishment(since, "its apparatus")
        if self.apparatus and since < self.apparatus[-1].since:
            raise InvalidCommand(
                f"an apparatus from {self.apparatus[-1].since} is already recorded; "
                f"one from {since} cannot precede it"
            )
        self._record(
            self.ApparatusRecorded,
            provenance,
            paragraph="§19",
            effective_on=since,
            apparatus=Apparatus(name=name.strip(), act=act, since=since),
        )

    def submit_report(
        self,
        period_start: date,
        period_end: date,
        provenance: Provenance,
        *,
        submitted_on: date,
        title: str = "",
    ) -> None:
        """Record that the assembly accounted to the Assembly for a past period (§18)."""
        rulebook_on(submitted_on)
        if period_end < period_start:
            raise InvalidCommand(f"a period from {period_start} cannot end on {period_end}")
        if period_end > submitted_on:
            raise InvalidCommand(
                f"a report submitted on {submitted_on} cannot account for a period "
                f"ending later, on {period_end}"
            )
        self._check_not_before_establishment(submitted_on, "a report")
        if any((r.period_start, r.period_end) == (period_start, period_end) for r in self.reports):
            raise InvalidCommand(
                f"a report for {period_start}–{period_end} is already recorded; correct it instead"
            )
        report = AccountabilityReport(
            period_start=period_start,
            period_end=period_end,
            submitted_on=submitted_on,
            title=title.strip(),
        )
        self._record(
            self.ReportSubmitted,
            provenance,
            paragraph="§18",
            effective_on=submitted_on,
            report=report,
        )

    def _check_not_before_establishment(self, day: date, what: str) -> None:
        assert self.established_on is not None
        if day < self.established_on:
            raise InvalidCommand(
                f"the {self.name} is recorded from {self.established_on}; "
                f"{what} on {day} comes before it"
            )


def _check_effect(act: Act, effective: date) -> None:
    if effective < act.issued_on:
        raise InvalidCommand(
            f"an act issued on {act.issued_on} cannot take effect earlier, on {effective}"
        )
