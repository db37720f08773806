"""Properties: seat arithmetic agrees with counting day by day; no command sequence seats six."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal
from uuid import UUID

from hypothesis import event, given, settings
from hypothesis import strategies as st

from domain.application import Ledger
from domain.composition.commands import Appoint, Dismiss, NominateByDecision
from domain.kernel.errors import LedgerError
from domain.kernel.tenure import Tenure, peak_occupancy
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from tests.support.decisions import record_decision
from tests.support.samples import CLERK, DAY, act, days, memory_ledger, position, register

HORIZON = 60  # days after DAY that generated dates may fall on


@st.composite
def tenures(draw: st.DrawFn) -> Tenure:
    """A valid tenure: it starts within the horizon and, if it ends, ends after it starts."""
    start = DAY + days(draw(st.integers(0, HORIZON)))
    length = draw(st.one_of(st.none(), st.integers(1, HORIZON)))
    return Tenure(start=start, end=None if length is None else start + days(length))


def _span(*groups: list[Tenure]) -> list[date]:
    """Every day from the earliest boundary to one past the latest: counts are constant after."""
    bounds = [b for g in groups for t in g for b in (t.start, t.end) if b is not None]
    first, last = min(bounds), max(bounds)
    return [first + days(n) for n in range((last - first).days + 2)]


def _brute_peak(existing: list[Tenure], within: Tenure) -> tuple[int, date | None]:
    peak, peak_day = 0, None
    for day in _span(existing, [within]):
        if within.holds_on(day):
            held = sum(t.holds_on(day) for t in existing)
            if held > peak:
                peak, peak_day = held, day
    return peak, peak_day


@settings(max_examples=300, deadline=None)
@given(st.lists(tenures(), max_size=8), tenures())
def test_peak_occupancy_equals_a_day_by_day_count(existing: list[Tenure], within: Tenure) -> None:
    assert peak_occupancy(existing, within) == _brute_peak(existing, within)


@settings(max_examples=300, deadline=None)
@given(tenures(), tenures())
def test_overlap_is_symmetric_and_means_a_shared_day(a: Tenure, b: Tenure) -> None:
    shared = any(a.holds_on(d) and b.holds_on(d) for d in _span([a, b]))

    assert a.overlaps(b) == b.overlaps(a) == shared


# -- random command sequences on the senator post ------------------------------------------------

PERSONS = 8
# Few distinct days, so that appointments collide, get backdated and outlive dismissals often.
NOMINATION_DAYS = [0, 1, 4, 9]
COMMAND_DAYS = [0, 2, 5, 10, 20, 35, HORIZON]

NOMINATING_ACTS = [
    *[(ActKind.PROPOSAL, Authority.COUNCIL)] * 6,
    (ActKind.RECOMMENDATION, Authority.COUNCIL),
    (ActKind.PROPOSAL, Authority.PRESIDENT),
]
APPOINTING_ACTS = [
    *[(ActKind.DECREE, Authority.PRESIDENT)] * 6,
    (ActKind.ORDER, Authority.PRESIDENT),
    (ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT),
]
#: The decision each nominating act stands for: the Council's on Senate candidates, or one that
#: does not nominate a senator (a recommendation for a Deputy Chairman, a Session's decision).
DECIDING = {
    (ActKind.PROPOSAL, Authority.COUNCIL): ("council", Matter.SENATE_CANDIDATES),
    (ActKind.RECOMMENDATION, Authority.COUNCIL): ("council", Matter.DEPUTY_CHAIRMAN_RECOMMENDATION),
    (ActKind.PROPOSAL, Authority.PRESIDENT): ("assembly", Matter.SESSION_BUSINESS),
}


Verb = Literal["nominate", "appoint", "dismiss"]


@dataclass(frozen=True)
class Command:
    """One randomly drawn command: who or which holding, on which day, by which act."""

    verb: Verb
    target: int
    day: int
    act_kind: ActKind
    issuer: Authority
    issued_lag: int  # days the act is issued before it takes effect; negative is invalid

    def act(self, effective: date) -> Act:
        """The act this command cites."""
        return act(self.act_kind, self.issuer, effective - days(self.issued_lag))


@st.composite
def commands(draw: st.DrawFn, verbs: tuple[Verb, ...]) -> Command:
    """A nomination, appointment or dismissal, mostly plausible so that seats do fill up."""
    verb = draw(st.sampled_from(verbs))
    nominating = verb == "nominate"
    kind, issuer = draw(st.sampled_from(NOMINATING_ACTS if nominating else APPOINTING_ACTS))
    return Command(
        verb=verb,
        target=draw(st.integers(0, PERSONS - 1)),
        day=draw(st.sampled_from(NOMINATION_DAYS if nominating else COMMAND_DAYS)),
        act_kind=kind,
        issuer=issuer,
        issued_lag=draw(st.sampled_from([0, 0, 1, 3, -1])),
    )


@st.composite
def scripts(draw: st.DrawFn) -> list[Command]:
    """A nomination of each person first (so appointments can succeed), then any mix."""
    order = draw(st.permutations(range(PERSONS)))
    opening = [replace(draw(commands(verbs=("nominate",))), target=t) for t in order]
    weighted: tuple[Verb, ...] = ("nominate", "appoint", "appoint", "appoint", "dismiss")
    return opening + draw(st.lists(commands(verbs=weighted), min_size=15, max_size=40))


def _decision(ledger: Ledger, command: Command, persons: list[UUID]) -> UUID | None:
    """The decision a nomination cites, recorded before the command is sent."""
    if command.verb != "nominate":
        return None
    body, matter = DECIDING[(command.act_kind, command.issuer)]
    person = persons[command.target]
    subject = Subject(persons=(person,))
    if matter is Matter.DEPUTY_CHAIRMAN_RECOMMENDATION:
        subject = Subject(persons=(person,), association="Sample Cultural Centre")
    elif matter is Matter.SESSION_BUSINESS:
        subject = Subject()
    return record_decision(ledger, body, matter, DAY + days(command.day), subject=subject)


def _send(
    ledger: Ledger,
    command: Command,
    persons: list[UUID],
    holdings: list[UUID],
    decision: UUID | None = None,
) -> bool:
    """Send the command to the ledger; False if there was nothing to send it about."""
    on = DAY + days(command.day)
    if command.verb == "nominate":
        assert decision is not None
        ledger.execute(
            NominateByDecision(
                post="senator", person_id=persons[command.target], decision_id=decision
            ),
            CLERK,
        )
    elif command.verb == "appoint":
        person = persons[command.target]
        recorded = ledger.execute(
            Appoint(post="senator", person_id=person, act=command.act(on), starts_on=on), CLERK
        )
        holdings.append(recorded.subject_id)
    elif holdings:
        holding = holdings[command.target % len(holdings)]
        ledger.execute(
            Dismiss(post="senator", holding_id=holding, act=command.act(on), ends_on=on), CLERK
        )
    else:
        return False
    return True


@settings(max_examples=100, deadline=None)
@given(scripts())
def test_no_sequence_of_commands_ever_seats_more_than_five_senators(
    sequence: list[Command],
) -> None:
    ledger = memory_ledger()
    persons = [register(ledger, f"Sample Senator {n}") for n in range(PERSONS)]
    holdings: list[UUID] = []

    for command in sequence:
        decision = _decision(ledger, command, persons)
        before = position(ledger)
        try:
            sent = _send(ledger, command, persons, holdings, decision)
        except LedgerError as refusal:
            event("refused: no free seat" if "no free seat" in refusal.message else "refused")
            assert position(ledger) == before, f"refused {command} appended events"
        else:
            event(f"accepted: {command.verb}")
            assert position(ledger) > before or not sent, f"accepted {command} recorded nothing"

    senator = ledger.post("senator")
    busiest = max(len(senator.holders_on(DAY + days(d))) for d in range(HORIZON + 1))
    event(f"most seats held on one day: {busiest}")
    for offset in range(-1, HORIZON + 5):
        holders = senator.holders_on(DAY + days(offset))
        assert len(holders) <= 5
        assert len({h.person_id for h in holders}) == len(holders)
