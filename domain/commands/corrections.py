"""Corrections: new events that point at the events they correct; nothing is edited or deleted."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands.base import Decided, LedgerBase, Recorded
from domain.kernel.corrections import EventRef, Reason
from domain.kernel.errors import RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.tenure import Tenure
from domain.kernel.values import Provenance
from domain.regulation.rulebook import rulebook_on

#: Restated dates, or None for a retraction.
Dates = tuple[date, date | None] | None


class CorrectionCommands(LedgerBase):
    """Retract or restate what an earlier event recorded in error."""

    def retract_membership_term(
        self,
        body: str,
        person_id: UUID,
        corrects: EventRef,
        reason: str,
        provenance: Provenance,
    ) -> Recorded:
        """Retract a term of membership that was recorded in error."""
        return self._correct_term(body, person_id, corrects, reason, provenance, None)

    def restate_membership_term(
        self,
        body: str,
        person_id: UUID,
        corrects: EventRef,
        reason: str,
        provenance: Provenance,
        *,
        starts_on: date,
        ends_on: date | None,
    ) -> Recorded:
        """Restate the dates of a term of membership that were recorded in error."""
        dates = (starts_on, ends_on)
        return self._correct_term(body, person_id, corrects, reason, provenance, dates)

    def retract_holding(
        self, post: str, holding_id: UUID, reason: str, provenance: Provenance
    ) -> Recorded:
        """Retract a holding recorded in error, with what it carried ex officio (§17)."""
        return self._correct_holding(post, holding_id, reason, provenance, None)

    def restate_holding(
        self,
        post: str,
        holding_id: UUID,
        reason: str,
        provenance: Provenance,
        *,
        starts_on: date,
        ends_on: date | None,
    ) -> Recorded:
        """Restate the dates of a holding recorded in error, and of its ex officio holdings."""
        return self._correct_holding(post, holding_id, reason, provenance, (starts_on, ends_on))

    def _correct_holding(
        self, post: str, holding_id: UUID, reason: str, provenance: Provenance, dates: Dates
    ) -> Recorded:
        def decide() -> Decided:
            target = self.post(post)
            why, tenure = Reason(text=reason), _tenure(dates)
            started = target.holding(holding_id).tenure.start
            if target.rule_on(started).ex_officio_from is not None:
                raise RuleViolation(
                    "§17", "an ex officio holding is corrected with the holding it follows"
                )
            target.correct_holding(holding_id, why, provenance, tenure=tenure)
            changed: list[LedgerAggregate] = [target]
            for rule in rulebook_on(started).ex_officio_posts_of(post):
                linked = self.post(rule.code)
                for holding in linked.linked_holdings(holding_id):
                    linked.correct_holding(holding.holding_id, why, provenance, tenure=tenure)
                changed.append(linked)
            return Decided(changed, holding_id)

        payload = {"post": post, "holding_id": holding_id, "reason": reason, "dates": dates}
        return self._execute("correct_holding", payload, provenance, decide)

    def _correct_term(
        self,
        body: str,
        person_id: UUID,
        corrects: EventRef,
        reason: str,
        provenance: Provenance,
        dates: Dates,
    ) -> Recorded:
        def decide() -> Decided:
            roll = self.body(body)
            why, tenure = Reason(text=reason), _tenure(dates)
            roll.correct_term(person_id, corrects, why, provenance, tenure=tenure)
            self._check_officers_are_members(roll, person_id)
            return Decided([roll], person_id)

        payload = {
            "body": body,
            "person_id": person_id,
            "corrects": corrects,
            "reason": reason,
            "dates": dates,
        }
        return self._execute("correct_membership_term", payload, provenance, decide)


def _tenure(dates: Dates) -> Tenure | None:
    return None if dates is None else Tenure(start=dates[0], end=dates[1])
