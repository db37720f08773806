"""A person's membership of a body: terms that begin and end by acts of the admitting authority."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.model.errors import InvalidCommand, NotFound, RuleViolation
from domain.model.events import LedgerAggregate
from domain.model.ids import membership_id
from domain.model.rulebook import BodyRule, rulebook_on
from domain.model.tenure import Tenure
from domain.model.values import Act, Frozen, Provenance


class Term(Frozen):
    """One uninterrupted period of membership and the acts that began and ended it."""

    tenure: Tenure
    act: Act
    ended_by: Act | None = None


class Membership(LedgerAggregate):
    """Every term one person has served in one body."""

    def __init__(self) -> None:
        self.body = ""
        self.person_id: UUID | None = None
        self.terms: list[Term] = []

    class Opened(LedgerAggregate.Created):
        """The ledger began recording a person's membership of a body."""

        body: str
        person_id: UUID
        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.body = self.body
            aggregate.person_id = self.person_id
            aggregate.terms = [Term(tenure=Tenure(start=self.effective_on), act=self.act)]

    class Admitted(LedgerAggregate.Event):
        """The person began a new term."""

        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.terms.append(Term(tenure=Tenure(start=self.effective_on), act=self.act))

    class Ended(LedgerAggregate.Event):
        """The person's current term ended; not a member from `effective_on`."""

        act: Act

        def apply(self, aggregate: Any) -> None:
            last = aggregate.terms[-1]
            aggregate.terms[-1] = last.model_copy(
                update={
                    "tenure": Tenure(start=last.tenure.start, end=self.effective_on),
                    "ended_by": self.act,
                }
            )

    @classmethod
    def open(
        cls, body: str, person_id: UUID, act: Act, provenance: Provenance, *, starts_on: date
    ) -> Membership:
        """Admit a person to a body for the first time."""
        rule = rulebook_on(starts_on).body(body)
        _check_admitting_act(rule, act, starts_on)
        membership: Membership = cls._open(
            cls.Opened,
            membership_id(body, person_id),
            provenance,
            paragraph=rule.membership_paragraph,
            effective_on=starts_on,
            body=body,
            person_id=person_id,
            act=act,
        )
        return membership

    def member_on(self, day: date) -> bool:
        """Whether the person is a member on a day."""
        return any(t.tenure.holds_on(day) for t in self.terms)

    def admit(self, act: Act, provenance: Provenance, *, starts_on: date) -> None:
        """Begin a further term after earlier ones ended."""
        rule = rulebook_on(starts_on).body(self.body)
        _check_admitting_act(rule, act, starts_on)
        wanted = Tenure(start=starts_on)
        if any(t.tenure.overlaps(wanted) for t in self.terms):
            raise InvalidCommand(
                f"person {self.person_id} is already a member of the {rule.name} "
                f"on or after {starts_on}"
            )
        self._record(
            self.Admitted,
            provenance,
            paragraph=rule.membership_paragraph,
            effective_on=starts_on,
            act=act,
        )

    def end(self, act: Act, provenance: Provenance, *, ends_on: date) -> None:
        """End the current term by an act of the admitting authority."""
        rule = rulebook_on(ends_on).body(self.body)
        _check_admitting_act(rule, act, ends_on)
        last = self.terms[-1]
        if last.tenure.end is not None:
            raise NotFound(f"person {self.person_id} has no current term in the {rule.name}")
        if ends_on <= last.tenure.start:
            raise InvalidCommand(
                f"a term that began on {last.tenure.start} cannot end on {ends_on}"
            )
        self._record(
            self.Ended,
            provenance,
            paragraph=rule.membership_paragraph,
            effective_on=ends_on,
            act=act,
        )


def _check_admitting_act(rule: BodyRule, act: Act, effective: date) -> None:
    if rule.membership_authority is None:
        raise RuleViolation(
            rule.paragraph, f"the {rule.name} has no members of its own; its posts are appointed"
        )
    if act.issuer != rule.membership_authority or act.kind not in rule.membership_acts:
        allowed = " or ".join(sorted(k.value for k in rule.membership_acts))
        raise RuleViolation(
            rule.membership_paragraph,
            f"the composition of the {rule.name} is set by {allowed} of the "
            f"{rule.membership_authority.value}, not by {act.kind.value} of the {act.issuer.value}",
        )
    if effective < act.issued_on:
        raise InvalidCommand(
            f"an act issued on {act.issued_on} cannot take effect earlier, on {effective}"
        )
