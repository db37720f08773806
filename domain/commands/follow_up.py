"""The life of decisions: Appeals of the Assembly (§11), consideration (§4.5), plans (§28)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from domain.commands.base import Decided, LedgerBase, Recorded
from domain.kernel.values import Act, Provenance
from domain.secretariat.action_plans import ActionPlan
from domain.sittings.follow_up import Addressee


class FollowUpCommands(LedgerBase):
    """Appeals of the Assembly (§11), mandatory consideration (§4.5), action plans (§28)."""

    # -- §11: Appeals of the Assembly -----------------------------------------------------------

    def issue_as_appeal(
        self, decision_id: UUID, provenance: Provenance, *, issued_on: date, title: str = ""
    ) -> Recorded:
        """Draw up a Session decision in the form of an Appeal of the Assembly (§11)."""

        def decide() -> Decided:
            decision = self.decision(decision_id)
            decision.issue_as_appeal(provenance, issued_on=issued_on, title=title)
            return Decided([decision], decision_id)

        payload = {"decision_id": decision_id, "issued_on": issued_on, "title": title}
        return self._execute("issue_as_appeal", payload, provenance, decide)

    def record_appeal_publication(
        self,
        decision_id: UUID,
        outlet: str,
        reference: str,
        provenance: Provenance,
        *,
        published_on: date,
    ) -> Recorded:
        """Record a publication of an Appeal of the Assembly in the republican mass media (§11)."""

        def decide() -> Decided:
            decision = self.decision(decision_id)
            decision.publish_appeal(outlet, reference, provenance, published_on=published_on)
            return Decided([decision], decision_id)

        payload = {
            "decision_id": decision_id,
            "outlet": outlet,
            "reference": reference,
            "published_on": published_on,
        }
        return self._execute("record_appeal_publication", payload, provenance, decide)

    # -- §4.5, §11: mandatory consideration -------------------------------------------------------

    def require_consideration(
        self,
        decision_id: UUID,
        addressee: Addressee,
        responsible: str,
        provenance: Provenance,
        *,
        required_on: date,
        deadline: date,
    ) -> Recorded:
        """Send a Session or Council decision to a state body or official to consider (§4.5)."""
        consideration_id = self._new_id(provenance, "consideration")

        def decide() -> Decided:
            decision = self.decision(decision_id)
            decision.require_consideration(
                consideration_id,
                addressee,
                responsible,
                provenance,
                required_on=required_on,
                deadline=deadline,
            )
            return Decided([decision], consideration_id)

        payload = {
            "decision_id": decision_id,
            "addressee": addressee,
            "responsible": responsible,
            "required_on": required_on,
            "deadline": deadline,
        }
        return self._execute("require_consideration", payload, provenance, decide)

    def record_consideration_response(
        self,
        decision_id: UUID,
        consideration_id: UUID,
        summary: str,
        provenance: Provenance,
        *,
        responded_on: date,
    ) -> Recorded:
        """Record how an addressee considered a decision; late if after the deadline (§4.5)."""

        def decide() -> Decided:
            decision = self.decision(decision_id)
            decision.answer_consideration(
                consideration_id, summary, provenance, responded_on=responded_on
            )
            return Decided([decision], consideration_id)

        payload = {
            "decision_id": decision_id,
            "consideration_id": consideration_id,
            "summary": summary,
            "responded_on": responded_on,
        }
        return self._execute("record_consideration_response", payload, provenance, decide)

    # -- §28: action plans ----------------------------------------------------------------------

    def adopt_action_plan(
        self,
        title: str,
        act: Act,
        provenance: Provenance,
        *,
        decision_ids: Sequence[UUID] = (),
        instructions: Sequence[Act] = (),
        program_documents: Sequence[str] = (),
    ) -> Recorded:
        """Adopt an action plan of the Secretariat implementing decisions or instructions (§28)."""
        plan_id = self._new_id(provenance, "action_plan")

        def decide() -> Decided:
            decisions = [self.decision(d) for d in decision_ids]
            plan = ActionPlan.adopt(
                plan_id,
                title,
                act,
                provenance,
                decisions=decisions,
                instructions=instructions,
                program_documents=program_documents,
            )
            return Decided([plan], plan_id)

        payload = {
            "title": title,
            "act": act,
            "decision_ids": list(decision_ids),
            "instructions": list(instructions),
            "program_documents": list(program_documents),
        }
        return self._execute("adopt_action_plan", payload, provenance, decide)

    def add_action_item(
        self,
        plan_id: UUID,
        text: str,
        responsible: str,
        provenance: Provenance,
        *,
        deadline: date | None,
        added_on: date,
    ) -> Recorded:
        """Add a measure with its responsible state body and deadline to a plan (§28)."""
        item_id = self._new_id(provenance, "action_item")

        def decide() -> Decided:
            plan = self.action_plan(plan_id)
            plan.add_item(
                item_id, text, responsible, provenance, deadline=deadline, added_on=added_on
            )
            return Decided([plan], item_id)

        payload = {
            "plan_id": plan_id,
            "text": text,
            "responsible": responsible,
            "deadline": deadline,
            "added_on": added_on,
        }
        return self._execute("add_action_item", payload, provenance, decide)

    def report_on_action_item(
        self,
        plan_id: UUID,
        item_id: UUID,
        text: str,
        provenance: Provenance,
        *,
        reported_on: date,
        done: bool = False,
    ) -> Recorded:
        """Record a report on a plan item; a report marked done closes it (§28)."""

        def decide() -> Decided:
            plan = self.action_plan(plan_id)
            plan.report(item_id, text, provenance, reported_on=reported_on, done=done)
            return Decided([plan], item_id)

        payload = {
            "plan_id": plan_id,
            "item_id": item_id,
            "text": text,
            "reported_on": reported_on,
            "done": done,
        }
        return self._execute("report_on_action_item", payload, provenance, decide)

    # -- single-object reads --------------------------------------------------------------------

    def action_plan(self, plan_id: UUID) -> ActionPlan:
        """An action plan with its items and the reports on them."""
        return self._get(ActionPlan, plan_id)
