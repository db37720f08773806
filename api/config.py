"""API settings, read from `ASSEMBLY_*` environment variables."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Role(StrEnum):
    """What a caller may do. Anonymous callers read; no credential is needed for that."""

    #: Reads only, as anonymous callers do; kept so that existing credentials stay valid.
    READER = "reader"
    AUDITOR = "auditor"
    SECRETARIAT = "secretariat"
    #: Issues, rotates and revokes credentials (`/v1/admin/credentials`); records no acts.
    ADMINISTRATOR = "administrator"


class TokenGrant(BaseModel):
    """Who a bearer token stands for (deprecated `ASSEMBLY_API_TOKENS`, see ADR 0017)."""

    name: str = Field(min_length=1)
    role: Role


class ApiSettings(BaseSettings):
    """Where the API listens and whom it trusts."""

    model_config = SettingsConfigDict(env_prefix="ASSEMBLY_", extra="ignore")

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    #: Deprecated (ADR 0017): tokens in the environment. Credentials live in the credential
    #: store (`python -m api.credentials`); `make run` never passes this to its children.
    api_tokens: dict[str, TokenGrant] = Field(default_factory=dict)
    view_wait_seconds: float = Field(default=5.0, gt=0, le=60)
    #: The largest request body read, after its credential is checked (api/body_guard.py).
    max_body_bytes: int = Field(default=1_048_576, ge=1024, le=64 * 1_048_576)
    #: Failed authentications one client address may make within the window before 429.
    auth_failure_limit: int = Field(default=10, ge=1)
    auth_failure_window_seconds: float = Field(default=60.0, gt=0, le=86_400)
