"""The ledger's service layer: load aggregates, check the Regulation, save atomically.

Every command takes a `Provenance`. When it carries an idempotency key, the first result is
remembered in the same transaction as the command's events, so the same key again returns that
result and records nothing new, even when two workers race (one loses the insert and replays).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic
from pydantic import BaseModel, ConfigDict
from pydantic_core import to_jsonable_python

from domain.model.bodies import Body
from domain.model.errors import InvalidCommand, LedgerError, NotFound
from domain.model.events import LedgerAggregate, LedgerEvent
from domain.model.idempotency import IdempotencyRecord
from domain.model.ids import body_id, derived_id, idempotency_id, post_id
from domain.model.persons import Person
from domain.model.posts import Post
from domain.model.rulebook import RULEBOOKS, rulebook_on
from domain.model.values import Act, Provenance
from domain.persistence import PydanticMapper, UnusedTranscoder

A = TypeVar("A", bound=LedgerAggregate)

CONFLICT_RETRIES = 8
PERSON_REGISTERED = get_topic(Person.Registered)


class Recorded(BaseModel):
    """What a command recorded: the thing it concerns and where its events stand in the log."""

    model_config = ConfigDict(frozen=True)

    subject_id: UUID
    position: int
    replayed: bool = False


@dataclass
class _Decision:
    """The aggregates a command changed and the id of the thing it concerns."""

    changed: Sequence[LedgerAggregate]
    subject_id: UUID


class Ledger(Application[UUID]):
    """The Assembly Ledger write model."""

    name = "Ledger"
    env: ClassVar[dict[str, str]] = {
        "MAPPER_TOPIC": get_topic(PydanticMapper),
        "TRANSCODER_TOPIC": get_topic(UnusedTranscoder),
        "AGGREGATE_CACHE_MAXSIZE": "4096",
    }

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        self._registered: set[UUID] = set()

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

        def decide() -> _Decision:
            person = Person.register(
                person_id, full_name, provenance, registered_on=registered_on, sample=sample
            )
            return _Decision([person], person.id)

        payload = {"full_name": full_name, "registered_on": registered_on, "sample": sample}
        recorded = self._execute("register_person", payload, provenance, decide)
        self._registered.add(recorded.subject_id)
        return recorded

    def assume_presidency(self, person_id: UUID, act: Act, provenance: Provenance) -> Recorded:
        """Record that a person assumed the office of President, and so became Chairman (§5)."""
        holding_id = self._new_id(provenance, "holding")

        def decide() -> _Decision:
            self._require_person(person_id)
            chairman = self._get(Post, post_id("chairman"))
            chairman.assume_chairmanship(holding_id, person_id, act, provenance)
            return _Decision([chairman], holding_id)

        payload = {"person_id": person_id, "act": act}
        return self._execute("assume_presidency", payload, provenance, decide)

    def nominate(self, post: str, person_id: UUID, act: Act, provenance: Provenance) -> Recorded:
        """Record the prior act naming a person for a post (§13.1 proposal, §16 recommendation)."""
        nomination_id = self._new_id(provenance, "nomination")

        def decide() -> _Decision:
            self._require_person(person_id)
            target = self._get(Post, post_id(post))
            target.nominate(nomination_id, person_id, act, provenance)
            return _Decision([target], nomination_id)

        payload = {"post": post, "person_id": person_id, "act": act}
        return self._execute("nominate", payload, provenance, decide)

    def decline_nomination(
        self, post: str, nomination_id: UUID, reason: str, provenance: Provenance, *, on: date
    ) -> Recorded:
        """Record that the appointing authority did not appoint the nominee."""

        def decide() -> _Decision:
            target = self._get(Post, post_id(post))
            target.decline(nomination_id, reason, on, provenance)
            return _Decision([target], nomination_id)

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

        def decide() -> _Decision:
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
            return _Decision(changed, holding_id)

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

        def decide() -> _Decision:
            target = self._get(Post, post_id(post))
            target.dismiss(holding_id, act, provenance, ends_on=ends_on)
            changed: list[LedgerAggregate] = [target]
            source = target.holding(holding_id)
            for linked_rule in rulebook_on(ends_on).ex_officio_posts_of(post):
                linked = self._get(Post, post_id(linked_rule.code))
                linked.end_ex_officio(source, act, provenance, ends_on=ends_on)
                changed.append(linked)
            return _Decision(changed, holding_id)

        payload = {"post": post, "holding_id": holding_id, "act": act, "ends_on": ends_on}
        return self._execute("dismiss", payload, provenance, decide)

    def admit_member(
        self, body: str, person_id: UUID, act: Act, provenance: Provenance, *, starts_on: date
    ) -> Recorded:
        """Admit a person to a body by an act of its admitting authority."""

        def decide() -> _Decision:
            self._require_person(person_id)
            roll = self.body(body)
            roll.admit(person_id, act, provenance, starts_on=starts_on)
            return _Decision([roll], person_id)

        payload = {"body": body, "person_id": person_id, "act": act, "starts_on": starts_on}
        return self._execute("admit_member", payload, provenance, decide)

    def end_membership(
        self, body: str, person_id: UUID, act: Act, provenance: Provenance, *, ends_on: date
    ) -> Recorded:
        """End a person's current term in a body."""

        def decide() -> _Decision:
            roll = self.body(body)
            roll.end_membership(person_id, act, provenance, ends_on=ends_on)
            return _Decision([roll], person_id)

        payload = {"body": body, "person_id": person_id, "act": act, "ends_on": ends_on}
        return self._execute("end_membership", payload, provenance, decide)

    # -- single-object reads (lists and searches come from projections) -------------------------

    def body(self, code: str) -> Body:
        """The current state of a body and its roll of members."""
        return self._get(Body, body_id(code))

    def post(self, code: str) -> Post:
        """The current state of a post."""
        return self._get(Post, post_id(code))

    def person(self, person_id: UUID) -> Person:
        """The current state of a person."""
        return self._get(Person, person_id)

    # -- machinery ------------------------------------------------------------------------------

    def _execute(
        self,
        command: str,
        payload: Mapping[str, Any],
        provenance: Provenance,
        decide: Callable[[], _Decision],
    ) -> Recorded:
        # Optimistic: a repeated key either fails to decide (its first run changed the state) or
        # fails to save (its record exists), so the key is only looked up when either happens.
        key = provenance.idempotency_key
        fingerprint = _fingerprint(command, payload)
        for _ in range(CONFLICT_RETRIES):
            try:
                decision = decide()
            except LedgerError:
                replayed = self._replay(key, command, fingerprint)
                if replayed is not None:
                    return replayed
                raise
            to_save: list[LedgerAggregate] = list(decision.changed)
            if key is not None:
                last = _last_pending(decision.changed)
                to_save.append(
                    IdempotencyRecord.remember(
                        key,
                        command,
                        fingerprint,
                        {"subject_id": str(decision.subject_id)},
                        provenance,
                        paragraph=last.paragraph,
                        effective_on=last.effective_on,
                    )
                )
            try:
                recordings = self.save(*to_save)
            except IntegrityError:
                replayed = self._replay(key, command, fingerprint)
                if replayed is not None:
                    return replayed
                continue  # a concurrent command changed the same aggregate: decide again
            return Recorded(subject_id=decision.subject_id, position=recordings[-1].notification.id)
        raise InvalidCommand(f"{command} kept conflicting with concurrent commands; try again")

    def _replay(self, key: str | None, command: str, fingerprint: str) -> Recorded | None:
        if key is None:
            return None
        stored = self.recorder.select_events(idempotency_id(key), limit=1)
        if not stored:
            return None
        remembered = self.mapper.to_domain_event(stored[0])
        assert isinstance(remembered, IdempotencyRecord.Remembered)
        result = remembered.replay(command, fingerprint)
        return Recorded(
            subject_id=UUID(result["subject_id"]),
            position=self.recorder.max_notification_id() or 0,
            replayed=True,
        )

    def _get(self, kind: type[A], aggregate_id: UUID) -> A:
        try:
            aggregate: LedgerAggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"no {kind.__name__.lower()} {aggregate_id}") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"{aggregate_id} is not a {kind.__name__.lower()}")
        return aggregate

    def _require_person(self, person_id: UUID) -> None:
        # Persons are never removed, so one confirmation per process is enough; the first event
        # of an aggregate names what it is.
        if person_id in self._registered:
            return
        first = self.recorder.select_events(person_id, limit=1)
        if not first or first[0].topic != PERSON_REGISTERED:
            raise NotFound(f"no person {person_id} is registered")
        self._registered.add(person_id)

    def _exists(self, aggregate_id: UUID) -> bool:
        try:
            self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return False
        return True

    @staticmethod
    def _new_id(provenance: Provenance, step: str) -> UUID:
        if provenance.idempotency_key is None:
            return uuid4()
        return derived_id(provenance.idempotency_key, step)


def _fingerprint(command: str, payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(
        {"command": command, "payload": to_jsonable_python(payload)}, sort_keys=True
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _last_pending(aggregates: Sequence[LedgerAggregate]) -> LedgerEvent:
    for aggregate in aggregates:
        if aggregate.pending_events:
            return aggregate.pending_events[-1]  # type: ignore[return-value]
    raise InvalidCommand("the command recorded nothing")
