"""Policy documents in interethnic and interfaith relations (§31).

The Secretariat develops a draft policy document, or participates in the development of a draft
another body develops, with the involvement of the Scientific Expert Council; it submits the draft
for discussion to the Council, organizes its consideration by the Session and sends it to
the President for approval; the ledger accepts these steps in that order only, none skipped or
repeated. The checks on decisions and on the Chairman's acts here serve §6, §13.5 and §32 as well.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, Authority, Frozen, Provenance
from domain.regulation.matters import Matter
from domain.regulation.rulebook import is_presidential_act, rulebook_on
from domain.sittings.decisions import Decision

DRAFTERS = frozenset({Authority.SECRETARIAT, Authority.HEAD_OF_SECRETARIAT})


def text(value: str, what: str, limit: int = 2000) -> str:
    """The stripped text, or a refusal of a blank or overlong entry as malformed."""
    stripped = value.strip()
    if not stripped or len(stripped) > limit:
        raise InvalidCommand(f"{what} must be 1 to {limit} characters")
    return stripped


def decision_act(decision: Decision, matter: Matter, paragraph: str, *, by: date = date.max) -> Act:
    """The decision's act if the body the rulebook assigns `matter` adopted it on that matter."""
    if decision.act is None:
        raise NotFound(f"decision {decision.id} has no act")
    rulebook = rulebook_on(decision.act.issued_on)
    body = next(r.body for r in rulebook.matters if r.matter is matter)
    return decision.require(body, matter, paragraph, by=by)


def chairman_act(act: Act, paragraph: str, what: str) -> None:
    """Refuse unless `act` is a decree or order of the President, who is the Chairman (§5)."""
    if not is_presidential_act(act):
        raise RuleViolation(
            paragraph,
            f"{what} by a decree or order of the Chairman of the Assembly (the President), "
            f"not by a {act.kind.value} of the {act.issuer.value}",
        )


class PolicyStage(StrEnum):
    """Where a policy document stands (§31)."""

    DRAFTED = "drafted"
    DISCUSSED_BY_COUNCIL = "discussed by the Council"
    CONSIDERED_BY_SESSION = "considered by the Session"
    SENT_TO_PRESIDENT = "sent to the President"
    APPROVED = "approved by the President"
    WITHDRAWN = "withdrawn"


#: §31's steps in their only order.
POLICY_ORDER = (
    PolicyStage.DRAFTED,
    PolicyStage.DISCUSSED_BY_COUNCIL,
    PolicyStage.CONSIDERED_BY_SESSION,
    PolicyStage.SENT_TO_PRESIDENT,
    PolicyStage.APPROVED,
)


class ExpertInvolvement(Frozen):
    """How the Scientific Expert Council took part in the drafting, and its decision if any."""

    description: str
    decision_id: UUID | None = None
    decision_act: Act | None = None


class PolicyStep(Frozen):
    """One step a policy document took: its stage, its date, and what it rests on."""

    stage: PolicyStage
    taken_on: date
    act: Act | None = None
    decision_id: UUID | None = None
    note: str = ""


