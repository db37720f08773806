"""A view that meets an event it cannot apply stops there, says so, and keeps serving what it has.

Real SQLite and PostgreSQL projection stores, the real runner and the real API (no Temporal: the
view routes never touch it). docs/adr/0012.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any, cast
from uuid import uuid4

import httpx
import pytest
from eventsourcing.persistence import StoredEvent as StoredRecord
from temporalio.client import Client

from api.config import ApiSettings
from api.main import create_app
from api.processes import Processes
from audit.service import open_published_log
from domain.application import Ledger
from domain.composition.bodies import Body
from domain.composition.commands import AdmitMember, EstablishBodies
from domain.composition.persons import Person
from domain.kernel.events import LedgerEvent
from domain.kernel.values import Act, ActKind, Authority
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections import handlers
from projections.backends import open_composition_view
from projections.composition import CompositionView
from projections.runner import ProjectionRunner, main
from tests.support.samples import CLERK, DAY, decree, position, register
from tests.support.stores import postgres_schema
from workflows.settings import TemporalSettings


def admit(ledger: Ledger, name: str, act: Act | None = None) -> int:
    """Register a sample person and admit them to the Assembly; the position of the admission."""
    person = register(ledger, name)
    admission = AdmitMember(
        body="assembly", person_id=person, act=act or decree(DAY), starts_on=DAY
    )
    return ledger.execute(admission, CLERK).position


def unreadable(ledger: Ledger) -> int:
    """Store an event this code cannot read (a person with no name); its position."""
    record = StoredRecord(
        originator_id=uuid4(),
        originator_version=1,
        topic=Person.Registered.TOPIC,
        state=b'{"class_version":1,"not":"a person"}',
    )
    ledger.recorder.insert_events([record])
    return position(ledger)


def members(answer: httpx.Response) -> list[str]:
    return sorted(m["person"]["full_name"] for m in answer.json()["members"])


@asynccontextmanager
async def api(
    view: CompositionView, audit_store: StoreSettings
) -> AsyncIterator[httpx.AsyncClient]:
    """The API on this view; its processes are never reached by the view routes."""
    processes = Processes(TemporalSettings(), client=cast("Client", object()))
    log = open_published_log(audit_store)
    app = create_app(ApiSettings(view_wait_seconds=5), view=view, processes=processes, audit=log)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as http:
            yield http
    log.close()


@pytest.fixture
def sqlite(sqlite_store: StoreSettings) -> Iterator[tuple[Ledger, CompositionView]]:
    with closing(open_ledger(sqlite_store)) as ledger:
        ledger.execute(EstablishBodies(), CLERK)
        yield ledger, open_composition_view(sqlite_store)


# -- SQLite ---------------------------------------------------------------------------------------


async def test_an_unreadable_event_stops_the_view_just_before_it_and_the_api_says_so(
    sqlite: tuple[Ledger, CompositionView], sqlite_store: StoreSettings
) -> None:
    ledger, view = sqlite
    admit(ledger, "Sample Member Before")
    ProjectionRunner(ledger.recorder, ledger.mapper, view).run_once()
    admit(ledger, "Sample Member Same Batch")  # in the batch with the bad event, before it
    before_bad = position(ledger)
    bad = unreadable(ledger)
    admit(ledger, "Sample Member After")
    runner = ProjectionRunner(ledger.recorder, ledger.mapper, view)

    runner.run_once()

    assert view.position() == before_bad == bad - 1
    stall = view.stall()
    assert stall is not None
    assert runner.stalled == stall
    assert (stall.view_name, stall.position, stall.topic) == (
        "composition",
        bad,
        "assembly:Person.Registered",
    )
    assert "ValidationError" in stall.error
    assert runner.run_once() == 0
    assert view.position() == bad - 1  # stopped, not retrying
    async with api(view, sqlite_store) as http:
        health = await http.get("/healthz")
        composition = await http.get(
            "/bodies/assembly/composition", params={"on": str(DAY), "min_position": bad - 1}
        )
        persons = await http.get("/persons", params={"q": "sample member"})
        waiting = await http.get(
            "/bodies/assembly/composition", params={"on": str(DAY), "min_position": bad}
        )

    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["position"] == bad - 1
    assert health.json()["stalled"]["position"] == bad
    assert health.json()["stalled"]["topic"] == "assembly:Person.Registered"
    assert composition.status_code == 200
    assert composition.headers["X-View-Stalled"] == str(bad)
    assert members(composition) == ["Sample Member Before", "Sample Member Same Batch"]
    assert persons.status_code == 200
    assert persons.headers["X-View-Stalled"] == str(bad)
    assert waiting.status_code == 503
    assert waiting.json()["code"] == "view_stalled"
    assert f"position {bad}" in waiting.json()["detail"]


async def test_a_handler_failure_is_recorded_and_a_restart_with_the_fix_clears_it(
    sqlite: tuple[Ledger, CompositionView],
    sqlite_store: StoreSettings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ledger, view = sqlite
    admit(ledger, "Sample Member One")
    chosen = admit(ledger, "Sample Member Two")
    admit(ledger, "Sample Member Three")
    admitted: type[LedgerEvent] = Body.MemberAdmitted
    original = handlers.HANDLERS[admitted]

    def failing(run: Any, event: Any, pos: int) -> None:
        if pos == chosen:
            raise KeyError("a row this handler expected is not there")
        original(run, event, pos)

    monkeypatch.setitem(handlers.HANDLERS, admitted, failing)
    with caplog.at_level(logging.ERROR, logger="projections"):
        ProjectionRunner(ledger.recorder, ledger.mapper, view).run_once()

    assert view.position() == chosen - 1
    stall = view.stall()
    assert stall is not None
    assert stall.position == chosen
    assert stall.error == "KeyError: 'a row this handler expected is not there'"
    assert f"stopped at position {chosen}" in caplog.text
    async with api(view, sqlite_store) as http:
        degraded = await http.get("/healthz")
        served = await http.get("/bodies/assembly/composition", params={"on": str(DAY)})
    assert degraded.json()["status"] == "degraded"
    assert served.status_code == 200
    assert members(served) == ["Sample Member One"]

    ProjectionRunner(ledger.recorder, ledger.mapper, view).run_once()  # restarted, still broken
    assert view.position() == chosen - 1
    assert view.stall() is not None

    monkeypatch.setitem(handlers.HANDLERS, admitted, original)  # the fix is deployed
    ProjectionRunner(ledger.recorder, ledger.mapper, view).run_once()  # and the runner restarted

    assert view.position() == position(ledger)
    assert view.stall() is None
    async with api(view, sqlite_store) as http:
        healthy = await http.get("/healthz")
        whole = await http.get("/bodies/assembly/composition", params={"on": str(DAY)})
    assert healthy.json() == {"status": "ok", "position": position(ledger), "stalled": None}
    assert "X-View-Stalled" not in whole.headers
    assert len(members(whole)) == 3


def test_the_runner_keeps_running_idle_when_the_view_stops_and_stops_cleanly(
    sqlite: tuple[Ledger, CompositionView],
) -> None:
    ledger, view = sqlite
    bad = unreadable(ledger)
    runner = ProjectionRunner(ledger.recorder, ledger.mapper, view)
    stop, failures = threading.Event(), []

    def run() -> None:
        try:
            runner.run_forever(stop, idle=0.01)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            failures.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    stalled = threading.Event()
    for _ in range(500):
        if runner.stalled is not None:
            stalled.set()
            break
        stop.wait(0.01)
    alive = thread.is_alive()
    admit(ledger, "Sample Member Never Applied")
    stop.wait(0.1)
    stop.set()
    thread.join(timeout=5)

    assert stalled.is_set()
    assert alive
    assert not thread.is_alive()
    assert failures == []
    assert view.position() == bad - 1


def test_the_runner_run_once_exits_with_status_one_naming_the_position(
    sqlite_store: StoreSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with closing(open_ledger(sqlite_store)) as ledger:
        ledger.execute(EstablishBodies(), CLERK)
        bad = unreadable(ledger)
    monkeypatch.setenv("ASSEMBLY_STORE", "sqlite")
    monkeypatch.setenv("ASSEMBLY_DATA_DIR", str(sqlite_store.data_dir))

    with pytest.raises(SystemExit) as exited:
        main(["--once"])

    assert str(exited.value) == f"the composition view stopped at position {bad}"


# -- PostgreSQL: the case of the issue ------------------------------------------------------------


@pytest.mark.postgres
async def test_on_postgresql_an_act_number_with_a_nul_stops_the_view_not_the_stack(
    sqlite_store: StoreSettings,
) -> None:
    # What the ledger accepted before the text policy: an act built without validation.
    old_act = Act.model_construct(
        kind=ActKind.DECREE,
        issuer=Authority.PRESIDENT,
        number="SAMPLE-\x00-147",
        issued_on=DAY,
        title="",
    )
    with postgres_schema("stalled_view") as store, closing(open_ledger(store)) as ledger:
        ledger.execute(EstablishBodies(), CLERK)
        admit(ledger, "Sample Member Before Nul")
        bad = admit(ledger, "Sample Member With Nul", old_act)
        admit(ledger, "Sample Member After Nul")
        view = open_composition_view(store)
        runner = ProjectionRunner(ledger.recorder, ledger.mapper, view)

        runner.run_once()
        runner.run_once()

        assert view.position() == bad - 1
        stall = view.stall()
        assert stall is not None
        assert stall.position == bad
        assert stall.topic == "assembly:Body.MemberAdmitted"
        assert "NUL" in stall.error
        async with api(view, sqlite_store) as http:  # the verifiable log is not under test
            health = await http.get("/healthz")
            answer = await http.get("/bodies/assembly/composition", params={"on": str(DAY)})
        assert health.json()["status"] == "degraded"
        assert health.json()["stalled"]["position"] == bad
        assert answer.status_code == 200
        assert answer.headers["X-View-Stalled"] == str(bad)
        assert members(answer) == ["Sample Member Before Nul"]
