"""The one registry of command handlers: every concept's table, merged."""

from __future__ import annotations

from domain.composition import correction_handlers
from domain.composition import handlers as composition
from domain.composition.opening_balance import handlers as opening_balance
from domain.documents import handlers as documents
from domain.expert_council import handlers as expert_council
from domain.secretariat import handlers as secretariat
from domain.sittings import handlers as sittings

HANDLERS = composition.handlers.merge(
    correction_handlers.handlers,
    opening_balance.handlers,
    sittings.handlers,
    documents.handlers,
    secretariat.handlers,
    expert_council.handlers,
)
