"""A body's roll of members: every term per person, and an index of who holds on which day.

The roll keeps the whole past (a correction may point at any term, and "members on a day" may
ask about any day), but answers so that a command costs what the body is now, not what it was:

- each person's terms live in a `PersistentMap`: an admission, an end or a correction looks up
  and replaces one person's terms;
- `members_on(day)` asks a `DayIndex`: the open terms (no end yet, the body as it stands, a few
  hundred even when the past holds a hundred thousand members) in a plain dict, replaced at
  each change and never changed, and the ended terms in an `IntervalIndex` that finds those
  holding on a day through 23 nodes.

The day index is built the first time a day is asked, then kept in step with every change: a
body replayed from its events (a new process, a cache miss) pays only for the terms, and
commands that never ask (admissions, ends) never pay for an index nobody reads.

Every change returns a new roll sharing all it did not change, so the copy the repository makes
of a cached aggregate for each command shares the roll instead of copying it
(`LedgerAggregate.__deepcopy__` copies only dict, list and set containers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from domain.composition.intervals import IntervalIndex
from domain.composition.persistent_map import PersistentMap
from domain.kernel.tenure import Tenure


class Served(Protocol):
    """A term as the roll sees it: its dates and the version that recorded its admission."""

    @property
    def tenure(self) -> Tenure:
        """When the term held."""

    @property
    def recorded_in(self) -> int:
        """The version of the event that admitted the member: unique within one body."""


T = TypeVar("T", bound=Served)

#: A term in the day index: the person and the version that recorded the admission.
TermKey = tuple[UUID, int]
#: A term's dates as the day index compares them.
Dates = tuple[date, date | None]


class Roll(Generic[T]):
    """Every term of every person who was ever a member of one body."""

    __slots__ = ("_days", "_terms")

    def __init__(
        self, terms: PersistentMap[UUID, tuple[T, ...]] | None = None, days: DayIndex | None = None
    ) -> None:
        self._terms: PersistentMap[UUID, tuple[T, ...]] = (
            PersistentMap() if terms is None else terms
        )
        self._days = days  # None until a day is first asked

    def __eq__(self, other: object) -> bool:
        # The day index follows from the terms, so rolls with equal terms answer alike.
        if not isinstance(other, Roll):
            return NotImplemented
        return self._terms is other._terms or self._terms == other._terms

    __hash__ = None  # type: ignore[assignment]  # compared by value, like the dict it replaced

    def __repr__(self) -> str:
        return f"Roll({len(self._terms)} persons)"

    # -- questions -----------------------------------------------------------------------------

    def terms_of(self, person_id: UUID) -> tuple[T, ...]:
        """Every term the person has served, in the order the roll keeps them."""
        return self._terms.get(person_id, ())

    def people(self) -> Iterator[tuple[UUID, tuple[T, ...]]]:
        """Every person ever admitted, with their terms (all of the past: for reports only)."""
        return self._terms.entries()

    def members_on(self, day: date) -> frozenset[UUID]:
        """Everyone whose term holds on `day`."""
        if self._days is None:
            # Built once from the terms this roll will always have (it never changes), so
            # keeping it here is safe for every copy that shares the roll.
            self._days = DayIndex.of(self._terms.entries())
        return self._days.members_on(day)

    # -- a new version -------------------------------------------------------------------------

    def with_terms(self, person_id: UUID, terms: tuple[T, ...]) -> Roll[T]:
        """This roll with the person's terms replaced by `terms`, the day index kept in step."""
        days = self._days
        if days is not None:
            days = days.changed(person_id, self.terms_of(person_id), terms)
        return Roll(self._terms.set(person_id, terms), days)


class DayIndex:
    """Who holds on a day: the open terms by their first day, the ended ones by interval."""

    __slots__ = ("_closed", "_memo", "_open")

    #: Days whose answer an index keeps: a sitting's steps ask again and again about its day.
    MEMO_DAYS = 16

    def __init__(self, opened: dict[TermKey, date], closed: IntervalIndex[TermKey]) -> None:
        self._open = opened  # never changed once made: a change makes a new dict
        self._closed = closed
        # The index never changes (a change makes a new one), so its answers can be kept.
        self._memo: dict[date, frozenset[UUID]] = {}

    @classmethod
    def of(cls, people: Iterable[tuple[UUID, tuple[Served, ...]]]) -> DayIndex:
        """The index of every term of every person."""
        opened: dict[TermKey, date] = {}
        closed: list[tuple[TermKey, date, date]] = []
        for person_id, terms in people:
            for term in terms:
                start, end = term.tenure.start, term.tenure.end
                if end is None:
                    opened[person_id, term.recorded_in] = start
                else:
                    closed.append(((person_id, term.recorded_in), start, end))
        return cls(opened, IntervalIndex.of(closed))

    def members_on(self, day: date) -> frozenset[UUID]:
        """The open terms begun by `day` and the ended terms holding on it, never a walk
        through everyone who was ever a member."""
        found = self._memo.get(day)
        if found is None:
            current = (person for (person, _), start in self._open.items() if start <= day)
            past = (person for person, _ in self._closed.holding_on(day))
            found = frozenset((*current, *past))
            if len(self._memo) >= self.MEMO_DAYS:
                self._memo.clear()
            self._memo[day] = found
        return found

    def changed(
        self, person_id: UUID, before: Iterable[Served], after: Iterable[Served]
    ) -> DayIndex:
        """The index once the person's terms `before` are replaced by `after`."""
        # A term is known by the version that admitted it; only terms that came, went or
        # changed their dates touch the index (one, for an admission or an end).
        was: dict[int, Dates] = {t.recorded_in: (t.tenure.start, t.tenure.end) for t in before}
        now: dict[int, Dates] = {t.recorded_in: (t.tenure.start, t.tenure.end) for t in after}
        gone = [(v, dates) for v, dates in was.items() if now.get(v) != dates]
        came = [(v, dates) for v, dates in now.items() if was.get(v) != dates]
        opened = self._open
        if any(end is None for _, (_, end) in (*gone, *came)):
            opened = dict(opened)  # a copy keeps the keys' hashes; rebuilding would redo them
        closed = self._closed
        for version, (start, end) in gone:  # every removal first: a restated term keeps its key
            if end is None:
                del opened[person_id, version]
            else:
                closed = closed.remove((person_id, version), start, end)
        for version, (start, end) in came:
            if end is None:
                opened[person_id, version] = start
            else:
                closed = closed.add((person_id, version), start, end)
        return DayIndex(opened, closed)
