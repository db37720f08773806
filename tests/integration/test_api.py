"""The HTTP API against a real Temporal dev server, a SQLite ledger and a running projection."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4, uuid5

import httpx
import pytest
import pytest_asyncio
from temporalio.client import Client

from api.auth import LEGACY_NAMESPACE
from api.config import ApiSettings, Role, TokenGrant
from api.main import create_app
from api.processes import Processes
from audit.service import open_published_log
from domain.application import Ledger, Recorded
from domain.kernel.commands import Command
from domain.kernel.errors import ConcurrencyConflict, NotFound
from domain.kernel.values import Provenance
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from infra.sample import CANDIDATE, SampleLoader, seed
from infra.settings import StoreSettings
from projections.backends import open_composition_view
from projections.runner import ProjectionRunner
from tests.integration.conftest import running_worker
from workflows.settings import TemporalSettings

pytestmark = [pytest.mark.temporal, pytest.mark.asyncio(loop_scope="session")]

TOKENS = {
    "token-secretariat": TokenGrant(name="Sample Secretariat Officer", role=Role.SECRETARIAT),
    "token-auditor": TokenGrant(name="Sample Auditor", role=Role.AUDITOR),
    "token-reader": TokenGrant(name="Sample Reader", role=Role.READER),
}
SECRETARIAT = {"Authorization": "Bearer token-secretariat"}


@dataclass
class Api:
    http: httpx.AsyncClient
    ledger: Ledger

    async def person(self, name: str) -> str:
        """The id of a sample person, found through the register of persons."""
        found = (await self.http.get("/persons", params={"q": name})).json()["data"]
        assert [p["full_name"] for p in found] == [name]
        return str(found[0]["person_id"])


def settings() -> ApiSettings:
    return ApiSettings(api_host="127.0.0.1", api_port=0, api_tokens=TOKENS, view_wait_seconds=10)


@pytest_asyncio.fixture(loop_scope="session")
async def api(
    temporal_client: Client, ledger: Ledger, sqlite_store: StoreSettings
) -> AsyncIterator[Api]:
    seed(ledger)
    view = open_composition_view(sqlite_store)
    stop = threading.Event()
    feeder = threading.Thread(
        target=ProjectionRunner(ledger.recorder, ledger.mapper, view).run_forever,
        args=(stop,),
        kwargs={"idle": 0.01},
        daemon=True,
    )
    feeder.start()
    view.wait_for(ledger.recorder.max_notification_id() or 0, timeout=10)
    async with running_worker(temporal_client, ledger) as queue:
        temporal = TemporalSettings(task_queue=queue)
        app = create_app(
            settings(),
            view=view,
            processes=Processes(temporal, temporal_client),
            audit=open_published_log(sqlite_store),
        )
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as http:
                yield Api(http, ledger)
    stop.set()
    feeder.join(timeout=5)


PROPOSED_ON = date(2025, 5, 2)
_PROPOSALS: dict[tuple[int, str], UUID] = {}


def proposal(api: Api, person_id: str) -> UUID:
    """The Council's decision naming the person, from a real meeting of the sample Council (once
    per person); an unknown person gets one naming somebody else, so the ledger says who is not
    found."""
    key = (id(api.ledger), person_id)
    if key not in _PROPOSALS:
        try:
            api.ledger.require_person(UUID(person_id))
            named = UUID(person_id)
        except NotFound:
            named = next(iter(api.ledger.body("council").members_on(PROPOSED_ON)))
        (decision,) = SampleLoader(api.ledger).council_meeting(
            f"C-API-{len(_PROPOSALS)}",
            PROPOSED_ON,
            api.ledger.body("council").members_on(PROPOSED_ON),
            [(Matter.SENATE_CANDIDATES, "Sample proposal", Subject(persons=(named,)))],
        )
        _PROPOSALS[key] = decision
    return _PROPOSALS[key]


async def start(api: Api, person_id: str, key: str | None = None) -> httpx.Response:
    return await api.http.post(
        "/processes/senate-nominations",
        json={"person_id": person_id, "council_decision_id": str(proposal(api, person_id))},
        headers={**SECRETARIAT, "Idempotency-Key": key or f"start-{uuid4()}"},
    )


async def decide(
    api: Api, process_id: str, decree: str = "SAMPLE-D-7", key: str | None = None
) -> httpx.Response:
    return await api.http.post(
        f"/processes/senate-nominations/{process_id}/decision",
        json={"decision": "appoint", "decree": {"number": decree, "issued_on": "2025-05-12"}},
        headers={**SECRETARIAT, "Idempotency-Key": key or f"decide-{uuid4()}"},
    )


async def test_the_composition_of_the_council_and_the_senate_seats_is_served(api: Api) -> None:
    head = await api.http.get("/healthz")
    position = api.ledger.recorder.max_notification_id()
    council = await api.http.get(
        "/bodies/council/composition", params={"on": "2025-04-01", "min_position": position}
    )
    senate = await api.http.get("/bodies/senate_assembly_quota/composition?on=2025-04-01")

    assert head.status_code == 200
    assert council.status_code == 200
    assert len(council.json()["members"]) == 7
    assert all(m["person"]["sample"] for m in council.json()["members"])
    seats = senate.json()["posts"][0]
    assert (seats["seats"], len(seats["holders"]), seats["vacant"]) == (5, 4, 1)
    bodies = (await api.http.get("/bodies")).json()["data"]
    assert {b["code"] for b in bodies} >= {"assembly", "council", "senate_assembly_quota"}


async def test_a_nomination_started_through_the_api_ends_in_the_composition(api: Api) -> None:
    candidate = await api.person(CANDIDATE)
    proposal(api, candidate)  # the Council's meeting, recorded by the sample loader
    before = api.ledger.recorder.max_notification_id() or 0
    started = await start(api, candidate)
    assert started.status_code == 201, started.text
    assert started.json()["status"] == "awaiting_decision"

    decided = await decide(api, started.json()["id"])
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "appointed"

    senate = await api.http.get(
        "/bodies/senate_assembly_quota/composition",
        params={"on": "2025-05-12", "min_position": decided.json()["position"]},
    )
    holders = senate.json()["posts"][0]["holders"]
    assert CANDIDATE in [h["person"]["full_name"] for h in holders]
    assert senate.json()["posts"][0]["vacant"] == 0
    fetched = await api.http.get(f"/processes/senate-nominations/{started.json()['id']}")
    assert fetched.json()["status"] == "appointed"
    # every event records the principal's stable id beside its name (ADR 0017)
    recorded = (await api.http.get("/v1/audit/events", params={"after": before})).json()["data"]
    actors = {e["metadata"]["recorded_by"] for e in recorded}
    officer = uuid5(LEGACY_NAMESPACE, "Sample Secretariat Officer")
    assert len(recorded) >= 2
    assert actors == {f"principal:{officer} (Sample Secretariat Officer)"}


async def test_a_sixth_senator_is_refused_with_a_409_naming_paragraph_5_4(api: Api) -> None:
    fifth = await start(api, await api.person(CANDIDATE))
    await decide(api, fifth.json()["id"])
    sixth = await start(api, await api.person("Kairat Illustrov"))

    refused = await decide(api, sixth.json()["id"], decree="SAMPLE-D-8")

    assert refused.status_code == 409
    assert refused.json()["paragraph"] == "§5.4"
    assert refused.json()["code"] == "rule_violation"


def conflicting(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger refuses every command as a concurrency conflict, as under heavy contention."""

    def conflict(command: Command, provenance: Provenance) -> Recorded:
        raise ConcurrencyConflict(f"{command.command_name} kept conflicting (sample)")

    monkeypatch.setattr(api.ledger, "execute", conflict)


