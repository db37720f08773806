"""The verifiable log's process: `python -m audit run | checkpoint | key | verify | bundle`.

`run` appends the ledger's notifications to the tree, signs a checkpoint every
`ASSEMBLY_TLOG_INTERVAL` seconds while the tree grows, has the witnesses cosign it and digests
the composition view, until SIGINT or SIGTERM. `verify` re-reads the store and checks it
(`audit/verify.py`); `bundle OUT` exports the offline bundle (`audit/export.py`).
`checkpoint` catches up, signs now and prints the note with its cosignatures; `key` prints the
verifier key that checks the log's notes.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import FrameType

from eventsourcing.persistence import ApplicationRecorder

from audit.appender import Appender
from audit.checkpoints import open_log_key, run_signing, sign_checkpoint, verifier_key
from audit.database import ledger_recorder
from audit.digests import catch_up_digests
from audit.settings import TlogSettings
from audit.store import StoredCheckpoint, TlogStore, open_tlog
from audit.views import ViewTables, open_view_tables
from audit.witnessing import WitnessClient, cosigned_note, witness_clients, witness_latest
from infra.settings import StoreSettings
from transparency.note import Ed25519Signer

log = logging.getLogger("audit")


@dataclass
class AuditLog:
    """The parts of the running log: ledger recorder, tree store, key, witnesses, view."""

    recorder: ApplicationRecorder
    store: TlogStore
    signer: Ed25519Signer
    witnesses: list[WitnessClient]
    view: ViewTables
    appender: Appender = field(init=False)

    def __post_init__(self) -> None:
        self.appender = Appender(self.recorder, self.store)

    def after_signing(self, checkpoint: StoredCheckpoint) -> None:
        """Have the witnesses cosign the latest checkpoint and digest what the view reached."""
        witness_latest(self.store, self.witnesses)
        for size in catch_up_digests(self.store, self.view):
            log.info("digested the composition view as of tree size %d", size)

    def close(self) -> None:
        """Close the tree store and the view's connections."""
        self.store.close()
        self.view.close()


def open_audit_log(store: StoreSettings, tlog: TlogSettings) -> AuditLog:
    """Open every part of the log on the configured store."""
    return AuditLog(
        recorder=ledger_recorder(store),
        store=open_tlog(store),
        signer=open_log_key(store, tlog),
        witnesses=witness_clients(tlog),
        view=open_view_tables(store),
    )


def run(audit: AuditLog, tlog: TlogSettings, stop: threading.Event) -> int:
    """Append, sign, witness and digest until `stop` is set; 1 if the appender failed."""
    failed: list[BaseException] = []

    def append() -> None:
        try:
            audit.appender.run_forever(stop)
        except Exception as error:
            log.exception("the appender stopped")
            failed.append(error)
            stop.set()  # a log that cannot grow must not go on signing as if it were whole

    appender = threading.Thread(target=append, name="audit-appender", daemon=True)
    appender.start()
    try:
        run_signing(
            audit.store, audit.signer, stop, interval=tlog.interval, then=audit.after_signing
        )
    finally:
        stop.set()  # the appender stops too if signing failed
        appender.join()
    return 1 if failed else 0


def checkpoint_now(audit: AuditLog) -> bytes | None:
    """Catch up, sign if the tree grew, witness and digest; return the cosigned note."""
    audit.appender.run_once()
    stored = sign_checkpoint(audit.store, audit.signer)
    if stored is None:
        return None
    audit.after_signing(stored)
    return cosigned_note(audit.store, stored.size)


#: Commands with their own argument parsers: `verify` re-reads the store, `bundle` exports it.
DELEGATED = {"verify": "audit.verify", "bundle": "audit.export"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one of the commands."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in DELEGATED:
        module = importlib.import_module(DELEGATED[args_list[0]])
        code: int = module.main(args_list[1:])
        return code
    parser = argparse.ArgumentParser(prog="python -m audit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="append, sign, witness and digest until stopped")
    commands.add_parser("checkpoint", help="catch up, sign now and print the note")
    commands.add_parser("key", help="print the log's verifier key")
    commands.add_parser("verify", help="re-read the store, recompute the tree, check signatures")
    commands.add_parser("bundle", help="export the offline audit bundle (OUT_DIR)")
    args = parser.parse_args(args_list)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    store, tlog = StoreSettings(), TlogSettings()
    if args.command == "key":
        sys.stdout.write(verifier_key(open_log_key(store, tlog)) + "\n")
        return 0
    audit = open_audit_log(store, tlog)
    try:
        if args.command == "checkpoint":
            note = checkpoint_now(audit)
            if note is None:
                sys.stderr.write("the log is empty: there is no checkpoint to sign\n")
                return 1
            sys.stdout.write(note.decode())
            return 0
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        return run(audit, tlog, stop)
    finally:
        audit.close()


if __name__ == "__main__":
    raise SystemExit(main())
