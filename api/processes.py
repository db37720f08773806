"""The API's connection to Temporal, opened on first use so reads never wait for it."""

from __future__ import annotations

import asyncio

from temporalio.client import Client

from workflows.client import SenateNominations
from workflows.settings import TemporalSettings
from workflows.worker import connect


class TemporalUnavailable(Exception):
    """Temporal could not be reached; processes cannot be started or driven now."""


class Processes:
    """Lazily connects to Temporal and hands out the process clients."""

    def __init__(self, settings: TemporalSettings, client: Client | None = None) -> None:
        self.settings = settings
        self._client = client
        self._lock = asyncio.Lock()

    async def client(self) -> Client:
        """The Temporal client, connecting on first use."""
        async with self._lock:
            if self._client is None:
                try:
                    self._client = await connect(self.settings)
                except RuntimeError as error:  # the SDK's connection failure
                    raise TemporalUnavailable(str(error)) from error
            return self._client

    async def senate_nominations(self) -> SenateNominations:
        """The Senate nomination process client."""
        return SenateNominations(await self.client(), self.settings.task_queue)
