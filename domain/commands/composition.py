"""Commands on the composition: persons, posts, nominations, appointments, memberships."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.commands.base import Decided, LedgerBase, Recorded
from domain.composition.bodies import Body
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import body_id, derived_id, post_id
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import AUTHORITY_OF_BODY
from domain.regulation.rulebook import RULEBOOKS, rulebook_on


class CompositionCommands(LedgerBase):
    """Who sits on which body and holds which post (§5, §5.4, §13.1, §16, §17)."""

    # -- set-up ---------------------------------------------------------------------------------

    def establish(self, provenance: Provenance) -> int:
        """Establish the bodies and posts of every rulebook not yet recorded; returns how many."""
        missing: list[LedgerAggregate] = []
        for rulebook in RULEBOOKS:
            for body_rule in rulebook.bodies:
                if not self._exists(body_id(body_rule.code)):
                    missing.append(
                        Body.establish(body_rule, provenance, established_on=rulebook.in_force_from)
                    )
            for post_rule in rulebook.posts:
                if not self._exists(post_id(post_rule.code)):
                    missing.append(
                        Post.establish(post_rule, provenance, established_on=rulebook.in_force_from)
                    )
        if missing:
            try:
                self.save(*missing)
            except IntegrityError:
                return 0  # another process established them first
        return len(missing)

    # -- commands -------------------------------------------------------------------------------

    def register_person(
        self, full_name: str, provenance: Provenance, *, registered_on: date, sample: bool = False
    ) -> Recorded:
        """Enter a person in the register of persons."""
        person_id = self._new_id(provenance, "person")

        def decide() -> Decided:
            person = Person.register(
                person_id, full_name, provenance, registered_on=registered_on, sample=sample
            )
            return Decided([person], person.id)

        payload = {"full_name": full_name, "registered_on": registered_on, "sample": sample}
        recorded = self._execute("register_person", payload, provenance, decide)
        self._registered.add(recorded.subject_id)
        return recorded

    def assume_presidency(self, person_id: UUID, act: Act, provenance: Provenance) -> Recorded:
        """Record that a person assumed the office of President, and so became Chairman (§5)."""
        holding_id = self._new_id(provenance, "holding")

        def decide() -> Decided:
            self._require_person(person_id)
            chairman = self._get(Post, post_id("chairman"))
            chairman.assume_chairmanship(holding_id, person_id, act, provenance)
            return Decided([chairman], holding_id)

        payload = {"person_id": person_id, "act": act}
        return self._execute("assume_presidency", payload, provenance, decide)

    def nominate(self, post: str, person_id: UUID, act: Act, provenance: Provenance) -> Recorded:
        """Record the prior act naming a person for a post (§13.1 proposal, §16 recommendation)."""
        nomination_id = self._new_id(provenance, "nomination")

        def decide() -> Decided:
            if act.kind is ActKind.DECISION:
                raise InvalidCommand("a nomination adopted at a meeting is cited by its decision")
            self._require_person(person_id)
            target = self._get(Post, post_id(post))
            target.nominate(nomination_id, person_id, act, provenance)
            return Decided([target], nomination_id)

        payload = {"post": post, "person_id": person_id, "act": act}
        return self._execute("nominate", payload, provenance, decide)

    def nominate_by_decision(
        self, post: str, person_id: UUID, decision_id: UUID, provenance: Provenance
    ) -> Recorded:
        """Record a nomination the Council adopted at a meeting (§13.1, §16), cited by decision."""
        nomination_id = self._new_id(provenance, "nomination")

        def decide() -> Decided:
            self._require_person(person_id)
            decision = self.decision(decision_id)
            assert decision.adopted_on is not None
            rule = rulebook_on(decision.adopted_on).post(post)
            nomination = rule.nomination
            if nomination is None:
                raise RuleViolation(rule.paragraph, f"the {rule.label} is not nominated")
            body = next(b for b, a in AUTHORITY_OF_BODY.items() if a is nomination.issuer)
            act = decision.require(
                body, nomination.matter, nomination.paragraph, by=decision.adopted_on
            )
            target = self._get(Post, post_id(post))
            target.nominate(nomination_id, person_id, act, provenance)
            return Decided([target], nomination_id)

        payload = {"post": post, "person_id": person_id, "decision_id": decision_id}
        return self._execute("nominate_by_decision", payload, provenance, decide)

    def decline_nomination(
        self, post: str, nomination_id: UUID, reason: str, provenance: Provenance, *, on: date
    ) -> Recorded:
        """Record that the appointing authority did not appoint the nominee."""

        def decide() -> Decided:
            target = self._get(Post, post_id(post))
            target.decline(nomination_id, reason, on, provenance)
            return Decided([target], nomination_id)

        payload = {"post": post, "nomination_id": nomination_id, "reason": reason, "on": on}
        return self._execute("decline_nomination", payload, provenance, decide)

    def appoint(
        self,
        post: str,
        person_id: UUID,
        act: Act,
        provenance: Provenance,
        *,
        starts_on: date,
        nomination_id: UUID | None = None,
        association: str | None = None,
    ) -> Recorded:
        """Appoint a person to a post, with the posts held ex officio alongside it (§17)."""
        holding_id = self._new_id(provenance, "holding")

        def decide() -> Decided:
            self._require_person(person_id)
            target = self._get(Post, post_id(post))
            target.appoint(
                holding_id,
                person_id,
                act,
                provenance,
                starts_on=starts_on,
                nomination_id=nomination_id,
                association=association,
            )
            changed: list[LedgerAggregate] = [target]
            source = target.holding(holding_id)
            for linked_rule in rulebook_on(starts_on).ex_officio_posts_of(post):
                linked = self._get(Post, post_id(linked_rule.code))
                linked.take_ex_officio(
                    derived_id(str(holding_id), linked_rule.code), source, provenance
                )
                changed.append(linked)
            return Decided(changed, holding_id)

        payload = {
            "post": post,
            "person_id": person_id,
            "act": act,
            "starts_on": starts_on,
            "nomination_id": nomination_id,
            "association": association,
        }
        return self._execute("appoint", payload, provenance, decide)

    def dismiss(
        self, post: str, holding_id: UUID, act: Act, provenance: Provenance, *, ends_on: date
    ) -> Recorded:
        """End a holding by an act of the appointing authority, and what it carried ex officio."""

        def decide() -> Decided:
            target = self._get(Post, post_id(post))
            target.dismiss(holding_id, act, provenance, ends_on=ends_on)
            changed: list[LedgerAggregate] = [target]
            source = target.holding(holding_id)
            for linked_rule in rulebook_on(ends_on).ex_officio_posts_of(post):
                linked = self._get(Post, post_id(linked_rule.code))
                linked.end_ex_officio(source, act, provenance, ends_on=ends_on)
                changed.append(linked)
            return Decided(changed, holding_id)

        payload = {"post": post, "holding_id": holding_id, "act": act, "ends_on": ends_on}
        return self._execute("dismiss", payload, provenance, decide)

    def admit_member(
        self, body: str, person_id: UUID, act: Act, provenance: Provenance, *, starts_on: date
    ) -> Recorded:
        """Admit a person to a body by an act of its admitting authority."""

        def decide() -> Decided:
            self._require_person(person_id)
            roll = self.body(body)
            roll.admit(person_id, act, provenance, starts_on=starts_on)
            self._check_admitting_officer(body, act)
            return Decided([roll], person_id)

        payload = {"body": body, "person_id": person_id, "act": act, "starts_on": starts_on}
        return self._execute("admit_member", payload, provenance, decide)

    def end_membership(
        self, body: str, person_id: UUID, act: Act, provenance: Provenance, *, ends_on: date
    ) -> Recorded:
        """End a person's current term in a body; an officer it elected must leave office first."""

        def decide() -> Decided:
            roll = self.body(body)
            roll.end_membership(person_id, act, provenance, ends_on=ends_on)
            self._check_admitting_officer(body, act)
            self._check_officers_are_members(roll, person_id)
            return Decided([roll], person_id)

        payload = {"body": body, "person_id": person_id, "act": act, "ends_on": ends_on}
        return self._execute("end_membership", payload, provenance, decide)

    def _check_admitting_officer(self, body: str, act: Act) -> None:
        # §24: the Deputy Chairman and Head of the Secretariat sets the Scientific Expert
        # Council's composition, so an order issued while nobody holds that post sets nothing.
        rule = rulebook_on(act.issued_on).body(body)
        if rule.membership_authority is Authority.HEAD_OF_SECRETARIAT and not self.post(
            "head_of_secretariat"
        ).holders_on(act.issued_on):
            raise RuleViolation(
                rule.membership_paragraph,
                f"nobody holds the post of Head of the Secretariat on {act.issued_on}, so no "
                f"order of the Head sets the composition of the {rule.name}",
            )
