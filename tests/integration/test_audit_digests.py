"""The composition digest as of a tree size: equal from a replay, changed by later acts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import ApplicationRecorder, Notification

from audit.appender import Appender
from audit.checkpoints import load_or_create_key, sign_checkpoint
from audit.digests import (
    COMPOSITION,
    ViewBehindError,
    catch_up_digests,
    composition_digest,
    digest_note,
    position_of_size,
    record_composition_digest,
)
from audit.store import TlogStore, open_tlog
from audit.views import open_view_tables
from domain.application import Ledger
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    Dismiss,
    EndMembership,
    EstablishBodies,
    RestateMembershipTerm,
)
from domain.kernel.corrections import EventRef
from domain.kernel.ids import body_id
from infra.settings import StoreSettings
from infra.storage import open_ledger, scratch_schema
from projections.backends import open_composition_view
from projections.runner import ProjectionRunner
from tests.support.decisions import nominate
from tests.support.samples import CLERK, decree, register
from transparency.note import Ed25519Signer, open_note

ORIGIN = "assembly-ledger.local/log"
DAY = date(2025, 5, 5)


@dataclass
class World:
    ledger: Ledger
    tlog: TlogStore
    settings: StoreSettings
    signer: Ed25519Signer
    scratch: list[StoreSettings]

    def catch_up(self) -> int:
        """Project the live view, append the tree, sign; return the new tree size."""
        ProjectionRunner(self.ledger.recorder, self.ledger.mapper, self.live()).run_once()
        Appender(self.ledger.recorder, self.tlog).run_once()
        stored = sign_checkpoint(self.tlog, self.signer)
        assert stored is not None
        return stored.size

    def live(self) -> Any:
        return open_composition_view(self.settings)

    def digest(self, settings: StoreSettings, size: int) -> str:
        tables = open_view_tables(settings)
        try:
            return composition_digest(tables, position_of_size(self.tlog, size))
        finally:
            tables.close()


@pytest.fixture
def world(store: StoreSettings, tmp_path: Path) -> Iterator[World]:
    with ExitStack() as stack:
        scratch = []
        for name in ("replay_all", "replay_part"):
            if store.store == "postgres":
                scratch.append(stack.enter_context(scratch_schema(store, f"audit_{name}")))
            else:
                scratch.append(store.model_copy(update={"data_dir": tmp_path / name}))
        ledger = open_ledger(store)
        ledger.execute(EstablishBodies(), CLERK)
        tlog = open_tlog(store)
        signer = load_or_create_key(tmp_path / "tlog.key", ORIGIN)
        yield World(ledger, tlog, store, signer, scratch)
        tlog.close()
        ledger.close()


class UpTo:
    """The ledger's recorder, as if the log ended at `stop`."""

    def __init__(self, recorder: ApplicationRecorder, stop: int) -> None:
        self.recorder, self.stop = recorder, stop

    def select_notifications(self, start: int, limit: int) -> Sequence[Notification]:
        return self.recorder.select_notifications(start=start, limit=limit, stop=self.stop)


def test_the_digest_is_that_of_a_replay_and_later_back_dated_acts_change_only_later_sizes(
    world: World,
) -> None:
    ledger = world.ledger
    members = [register(ledger, f"Sample Member {i}") for i in range(3)]
    terms = []
    for person in members:
        admit = AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY)
        ledger.execute(admit, CLERK)
        version = ledger.body("assembly").terms_of(person)[-1].recorded_in
        terms.append(EventRef(originator_id=body_id("assembly"), originator_version=version))
    senator = register(ledger, "Sample Senator")
    nominate(ledger, "senator", senator, DAY)
    holding = ledger.execute(
        Appoint(post="senator", person_id=senator, act=decree(DAY), starts_on=DAY), CLERK
    ).subject_id
    first = world.catch_up()
    live_first = record_composition_digest(world.tlog, open_view_tables(world.settings), first)

    replay_all, replay_part = world.scratch
    ProjectionRunner(ledger.recorder, ledger.mapper, open_composition_view(replay_all)).run_once()
    assert world.digest(replay_all, first) == live_first

    # Later acts, some back-dated: an admission from a month before, a restated term, a term
    # ended and a holding ended (their rows are changed in place, at later positions).
    earlier = DAY - timedelta(days=30)
    late = register(ledger, "Sample Member Late")
    ledger.execute(
        AdmitMember(body="assembly", person_id=late, act=decree(earlier), starts_on=earlier),
        CLERK,
    )
    ledger.execute(
        RestateMembershipTerm(
            body="assembly",
            person_id=members[0],
            corrects=terms[0],
            reason="took effect later",
            starts_on=DAY + timedelta(days=3),
            ends_on=None,
        ),
        CLERK,
    )
    ended = DAY + timedelta(days=10)
    ledger.execute(
        EndMembership(body="assembly", person_id=members[1], act=decree(ended), ends_on=ended),
        CLERK,
    )
    ledger.execute(
        Dismiss(post="senator", holding_id=holding, act=decree(ended), ends_on=ended), CLERK
    )
    second = world.catch_up()
    assert second > first
    live_second = world.digest(world.settings, second)
    assert live_second != live_first
    assert world.digest(world.settings, first) == live_first  # the past did not change

    ProjectionRunner(ledger.recorder, ledger.mapper, open_composition_view(replay_all)).run_once()
    assert world.digest(replay_all, second) == live_second
    assert world.digest(replay_all, first) == live_first

    # A view that never saw anything after the first size agrees with the as-of digest.
    stop = position_of_size(world.tlog, first)
    partial = ProjectionRunner(
        UpTo(ledger.recorder, stop),  # type: ignore[arg-type]
        ledger.mapper,
        open_composition_view(replay_part),
    )
    partial.run_once()
    assert world.digest(replay_part, first) == live_first
    with pytest.raises(ViewBehindError):
        world.digest(replay_part, second)


def test_digests_are_stored_for_each_checkpoint_and_signed_as_a_note(world: World) -> None:
    register(world.ledger, "Sample Member")
    first = world.catch_up()
    register(world.ledger, "Sample Member Two")
    Appender(world.ledger.recorder, world.tlog).run_once()
    second = sign_checkpoint(world.tlog, world.signer)
    assert second is not None
    tables = open_view_tables(world.settings)
    assert catch_up_digests(world.tlog, tables) == [first]  # the view has not reached `second`
    ProjectionRunner(world.ledger.recorder, world.ledger.mapper, world.live()).run_once()
    assert catch_up_digests(world.tlog, tables) == [second.size]
    assert catch_up_digests(world.tlog, tables) == []
    digest = world.tlog.view_digests(first)[COMPOSITION]
    assert digest == composition_digest(tables, position_of_size(world.tlog, first))
    tables.close()
    note = digest_note(world.tlog, world.signer, first)
    assert note is not None
    assert note == digest_note(world.tlog, world.signer, first)  # deterministic
    opened = open_note(note, [world.signer.verifier()])
    assert opened.text == (
        f"assembly-ledger/view-digests/v1\n{ORIGIN}\n{first}\ncomposition {digest}\n"
    )
    assert digest_note(world.tlog, world.signer, first + 1000) is None
