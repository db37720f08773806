"""Commands on policy documents (§31), the Concept (§32), program documents (§6), awards (§13.5)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from domain.commands.base import Decided, LedgerBase, Recorded
from domain.documents.awards import PublicAward
from domain.documents.concept import DevelopmentConcept, ProgramDocument
from domain.documents.policy import PolicyDocument
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, Provenance

A = TypeVar("A", bound=LedgerAggregate)


class DocumentCommands(LedgerBase):
    """Policy documents (§31), Development Concept (§32), program documents (§6), awards (§13.5)."""

    # -- §31 policy documents in interethnic and interfaith relations ---------------------------

    def draft_policy_document(
        self,
        title: str,
        act: Act,
        provenance: Provenance,
        *,
        involvement: str,
        expert_decision_id: UUID | None = None,
    ) -> Recorded:
        """Record a draft by the Secretariat, with how the Scientific Expert Council took part."""
        document_id = self._new_id(provenance, "policy_document")

        def decide() -> Decided:
            expert = None if expert_decision_id is None else self.decision(expert_decision_id)
            document = PolicyDocument.draft(
                document_id,
                title,
                act,
                provenance,
                involvement=involvement,
                expert_decision=expert,
            )
            return Decided([document], document_id)

        payload = {
            "title": title,
            "act": act,
            "involvement": involvement,
            "expert_decision_id": expert_decision_id,
        }
        return self._execute("draft_policy_document", payload, provenance, decide)

    def record_council_discussion(
        self, document_id: UUID, decision_id: UUID, provenance: Provenance
    ) -> Recorded:
        """Record the Council's discussion of a drafted policy document."""
        return self._update(
            PolicyDocument,
            document_id,
            "record_council_discussion",
            {"decision_id": decision_id},
            provenance,
            lambda d: d.record_council_discussion(self.decision(decision_id), provenance),
        )

    def record_session_consideration(
        self, document_id: UUID, decision_id: UUID, provenance: Provenance
    ) -> Recorded:
        """Record the Session's consideration of a policy document the Council discussed."""
        return self._update(
            PolicyDocument,
            document_id,
            "record_session_consideration",
            {"decision_id": decision_id},
            provenance,
            lambda d: d.record_session_consideration(self.decision(decision_id), provenance),
        )

    def send_to_president(self, document_id: UUID, provenance: Provenance, *, on: date) -> Recorded:
        """Record that the Secretariat sent a considered policy document to the President."""
        return self._update(
            PolicyDocument,
            document_id,
            "send_to_president",
            {"on": on},
            provenance,
            lambda d: d.send_to_president(on, provenance),
        )

    def record_presidential_approval(
        self, document_id: UUID, act: Act, provenance: Provenance
    ) -> Recorded:
        """Record the President's approval of a policy document sent to him."""
        return self._update(
            PolicyDocument,
            document_id,
            "record_presidential_approval",
            {"act": act},
            provenance,
            lambda d: d.record_approval(act, provenance),
        )

    def withdraw_policy_document(
        self, document_id: UUID, reason: str, provenance: Provenance, *, on: date
    ) -> Recorded:
        """Record that the Secretariat withdrew a policy document before its approval."""
        return self._update(
            PolicyDocument,
            document_id,
            "withdraw_policy_document",
            {"reason": reason, "on": on},
            provenance,
            lambda d: d.withdraw(on, reason, provenance),
        )

    # -- §32 the Development Concept ------------------------------------------------------------

    def develop_concept(
        self, title: str, decision_id: UUID, provenance: Provenance, *, on: date
    ) -> Recorded:
        """Record the Concept developed on the Session's decision on conceptual approaches."""
        concept_id = self._new_id(provenance, "development_concept")

        def decide() -> Decided:
            approaches = self.decision(decision_id)
            concept = DevelopmentConcept.develop(
                concept_id, title, approaches, provenance, developed_on=on
            )
            return Decided([concept], concept_id)

        payload = {"title": title, "decision_id": decision_id, "on": on}
        return self._execute("develop_concept", payload, provenance, decide)

    def submit_concept(self, concept_id: UUID, provenance: Provenance, *, on: date) -> Recorded:
        """Record the Concept's submission to the Chairman."""
        return self._update(
            DevelopmentConcept,
            concept_id,
            "submit_concept",
            {"on": on},
            provenance,
            lambda c: c.submit(on, provenance),
        )

    def approve_concept(self, concept_id: UUID, act: Act, provenance: Provenance) -> Recorded:
        """Record that the Chairman accepted the submitted Concept and approved it."""
        return self._update(
            DevelopmentConcept,
            concept_id,
            "approve_concept",
            {"act": act},
            provenance,
            lambda c: c.approve(act, provenance),
        )

    def return_concept(
        self, concept_id: UUID, reason: str, provenance: Provenance, *, on: date
    ) -> Recorded:
        """Record that the Chairman did not accept the submitted Concept and returned it."""
        return self._update(
            DevelopmentConcept,
            concept_id,
            "return_concept",
            {"reason": reason, "on": on},
            provenance,
            lambda c: c.decline(on, reason, provenance),
        )

    def revise_concept(
        self, concept_id: UUID, summary: str, provenance: Provenance, *, on: date
    ) -> Recorded:
        """Record the revision of a returned Concept, before it is submitted again."""
        return self._update(
            DevelopmentConcept,
            concept_id,
            "revise_concept",
            {"summary": summary, "on": on},
            provenance,
            lambda c: c.revise(on, summary, provenance),
        )

    def record_concept_implementation(
        self, concept_id: UUID, title: str, reference: str, provenance: Provenance, *, dated: date
    ) -> Recorded:
        """Record a State Planning System document that implements the approved Concept."""
        return self._update(
            DevelopmentConcept,
            concept_id,
            "record_concept_implementation",
            {"title": title, "reference": reference, "dated": dated},
            provenance,
            lambda c: c.record_implementation(title, reference, dated, provenance),
        )

    # -- §6 program documents -------------------------------------------------------------------

    def approve_program_document(self, title: str, act: Act, provenance: Provenance) -> Recorded:
        """Record a program document of the Assembly approved by the Chairman."""
        program_id = self._new_id(provenance, "program_document")

        def decide() -> Decided:
            program = ProgramDocument.approve(program_id, title, act, provenance)
            return Decided([program], program_id)

        payload = {"title": title, "act": act}
        return self._execute("approve_program_document", payload, provenance, decide)

    def record_program_instruction(
        self, program_id: UUID, act: Act, instruction: str, provenance: Provenance
    ) -> Recorded:
        """Record the Chairman's instruction for implementing an approved program document."""
        return self._update(
            ProgramDocument,
            program_id,
            "record_program_instruction",
            {"act": act, "instruction": instruction},
            provenance,
            lambda p: p.instruct(act, instruction, provenance),
        )

    # -- §13.5 public awards --------------------------------------------------------------------

    def establish_award(self, name: str, basis: UUID | Act, provenance: Provenance) -> Recorded:
        """Record a public award established by the Council decision with id `basis`."""
        award_id = self._new_id(provenance, "public_award")

        def decide() -> Decided:
            by = self.decision(basis) if isinstance(basis, UUID) else basis
            award = PublicAward.establish(award_id, name, by, provenance)
            return Decided([award], award_id)

        payload = {"name": name, "basis": basis}
        return self._execute("establish_award", payload, provenance, decide)

    def approve_award_regulations(
        self, award_id: UUID, decision_id: UUID, summary: str, provenance: Provenance
    ) -> Recorded:
        """Record the Council's approval of an award's regulations."""
        return self._update(
            PublicAward,
            award_id,
            "approve_award_regulations",
            {"decision_id": decision_id, "summary": summary},
            provenance,
            lambda a: a.approve_regulations(self.decision(decision_id), summary, provenance),
        )

    def amend_award_regulations(
        self, award_id: UUID, decision_id: UUID, summary: str, provenance: Provenance
    ) -> Recorded:
        """Record a later Council decision amending an award's regulations."""
        return self._update(
            PublicAward,
            award_id,
            "amend_award_regulations",
            {"decision_id": decision_id, "summary": summary},
            provenance,
            lambda a: a.amend_regulations(self.decision(decision_id), summary, provenance),
        )

    # -- single-object reads (lists and searches come from projections) -------------------------

    def policy_document(self, document_id: UUID) -> PolicyDocument:
        """The current state of a policy document."""
        return self._get(PolicyDocument, document_id)

    def development_concept(self, concept_id: UUID) -> DevelopmentConcept:
        """The current state of a Development Concept."""
        return self._get(DevelopmentConcept, concept_id)

    def program_document(self, program_id: UUID) -> ProgramDocument:
        """The current state of a program document."""
        return self._get(ProgramDocument, program_id)

    def public_award(self, award_id: UUID) -> PublicAward:
        """The current state of a public award."""
        return self._get(PublicAward, award_id)

    # -- machinery ------------------------------------------------------------------------------

    def _update(
        self,
        kind: type[A],
        subject_id: UUID,
        command: str,
        payload: Mapping[str, Any],
        provenance: Provenance,
        change: Callable[[A], None],
    ) -> Recorded:
        # Every command here loads one aggregate, changes it, and concerns that aggregate.
        def decide() -> Decided:
            target = self._get(kind, subject_id)
            change(target)
            return Decided([target], subject_id)

        return self._execute(command, {"id": subject_id, **payload}, provenance, decide)
