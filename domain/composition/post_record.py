"""What has happened to a post: its state, its events, and the questions they answer.

`Post` (in `posts.py`) adds the commands that decide what may happen next; the two are one
aggregate, split so that each reads on its own.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from domain.composition.rotation import (
    PeriodSetting,
    RotationDue,
    RotationPeriod,
    next_due,
    rotation_due,
    seats_due_on,
)
from domain.composition.seats import Holding, NominationStatus, Nominee
from domain.kernel.corrections import EventRef, Reason
from domain.kernel.errors import NotFound
from domain.kernel.events import LedgerAggregate
from domain.kernel.tenure import Tenure
from domain.kernel.values import Act
from domain.regulation.rulebook import PostRule, rulebook_on


class PostRecord(LedgerAggregate):
    """A post's holdings and nominations, as its events have made them."""

    def __init__(self) -> None:
        self.code = ""
        self.body = ""
        self.holdings: dict[UUID, Holding] = {}
        self.nominees: dict[UUID, Nominee] = {}
        #: The rotation periods set for the holders (§16), in the order they were recorded.
        self.rotation_periods: tuple[PeriodSetting, ...] = ()

    class Established(LedgerAggregate.Created):
        """A post was established under the Regulation."""

        code: str
        body: str
        label: str
        role: str
        seats: int

        def apply(self, aggregate: Any) -> None:
            aggregate.code = self.code
            aggregate.body = self.body
            aggregate.holdings = {}
            aggregate.nominees = {}
            aggregate.rotation_periods = ()

    class CandidateNominated(LedgerAggregate.Event):
        """The nominating authority named a person for the post."""

        nomination_id: UUID
        person_id: UUID
        act: Act
        association: str | None = Field(default=None, exclude_if=lambda a: a is None)

        def apply(self, aggregate: Any) -> None:
            aggregate.nominees[self.nomination_id] = Nominee(
                nomination_id=self.nomination_id,
                person_id=self.person_id,
                act=self.act,
                association=self.association,
            )

    class NominationDeclined(LedgerAggregate.Event):
        """The appointing authority declined to appoint the person nominated."""

        nomination_id: UUID
        reason: str

        def apply(self, aggregate: Any) -> None:
            nominee = aggregate.nominees[self.nomination_id]
            aggregate.nominees[self.nomination_id] = nominee.model_copy(
                update={"status": NominationStatus.DECLINED}
            )

    class HoldingBegan(LedgerAggregate.Event):
        """Base of the events by which a person begins to hold a seat (never stored itself)."""

        holding_id: UUID
        person_id: UUID
        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.holdings[self.holding_id] = Holding(
                holding_id=self.holding_id,
                person_id=self.person_id,
                tenure=Tenure(start=self.effective_on),
                act=self.act,
                recorded_in=self.originator_version,
                **self.particulars(),
            )

        def particulars(self) -> dict[str, Any]:
            """What this way of taking a seat adds to the holding."""
            return {}

    class HolderAppointed(HoldingBegan):
        """The appointing authority appointed a person to a seat of the post (§5, §16)."""

        nomination_id: UUID | None = None
        association: str | None = None
        #: Only in events stored before ex officio holdings had their own event type.
        ex_officio_of: UUID | None = None

        def apply(self, aggregate: Any) -> None:
            if self.nomination_id is not None:
                nominee = aggregate.nominees[self.nomination_id]
                aggregate.nominees[self.nomination_id] = nominee.model_copy(
                    update={"status": NominationStatus.APPOINTED}
                )
            super().apply(aggregate)

        def particulars(self) -> dict[str, Any]:
            """The nomination, the association and (in old events) the ex officio source."""
            return {
                "nomination_id": self.nomination_id,
                "association": self.association,
                "ex_officio_of": self.ex_officio_of,
            }

    class ChairmanshipAssumed(HoldingBegan):
        """The person who assumed the office of President became the Chairman (§1, §5)."""

    class HolderElected(HoldingBegan):
        """A member was elected to the post at a meeting of its body (§22)."""

    class ExOfficioHoldingBegan(HoldingBegan):
        """The holder of another post began to hold this one ex officio (§17)."""

        ex_officio_of: UUID

        def particulars(self) -> dict[str, Any]:
            """The holding this one follows."""
            return {"ex_officio_of": self.ex_officio_of}

    class HoldingCarriedOver(HoldingBegan):
        """A holding begun under a former regulation, standing when the ledger's first rulebook
        came into force: recorded as it was, not re-checked under rules that did not then apply."""

        former_regulation: str
        association: str | None = None

        def particulars(self) -> dict[str, Any]:
            """The association a Deputy Chairman came from, if the act named one."""
            return {"association": self.association}

    class HoldingEnded(LedgerAggregate.Event):
        """Base of the events by which a holding ends from `effective_on` (never stored)."""

        holding_id: UUID
        act: Act

        def apply(self, aggregate: Any) -> None:
            holding = aggregate.holdings[self.holding_id]
            aggregate.holdings[self.holding_id] = holding.model_copy(
                update={
                    "tenure": Tenure(start=holding.tenure.start, end=self.effective_on),
                    "ended_by": self.act,
                }
            )

    class HolderDismissed(HoldingEnded):
        """The appointing authority dismissed the holder (§5)."""

    class ChairmanshipPassed(HoldingEnded):
        """Another person assumed the office of President, so this Chairman's holding ended (§5)."""

    class HolderLeftOffice(HoldingEnded):
        """An elected officer left office by a decision of the body (§22)."""

    class ExOfficioHoldingEnded(HoldingEnded):
        """The holding this one followed ended, and so did this one (§17)."""

    class HoldingCorrected(LedgerAggregate.Event):
        """A holding recorded in error was retracted (`tenure` None) or its dates restated."""

        holding_id: UUID
        corrects: EventRef
        tenure: Tenure | None
        reason: Reason

        def apply(self, aggregate: Any) -> None:
            if self.tenure is None:
                del aggregate.holdings[self.holding_id]
                return
            holding = aggregate.holdings[self.holding_id]
            aggregate.holdings[self.holding_id] = holding.model_copy(update={"tenure": self.tenure})

    class RotationPeriodSet(LedgerAggregate.Event):
        """The President set the rotation period of the post's holders from `effective_on` (§16)."""

        act: Act
        period: RotationPeriod

        def apply(self, aggregate: Any) -> None:
            setting = PeriodSetting(
                period=self.period,
                act=self.act,
                in_force_from=self.effective_on,
                recorded_in=self.originator_version,
            )
            aggregate.rotation_periods = (*aggregate.rotation_periods, setting)

    # -- queries -------------------------------------------------------------------------------

    def rule_on(self, day: date) -> PostRule:
        """The rule for this post in force on a day."""
        return rulebook_on(day).post(self.code)

    def holders_on(self, day: date) -> list[Holding]:
        """The holdings in force on a day."""
        return [h for h in self.holdings.values() if h.tenure.holds_on(day)]

    def holding(self, holding_id: UUID) -> Holding:
        """One holding by id."""
        try:
            return self.holdings[holding_id]
        except KeyError:
            raise NotFound(f"no holding {holding_id} of post {self.code!r}") from None

    def open_holding_of(self, person_id: UUID) -> Holding:
        """The person's holding of this post that has no end yet."""
        for h in self.holdings.values():
            if h.person_id == person_id and h.tenure.end is None:
                return h
        raise NotFound(f"person {person_id} holds no open seat of post {self.code!r}")

    def rotations_due_on(self, day: date) -> list[RotationDue]:
        """The holdings due for rotation on a day, with the period and act it rests on (§16)."""
        return seats_due_on(self.holdings.values(), self.rotation_periods, day)

    def rotation_due_on(self, holding_id: UUID, on: date) -> RotationDue | None:
        """When a holding falls due under the period in force on `on` (§16)."""
        return rotation_due(self.holding(holding_id), self.rotation_periods, on)

    def next_rotation(self, holding_id: UUID, on: date) -> RotationDue | None:
        """The due date of the first day on or after `on` on which the holding is due (§16)."""
        return next_due(self.holding(holding_id), self.rotation_periods, on)
