"""Commissions (§20) and working groups (§25), created and coordinated by the Secretariat (§26).

A commission may be created jointly with other state bodies and organizations; the ledger records
them as partners. Both live from the day they are created until the Secretariat dissolves them.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.tenure import Tenure
from domain.kernel.values import Act, Authority, Provenance
from domain.regulation.rulebook import rulebook_on

#: §20, §26: the Secretariat acts through its own acts or those of its Head.
SECRETARIAT_ISSUERS = frozenset({Authority.SECRETARIAT, Authority.HEAD_OF_SECRETARIAT})


def check_secretariat_act(act: Act, effective: date, paragraph: str, what: str) -> None:
    """Refuse `act` unless the Secretariat issued it and it takes effect on or after its date."""
    if act.issuer not in SECRETARIAT_ISSUERS:
        raise RuleViolation(
            paragraph, f"only the Secretariat {what}; this act was issued by the {act.issuer.value}"
        )
    if effective < act.issued_on:
        raise InvalidCommand(
            f"an act issued on {act.issued_on} cannot take effect earlier, on {effective}"
        )


def _named(name: str, what: str) -> str:
    if not name.strip():
        raise InvalidCommand(f"name the {what}")
    return name.strip()


class SecretariatBody(LedgerAggregate):
    """A body the Secretariat creates, coordinates (§26) and may dissolve."""

    #: §26: no command names another coordinator, so the coordinator is the Secretariat always.
    coordinated_by: ClassVar[str] = "secretariat"
    #: The paragraph under which this kind of body is created and dissolved.
    paragraph: ClassVar[str] = "§26"
    noun: ClassVar[str] = "body"

    def __init__(self) -> None:
        self.name = ""
        self.act: Act | None = None
        self.tenure: Tenure | None = None
        self.dissolved_by: Act | None = None

    class Dissolved(LedgerAggregate.Event):
        """The Secretariat dissolved the body: it no longer exists from `effective_on`."""

        act: Act

        def apply(self, aggregate: Any) -> None:
            assert aggregate.tenure is not None
            aggregate.tenure = Tenure(start=aggregate.tenure.start, end=self.effective_on)
            aggregate.dissolved_by = self.act

    def active_on(self, day: date) -> bool:
        """Whether the body exists on a day."""
        return self.tenure is not None and self.tenure.holds_on(day)

    def dissolve(self, act: Act, provenance: Provenance, *, ends_on: date) -> None:
        """Dissolve the body by an act of the Secretariat, from `ends_on`."""
        rulebook_on(ends_on)
        check_secretariat_act(act, ends_on, self.paragraph, f"dissolves a {self.noun} it created")
        assert self.tenure is not None
        if self.tenure.end is not None:
            raise InvalidCommand(
                f"the {self.noun} {self.name!r} was dissolved on {self.tenure.end}"
            )
        if ends_on <= self.tenure.start:
            raise InvalidCommand(
                f"a {self.noun} created on {self.tenure.start} cannot be dissolved on {ends_on}"
            )
        self._record(
            self.Dissolved, provenance, paragraph=self.paragraph, effective_on=ends_on, act=act
        )


class Commission(SecretariatBody):
    """A commission created by the Secretariat, possibly with other bodies (§20)."""

    paragraph: ClassVar[str] = "§20"
    noun: ClassVar[str] = "commission"

    def __init__(self) -> None:
        super().__init__()
        self.partners: tuple[str, ...] = ()

    class Created(LedgerAggregate.Created):
        """The Secretariat created a commission, alone or jointly with the partners named."""

        name: str
        act: Act
        partners: tuple[str, ...] = ()

        def apply(self, aggregate: Any) -> None:
            aggregate.name = self.name
            aggregate.act = self.act
            aggregate.partners = self.partners
            aggregate.tenure = Tenure(start=self.effective_on)
            aggregate.dissolved_by = None

    @classmethod
    def create(
        cls,
        commission_id: UUID,
        name: str,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
        partners: tuple[str, ...] = (),
    ) -> Commission:
        """Create a commission by an act of the Secretariat (§20)."""
        rulebook_on(starts_on)
        check_secretariat_act(act, starts_on, "§20", "creates commissions")
        named = tuple(p.strip() for p in partners)
        if not all(named):
            raise InvalidCommand("every partner of a joint commission must be named")
        if len({p.casefold() for p in named}) != len(named):
            raise InvalidCommand("a partner is named twice")
        commission: Commission = cls._open(
            cls.Created,
            commission_id,
            provenance,
            paragraph="§20",
            effective_on=starts_on,
            name=_named(name, "commission"),
            act=act,
            partners=named,
        )
        return commission


class WorkingGroupKind(StrEnum):
    """The kinds of working group §25 names."""

    INFORMATION_AND_EXPLANATORY = "information and explanatory"
    EXPERT = "expert"
    OTHER = "other"


def working_group_kind(kind: WorkingGroupKind | str) -> WorkingGroupKind:
    """The kind named, or a refusal listing the kinds §25 names."""
    try:
        return WorkingGroupKind(kind)
    except ValueError:
        kinds = ", ".join(repr(k.value) for k in WorkingGroupKind)
        raise InvalidCommand(
            f"{kind!r} is not a kind of working group; use one of {kinds}"
        ) from None


class WorkingGroup(SecretariatBody):
    """A working group that ensures the Assembly's participation in a piece of work (§25)."""

    paragraph: ClassVar[str] = "§26"
    noun: ClassVar[str] = "working group"

    def __init__(self) -> None:
        super().__init__()
        self.kind: WorkingGroupKind | None = None
        self.purpose = ""

    class Created(LedgerAggregate.Created):
        """The Secretariat created a working group of a kind, for a purpose (§25–26)."""

        kind: WorkingGroupKind
        name: str
        purpose: str
        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.kind = self.kind
            aggregate.name = self.name
            aggregate.purpose = self.purpose
            aggregate.act = self.act
            aggregate.tenure = Tenure(start=self.effective_on)
            aggregate.dissolved_by = None

    @classmethod
    def create(
        cls,
        group_id: UUID,
        kind: WorkingGroupKind | str,
        name: str,
        purpose: str,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
    ) -> WorkingGroup:
        """Create a working group by an act of the Secretariat, which coordinates it (§26)."""
        rulebook_on(starts_on)
        checked_kind = working_group_kind(kind)
        check_secretariat_act(act, starts_on, "§26", "creates and coordinates working groups")
        if not purpose.strip():
            raise InvalidCommand(
                "state the purpose: the legislative act, policy document or event the working "
                "group ensures the Assembly's participation in (§25)"
            )
        group: WorkingGroup = cls._open(
            cls.Created,
            group_id,
            provenance,
            paragraph="§25",
            effective_on=starts_on,
            kind=checked_kind,
            name=_named(name, "working group"),
            purpose=purpose.strip(),
            act=act,
        )
        return group
