"""Composition reads per second from the real API, beside a bare FastAPI JSON endpoint."""

from __future__ import annotations

import itertools
import json
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bench import stores
from bench.bare_app import BODY_FILE
from bench.figures import Figure, Timed, compared, interleaved
from bench.servers import UVICORN_OPTIONS, served
from infra.sample import seed
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.runner import ProjectionRunner

PATH = "/bodies/assembly/composition"
PARAMS = {"on": "2025-04-01"}
READY = PATH + "?on=2025-04-01"
CONCURRENCY = 8
LATER = datetime(2100, 1, 1, tzinfo=UTC)  # after everything recorded: the same rows as now
WARM_UP = 100


def seeded_data_dir(root: Path) -> Path:
    """A data directory holding the sample ledger and its composition view, caught up."""
    settings = stores.sqlite_settings(root / "data")
    ledger = open_ledger(settings)
    try:
        seed(ledger)
        ProjectionRunner(ledger.recorder, ledger.mapper, open_composition_view(settings)).run_once()
    finally:
        ledger.close()
    return settings.data_dir


def api_env(data_dir: Path) -> dict[str, str]:
    """The real API's environment: the SQLite store in `data_dir`, an unreachable Temporal."""
    return {
        **stores.isolated_environment(),
        "ASSEMBLY_STORE": "sqlite",
        "ASSEMBLY_DATA_DIR": str(data_dir),
        "ASSEMBLY_TEMPORAL_ADDRESS": "127.0.0.1:1",  # reads never touch Temporal
    }


@contextmanager
def servers(root: Path) -> Iterator[tuple[str, str, int]]:
    """The real API and the bare app serving its captured body: both URLs and the body's size."""
    with ExitStack() as stack:
        env = api_env(seeded_data_dir(root))
        api = stack.enter_context(
            served("api.main:create_app", env, root / "api.log", READY, factory=True)
        )
        body = httpx.get(api + PATH, params=PARAMS).raise_for_status().content
        (root / "body.json").write_bytes(body)
        bare_env = {**stores.isolated_environment(), BODY_FILE: str(root / "body.json")}
        bare = stack.enter_context(served("bench.bare_app:app", bare_env, root / "bare.log", READY))
        if json.loads(httpx.get(bare + PATH, params=PARAMS).content) != json.loads(body):
            raise RuntimeError("the bare app does not answer the real endpoint's body")
        yield api, bare, len(body)


def _check(response: httpx.Response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"GET {response.url} answered {response.status_code}")


def sequential(client: httpx.Client) -> Timed:
    """Reads one after another on one keep-alive connection."""

    def run(count: int) -> float:
        started = time.perf_counter()
        for _ in range(count):
            _check(client.get(PATH, params=PARAMS))
        return time.perf_counter() - started

    return run


def distinct(client: httpx.Client) -> Timed:
    """Reads one after another, each asking as known at a new instant: never a repeated question."""
    instants = itertools.count()

    def run(count: int) -> float:
        questions = [
            {**PARAMS, "as_known_at": (LATER + timedelta(microseconds=next(instants))).isoformat()}
            for _ in range(count)
        ]
        started = time.perf_counter()
        for params in questions:
            _check(client.get(PATH, params=params))
        return time.perf_counter() - started

    return run


@contextmanager
def concurrent(url: str, connections: int = CONCURRENCY) -> Iterator[Timed]:
    """Reads from `connections` threads at once, each with its own keep-alive connection."""
    with ExitStack() as stack:
        pool = stack.enter_context(ThreadPoolExecutor(connections, thread_name_prefix="reader"))
        clients = [stack.enter_context(httpx.Client(base_url=url)) for _ in range(connections)]

        def read(client: httpx.Client, share: int) -> None:
            for _ in range(share):
                _check(client.get(PATH, params=PARAMS))

        def run(count: int) -> float:
            shares = [count // connections + (i < count % connections) for i in range(connections)]
            list(pool.map(read, clients, [1] * connections))  # every connection open and warm
            started = time.perf_counter()
            list(pool.map(read, clients, shares))
            return time.perf_counter() - started

        yield run


def measure(n: int, rounds: int = 5, connections: int = CONCURRENCY) -> list[Figure]:
    """Composition reads/s, sequential and concurrent, beside the bare endpoint."""
    with (
        tempfile.TemporaryDirectory(prefix="bench-reads-") as tmp,
        servers(Path(tmp)) as (api, bare, size),
        httpx.Client(base_url=api) as api_client,
        httpx.Client(base_url=bare) as bare_client,
        concurrent(api, connections) as api_many,
        concurrent(bare, connections) as bare_many,
    ):
        warm = min(WARM_UP, n)
        for run in (sequential(api_client), sequential(bare_client)):
            run(warm)
        one = interleaved(sequential(api_client), sequential(bare_client), n, rounds)
        many = interleaved(api_many, bare_many, n, rounds)
        fresh = interleaved(distinct(api_client), distinct(bare_client), max(n // 3, 1), rounds)
    note = (
        f"GET {PATH}?on={PARAMS['on']} ({size} B), httpx keep-alive; both servers:"
        f" python -m uvicorn {' '.join(UVICORN_OPTIONS)}"
    )
    uncached = compared("composition reads/s, uncached", "reads/s", fresh, max(n // 3, 1))
    return [
        replace(compared("composition reads/s, 1 connection", "reads/s", one, n), note=note),
        replace(
            compared(f"composition reads/s, {connections} connections", "reads/s", many, n),
            note=note,
        ),
        replace(uncached, target=None, note="1 connection, a new as_known_at each: no reuse"),
    ]
