"""Where the Temporal service is, read from `ASSEMBLY_*` environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class TemporalSettings(BaseSettings):
    """The Temporal frontend, namespace and task queue of the ledger's workflows."""

    model_config = SettingsConfigDict(env_prefix="ASSEMBLY_", extra="ignore")

    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    task_queue: str = "assembly-ledger"
