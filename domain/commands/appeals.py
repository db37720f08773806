"""Appeals of individuals and legal entities to the Secretariat (§17.3)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands.base import Decided, LedgerBase, Recorded
from domain.kernel.values import Provenance
from domain.secretariat.petitions import AppellantKind, Petition


class AppealCommands(LedgerBase):
    """Appeals of individuals and legal entities to the Secretariat (§17.3)."""

    def receive_petition(
        self,
        appellant_kind: AppellantKind,
        appellant_name: str,
        subject: str,
        provenance: Provenance,
        *,
        received_on: date,
    ) -> Recorded:
        """Record an appeal of an individual or a legal entity received by the Secretariat."""
        petition_id = self._new_id(provenance, "petition")

        def decide() -> Decided:
            petition = Petition.receive(
                petition_id,
                appellant_kind,
                appellant_name,
                subject,
                provenance,
                received_on=received_on,
            )
            return Decided([petition], petition_id)

        payload = {
            "appellant_kind": appellant_kind,
            "appellant_name": appellant_name,
            "subject": subject,
            "received_on": received_on,
        }
        return self._execute("receive_petition", payload, provenance, decide)

    def assess_petition(
        self,
        petition_id: UUID,
        provenance: Provenance,
        *,
        national_importance: bool,
        interethnic_relations: bool,
        assessed_on: date,
        note: str = "",
    ) -> Recorded:
        """Assess an appeal; unless of national importance and interethnic it is closed (§17.3)."""

        def decide() -> Decided:
            petition = self.petition(petition_id)
            petition.assess(
                provenance,
                national_importance=national_importance,
                interethnic_relations=interethnic_relations,
                assessed_on=assessed_on,
                note=note,
            )
            return Decided([petition], petition_id)

        payload = {
            "petition_id": petition_id,
            "national_importance": national_importance,
            "interethnic_relations": interethnic_relations,
            "assessed_on": assessed_on,
            "note": note,
        }
        return self._execute("assess_petition", payload, provenance, decide)

    def assign_petition(
        self, petition_id: UUID, assignee: str, provenance: Provenance, *, assigned_on: date
    ) -> Recorded:
        """Assign an accepted appeal to a responsible unit or officer (§17.3)."""

        def decide() -> Decided:
            petition = self.petition(petition_id)
            petition.assign(assignee, provenance, assigned_on=assigned_on)
            return Decided([petition], petition_id)

        payload = {"petition_id": petition_id, "assignee": assignee, "assigned_on": assigned_on}
        return self._execute("assign_petition", payload, provenance, decide)

    def answer_petition(
        self, petition_id: UUID, summary: str, provenance: Provenance, *, answered_on: date
    ) -> Recorded:
        """Record the answer to an assigned appeal (§17.3)."""

        def decide() -> Decided:
            petition = self.petition(petition_id)
            petition.answer_appellant(summary, provenance, answered_on=answered_on)
            return Decided([petition], petition_id)

        payload = {"petition_id": petition_id, "summary": summary, "answered_on": answered_on}
        return self._execute("answer_petition", payload, provenance, decide)

    # -- single-object reads --------------------------------------------------------------------

    def petition(self, petition_id: UUID) -> Petition:
        """An appeal of an individual or a legal entity and where it stands."""
        return self._get(Petition, petition_id)