async def test_a_decision_that_kept_conflicting_is_a_503_to_send_again_after_retry_after(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = await start(api, await api.person(CANDIDATE))
    key = f"decide-{uuid4()}"
    conflicting(api, monkeypatch)

    refused = await decide(api, started.json()["id"], key=key)
    monkeypatch.undo()
    decided = await decide(api, started.json()["id"], key=key)

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["code"] == "concurrency_conflict"
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "appointed"


async def test_a_start_that_kept_conflicting_is_a_503_and_the_same_key_starts_it_later(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id, key = await api.person(CANDIDATE), f"start-{uuid4()}"
    proposal(api, person_id)  # the Council's meeting is held before the contention starts
    conflicting(api, monkeypatch)

    refused = await start(api, person_id, key)
    monkeypatch.undo()
    started = await start(api, person_id, key)

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["code"] == "concurrency_conflict"
    assert started.status_code == 201, started.text
    assert started.json()["status"] == "awaiting_decision"
    assert started.json()["council_decision_id"] == str(proposal(api, person_id))


async def test_the_same_idempotency_key_starts_one_process(api: Api) -> None:
    key = f"start-{uuid4()}"
    first = await start(api, await api.person(CANDIDATE), key)
    second = await start(api, await api.person(CANDIDATE), key)
    other = await start(api, await api.person("Madina Sketchova"), key)

    assert first.json()["id"] == second.json()["id"]
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"


WRITES = [
    ("POST", "/processes/senate-nominations"),
    ("POST", "/processes/senate-nominations/senate-nomination-x/decision"),
]
READS = [
    ("GET", "/healthz"),
    ("GET", "/persons?q=sample"),
    ("GET", "/bodies"),
    ("GET", "/bodies/assembly/composition"),
]
ROLES = {
    "anonymous": {},
    "reader": {"Authorization": "Bearer token-reader"},
    "auditor": {"Authorization": "Bearer token-auditor"},
    "forged": {"Authorization": "Bearer not-a-token"},
}


@pytest.mark.parametrize(("method", "path"), WRITES)
@pytest.mark.parametrize("role", list(ROLES))
async def test_only_the_secretariat_may_write(api: Api, method: str, path: str, role: str) -> None:
    response = await api.http.request(
        method, path, json={}, headers={**ROLES[role], "Idempotency-Key": "k" * 10}
    )
    assert response.status_code == (403 if role in {"reader", "auditor"} else 401)


@pytest.mark.parametrize(("method", "path"), READS)
@pytest.mark.parametrize("role", list(ROLES))
async def test_everyone_may_read(api: Api, method: str, path: str, role: str) -> None:
    response = await api.http.request(method, path, headers=ROLES[role])
    assert response.status_code == 200


async def test_bad_input_gets_a_typed_4xx(api: Api) -> None:
    no_decree = await api.http.post(
        "/processes/senate-nominations/x/decision",
        json={"decision": "appoint"},
        headers={**SECRETARIAT, "Idempotency-Key": "k" * 10},
    )
    no_key = await api.http.post(
        "/processes/senate-nominations",
        json={"person_id": str(uuid4()), "council_decision_id": str(uuid4())},
        headers=SECRETARIAT,
    )
    typed_proposal = await api.http.post(
        "/processes/senate-nominations",
        json={
            "person_id": str(uuid4()),
            "proposal": {"number": "SAMPLE-C-1", "issued_on": "2025-05-02"},
        },
        headers={**SECRETARIAT, "Idempotency-Key": "typed-proposal-1"},
    )
    huge_offset = await api.http.get("/persons?offset=9223372036854775808")
    year_one = await api.http.get(
        "/bodies/assembly/composition", params={"as_known_at": "0001-01-01T00:00:00+05:00"}
    )
    year_last = await api.http.get(
        "/bodies/assembly/composition", params={"as_known_at": "9999-12-31T23:59:59-05:00"}
    )
    far_position = await api.http.get("/bodies/assembly/composition?min_position=" + "9" * 20)
    naive_time = await api.http.get("/bodies/assembly/composition?as_known_at=2025-01-01T00:00:00")
    unknown_body = await api.http.get("/bodies/nowhere/composition")
    unknown_process = await api.http.get("/processes/senate-nominations/senate-nomination-none")
    unknown_person = await start(api, str(uuid4()))
    unregistered = await api.http.get(f"/persons/{uuid4()}")
    malformed_id = await api.http.get("/persons/not-a-uuid")

    assert (no_decree.status_code, no_decree.json()["code"]) == (422, "invalid_request")
    assert no_key.status_code == 422
    assert typed_proposal.status_code == 422  # a Council proposal is its decision, never typed
    absurd = (huge_offset, year_one, year_last, far_position)
    assert [r.status_code for r in absurd] == [422, 422, 422, 422]
    assert naive_time.status_code == 422
    assert unknown_body.status_code == 404
    assert unknown_process.status_code == 404
    assert unknown_person.status_code == 201
    assert unknown_person.json()["status"] == "rejected"
    assert unknown_person.json()["refusal"]["code"] == "not_found"
    assert unregistered.status_code == 404
    assert malformed_id.status_code == 422


async def test_the_openapi_document_describes_every_route(api: Api) -> None:
    paths = (await api.http.get("/openapi.json")).json()["paths"]
    assert set(paths) >= {
        "/healthz",
        "/bodies",
        "/bodies/{code}/composition",
        "/persons",
        "/persons/{person_id}",
        "/processes/senate-nominations",
        "/processes/senate-nominations/{process_id}/decision",
        "/processes/senate-nominations/{process_id}",
    }


async def test_processes_answer_503_when_temporal_is_unreachable(
    ledger: Ledger, sqlite_store: StoreSettings
) -> None:
    unreachable = Processes(TemporalSettings(temporal_address="127.0.0.1:1"))
    app = create_app(
        settings(),
        view=open_composition_view(sqlite_store),
        processes=unreachable,
        audit=open_published_log(sqlite_store),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as http:
            response = await http.get("/processes/senate-nominations/anything")
            reads = await http.get("/bodies")
    assert response.status_code == 503
    assert response.json()["code"] == "temporal_unavailable"
    assert reads.status_code == 200


async def test_no_body_is_read_before_its_credential_and_none_beyond_the_limit(api: Api) -> None:
    huge = b"{" + b" " * (3 * 1_048_576) + b"}"  # over the 1 MiB limit
    read: list[int] = []

    async def counted() -> AsyncIterator[bytes]:
        for start in range(0, len(huge), 65_536):
            read.append(start)
            yield huge[start : start + 65_536]

    anonymous = await api.http.post("/processes/senate-nominations", content=counted())
    read_anonymously = len(read)
    too_large = await api.http.post(
        "/processes/senate-nominations",
        content=huge,
        headers={**SECRETARIAT, "Idempotency-Key": "too-large-0001"},
    )

    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthorized"
    assert read_anonymously <= 1  # at most the first chunk was produced, none was parsed
    assert too_large.status_code == 413
    assert too_large.json()["code"] == "body_too_large"
