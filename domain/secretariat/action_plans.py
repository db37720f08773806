"""Action plans the Secretariat coordinates (§28), with their items and reports on them.

§28: the Secretariat coordinates state bodies in implementing the program documents of the
Assembly and action plans for decisions of the Assembly and its Council and for instructions of
the President, the Chairman of the Assembly (the President, §5) and the leadership of the
Administration of the President. §28 does not say who adopts a plan or in which form: by the named
policies `action_plan_issuers` and `action_plan_forms` (`domain/regulation/policies.py`) it is by
default an order or decision of the Secretariat or its Head. Each item names the responsible
state body and a deadline; reports show how an item stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, ActKind, Authority, Frozen, Provenance
from domain.regulation.policies import policies_in_force
from domain.regulation.rulebook import rulebook_on
from domain.sittings.decisions import CONSIDERED_BODIES, Decision

#: §28 plans implement decisions "of the Assembly and its Council": the Session's and the Council's.
IMPLEMENTED_BODIES = CONSIDERED_BODIES
#: §28: instructions "of the President of the Republic of Kazakhstan, the Chairman of the Assembly,
#: the leadership of the Administration of the President"; the President is the Chairman (§5).
INSTRUCTING = frozenset({Authority.PRESIDENT, Authority.PRESIDENTIAL_ADMINISTRATION})


class ItemReport(Frozen):
    """How an item stood on a date, as reported to the Secretariat."""

    reported_on: date
    text: str
    done: bool


class ActionItem(Frozen):
    """One measure of a plan: what, by whom, by when, and the reports on it."""

    item_id: UUID
    text: str
    responsible: str
    deadline: date
    added_on: date
    reports: tuple[ItemReport, ...] = ()

    @property
    def done_on(self) -> date | None:
        """The date of the report that declared the item done, if any."""
        return next((r.reported_on for r in self.reports if r.done), None)

    def overdue_on(self, day: date) -> bool:
        """Whether, on `day`, the item exists, its deadline has passed and it is not done."""
        done_on = self.done_on
        done = done_on is not None and done_on <= day
        return self.added_on <= day and day > self.deadline and not done


class ActionPlan(LedgerAggregate):
    """A plan of measures coordinated by the Secretariat (§28)."""

    def __init__(self) -> None:
        self.title = ""
        self.act: Act | None = None
        self.adopted_on: date | None = None
        self.decision_ids: tuple[UUID, ...] = ()
        self.instructions: tuple[Act, ...] = ()
        self.program_documents: tuple[str, ...] = ()
        self.items: dict[UUID, ActionItem] = {}

    class Adopted(LedgerAggregate.Created):
        """The Secretariat adopted a plan and named what it implements."""

        title: str
        act: Act
        decision_ids: tuple[UUID, ...]
        instructions: tuple[Act, ...]
        program_documents: tuple[str, ...]

        def apply(self, aggregate: Any) -> None:
            aggregate.title = self.title
            aggregate.act = self.act
            aggregate.adopted_on = self.effective_on
            aggregate.decision_ids = self.decision_ids
            aggregate.instructions = self.instructions
            aggregate.program_documents = self.program_documents

    class ItemAdded(LedgerAggregate.Event):
        """A measure was added to the plan with its responsible state body and deadline."""

        item_id: UUID
        text: str
        responsible: str
        deadline: date

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.item_id] = ActionItem(
                item_id=self.item_id,
                text=self.text,
                responsible=self.responsible,
                deadline=self.deadline,
                added_on=self.effective_on,
            )

    class ItemReported(LedgerAggregate.Event):
        """The responsible body reported on a measure; `done` closes it."""

        item_id: UUID
        text: str
        done: bool

        def apply(self, aggregate: Any) -> None:
            item = aggregate.items[self.item_id]
            report = ItemReport(reported_on=self.effective_on, text=self.text, done=self.done)
            aggregate.items[self.item_id] = item.model_copy(
                update={"reports": (*item.reports, report)}
            )

    @classmethod
    def adopt(
        cls,
        plan_id: UUID,
        title: str,
        act: Act,
        provenance: Provenance,
        *,
        decisions: Sequence[Decision] = (),
        instructions: Sequence[Act] = (),
        program_documents: Sequence[str] = (),
    ) -> ActionPlan:
        """Adopt a plan by an act of the Secretariat or its Head, implementing something (§28)."""
        on = act.issued_on
        rulebook_on(on)  # refuses plans dated before Decree No. 747
        policies = policies_in_force()
        if act.issuer not in policies.action_plan_issuers:
            issuers = " or ".join(sorted(a.value for a in policies.action_plan_issuers))
            raise RuleViolation(
                "§28",
                f"by policy, action plans are adopted by the {issuers}; this act is the "
                f"{act.issuer.value}'s",
            )
        if act.kind not in policies.action_plan_forms:
            forms = " or ".join(sorted(k.value for k in policies.action_plan_forms))
            raise RuleViolation(
                "§28", f"by policy, a plan is adopted by {forms}, not by {act.kind.value}"
            )
        title = _text(title, "the title of the plan")
        documents = tuple(dict.fromkeys(_text(d, "a program document") for d in program_documents))
        for decision in decisions:
            _check_decision(decision, on)
        for instruction in instructions:
            _check_instruction(instruction, on)
        if not (decisions or instructions or documents):
            raise RuleViolation(
                "§28",
                "a plan implements decisions of the Session or the Council, instructions of the "
                "President (the Chairman) or of the leadership of the Administration of the "
                "President, or program documents of the Assembly; this one names none",
            )
        plan: ActionPlan = cls._open(
            cls.Adopted,
            plan_id,
            provenance,
            paragraph="§28",
            effective_on=on,
            title=title,
            act=act,
            decision_ids=tuple(dict.fromkeys(d.id for d in decisions)),
            instructions=tuple(dict.fromkeys(instructions)),
            program_documents=documents,
        )
        return plan

    def add_item(
        self,
        item_id: UUID,
        text: str,
        responsible: str,
        provenance: Provenance,
        *,
        deadline: date | None,
        added_on: date,
    ) -> None:
        """Add a measure with its responsible state body and deadline (§28)."""
        assert self.adopted_on is not None
        if item_id in self.items:
            raise InvalidCommand(f"item {item_id} is already in plan {self.id}")
        text = _text(text, "the text of the item")
        if not responsible.strip():
            raise RuleViolation("§28", "each item names the state body responsible for it")
        if deadline is None:
            raise RuleViolation("§28", "each item has a deadline")
        _not_before(added_on, self.adopted_on, "an item added", "the plan")
        _not_before(deadline, self.adopted_on, "a deadline", "the plan")
        _not_before(deadline, added_on, "a deadline", "the item")
        self._record(
            self.ItemAdded,
            provenance,
            paragraph="§28",
            effective_on=added_on,
            item_id=item_id,
            text=text,
            responsible=responsible.strip(),
            deadline=deadline,
        )

    def report(
        self, item_id: UUID, text: str, provenance: Provenance, *, reported_on: date, done: bool
    ) -> None:
        """Record a report on an item; once reported done, it takes no further reports (§28)."""
        item = self.item(item_id)
        text = _text(text, "the text of the report")
        if item.done_on is not None:
            raise RuleViolation("§28", f"item {item_id} was reported done on {item.done_on}")
        _not_before(reported_on, item.added_on, "a report", "the item")
        if item.reports:
            _not_before(reported_on, item.reports[-1].reported_on, "a report", "the last report")
        self._record(
            self.ItemReported,
            provenance,
            paragraph="§28",
            effective_on=reported_on,
            item_id=item_id,
            text=text,
            done=done,
        )

    def item(self, item_id: UUID) -> ActionItem:
        """One item of the plan."""
        try:
            return self.items[item_id]
        except KeyError:
            raise NotFound(f"no item {item_id} in action plan {self.id}") from None

    def overdue_items(self, on: date) -> tuple[ActionItem, ...]:
        """Items past their deadline on `on` and not reported done by then."""
        return tuple(i for i in self.items.values() if i.overdue_on(on))


def _check_decision(decision: Decision, on: date) -> None:
    if decision.body not in IMPLEMENTED_BODIES:
        raise RuleViolation(
            "§28",
            f"plans implement decisions of the Session or the Council; decision {decision.id} "
            f"is the {decision.body}'s",
        )
    assert decision.adopted_on is not None
    _not_before(on, decision.adopted_on, "a plan", f"decision {decision.id}")


def _check_instruction(instruction: Act, on: date) -> None:
    # §28 names whose instructions, not their form: any recorded act of theirs but an oath.
    if instruction.issuer not in INSTRUCTING or instruction.kind is ActKind.OATH:
        raise RuleViolation(
            "§28",
            "plans implement instructions of the President (the Chairman of the Assembly) or of "
            f"the leadership of the Administration of the President; {instruction.cite()} is "
            "not one",
        )
    _not_before(on, instruction.issued_on, "a plan", f"the {instruction.cite()}")


def _not_before(day: date, earliest: date, what: str, since: str) -> None:
    if day < earliest:
        raise RuleViolation("§28", f"{what} on {day} cannot precede {since} of {earliest}")


def _text(value: str, what: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise InvalidCommand(f"{what} must not be blank")
    return stripped
