"""The Concept for the Development of the Assembly (§32); program documents are in `program`.

The Assembly develops the Concept on the conceptual approaches the Session alone develops (§8.1),
submits it to the Chairman and, if he accepts it, he approves it; otherwise it is returned, and a
returned Concept may be revised and submitted again. Once approved, it is implemented through
documents of the State Planning System.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.documents.policy import chairman_act, decision_act, text
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, Frozen, Provenance
from domain.regulation.matters import Matter
from domain.regulation.rulebook import rulebook_on
from domain.sittings.decisions import Decision


class ConceptStage(StrEnum):
    """Where the Concept stands (§32)."""

    DEVELOPED = "developed"
    SUBMITTED = "submitted to the Chairman"
    RETURNED = "returned by the Chairman"
    REVISED = "revised"
    APPROVED = "approved by the Chairman"


#: The stages from which each step may be taken.
_ALLOWED_FROM = {
    ConceptStage.SUBMITTED: frozenset({ConceptStage.DEVELOPED, ConceptStage.REVISED}),
    ConceptStage.RETURNED: frozenset({ConceptStage.SUBMITTED}),
    ConceptStage.REVISED: frozenset({ConceptStage.RETURNED}),
    ConceptStage.APPROVED: frozenset({ConceptStage.SUBMITTED}),
}


class ConceptStep(Frozen):
    """One step the Concept took: its stage, its date, and the act or note it rests on."""

    stage: ConceptStage
    taken_on: date
    act: Act | None = None
    note: str = ""


class PlanningDocument(Frozen):
    """A document of the State Planning System through which the Concept is implemented."""

    title: str
    reference: str
    dated: date


class DevelopmentConcept(LedgerAggregate):
    """The Concept for the Development of the Assembly of the People of Kazakhstan."""

    def __init__(self) -> None:
        self.title = ""
        self.approaches_decision_id: UUID | None = None
        self.approaches: Act | None = None
        self.steps: tuple[ConceptStep, ...] = ()
        self.implementation: tuple[PlanningDocument, ...] = ()

    class Developed(LedgerAggregate.Created):
        """The Concept was developed on the Session's conceptual approaches."""

        title: str
        decision_id: UUID
        approaches: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.title = self.title
            aggregate.approaches_decision_id = self.decision_id
            aggregate.approaches = self.approaches
            aggregate.steps = (
                ConceptStep(stage=ConceptStage.DEVELOPED, taken_on=self.effective_on),
            )

    class Advanced(LedgerAggregate.Event):
        """The Concept was submitted, returned, revised or approved."""

        stage: ConceptStage
        act: Act | None = None
        note: str = ""

        def apply(self, aggregate: Any) -> None:
            step = ConceptStep(
                stage=self.stage, taken_on=self.effective_on, act=self.act, note=self.note
            )
            aggregate.steps = (*aggregate.steps, step)

    class ImplementationRecorded(LedgerAggregate.Event):
        """A State Planning System document implements the approved Concept."""

        document: PlanningDocument

        def apply(self, aggregate: Any) -> None:
            aggregate.implementation = (*aggregate.implementation, self.document)

    @classmethod
    def develop(
        cls,
        concept_id: UUID,
        title: str,
        approaches: Decision,
        provenance: Provenance,
        *,
        developed_on: date,
    ) -> DevelopmentConcept:
        """Record the Concept developed on the Session's conceptual approaches (§8.1, §32)."""
        rulebook_on(developed_on)
        act = decision_act(approaches, Matter.CONCEPTUAL_APPROACHES, "§32", by=developed_on)
        concept: DevelopmentConcept = cls._open(
            cls.Developed,
            concept_id,
            provenance,
            paragraph="§32",
            effective_on=developed_on,
            title=text(title, "a title", 500),
            decision_id=approaches.id,
            approaches=act,
        )
        return concept

    # -- queries -------------------------------------------------------------------------------

    @property
    def stage(self) -> ConceptStage:
        """The stage the Concept has reached."""
        return self.steps[-1].stage

    @property
    def approved_on(self) -> date | None:
        """The day the Chairman approved the Concept, if he did."""
        last = self.steps[-1]
        return last.taken_on if last.stage is ConceptStage.APPROVED else None

    # -- commands ------------------------------------------------------------------------------

    def submit(self, submitted_on: date, provenance: Provenance) -> None:
        """Submit the developed (or revised) Concept to the Chairman for consideration."""
        self._advance(ConceptStage.SUBMITTED, submitted_on, provenance)

    def approve(self, act: Act, provenance: Provenance) -> None:
        """The Chairman accepted the submitted Concept and approved it."""
        chairman_act(act, "§32", "the Development Concept is approved")
        self._advance(ConceptStage.APPROVED, act.issued_on, provenance, act=act)

    def decline(self, returned_on: date, reason: str, provenance: Provenance) -> None:
        """The Chairman did not accept the submitted Concept and returned it, saying why."""
        why = text(reason, "the reason for the return")
        self._advance(ConceptStage.RETURNED, returned_on, provenance, note=why)

    def revise(self, revised_on: date, summary: str, provenance: Provenance) -> None:
        """The returned Concept was revised, so that it may be submitted again."""
        what = text(summary, "a summary of the revision")
        self._advance(ConceptStage.REVISED, revised_on, provenance, note=what)

    def record_implementation(
        self, title: str, reference: str, dated: date, provenance: Provenance
    ) -> None:
        """Record a State Planning System document that implements the approved Concept."""
        approved_on = self.approved_on
        if approved_on is None:
            raise RuleViolation(
                "§32",
                f"the Concept is implemented once approved; it is {self.stage.value}",
            )
        if dated < approved_on:
            raise RuleViolation(
                "§32",
                f"a planning document of {dated} cannot implement a Concept approved on "
                f"{approved_on}",
            )
        document = PlanningDocument(
            title=text(title, "a title", 500),
            reference=text(reference, "a reference", 200),
            dated=dated,
        )
        if any(d.reference == document.reference for d in self.implementation):
            raise InvalidCommand(f"planning document {document.reference!r} is already recorded")
        self._record(
            self.ImplementationRecorded,
            provenance,
            paragraph="§32",
            effective_on=dated,
            document=document,
        )

    # -- guards --------------------------------------------------------------------------------

    def _advance(
        self,
        stage: ConceptStage,
        on: date,
        provenance: Provenance,
        *,
        act: Act | None = None,
        note: str = "",
    ) -> None:
        allowed = _ALLOWED_FROM[stage]
        if self.stage not in allowed:
            needed = " or ".join(sorted(s.value for s in allowed))
            raise RuleViolation(
                "§32",
                f"the Concept is {stage.value} only when {needed}; it is {self.stage.value}",
            )
        last = self.steps[-1]
        if on < last.taken_on:
            raise RuleViolation(
                "§32",
                f"a step dated {on} cannot follow the step '{last.stage.value}' of {last.taken_on}",
            )
        self._record(
            self.Advanced,
            provenance,
            paragraph="§32",
            effective_on=on,
            stage=stage,
            act=act,
            note=note,
        )
