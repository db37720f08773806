"""The auditor's routes: the event stream with leaf hashes, checkpoints, proofs and tiles,
each checked with the verifiable-log primitives against the published key."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio

from api.config import ApiSettings
from api.main import create_app
from api.processes import Processes
from audit.appender import Appender
from audit.checkpoints import sign_checkpoint
from audit.service import PublishedLog, open_published_log
from domain.application import Ledger
from infra.settings import StoreSettings
from projections.backends import open_composition_view
from tests.support.samples import register
from transparency.checkpoint import open_checkpoint
from transparency.merkle import verify_consistency, verify_inclusion
from transparency.note import Ed25519Verifier
from transparency.tiles import Tile, inclusion_proof_from_tiles
from workflows.settings import TemporalSettings


@dataclass
class Audit:
    http: httpx.AsyncClient
    ledger: Ledger
    log: PublishedLog


def grow(audit: PublishedLog, ledger: Ledger, people: int) -> int:
    """Record `people` persons, append them to the tree and sign; the new tree size."""
    for n in range(people):
        register(ledger, f"Sample Audited Person {n}")
    Appender(ledger.recorder, audit.tlog).run_once()
    checkpoint = sign_checkpoint(audit.tlog, audit.signer)
    assert checkpoint is not None
    return checkpoint.size


@pytest_asyncio.fixture(loop_scope="session")
async def audit(ledger: Ledger, sqlite_store: StoreSettings) -> AsyncIterator[Audit]:
    log = open_published_log(sqlite_store)
    unreachable = Processes(TemporalSettings(temporal_address="127.0.0.1:1"))
    app = create_app(
        ApiSettings(), view=open_composition_view(sqlite_store), processes=unreachable, audit=log
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as http:
            yield Audit(http, ledger, log)
    log.close()


async def verifier(audit: Audit) -> Ed25519Verifier:
    key = (await audit.http.get("/v1/audit/key")).text
    return Ed25519Verifier.from_vkey(key)


async def test_the_stream_gives_every_event_with_its_metadata_and_leaf(audit: Audit) -> None:
    size = grow(audit.log, audit.ledger, 3)

    page = (await audit.http.get("/v1/audit/events", params={"after": 0, "limit": 1000})).json()

    assert page["tree_size"] == size == len(page["data"])
    kinds = {e["kind"] for e in page["data"]}
    assert kinds == {"regulation", "bookkeeping"} or kinds == {"regulation"}
    registered = [e for e in page["data"] if e["topic"] == "assembly:Person.Registered"]
    assert len(registered) == 3
    assert registered[0]["metadata"]["recorded_by"]
    assert {"timestamp", "effective_on", "paragraph"} <= set(registered[0]["metadata"])
    assert [e["leaf_index"] for e in page["data"]] == list(range(size))


async def test_an_inclusion_proof_verifies_against_the_signed_checkpoint(audit: Audit) -> None:
    size = grow(audit.log, audit.ledger, 5)
    note = (await audit.http.get("/v1/audit/checkpoints/latest")).content
    checkpoint, _ = open_checkpoint(note, [await verifier(audit)])
    events = (await audit.http.get("/v1/audit/events", params={"limit": 1000})).json()["data"]

    for event in events[:: max(1, size // 7)]:
        answer = await audit.http.get(
            "/v1/audit/proofs/inclusion",
            params={"position": event["position"], "tree_size": checkpoint.size},
        )
        proof = answer.json()
        hashes = [base64.b64decode(h) for h in proof["hashes_b64"]]
        leaf = base64.b64decode(event["leaf_hash_b64"])
        verify_inclusion(leaf, proof["leaf_index"], checkpoint.size, hashes, checkpoint.root_hash)
        assert len(hashes) <= max(1, (checkpoint.size - 1).bit_length()) + 1


async def test_a_consistency_proof_links_two_checkpoints(audit: Audit) -> None:
    first = grow(audit.log, audit.ledger, 2)
    second = grow(audit.log, audit.ledger, 4)
    key = await verifier(audit)
    old, _ = open_checkpoint(
        (await audit.http.get(f"/v1/audit/checkpoints/{first}")).content, [key]
    )
    new, _ = open_checkpoint(
        (await audit.http.get(f"/v1/audit/checkpoints/{second}")).content, [key]
    )

    proof = (
        await audit.http.get(
            "/v1/audit/proofs/consistency", params={"first": first, "second": second}
        )
    ).json()

    hashes = [base64.b64decode(h) for h in proof["hashes_b64"]]
    verify_consistency(first, second, hashes, old.root_hash, new.root_hash)
    sizes = (await audit.http.get("/v1/audit/checkpoints")).json()
    assert sizes["latest"] == second
    assert first in sizes["sizes"]


async def test_a_tile_client_rebuilds_an_inclusion_proof_from_the_served_tiles(
    audit: Audit,
) -> None:
    size = grow(audit.log, audit.ledger, 6)
    assert size < 256  # one partial tile at level 0 holds every leaf hash
    path = f"tile/0/000.p/{size}"
    answer = await audit.http.get(f"/v1/log/{path}")
    tiles = {path: answer.content}

    class Served:
        """A tile reader over what the API served."""

        def read_tile(self, tile: Tile) -> bytes:
            return tiles[tile.path()]

    direct = (
        await audit.http.get(
            "/v1/audit/proofs/inclusion", params={"position": 1, "tree_size": size}
        )
    ).json()
    from_tiles = inclusion_proof_from_tiles(Served(), 0, size)

    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=5"  # partial: it will grow
    assert len(answer.content) == 32 * size
    assert [base64.b64encode(h).decode() for h in from_tiles] == direct["hashes_b64"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/audit/proofs/inclusion", {"position": 10**9, "tree_size": 1}),
        ("/v1/audit/proofs/consistency", {"first": 5, "second": 10**9}),
        ("/v1/audit/checkpoints/999999", {}),
        ("/v1/log/tile/0/x999/999", {}),
        ("/v1/log/tile/nonsense", {}),
    ],
)
async def test_what_the_tree_does_not_hold_is_a_404_problem(
    audit: Audit, path: str, params: dict[str, int]
) -> None:
    grow(audit.log, audit.ledger, 1)

    answer = await audit.http.get(path, params=params)

    assert answer.status_code == 404
    assert answer.json()["status"] == 404
