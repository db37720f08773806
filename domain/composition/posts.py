"""Posts and who holds them: nominations, appointments, dismissals, ex officio holdings."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.composition.offices import PostOffices
from domain.composition.rotation import RotationPeriod, check_rotation_act
from domain.composition.seats import (
    NominationStatus,
    Nominee,
    check_appointing_act,
    check_effect,
    check_free_seat,
    check_nominating_act,
    prior_nomination,
)
from domain.kernel.corrections import EventRef, Reason
from domain.kernel.errors import InvalidCommand, NotFound, RuleViolation
from domain.kernel.ids import post_id
from domain.kernel.tenure import Tenure
from domain.kernel.values import Act, ActKind, Provenance
from domain.regulation.matters import AUTHORITY_OF_BODY
from domain.regulation.rulebook import Filling, PostRule


class Post(PostOffices):
    """A post of the Regulation with its seats; the consistency boundary for who holds it."""

    @classmethod
    def establish(cls, rule: PostRule, provenance: Provenance, *, established_on: date) -> Post:
        """Establish a post as its rule describes it."""
        post: Post = cls._open(
            cls.Established,
            post_id(rule.code),
            provenance,
            paragraph=rule.paragraph,
            effective_on=established_on,
            code=rule.code,
            body=rule.body,
            label=rule.label,
            role=rule.role,
            seats=rule.seats,
        )
        return post

    # -- commands ------------------------------------------------------------------------------

    def nominate(
        self,
        nomination_id: UUID,
        person_id: UUID,
        act: Act,
        provenance: Provenance,
        *,
        association: str | None = None,
    ) -> None:
        """Record the decision that names a person for this post (§13.1, §16)."""
        rule = self.rule_on(act.issued_on)
        paragraph = check_nominating_act(rule, act)
        if nomination_id in self.nominees:
            raise InvalidCommand(f"nomination {nomination_id} is already recorded")
        for nominee in self.nominees.values():
            if nominee.person_id == person_id and nominee.status is NominationStatus.PENDING:
                raise InvalidCommand(
                    f"person {person_id} already has a pending nomination for {rule.label}"
                )
        self._record(
            self.CandidateNominated,
            provenance,
            paragraph=paragraph,
            effective_on=act.issued_on,
            nomination_id=nomination_id,
            person_id=person_id,
            act=act,
            association=association,
        )

    def decline(
        self, nomination_id: UUID, reason: str, declined_on: date, provenance: Provenance
    ) -> None:
        """Record that the appointing authority did not appoint the person nominated."""
        nominee = self._pending(nomination_id)
        if declined_on < nominee.act.issued_on:
            raise InvalidCommand("a nomination cannot be declined before it was made")
        rule = self.rule_on(declined_on)
        self._record(
            self.NominationDeclined,
            provenance,
            paragraph=rule.appointing_paragraph,
            effective_on=declined_on,
            nomination_id=nomination_id,
            reason=reason,
        )

    def appoint(
        self,
        holding_id: UUID,
        person_id: UUID,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
        nomination_id: UUID | None = None,
        association: str | None = None,
    ) -> None:
        """Appoint a person to a seat, if the Regulation allows it on `starts_on`."""
        rule = self.rule_on(starts_on)
        if rule.filling is Filling.EX_OFFICIO_PRESIDENT:
            raise RuleViolation(
                "§5",
                "the President of the Republic is the Chairman of the Assembly ex officio; "
                "record the assumption of the office of President instead of an appointment",
            )
        if rule.filling is Filling.EX_OFFICIO_HEAD_OF_SECRETARIAT:
            raise RuleViolation(
                "§17",
                f"the {rule.label} is held ex officio by the Head of the Secretariat; "
                "appoint the Head of the Secretariat instead",
            )
        if rule.filling is Filling.ELECTION:
            raise RuleViolation(
                "§22",
                f"the {rule.label} is elected at a meeting of the Scientific Expert Council; "
                "record the election",
            )
        check_appointing_act(rule, act, starts_on)
        if rule.requires_association and not (association and association.strip()):
            raise RuleViolation(
                "§16", f"a {rule.label} must come from an ethnocultural association; name it"
            )
        if rule.nomination is not None:
            nomination_id = prior_nomination(
                rule, self.nominees.values(), person_id, nomination_id, act
            )
            recommended = self.nominees[nomination_id].association
            if recommended is not None and recommended != (association or "").strip():
                raise RuleViolation(
                    rule.nomination.paragraph,
                    f"the Council recommended this person from {recommended!r}, not from "
                    f"{association!r}",
                )
        elif nomination_id is not None:
            raise InvalidCommand(f"the {rule.label} is not filled on a nomination")
        check_free_seat(rule, self.holdings.values(), person_id, Tenure(start=starts_on))
        self._record(
            self.HolderAppointed,
            provenance,
            paragraph=rule.appointing_paragraph,
            effective_on=starts_on,
            holding_id=holding_id,
            person_id=person_id,
            act=act,
            nomination_id=nomination_id,
            association=association.strip() if association else None,
        )

    def dismiss(self, holding_id: UUID, act: Act, provenance: Provenance, *, ends_on: date) -> None:
        """End a holding by an act of the appointing authority."""
        holding = self.holding(holding_id)
        rule = self.rule_on(ends_on)
        if rule.filling is Filling.EX_OFFICIO_PRESIDENT:
            raise RuleViolation(
                "§5",
                "the Chairman is not dismissed: the Chairman changes only when the person "
                "holding the office of President changes",
            )
        if rule.filling is Filling.EX_OFFICIO_HEAD_OF_SECRETARIAT:
            raise RuleViolation(
                "§17",
                f"the {rule.label} ends only with the tenure of the Head of the Secretariat",
            )
        if rule.filling is Filling.ELECTION:
            if act.kind is not ActKind.DECISION or act.issuer != AUTHORITY_OF_BODY.get(rule.body):
                raise RuleViolation(
                    "§22", f"the {rule.label} leaves office by a decision of the {rule.body}"
                )
            check_effect(act, ends_on)
            self._end(self.HolderLeftOffice, holding, act, provenance, ends_on, paragraph="§22")
            return
        check_appointing_act(rule, act, ends_on, dismissal=True)
        self._end(
            self.HolderDismissed,
            holding,
            act,
            provenance,
            ends_on,
            paragraph=rule.appointing_paragraph,
        )

    def correct_holding(
        self, holding_id: UUID, reason: Reason, provenance: Provenance, *, tenure: Tenure | None
    ) -> None:
        """Retract a holding recorded in error (`tenure` None) or restate its dates."""
        holding = self.holding(holding_id)
        rule = self.rule_on(holding.tenure.start)
        if tenure is not None:
            check_effect(holding.act, tenure.start)
            if tenure.end is not None and holding.ended_by is not None:
                check_effect(holding.ended_by, tenure.end)
            check_free_seat(
                rule, self.holdings.values(), holding.person_id, tenure, besides=holding_id
            )
        self._record(
            self.HoldingCorrected,
            provenance,
            paragraph=rule.appointing_paragraph,
            effective_on=(tenure or holding.tenure).start,
            holding_id=holding_id,
            corrects=EventRef(originator_id=self.id, originator_version=holding.recorded_in),
            tenure=tenure,
            reason=reason,
        )

    def set_rotation_period(
        self, act: Act, period: RotationPeriod, provenance: Provenance, *, effective_on: date
    ) -> None:
        """Record the President's act setting the rotation period of the holders (§16)."""
        rule = self.rule_on(act.issued_on)
        check_rotation_act(self.code, rule.label, act, effective_on)
        if any(s.act == act for s in self.rotation_periods):
            raise InvalidCommand(f"the {act.cite()} already set a rotation period")
        self._record(
            self.RotationPeriodSet,
            provenance,
            paragraph="§16",
            effective_on=effective_on,
            act=act,
            period=period,
        )

    # -- guards --------------------------------------------------------------------------------

    def _pending(self, nomination_id: UUID) -> Nominee:
        nominee = self.nominees.get(nomination_id)
        if nominee is None:
            raise NotFound(f"no nomination {nomination_id} for post {self.code!r}")
        if nominee.status is not NominationStatus.PENDING:
            raise InvalidCommand(f"nomination {nomination_id} is already {nominee.status.value}")
        return nominee
