"""Bodies of the Assembly as the Regulation establishes them, and the roll of their members.

A body's roll is one aggregate with the body, so "how many members on the sitting's date" (§9,
§14) is answered from one consistent state. Members are admitted and leave by acts of the body's
admitting authority (§5.1: the President; §24: the Head of the Secretariat).

The roll is a `Roll` (domain/composition/roll.py): immutable and indexed, so that the copy of the
aggregate each command gets shares it, and a command's checks cost what the body is today rather
than everything it has been (a daily turnover gathers a hundred thousand past members).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from domain.composition.membership_acts import check_admitting_act as _check_admitting_act
from domain.composition.roll import Roll
from domain.composition.sittings_on_roll import (
    RecordedSitting,
    check_sittings_stand,
    with_sitting,
)
from domain.kernel.corrections import EventRef, Reason
from domain.kernel.errors import InvalidCommand
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import body_id
from domain.kernel.tenure import Tenure
from domain.kernel.values import Act, Frozen, Provenance
from domain.regulation.rulebook import BodyRule, rulebook_on


class Term(Frozen):
    """One uninterrupted period of membership, the acts that began and ended it, and the
    version of the event that recorded its admission (what a correction points at)."""

    tenure: Tenure
    act: Act
    ended_by: Act | None = None
    recorded_in: int = 0


class Body(LedgerAggregate):
    """The Assembly, Council, Secretariat, Scientific Expert Council or Senate quota."""

    def __init__(self) -> None:
        self.code = ""
        self.name = ""
        self.classification = ""
        self.parent: str | None = None
        self._roll: Roll[Term] = Roll()
        self.sittings: tuple[RecordedSitting, ...] = ()

    class Established(LedgerAggregate.Created):
        """A body was established under the Regulation."""

        code: str
        name: str
        classification: str
        parent: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.classification = self.classification
            aggregate.parent = self.parent

    class MemberAdmitted(LedgerAggregate.Event):
        """A person began a term as a member of the body."""

        person_id: UUID
        act: Act

        def apply(self, aggregate: Any) -> None:
            term = Term(
                tenure=Tenure(start=self.effective_on),
                act=self.act,
                recorded_in=self.originator_version,
            )
            roll: Roll[Term] = aggregate._roll
            aggregate._roll = roll.with_terms(
                self.person_id, (*roll.terms_of(self.person_id), term)
            )

    class MemberCarriedOver(MemberAdmitted):
        """A term begun under a former regulation, standing when the ledger's first rulebook came
        into force: recorded as it was, not re-checked under rules that did not then apply."""

        former_regulation: str

    class MembershipEnded(LedgerAggregate.Event):
        """A person's current term ended: not a member from `effective_on`."""

        person_id: UUID
        act: Act

        def apply(self, aggregate: Any) -> None:
            roll: Roll[Term] = aggregate._roll
            *earlier, last = roll.terms_of(self.person_id)
            ended = last.model_copy(
                update={
                    "tenure": Tenure(start=last.tenure.start, end=self.effective_on),
                    "ended_by": self.act,
                }
            )
            aggregate._roll = roll.with_terms(self.person_id, (*earlier, ended))

    class TermCorrected(LedgerAggregate.Event):
        """A term recorded in error was retracted (`tenure` None) or its dates were restated."""

        person_id: UUID
        corrects: EventRef
        tenure: Tenure | None
        reason: Reason

        def apply(self, aggregate: Any) -> None:
            roll: Roll[Term] = aggregate._roll
            terms = roll.terms_of(self.person_id)
            kept = tuple(t for t in terms if t.recorded_in != self.corrects.originator_version)
            if self.tenure is not None:
                (old,) = (t for t in terms if t.recorded_in == self.corrects.originator_version)
                kept = tuple(
                    sorted(
                        (*kept, old.model_copy(update={"tenure": self.tenure})),
                        key=lambda t: t.tenure.start,
                    )
                )
            aggregate._roll = roll.with_terms(self.person_id, kept)

    class SittingRestsOnRoll(LedgerAggregate.Event):
        """A sitting of the body recorded an outcome counted against the roll on its date."""

        sitting: RecordedSitting

        def apply(self, aggregate: Any) -> None:
            aggregate.sittings = with_sitting(aggregate.sittings, self.sitting)

    @classmethod
    def establish(cls, rule: BodyRule, provenance: Provenance, *, established_on: date) -> Body:
        """Establish a body as its rule describes it."""
        body: Body = cls._open(
            cls.Established,
            body_id(rule.code),
            provenance,
            paragraph=rule.paragraph,
            effective_on=established_on,
            code=rule.code,
            name=rule.name,
            classification=rule.classification,
            parent=rule.parent,
        )
        return body

    # -- queries -------------------------------------------------------------------------------

    @property
    def roll(self) -> dict[UUID, tuple[Term, ...]]:
        """Every person ever admitted, with their terms: a new dict at each call, built from the
        whole past, so changing it changes nothing (commands ask the methods below instead)."""
        return dict(self.people())

    def people(self) -> Iterator[tuple[UUID, tuple[Term, ...]]]:
        """Every person ever admitted, with their terms, without copying the roll."""
        return self._roll.people()

    def terms_of(self, person_id: UUID) -> tuple[Term, ...]:
        """Every term the person has served in this body."""
        return self._roll.terms_of(person_id)

    def member_on(self, person_id: UUID, day: date) -> bool:
        """Whether the person is a member on a day."""
        return any(t.tenure.holds_on(day) for t in self.terms_of(person_id))

    def members_on(self, day: date) -> frozenset[UUID]:
        """Everyone who is a member on a day."""
        return self._roll.members_on(day)

    # -- commands ------------------------------------------------------------------------------

    def admit(self, person_id: UUID, act: Act, provenance: Provenance, *, starts_on: date) -> None:
        """Admit a person by an act of the admitting authority, from `starts_on`."""
        rule = rulebook_on(starts_on).body(self.code)
        _check_admitting_act(rule, act, starts_on)
        wanted = Tenure(start=starts_on)
        if any(t.tenure.overlaps(wanted) for t in self.terms_of(person_id)):
            raise InvalidCommand(
                f"person {person_id} is already a member of the {rule.name} on or after {starts_on}"
            )
        self._record(
            self.MemberAdmitted,
            provenance,
            paragraph=rule.membership_paragraph,
            effective_on=starts_on,
            person_id=person_id,
            act=act,
        )
        self._check_sittings_stand(starts_on)

    def carry_over(
        self,
        person_id: UUID,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
        former_regulation: str,
    ) -> None:
        """Record a carried-over term (checked by `composition.opening_balance`, not here)."""
        self._record(
            self.MemberCarriedOver,
            provenance,
            paragraph="Appendix",
            effective_on=starts_on,
            person_id=person_id,
            act=act,
            former_regulation=former_regulation,
        )
        self._check_sittings_stand(starts_on)

    def end_membership(
        self, person_id: UUID, act: Act, provenance: Provenance, *, ends_on: date
    ) -> None:
        """End the person's current term by an act of the admitting authority."""
        rule = rulebook_on(ends_on).body(self.code)
        _check_admitting_act(rule, act, ends_on)
        terms = self.terms_of(person_id)
        if not terms or terms[-1].tenure.end is not None:
            raise InvalidCommand(f"person {person_id} has no current term in the {rule.name}")
        start = terms[-1].tenure.start
        if ends_on <= start:
            raise InvalidCommand(f"a term that began on {start} cannot end on {ends_on}")
        self._record(
            self.MembershipEnded,
            provenance,
            paragraph=rule.membership_paragraph,
            effective_on=ends_on,
            person_id=person_id,
            act=act,
        )
        self._check_sittings_stand(ends_on)

    def rest_sitting_on_roll(self, sitting: RecordedSitting, provenance: Provenance) -> None:
        """Record that a sitting's first outcome was counted against the roll on its date."""
        self._record(
            self.SittingRestsOnRoll,
            provenance,
            paragraph=sitting.paragraph,
            effective_on=sitting.held_on,
            sitting=sitting,
        )

    def correct_term(
        self,
        person_id: UUID,
        corrects: EventRef,
        reason: Reason,
        provenance: Provenance,
        *,
        tenure: Tenure | None,
    ) -> None:
        """Retract a term recorded in error (`tenure` None) or restate its dates."""
        terms = self.terms_of(person_id)
        matching = [t for t in terms if t.recorded_in == corrects.originator_version]
        if corrects.originator_id != self.id or not matching:
            raise InvalidCommand(f"{corrects} did not admit {person_id} to the {self.name}")
        rule = rulebook_on(matching[0].tenure.start).body(self.code)
        if tenure is not None:
            others = [t for t in terms if t is not matching[0]]
            if any(t.tenure.overlaps(tenure) for t in others):
                raise InvalidCommand("the corrected term would overlap another term")
            if tenure.start < matching[0].act.issued_on:
                raise InvalidCommand("a term cannot begin before the act that admitted the member")
            ended_by = matching[0].ended_by
            if tenure.end is not None and ended_by is not None and tenure.end < ended_by.issued_on:
                raise InvalidCommand("a term cannot end before the act that ended it")
        self._record(
            self.TermCorrected,
            provenance,
            paragraph=rule.membership_paragraph,
            effective_on=(tenure or matching[0].tenure).start,
            person_id=person_id,
            corrects=corrects,
            tenure=tenure,
            reason=reason,
        )
        self._check_sittings_stand(
            min(matching[0].tenure.start, (tenure or matching[0].tenure).start)
        )

    def _check_sittings_stand(self, since: date) -> None:
        # Called once the change is applied to this copy of the aggregate: a refusal discards it.
        check_sittings_stand(self.sittings, since, self.members_on, self.name)
