"""Sittings: convening (§5, §12), attendance, competence (§9, §14), votes, outcomes (§10, §15)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from uuid import UUID

from domain.commands.base import Decided, LedgerBase, Recorded
from domain.kernel.errors import RuleViolation
from domain.kernel.ids import derived_id
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import COUNCIL, EXPERT_COUNCIL, SESSION, Matter
from domain.regulation.rulebook import PRESIDENTIAL_ACTS
from domain.sittings.decisions import Decision
from domain.sittings.sittings import Sitting
from domain.sittings.votes import AgendaItem, Choice, Tally

DEPUTY_POSTS = ("deputy_chairman_ethnocultural", "deputy_chairman_head_of_secretariat")


class SittingCommands(LedgerBase):
    """Convene sittings, record who took part, put motions, record votes, compute outcomes."""

    def sitting(self, sitting_id: UUID) -> Sitting:
        """The current state of a sitting."""
        return self._get(Sitting, sitting_id)

    def convene_session(
        self,
        number: str,
        held_on: date,
        agenda: Sequence[AgendaItem],
        act: Act,
        provenance: Provenance,
        *,
        proposal_id: UUID | None = None,
    ) -> Recorded:
        """The President convenes a Session (§5), on the Council's proposal if any (§13)."""

        def decide() -> Decided:
            if act.issuer is not Authority.PRESIDENT or act.kind not in PRESIDENTIAL_ACTS:
                raise RuleViolation(
                    "§5", "only the President convenes a Session, by decree or order"
                )
            if proposal_id is not None:
                self.decision(proposal_id).require(
                    COUNCIL, Matter.SESSION_PROPOSAL, "§13", by=act.issued_on
                )
            return self._convene(
                SESSION, number, held_on, agenda, act, provenance, proposal_id=proposal_id
            )

        payload = {
            "number": number,
            "held_on": held_on,
            "agenda": list(agenda),
            "act": act,
            "proposal_id": proposal_id,
        }
        return self._execute("convene_session", payload, provenance, decide)

    def convene_council_meeting(
        self,
        number: str,
        held_on: date,
        agenda: Sequence[AgendaItem],
        provenance: Provenance,
        *,
        act: Act | None = None,
        deputy_id: UUID | None = None,
        agreement: Act | None = None,
    ) -> Recorded:
        """The Chairman convenes the Council, or a Deputy Chairman in agreement with him (§12)."""

        def decide() -> Decided:
            if deputy_id is None:
                if (
                    act is None
                    or act.issuer is not Authority.PRESIDENT
                    or act.kind not in PRESIDENTIAL_ACTS
                ):
                    raise RuleViolation(
                        "§12",
                        "the Council is convened by the Chairman, or by a Deputy Chairman in "
                        "agreement with the Chairman",
                    )
                return self._convene(COUNCIL, number, held_on, agenda, act, provenance)
            holders = {
                h.person_id for code in DEPUTY_POSTS for h in self.post(code).holders_on(held_on)
            }
            if deputy_id not in holders:
                raise RuleViolation("§12", f"{deputy_id} is not a Deputy Chairman on {held_on}")
            if (
                agreement is None
                or agreement.kind is not ActKind.AGREEMENT
                or agreement.issuer is not Authority.PRESIDENT
            ):
                raise RuleViolation(
                    "§12", "a Deputy Chairman convenes the Council in agreement with the Chairman"
                )
            return self._convene(
                COUNCIL, number, held_on, agenda, agreement, provenance, convener_id=deputy_id
            )

        payload = {
            "number": number,
            "held_on": held_on,
            "agenda": list(agenda),
            "act": act,
            "deputy_id": deputy_id,
            "agreement": agreement,
        }
        return self._execute("convene_council_meeting", payload, provenance, decide)

    def convene_expert_council_meeting(
        self,
        number: str,
        held_on: date,
        agenda: Sequence[AgendaItem],
        act: Act,
        provenance: Provenance,
    ) -> Recorded:
        """Convene the Scientific Expert Council (the Regulation leaves who convenes it to §24)."""

        def decide() -> Decided:
            return self._convene(EXPERT_COUNCIL, number, held_on, agenda, act, provenance)

        payload = {"number": number, "held_on": held_on, "agenda": list(agenda), "act": act}
        return self._execute("convene_expert_council_meeting", payload, provenance, decide)

    def record_attendance(
        self, sitting_id: UUID, present: Iterable[UUID], provenance: Provenance
    ) -> Recorded:
        """Record the roster; competence is computed against the body's members that day."""
        roster = frozenset(present)

        def decide() -> Decided:
            sitting = self.sitting(sitting_id)
            assert sitting.held_on is not None
            members = self.body(sitting.body).members_on(sitting.held_on)
            sitting.record_attendance(roster, members, provenance)
            return Decided([sitting], sitting_id)

        payload = {"sitting_id": sitting_id, "present": sorted(roster)}
        return self._execute("record_attendance", payload, provenance, decide)

    def put_motion(
        self,
        sitting_id: UUID,
        item: int,
        title: str,
        provenance: Provenance,
        *,
        secret: bool = False,
    ) -> Recorded:
        """Put a motion to the vote under an agenda item; returns the motion's id."""
        motion_id = self._new_id(provenance, "motion")

        def decide() -> Decided:
            sitting = self.sitting(sitting_id)
            sitting.put_motion(motion_id, item, title, provenance, secret=secret)
            return Decided([sitting], motion_id)

        payload = {"sitting_id": sitting_id, "item": item, "title": title, "secret": secret}
        return self._execute("put_motion", payload, provenance, decide)

    def cast_votes(
        self,
        sitting_id: UUID,
        motion_id: UUID,
        votes: Mapping[UUID, Choice],
        provenance: Provenance,
    ) -> Recorded:
        """Record open votes, each from a member present, once per motion."""

        def decide() -> Decided:
            sitting = self.sitting(sitting_id)
            sitting.cast_votes(motion_id, votes, provenance)
            return Decided([sitting], motion_id)

        payload = {"sitting_id": sitting_id, "motion_id": motion_id, "votes": dict(votes)}
        return self._execute("cast_votes", payload, provenance, decide)

    def count_ballot(
        self, sitting_id: UUID, motion_id: UUID, tally: Tally, provenance: Provenance
    ) -> Recorded:
        """Record the count of a secret ballot (§10: the form of voting is the Session's)."""

        def decide() -> Decided:
            sitting = self.sitting(sitting_id)
            sitting.count_ballot(motion_id, tally, provenance)
            return Decided([sitting], motion_id)

        payload = {"sitting_id": sitting_id, "motion_id": motion_id, "tally": tally}
        return self._execute("count_ballot", payload, provenance, decide)

    def decide_motion(self, sitting_id: UUID, motion_id: UUID, provenance: Provenance) -> Recorded:
        """Compute the outcome; an adopted motion becomes the body's decision (its id returned)."""
        decision_id = derived_id(str(motion_id), "decision")

        def decide() -> Decided:
            sitting = self.sitting(sitting_id)
            result = sitting.decide(motion_id, decision_id, provenance)
            if not result.adopted:
                return Decided([sitting], motion_id)
            motion = sitting.motion(motion_id)
            assert sitting.held_on is not None
            decision = Decision.adopt(
                decision_id,
                body=sitting.body,
                sitting_id=sitting_id,
                motion_id=motion_id,
                matter=sitting.item(motion.item).matter,
                title=motion.title,
                number=sitting.act_number(motion_id),
                adopted_on=sitting.held_on,
                outcome=result,
                provenance=provenance,
            )
            return Decided([sitting, decision], decision_id)

        payload = {"sitting_id": sitting_id, "motion_id": motion_id}
        return self._execute("decide_motion", payload, provenance, decide)

    def _convene(
        self,
        body: str,
        number: str,
        held_on: date,
        agenda: Sequence[AgendaItem],
        act: Act,
        provenance: Provenance,
        *,
        convener_id: UUID | None = None,
        proposal_id: UUID | None = None,
    ) -> Decided:
        sitting = Sitting.convene(
            self._new_id(provenance, "sitting"),
            body=body,
            number=number,
            held_on=held_on,
            agenda=agenda,
            convened_by=act,
            provenance=provenance,
            convener_id=convener_id,
            agreement=act if convener_id is not None else None,
            proposal_id=proposal_id,
        )
        return Decided([sitting], sitting.id)
