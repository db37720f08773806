"""The log key and the signed checkpoints of the tree (C2SP tlog-checkpoint, no extensions).

The key is an Ed25519 note key named after the origin, in a file of mode 0600 created on first
use; it is read from that file only, never from or into an environment variable.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from audit.settings import TlogSettings
from audit.store import StoredCheckpoint, TlogIntegrityError, TlogStore
from infra.settings import StoreSettings
from transparency.checkpoint import Checkpoint, open_checkpoint
from transparency.checkpoint import sign_checkpoint as sign_checkpoint_note
from transparency.note import Ed25519Signer, Ed25519Verifier, NoteError

log = logging.getLogger("audit")
_PRIVATE_MODE = 0o600


class LogKeyError(RuntimeError):
    """The log key file is unreadable, too widely readable, or names another origin."""


def load_or_create_key(path: Path, origin: str) -> Ed25519Signer:
    """Read the log key from `path`, creating it (mode 0600) if the file does not exist."""
    if not path.exists():
        _create_key(path, origin)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        # Like ssh with its identity files: a key others can read is not a secret any more.
        raise LogKeyError(f"{path} has mode {mode:04o}; the log key must be 0600")
    try:
        signer = Ed25519Signer.from_skey(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, NoteError) as error:
        raise LogKeyError(f"{path} does not hold an Ed25519 note key: {error}") from None
    if signer.name != origin:
        raise LogKeyError(f"{path} holds the key of {signer.name!r}, not of origin {origin!r}")
    return signer


def _create_key(path: Path, origin: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    skey = Ed25519Signer.generate(origin).skey()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(skey + "\n")
            file.flush()
            os.fsync(file.fileno())
        # A hard link never replaces: of two processes creating the key, one wins and both
        # then read the same complete file.
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        else:
            log.info("created the log key %s", path)
    finally:
        temporary.unlink(missing_ok=True)


def open_log_key(store: StoreSettings, tlog: TlogSettings) -> Ed25519Signer:
    """The log key of these settings, created on first use."""
    return load_or_create_key(tlog.key_path(store), tlog.origin)


def verifier_key(signer: Ed25519Signer) -> str:
    """Return the published verifier key `name+keyid+base64` of the log key."""
    return signer.verifier().vkey()


def sign_checkpoint(
    store: TlogStore, signer: Ed25519Signer, *, now: datetime | None = None
) -> StoredCheckpoint | None:
    """Sign the tree if it grew since the last checkpoint, else return the last; None if empty."""
    size = store.tree_size()
    last = store.latest_checkpoint()
    if last is not None and last.size >= size:
        return last
    if size == 0:
        # An empty tree proves nothing, and no consistency proof starts from it.
        return None
    root = store.root_hash(size)
    note = sign_checkpoint_note(Checkpoint(signer.name, size, root), [signer])
    stored = store.store_checkpoint(size, root, note, now or datetime.now(UTC))
    if stored.root_hash != root:  # another signer stored this size first, with another root
        raise TlogIntegrityError(f"checkpoint {size} is stored with another root hash")
    return stored


def open_stored_checkpoint(stored: StoredCheckpoint, verifier: Ed25519Verifier) -> Checkpoint:
    """Verify a stored checkpoint's note with the log's verifier key and parse it."""
    checkpoint, _ = open_checkpoint(stored.note, [verifier], origin=verifier.name)
    return checkpoint


def run_signing(
    store: TlogStore,
    signer: Ed25519Signer,
    stop: threading.Event,
    *,
    interval: float,
    then: Callable[[StoredCheckpoint], None] | None = None,
) -> None:
    """Sign when the tree has grown, every `interval` seconds, until `stop` is set."""
    while True:
        checkpoint = sign_checkpoint(store, signer)
        # Called every round, not only after a new signature, so that a witness that was down
        # or a view that lagged is retried; what `then` does must be idempotent.
        if checkpoint is not None and then is not None:
            then(checkpoint)
        if stop.wait(interval):
            return
