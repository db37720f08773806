"""The ledger's service layer machinery: load aggregates, check the Regulation, save atomically.

Every command takes a `Provenance`. When it carries an idempotency key, the first result is
remembered in the same transaction as the command's events, so the same key again returns that
result and records nothing new, even when two workers race (one loses the insert and replays).
Command groups (`domain/commands/*`) build on `LedgerBase`; `domain.application.Ledger` joins them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import to_jsonable_python

from domain.application.idempotency import IdempotencyRecord
from domain.application.mapper import PydanticMapper, UnusedTranscoder
from domain.composition.bodies import Body
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.composition.seats import within_a_term
from domain.kernel.errors import InvalidCommand, LedgerError, NotFound, RuleViolation
from domain.kernel.events import LedgerAggregate, LedgerEvent
from domain.kernel.ids import body_id, derived_id, idempotency_id, post_id
from domain.kernel.values import Provenance
from domain.regulation.rulebook import RULEBOOKS, Filling
from domain.sittings.decisions import Decision

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
class Decided:
    """What a command decided: the aggregates it changed and the id of the thing it concerns."""

    changed: Sequence[LedgerAggregate]
    subject_id: UUID


class LedgerBase(Application[UUID]):
    """The machinery every group of ledger commands shares."""

    name = "Ledger"
    env: ClassVar[dict[str, str]] = {
        "MAPPER_TOPIC": get_topic(PydanticMapper),
        "TRANSCODER_TOPIC": get_topic(UnusedTranscoder),
        "AGGREGATE_CACHE_MAXSIZE": "4096",
    }

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        self._registered: set[UUID] = set()

    def person(self, person_id: UUID) -> Person:
        """The current state of a person."""
        return self._get(Person, person_id)

    def body(self, code: str) -> Body:
        """The current state of a body and its roll of members."""
        return self._get(Body, body_id(code))

    def post(self, code: str) -> Post:
        """The current state of a post."""
        return self._get(Post, post_id(code))

    def _check_officers_are_members(self, roll: Body, person_id: UUID, *changed: Post) -> None:
        """§22: an officer a body elected from its members stays a member while in office."""
        elected = {
            rule.code
            for rulebook in RULEBOOKS
            for rule in rulebook.posts_of(roll.code)
            if rule.filling is Filling.ELECTION
        }
        posts = {p.code: p for p in changed}
        terms = [t.tenure for t in roll.terms_of(person_id)]
        for code in sorted(elected):
            post = posts.get(code) or self.post(code)
            for holding in post.holdings.values():
                if holding.person_id == person_id and not within_a_term(holding.tenure, terms):
                    raise RuleViolation(
                        "§22",
                        f"{person_id} would hold office as {code} while not a member of the "
                        f"{roll.code}; the office must end first, by a decision of the body",
                    )

    def decision(self, decision_id: UUID) -> Decision:
        """A decision adopted at a sitting."""
        return self._get(Decision, decision_id)

    # -- machinery ------------------------------------------------------------------------------

    def _execute(
        self,
        command: str,
        payload: Mapping[str, Any],
        provenance: Provenance,
        decide: Callable[[], Decided],
    ) -> Recorded:
        # Optimistic: a repeated key either fails to decide (its first run changed the state) or
        # fails to save (its record exists), so the key is only looked up when either happens.
        key = provenance.idempotency_key
        fingerprint = _fingerprint(command, payload)
        for _ in range(CONFLICT_RETRIES):
            try:
                decision = _decided(decide)
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
            self._remember(decision.changed)
            return Recorded(subject_id=decision.subject_id, position=recordings[-1].notification.id)
        raise InvalidCommand(f"{command} kept conflicting with concurrent commands; try again")

    def _remember(self, saved: Sequence[LedgerAggregate]) -> None:
        # The saved copies are exactly the stored state, so the next command starts from them
        # instead of reading back and decoding what this one just wrote (a 300-vote event, say).
        # Another process's later events still arrive by the cache's fast-forward.
        cache = self.repository.cache
        if cache is not None:
            for aggregate in saved:
                cache.put(aggregate.id, aggregate)

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


def _decided(decide: Callable[[], Decided]) -> Decided:
    # Values built from the command's input validate themselves; a value that does not is
    # malformed input, refused like any other, never an untyped error.
    try:
        return decide()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"]
            for e in error.errors()
        )
        raise InvalidCommand(f"invalid {error.title}: {problems}") from error


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
