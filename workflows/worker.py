"""The worker process: runs the workflows and the activities that write to the ledger."""

from __future__ import annotations

import asyncio
import logging
import signal
from concurrent.futures import ThreadPoolExecutor

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from domain.application import Ledger
from domain.composition.commands import EstablishBodies
from domain.kernel.values import Provenance
from infra.settings import StoreSettings
from infra.storage import open_ledger
from workflows.activities import LedgerActivities
from workflows.senate_nomination import SenateNomination
from workflows.settings import TemporalSettings

WORKFLOWS = [SenateNomination]
log = logging.getLogger("workflows.worker")


async def connect(settings: TemporalSettings) -> Client:
    """A Temporal client that carries pydantic payloads."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
    )


def build_worker(
    client: Client, ledger: Ledger, task_queue: str, executor: ThreadPoolExecutor
) -> Worker:
    """A worker for every ledger workflow, its activities bound to `ledger`."""
    activities = LedgerActivities(ledger)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=[
            activities.record_nomination,
            activities.record_appointment,
            activities.record_declination,
        ],
        activity_executor=executor,
        max_concurrent_activities=executor._max_workers,
    )


async def serve(store: StoreSettings, temporal: TemporalSettings) -> None:
    """Run the worker until SIGINT or SIGTERM."""
    ledger = open_ledger(store)
    ledger.execute(EstablishBodies(), Provenance(recorded_by="system:worker"))
    client = await connect(temporal)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    with ThreadPoolExecutor(max_workers=8, thread_name_prefix="activity") as executor:
        worker = build_worker(client, ledger, temporal.task_queue, executor)
        async with worker:
            log.info("worker polling %s on %s", temporal.task_queue, temporal.temporal_address)
            await stop.wait()
    ledger.close()


def main() -> None:
    """`python -m workflows.worker`."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    asyncio.run(serve(StoreSettings(), TemporalSettings()))


if __name__ == "__main__":
    main()
