"""The log as the API publishes it: the tree, the event store it mirrors, and the log's key."""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.persistence import ApplicationRecorder

from audit.checkpoints import open_log_key, verifier_key
from audit.database import ledger_recorder
from audit.digests import digest_note
from audit.settings import TlogSettings
from audit.store import TlogStore, open_tlog
from audit.witnessing import cosigned_note
from infra.settings import StoreSettings
from transparency.note_keys import Ed25519Signer


@dataclass
class PublishedLog:
    """What the auditor's routes read."""

    recorder: ApplicationRecorder
    tlog: TlogStore
    signer: Ed25519Signer

    @property
    def verifier_key(self) -> str:
        """The published verifier key, `name+keyid+base64`."""
        return verifier_key(self.signer)

    def cosigned(self, size: int) -> str | None:
        """The checkpoint of a size as signed, with every witness cosignature appended."""
        note = cosigned_note(self.tlog, size)
        return None if note is None else note.decode()

    def digest_note(self, size: int) -> str | None:
        """The signed view digests of a size, if the views were digested there."""
        note = digest_note(self.tlog, self.signer, size)
        return None if note is None else note.decode()

    def close(self) -> None:
        """Release the tree's connections."""
        self.tlog.close()


def open_published_log(
    settings: StoreSettings | None = None, tlog_settings: TlogSettings | None = None
) -> PublishedLog:
    """The log on the configured store, with the log's key (created on first use)."""
    settings = settings or StoreSettings()
    tlog_settings = tlog_settings or TlogSettings()
    return PublishedLog(
        recorder=ledger_recorder(settings),
        tlog=open_tlog(settings),
        signer=open_log_key(settings, tlog_settings),
    )