class PolicyDocument(LedgerAggregate):
    """A draft policy document in interethnic and interfaith relations on its way to approval."""

    def __init__(self) -> None:
        self.title = ""
        self.developed_by: str | None = None
        self.involvement: ExpertInvolvement | None = None
        self.steps: tuple[PolicyStep, ...] = ()

    class Drafted(LedgerAggregate.Created):
        """The Secretariat developed the draft with the Scientific Expert Council."""

        title: str
        act: Act
        involvement: ExpertInvolvement

        def apply(self, aggregate: Any) -> None:
            aggregate.title = self.title
            aggregate.involvement = self.involvement
            aggregate.steps = (
                PolicyStep(stage=PolicyStage.DRAFTED, taken_on=self.effective_on, act=self.act),
            )

    class DevelopmentJoined(Drafted):
        """The Secretariat participated, with the Scientific Expert Council, in the development
        of a draft that another body (`developed_by`) develops (§31)."""

        developed_by: str

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.developed_by = self.developed_by

    class Advanced(LedgerAggregate.Event):
        """The document took the next step of §31 (or was withdrawn)."""

        stage: PolicyStage
        act: Act | None = None
        decision_id: UUID | None = None
        note: str = ""

        def apply(self, aggregate: Any) -> None:
            step = PolicyStep(
                stage=self.stage,
                taken_on=self.effective_on,
                act=self.act,
                decision_id=self.decision_id,
                note=self.note,
            )
            aggregate.steps = (*aggregate.steps, step)

    @classmethod
    def draft(
        cls,
        document_id: UUID,
        title: str,
        act: Act,
        provenance: Provenance,
        *,
        involvement: str,
        expert_decision: Decision | None = None,
        developed_by: str | None = None,
    ) -> PolicyDocument:
        """Record a draft the Secretariat developed, or whose development by `developed_by` it
        took part in, and how the Scientific Expert Council took part (§31)."""
        rulebook_on(act.issued_on)  # refuses dates before Decree No. 747 (Appendix)
        if act.issuer not in DRAFTERS:
            raise RuleViolation(
                "§31",
                "the Secretariat develops or participates in the development of draft policy "
                "documents in interethnic and interfaith relations; record its act (naming the "
                f"developer if another body develops the draft), not one of the {act.issuer.value}",
            )
        developer = None if developed_by is None else text(developed_by, "the developer", 500)
        if not involvement.strip():
            raise RuleViolation(
                "§31",
                "the Secretariat drafts policy documents with the involvement of the Scientific "
                "Expert Council; describe how it was involved",
            )
        expert_act = None
        if expert_decision is not None:
            expert_act = decision_act(
                expert_decision, Matter.EXPERT_COUNCIL_BUSINESS, "§31", by=act.issued_on
            )
        joined = {} if developer is None else {"developed_by": developer}
        document: PolicyDocument = cls._open(
            cls.Drafted if developer is None else cls.DevelopmentJoined,
            document_id,
            provenance,
            paragraph="§31",
            effective_on=act.issued_on,
            title=text(title, "a title", 500),
            act=act,
            **joined,
            involvement=ExpertInvolvement(
                description=text(involvement, "the involvement of the Scientific Expert Council"),
                decision_id=None if expert_decision is None else expert_decision.id,
                decision_act=expert_act,
            ),
        )
        return document

    # -- queries -------------------------------------------------------------------------------

    @property
    def stage(self) -> PolicyStage:
        """The stage the document has reached."""
        return self.steps[-1].stage

    def step(self, stage: PolicyStage) -> PolicyStep | None:
        """The step by which the document reached `stage`, if it did."""
        return next((s for s in self.steps if s.stage is stage), None)

    # -- commands ------------------------------------------------------------------------------

    def record_council_discussion(self, decision: Decision, provenance: Provenance) -> None:
        """The Council discussed the draft (§31), by a decision on its discussion."""
        act = decision_act(decision, Matter.POLICY_DOCUMENT_DISCUSSION, "§31")
        self._advance(PolicyStage.DISCUSSED_BY_COUNCIL, act.issued_on, provenance, act, decision)

    def record_session_consideration(self, decision: Decision, provenance: Provenance) -> None:
        """The Session considered the document (§31), by a decision on its consideration."""
        act = decision_act(decision, Matter.POLICY_DOCUMENT_CONSIDERATION, "§31")
        self._advance(PolicyStage.CONSIDERED_BY_SESSION, act.issued_on, provenance, act, decision)

    def send_to_president(self, sent_on: date, provenance: Provenance) -> None:
        """The Secretariat sent the document to the President for approval (§31)."""
        self._advance(PolicyStage.SENT_TO_PRESIDENT, sent_on, provenance)

    def record_approval(self, act: Act, provenance: Provenance) -> None:
        """The President approved the document by a decree or order (§31)."""
        chairman_act(act, "§31", "a policy document is approved")
        self._advance(PolicyStage.APPROVED, act.issued_on, provenance, act)

    def withdraw(self, withdrawn_on: date, reason: str, provenance: Provenance) -> None:
        """The Secretariat withdrew the document before its approval."""
        why = text(reason, "the reason for the withdrawal")
        self._check_open(withdrawn_on)
        self._record(
            self.Advanced,
            provenance,
            paragraph="§31",
            effective_on=withdrawn_on,
            stage=PolicyStage.WITHDRAWN,
            note=why,
        )

    # -- guards --------------------------------------------------------------------------------

    def _check_open(self, on: date) -> None:
        if self.stage is PolicyStage.WITHDRAWN:
            raise RuleViolation(
                "§31", f"the document was withdrawn on {self.steps[-1].taken_on}; nothing follows"
            )
        if self.stage is PolicyStage.APPROVED:
            raise RuleViolation(
                "§31", f"the document was approved on {self.steps[-1].taken_on}; nothing follows"
            )
        if on < self.steps[-1].taken_on:
            raise RuleViolation(
                "§31",
                f"a step dated {on} cannot follow the step '{self.stage.value}' "
                f"of {self.steps[-1].taken_on}",
            )

    def _advance(
        self,
        stage: PolicyStage,
        on: date,
        provenance: Provenance,
        act: Act | None = None,
        decision: Decision | None = None,
    ) -> None:
        self._check_open(on)
        previous = POLICY_ORDER[POLICY_ORDER.index(stage) - 1]
        if self.stage is not previous:
            taken = "already" if self.step(stage) is not None else "not yet"
            raise RuleViolation(
                "§31",
                f"a policy document is {stage.value} right after it is {previous.value}; "
                f"this one is {self.stage.value} and {taken} {stage.value}",
            )
        self._record(
            self.Advanced,
            provenance,
            paragraph="§31",
            effective_on=on,
            stage=stage,
            act=act,
            decision_id=None if decision is None else decision.id,
        )
