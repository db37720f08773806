"""Where the ledger keeps its events, read from `ASSEMBLY_*` environment variables.

The prefix is not `LEDGER_`: the eventsourcing library lets `LEDGER_*` variables override the
application's own configuration, and these settings must stay the single source of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

StoreKind = Literal["sqlite", "postgres", "memory"]


class StoreSettings(BaseSettings):
    """The event store and view database: SQLite files by default, PostgreSQL for scale."""

    model_config = SettingsConfigDict(env_prefix="ASSEMBLY_", extra="ignore")

    store: StoreKind = "sqlite"
    data_dir: Path = Path("data")
    postgres_host: str = "127.0.0.1"
    postgres_port: int = 5432
    postgres_user: str = "postgres"
    postgres_password: str = ""
    postgres_dbname: str = "assembly_ledger"
    postgres_schema: str = "public"
    postgres_pool_size: int = Field(default=5, ge=1)
    aggregate_cache_size: int = Field(default=4096, ge=0)

    @property
    def events_path(self) -> Path:
        """The SQLite file of the event store."""
        return self.data_dir / "events.sqlite"

    @property
    def views_path(self) -> Path:
        """The SQLite file of the read models."""
        return self.data_dir / "views.sqlite"

    def ledger_env(self) -> dict[str, str]:
        """The eventsourcing environment for the ledger application."""
        env = {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache_size)}
        if self.store == "memory":
            env["PERSISTENCE_MODULE"] = "infra.recorders:CheckedPOPOFactory"
        elif self.store == "sqlite":
            self.data_dir.mkdir(parents=True, exist_ok=True)
            env["PERSISTENCE_MODULE"] = "infra.recorders:CheckedSQLiteFactory"
            env["SQLITE_DBNAME"] = str(self.events_path)
            env["SQLITE_LOCK_TIMEOUT"] = "10"
        else:
            env.update(self.postgres_env())
            env["PERSISTENCE_MODULE"] = "infra.recorders:CheckedPostgresFactory"
        return env

    def postgres_env(self) -> dict[str, str]:
        """The eventsourcing PostgreSQL settings."""
        return {
            "POSTGRES_HOST": self.postgres_host,
            "POSTGRES_PORT": str(self.postgres_port),
            "POSTGRES_USER": self.postgres_user,
            "POSTGRES_PASSWORD": self.postgres_password,
            "POSTGRES_DBNAME": self.postgres_dbname,
            "POSTGRES_SCHEMA": self.postgres_schema,
            "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
            "POSTGRES_CONNECT_TIMEOUT": "10",
        }
