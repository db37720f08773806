"""The offices of a post that nobody appoints: the Chairman by oath (§5), elected officers
(§22), and posts held ex officio (§17); and how a holding ends."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.composition.post_record import PostRecord
from domain.composition.seats import Holding, check_effect, check_free_seat
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.tenure import Tenure
from domain.kernel.values import Act, ActKind, Provenance
from domain.regulation.matters import AUTHORITY_OF_BODY
from domain.regulation.rulebook import Filling


class PostOffices(PostRecord):
    """Taking and leaving the offices of a post other than by appointment."""

    def elect(
        self,
        holding_id: UUID,
        person_id: UUID,
        decision_act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
    ) -> None:
        """Seat a person elected by a decision of the post's own body (§22)."""
        rule = self.rule_on(starts_on)
        if rule.filling is not Filling.ELECTION:
            raise InvalidCommand(f"the {rule.label} is not filled by election")
        electing = AUTHORITY_OF_BODY.get(rule.body)
        if decision_act.kind is not ActKind.DECISION or decision_act.issuer != electing:
            raise RuleViolation(
                "§22",
                f"the {rule.label} is elected at a meeting of the {rule.body}; cite its decision, "
                f"not a {decision_act.kind.value} of the {decision_act.issuer.value}",
            )
        check_effect(decision_act, starts_on)
        check_free_seat(rule, self.holdings.values(), person_id, Tenure(start=starts_on))
        self._record(
            self.HolderElected,
            provenance,
            paragraph="§22",
            effective_on=starts_on,
            holding_id=holding_id,
            person_id=person_id,
            act=decision_act,
        )

    def assume_chairmanship(
        self, holding_id: UUID, person_id: UUID, act: Act, provenance: Provenance
    ) -> None:
        """The person who assumed the office of President becomes the Chairman (§1, §5)."""
        starts_on = act.issued_on
        rule = self.rule_on(starts_on)
        if rule.filling is not Filling.EX_OFFICIO_PRESIDENT:
            raise InvalidCommand(f"the {rule.label} is not held ex officio by the President")
        if act.issuer != rule.appointing_authority or act.kind not in rule.appointing_acts:
            raise RuleViolation(
                "§5",
                "the Chairman changes only with the assumption of the office of President "
                "(an oath of the President)",
            )
        current = self.holders_on(starts_on)
        if any(h.person_id == person_id for h in current):
            raise RuleViolation(
                "§5",
                "this person already is the Chairman: the Chairman changes only when the person "
                "holding the office of President changes",
            )
        if any(h.tenure.start >= starts_on for h in self.holdings.values()):
            raise InvalidCommand("a later presidency is already recorded; correct it instead")
        for previous in current:
            self._record(
                self.ChairmanshipPassed,
                provenance,
                paragraph="§5",
                effective_on=starts_on,
                holding_id=previous.holding_id,
                act=act,
            )
        self._record(
            self.ChairmanshipAssumed,
            provenance,
            paragraph="§5",
            effective_on=starts_on,
            holding_id=holding_id,
            person_id=person_id,
            act=act,
        )

    def take_ex_officio(
        self,
        holding_id: UUID,
        source: Holding,
        provenance: Provenance,
        *,
        starts_on: date | None = None,
    ) -> None:
        """Hold this post ex officio for as long as `source` is held (§17), from `starts_on`
        (a holding carried over from before the rule: the day the rule came into force)."""
        start = starts_on or source.tenure.start
        rule = self.rule_on(start)
        if rule.filling is not Filling.EX_OFFICIO_HEAD_OF_SECRETARIAT:
            raise InvalidCommand(f"the {rule.label} is not held ex officio")
        check_free_seat(rule, self.holdings.values(), source.person_id, Tenure(start=start))
        self._record(
            self.ExOfficioHoldingBegan,
            provenance,
            paragraph=rule.paragraph,
            effective_on=start,
            holding_id=holding_id,
            person_id=source.person_id,
            act=source.act,
            ex_officio_of=source.holding_id,
        )

    def carry_over(
        self,
        holding_id: UUID,
        person_id: UUID,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
        former_regulation: str,
        association: str | None = None,
    ) -> None:
        """Record a carried-over holding (checked by `composition.opening_balance`, not here)."""
        self._record(
            self.HoldingCarriedOver,
            provenance,
            paragraph="Appendix",
            effective_on=starts_on,
            holding_id=holding_id,
            person_id=person_id,
            act=act,
            former_regulation=former_regulation,
            association=association,
        )

    def linked_holdings(self, source: UUID) -> list[Holding]:
        """The holdings held ex officio because of the holding `source` (§17)."""
        return [h for h in self.holdings.values() if h.ex_officio_of == source]

    def end_ex_officio(
        self, source: Holding, act: Act, provenance: Provenance, *, ends_on: date
    ) -> None:
        """End the ex officio holding that follows `source` (§17)."""
        for holding in self.holdings.values():
            if holding.ex_officio_of == source.holding_id and holding.tenure.end is None:
                self._end(
                    self.ExOfficioHoldingEnded, holding, act, provenance, ends_on, paragraph="§17"
                )

    def _end(
        self,
        ended: type[PostRecord.HoldingEnded],
        holding: Holding,
        act: Act,
        provenance: Provenance,
        ends_on: date,
        *,
        paragraph: str,
    ) -> None:
        if holding.tenure.end is not None:
            raise InvalidCommand(
                f"holding {holding.holding_id} already ended on {holding.tenure.end}"
            )
        if ends_on <= holding.tenure.start:
            raise InvalidCommand(
                f"a holding that began on {holding.tenure.start} cannot end on {ends_on}"
            )
        self._record(
            ended,
            provenance,
            paragraph=paragraph,
            effective_on=ends_on,
            holding_id=holding.holding_id,
            act=act,
        )
