"""API settings, read from `ASSEMBLY_*` environment variables."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Role(StrEnum):
    """What a caller may do."""

    READER = "reader"
    AUDITOR = "auditor"
    SECRETARIAT = "secretariat"


class TokenGrant(BaseModel):
    """Who a bearer token stands for."""

    name: str = Field(min_length=1)
    role: Role


class ApiSettings(BaseSettings):
    """Where the API listens and whom it trusts."""

    model_config = SettingsConfigDict(env_prefix="ASSEMBLY_", extra="ignore")

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_tokens: dict[str, TokenGrant] = Field(default_factory=dict)
    view_wait_seconds: float = Field(default=5.0, gt=0, le=60)
    #: The largest request body read, after its credential is checked (api/body_guard.py).
    max_body_bytes: int = Field(default=1_048_576, ge=1024, le=64 * 1_048_576)
