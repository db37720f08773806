"""The Assembly Ledger application: `execute(command, provenance)` and the reads.

A command is decided by its handler (found in one registry) against the current state, then its
events are saved in one transaction together with the idempotency record of its key, if any, and
under the condition that nothing it read has moved on. The same key again returns the first
result and records nothing; a key reused for another command is refused (docs/adr/0003).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from heapq import merge
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
)
from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import IntegrityError, Recording
from eventsourcing.utils import get_topic
from pydantic import BaseModel, ConfigDict

from domain.application.idempotency import IdempotencyRecord
from domain.application.mapper import PydanticMapper, UnusedTranscoder
from domain.application.registry import HANDLERS
from domain.application.unit_of_work import (
    PERSON_REGISTERED,
    LedgerUnit,
    decided_or_refused,
    not_found,
)
from domain.composition.bodies import Body
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.composition.rotation import RotationDue
from domain.documents.awards import PublicAward
from domain.documents.concept import DevelopmentConcept
from domain.documents.policy import PolicyDocument
from domain.documents.program import ProgramDocument
from domain.expert_council.experts import (
    REGULATIONS_ID,
    ExpertCouncilRegulations,
    ExpertInvolvement,
)
from domain.kernel.acts import check_not_issued_after
from domain.kernel.calendar import kazakhstan_date
from domain.kernel.clock import not_before, recording_time
from domain.kernel.commands import Command
from domain.kernel.errors import ConcurrencyConflict, LedgerError, NotFound
from domain.kernel.events import LedgerAggregate, StoredEvent
from domain.kernel.ids import body_id, idempotency_id, post_id
from domain.kernel.values import Provenance
from domain.regulation.policies import Policies, under
from domain.secretariat.action_plans import ActionPlan
from domain.secretariat.petitions import Petition
from domain.secretariat.regions import RegionalAssembly, regional_assembly_id, territory
from domain.secretariat.working_bodies import Commission, WorkingGroup
from domain.sittings.decisions import Decision
from domain.sittings.sittings import Sitting

A = TypeVar("A", bound=LedgerAggregate)

CONFLICT_RETRIES = 8


class Recorded(BaseModel):
    """What a command recorded: the thing it concerns and where its events stand in the log."""

    model_config = ConfigDict(frozen=True)

    subject_id: UUID
    position: int
    replayed: bool = False
    events: int = 0


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
        if not getattr(self.recorder, "enforces_read_sets", False):
            raise TypeError(
                f"{type(self.recorder).__name__} does not check what a command read; open the "
                "ledger on a checked store (infra.recorders, through infra.storage.open_ledger)"
            )
        self._registered: set[UUID] = set()
        self._recorded_after: datetime | None = None
        #: The named policies the commands are decided under (docs/rules.md, ASSEMBLY_POLICIES).
        self.policies = Policies.from_json(self.env.get("ASSEMBLY_POLICIES") or "{}")

    # -- commands -------------------------------------------------------------------------------

    def execute(self, command: Command, provenance: Provenance) -> Recorded:
        """Decide a command against the current state and record its events atomically."""
        handler = HANDLERS.handler_for(command)
        check_not_issued_after(command, kazakhstan_date(recording_time()))
        key = provenance.idempotency_key
        fingerprint = command.fingerprint()
        # Optimistic: a repeated key fails to decide or to save, and is only looked up then.
        for _ in range(CONFLICT_RETRIES):
            unit = LedgerUnit(self, provenance)
            try:
                with not_before(self._recorded_after), under(self.policies):
                    decided = decided_or_refused(lambda: handler(unit, command))  # noqa: B023
            except LedgerError:
                if unit.read_stale_state():  # refused on a copy another process overtook
                    unit.forget_what_was_read()
                    continue
                replayed = self._replay(key, command.command_name, fingerprint)
                if replayed is not None:
                    return replayed
                raise
            changed = [a for a in decided.changed if a.pending_events]
            if not changed:
                return Recorded(subject_id=decided.subject_id, position=self._position())
            to_save: list[BaseAggregate[UUID]] = list(changed)
            if key is not None:
                to_save.append(
                    IdempotencyRecord.remember(
                        key, command.command_name, fingerprint, decided.subject_id, provenance
                    )
                )
            written = {a.id for a in to_save}
            read_set = {i: v for i, v in unit.read_set.items() if i not in written}
            try:
                recordings = self.save(*to_save, read_set=read_set)
            except IntegrityError as error:
                # Stamped before the last recorded event (another process's clock is ahead):
                # stamp again from that time. Anything else: a concurrent command changed what
                # this one read or wrote, so decide again on the new state.
                self._recorded_after = getattr(error, "recorded_after", self._recorded_after)
                unit.forget_what_was_read()
                replayed = self._replay(key, command.command_name, fingerprint)
                if replayed is not None:
                    return replayed
                continue
            self._recorded_after = max(
                cast("StoredEvent", r.domain_event).timestamp for r in recordings
            )
            # A person registered here needs no look-up when the next command names them.
            self._registered.update(
                r.domain_event.originator_id
                for r in recordings
                if isinstance(r.domain_event, Person.Registered)
            )
            self._remember(changed)
            position, events = recordings[-1].notification.id, len(recordings)
            return Recorded(subject_id=decided.subject_id, position=position, events=events)
        raise ConcurrencyConflict(
            f"{command.command_name} kept conflicting with concurrent commands; send it again"
        )

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Put the pending events of aggregates in the event store, in one transaction (without
        the library's runtime protocol checks, a tenth of a command's cost: all are aggregates)."""
        if not all(isinstance(obj, BaseAggregate) for obj in objs):
            return super().save(*objs, **kwargs)
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        processing.aggregates.update((a.id, a) for a in objs)
        # Merged in the order they were stamped, each aggregate's own order kept: recording
        # times rise along the log within a command too, whichever aggregate an event is of.
        pending = [list(a.collect_events()) for a in objs]
        processing.events.extend(merge(*pending, key=attrgetter("timestamp")))
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        return recordings

    # -- reads ----------------------------------------------------------------------------------

    def load(self, kind: type[A], aggregate_id: UUID) -> A:
        """The current state of an aggregate of this kind; `NotFound` otherwise."""
        try:
            aggregate: LedgerAggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise not_found(kind, aggregate_id) from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"{aggregate_id} is not a {kind.__name__.lower()}")
        return aggregate

    def person(self, person_id: UUID) -> Person:
        """The current state of a person."""
        return self.load(Person, person_id)

    def body(self, code: str) -> Body:
        """The current state of a body and its roll of members."""
        return self.load(Body, body_id(code))

    def post(self, code: str) -> Post:
        """The current state of a post."""
        return self.load(Post, post_id(code))

    def rotations_due(self, on: date) -> list[RotationDue]:
        """The ethnocultural Deputy Chairmen's seats due for rotation on a day (§16)."""
        return self.post("deputy_chairman_ethnocultural").rotations_due_on(on)

    def decision(self, decision_id: UUID) -> Decision:
        """A decision adopted at a sitting."""
        return self.load(Decision, decision_id)

    def sitting(self, sitting_id: UUID) -> Sitting:
        """The current state of a sitting."""
        return self.load(Sitting, sitting_id)

    def policy_document(self, document_id: UUID) -> PolicyDocument:
        """The current state of a policy document."""
        return self.load(PolicyDocument, document_id)

    def development_concept(self, concept_id: UUID) -> DevelopmentConcept:
        """The current state of a Development Concept."""
        return self.load(DevelopmentConcept, concept_id)

    def program_document(self, program_id: UUID) -> ProgramDocument:
        """The current state of a program document."""
        return self.load(ProgramDocument, program_id)

    def public_award(self, award_id: UUID) -> PublicAward:
        """The current state of a public award."""
        return self.load(PublicAward, award_id)

    def action_plan(self, plan_id: UUID) -> ActionPlan:
        """The current state of an action plan."""
        return self.load(ActionPlan, plan_id)

    def petition(self, petition_id: UUID) -> Petition:
        """The current state of an appeal of an individual or a legal entity."""
        return self.load(Petition, petition_id)

    def regional_assembly(self, territory_code: str) -> RegionalAssembly:
        """The assembly of a region, city of republican significance or the capital."""
        return self.load(RegionalAssembly, regional_assembly_id(territory(territory_code).code))

    def commission(self, commission_id: UUID) -> Commission:
        """The current state of a commission."""
        return self.load(Commission, commission_id)

    def working_group(self, group_id: UUID) -> WorkingGroup:
        """The current state of a working group."""
        return self.load(WorkingGroup, group_id)

    def expert_involvement(self, involvement_id: UUID) -> ExpertInvolvement:
        """The involvement of a non-member expert in the Scientific Expert Council's work."""
        return self.load(ExpertInvolvement, involvement_id)

    def expert_council_regulations(self) -> ExpertCouncilRegulations:
        """Every approved version of the regulations on the Scientific Expert Council."""
        return self.load(ExpertCouncilRegulations, REGULATIONS_ID)

    def require_person(self, person_id: UUID) -> None:
        """Refuse with `NotFound` unless the person is in the register."""
        # Persons are never removed, so one confirmation per process is enough; the first event
        # of an aggregate names what it is.
        if person_id in self._registered:
            return
        first = self.recorder.select_events(person_id, limit=1)
        if not first or first[0].topic != PERSON_REGISTERED:
            raise NotFound(f"no person {person_id} is registered")
        self._registered.add(person_id)

    # -- machinery ------------------------------------------------------------------------------

    def _position(self) -> int:
        return self.recorder.max_notification_id() or 0

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
        subject_id = remembered.replay(command, fingerprint)
        return Recorded(subject_id=subject_id, position=self._position(), replayed=True)
