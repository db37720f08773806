"""The API's composition root: `create_app()` wires views, processes, routes and errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.auth import Authenticator
from api.body_guard import BodyGuard
from api.config import ApiSettings
from api.credentials.store import CredentialStore, open_credential_store
from api.errors import install_error_handlers
from api.processes import Processes
from api.routes import admin, bodies, health, log_tiles, nominations, persons
from api.routes import audit as audit_routes
from audit.service import PublishedLog, open_published_log
from infra.settings import StoreSettings
from projections.backends import open_composition_view
from projections.composition import CompositionView
from workflows.settings import TemporalSettings

DESCRIPTION = """
Who holds which post and sits on which body of the Assembly of the People of Kazakhstan, on any
date, recorded as immutable events under the Regulation approved by Decree No. 747 of
27 December 2024; and the Secretariat's processes that record new acts. Refusals name the
paragraph of the Regulation they rest on.
"""


def create_app(
    settings: ApiSettings | None = None,
    *,
    view: CompositionView | None = None,
    processes: Processes | None = None,
    audit: PublishedLog | None = None,
    credentials: CredentialStore | None = None,
) -> FastAPI:
    """The FastAPI application; tests pass their own view, processes, log and credentials."""
    api_settings = settings or ApiSettings()
    authenticator = Authenticator(api_settings, credentials)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = api_settings
        app.state.view = view or open_composition_view(StoreSettings())
        app.state.processes = processes or Processes(TemporalSettings())
        app.state.audit = audit or open_published_log(StoreSettings())
        # Opened on first use, so a test on deprecated grants alone never creates the file.
        store = credentials or open_credential_store(StoreSettings())
        authenticator.store = store
        app.state.credentials = store
        app.state.authenticator = authenticator
        try:
            yield
        finally:
            if credentials is None:
                store.close()

    app = FastAPI(
        title="Assembly Ledger",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.add_middleware(BodyGuard, authenticator=authenticator)
    app.include_router(health.router)
    app.include_router(bodies.router)
    app.include_router(persons.router)
    app.include_router(nominations.router)
    app.include_router(audit_routes.router)
    app.include_router(log_tiles.router)
    app.include_router(admin.router)
    return app
