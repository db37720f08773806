"""Text that cannot break the stores, at the edges: the API answers 422, never 500, and on
PostgreSQL a NUL that its text columns cannot keep is refused before the store (docs/adr/0012)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from typing import cast
from uuid import uuid4

import httpx
import psycopg
import pytest
import pytest_asyncio
from pydantic import ValidationError
from temporalio.client import Client
from temporalio.exceptions import ApplicationError

from api.config import ApiSettings, Role, TokenGrant
from api.main import create_app
from api.processes import Processes
from audit.service import open_published_log
from domain.application import Ledger
from domain.composition.commands import AdmitMember, EstablishBodies
from domain.kernel.values import Act
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.runner import ProjectionRunner
from tests.support.samples import CLERK, DAY, position, register
from tests.support.stores import postgres_schema
from workflows.activities import LedgerActivities
from workflows.inputs import ActPayload, RecordAppointment
from workflows.settings import TemporalSettings

SECRETARIAT = {"Authorization": "Bearer token-secretariat", "Idempotency-Key": "text-input-0001"}


@pytest.fixture
def stocked(store: StoreSettings) -> Iterator[tuple[Ledger, StoreSettings]]:
    """A ledger with its bodies and one sample person, on SQLite or PostgreSQL."""
    with closing(open_ledger(store)) as ledger:
        ledger.execute(EstablishBodies(), CLERK)
        register(ledger, "Sample Person Searched")
        yield ledger, store


@pytest_asyncio.fixture(loop_scope="session")
async def http(
    stocked: tuple[Ledger, StoreSettings], sqlite_store: StoreSettings
) -> AsyncIterator[httpx.AsyncClient]:
    """The API on the ledger's view; no process is ever reached by refused input."""
    ledger, store = stocked
    view = open_composition_view(store)
    ProjectionRunner(ledger.recorder, ledger.mapper, view).run_once()
    settings = ApiSettings(
        api_tokens={"token-secretariat": TokenGrant(name="Sample Officer", role=Role.SECRETARIAT)}
    )
    # A client that fails on any use: the refusals below must come before any process.
    processes = Processes(TemporalSettings(), client=cast("Client", object()))
    log = open_published_log(sqlite_store)
    app = create_app(settings, view=view, processes=processes, audit=log)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as client:
            yield client
    log.close()


def assert_refused(answer: httpx.Response, field: str) -> None:
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["code"] == "invalid_request"
    assert field in problem["detail"], problem["detail"]


async def test_a_search_with_a_nul_is_a_422_naming_the_parameter(http: httpx.AsyncClient) -> None:
    found = await http.get("/persons", params={"q": "searched"})
    refused = await http.get("/persons", params={"q": "Sample\x00"})

    assert [p["full_name"] for p in found.json()["data"]] == ["Sample Person Searched"]
    assert_refused(refused, "query.q")


async def test_a_body_code_with_a_control_character_is_a_422(http: httpx.AsyncClient) -> None:
    answer = await http.get("/bodies/council%00/composition")

    assert_refused(answer, "path.code")


@pytest.mark.parametrize(
    ("decree", "field"),
    [
        ({"number": "D-\u0000", "issued_on": "2025-05-02"}, "body.decree.number"),
        ({"number": "D-\u001b[2J", "issued_on": "2025-05-02"}, "body.decree.number"),
        ({"number": "D-15", "issued_on": "2025-05-02", "title": "T" * 10_000}, "decree.title"),
        ({"number": "D-\ud800", "issued_on": "2025-05-02"}, "body.decree.number"),
    ],
    ids=["nul", "escape", "ten-thousand-character-title", "lone-surrogate"],
)
async def test_a_decree_with_unstorable_text_is_a_422_before_any_process(
    http: httpx.AsyncClient,
    stocked: tuple[Ledger, StoreSettings],
    decree: dict[str, str],
    field: str,
) -> None:
    ledger, _ = stocked
    before = position(ledger)
    body = json.dumps({"decision": "appoint", "decree": decree})  # \ud800 stays escaped

    answer = await http.post(
        "/processes/senate-nominations/some-process/decision",
        content=body,
        headers={**SECRETARIAT, "Content-Type": "application/json"},
    )

    assert_refused(answer, field)
    assert position(ledger) == before


async def test_a_declination_whose_reason_carries_a_control_character_is_a_422(
    http: httpx.AsyncClient,
) -> None:
    answer = await http.post(
        "/processes/senate-nominations/some-process/decision",
        json={"decision": "decline", "reason": "not\x07appointed"},
        headers=SECRETARIAT,
    )

    assert_refused(answer, "body.reason")


# -- PostgreSQL -----------------------------------------------------------------------------------


@pytest.fixture
def on_postgres() -> Iterator[tuple[Ledger, StoreSettings]]:
    with postgres_schema("text_input") as store, closing(open_ledger(store)) as ledger:
        ledger.execute(EstablishBodies(), CLERK)
        yield ledger, store


@pytest.mark.postgres
def test_on_postgresql_a_nul_in_an_act_number_is_refused_before_the_store(
    on_postgres: tuple[Ledger, StoreSettings],
) -> None:
    ledger, store = on_postgres
    person = register(ledger, "Sample Member Nul")
    before = position(ledger)
    act = {"kind": "decree", "issuer": "president", "number": "SAMPLE-\x00-1", "issued_on": DAY}

    # What PostgreSQL text columns cannot keep, and the views keep act numbers in them.
    with psycopg.connect(
        host=store.postgres_host, port=store.postgres_port, user=store.postgres_user,
        dbname=store.postgres_dbname,
    ) as connection, pytest.raises(psycopg.DataError, match="NUL"):  # fmt: skip
        connection.execute("SELECT %s::text", ("SAMPLE-\x00-1",))
    with pytest.raises(ValidationError, match="U\\+0000"):
        ledger.execute(
            AdmitMember(
                body="assembly", person_id=person, act=Act.model_validate(act), starts_on=DAY
            ),
            CLERK,
        )
    with pytest.raises(ValidationError, match=r"act\.number"):
        AdmitMember.model_validate(
            {"body": "assembly", "person_id": person, "act": act, "starts_on": DAY}
        )
    step = RecordAppointment(
        post="senator",
        person_id=person,
        nomination_id=uuid4(),
        act=ActPayload(kind="decree", issuer="president", number="D-\x00", issued_on=DAY),
        starts_on=DAY,
        recorded_by="Sample Secretariat Officer",
        idempotency_key="postgres-nul-0001",
    )
    with pytest.raises(ApplicationError, match="U\\+0000") as caught:
        LedgerActivities(ledger).record_appointment(step)

    assert caught.value.type == "InvalidCommand"
    assert position(ledger) == before
