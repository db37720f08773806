"""The `ledger` fixture: one established ledger per store kind, and more instances on that store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from domain.application import Ledger
from domain.composition.commands import EstablishBodies
from infra.settings import StoreKind
from tests.support.samples import CLERK
from tests.support.stores import LedgerStore, store_settings

STORE = pytest.StashKey[LedgerStore]()


@pytest.fixture(
    params=[
        pytest.param("memory"),
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """An established ledger on a fresh store of each kind."""
    kind: StoreKind = request.param
    with ExitStack() as stack:
        store = LedgerStore(kind, store_settings(kind, tmp_path, stack))
        stack.callback(store.close)  # runs before the PostgreSQL schema is dropped
        first = store.open()
        first.execute(EstablishBodies(), CLERK)
        request.node.stash[STORE] = store
        yield first


@pytest.fixture
def store(ledger: Ledger, request: pytest.FixtureRequest) -> LedgerStore:
    """The store the `ledger` fixture opened, to open further instances on it."""
    found: LedgerStore = request.node.stash[STORE]
    return found
