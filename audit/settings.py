"""The verifiable log's settings, read from `ASSEMBLY_TLOG_*` environment variables.

The log's private key is never one of them: only the path of the file that holds it is.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from infra.settings import StoreSettings

DEFAULT_ORIGIN = "assembly-ledger.local/log"
DEFAULT_INTERVAL = 5.0


class WitnessSpec(BaseModel):
    """A witness to send checkpoints to: its submission URL prefix and its verifier key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    vkey: str


class TlogSettings(BaseSettings):
    """Origin, key file, signing interval and witnesses of the log."""

    model_config = SettingsConfigDict(env_prefix="ASSEMBLY_TLOG_", extra="ignore")

    origin: str = DEFAULT_ORIGIN
    key_file: Path | None = None
    interval: float = Field(default=DEFAULT_INTERVAL, gt=0)
    witnesses: list[WitnessSpec] = Field(default_factory=list)
    witness_timeout: float = Field(default=10.0, gt=0)

    def key_path(self, store: StoreSettings) -> Path:
        """The log key's file: `ASSEMBLY_TLOG_KEY_FILE`, else `<data_dir>/tlog.key`."""
        return self.key_file if self.key_file is not None else store.data_dir / "tlog.key"
