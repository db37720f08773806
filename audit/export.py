"""`python -m audit bundle OUT_DIR`: the offline bundle of docs/audit-log.md from the real store.

The bundle holds what the log holds: every stored event as read back from the event store (its
state's bytes exactly), the checkpoints the log signed and stored, with their stored witness
cosignatures appended (nothing is signed afresh), consistency proofs between consecutive ones,
the signed view digests, the verifier key, the rulebook version and the Regulation's text.

It covers the tree up to the latest stored checkpoint: events not yet signed are left out,
since no signature of the log vouches for them. Events are read page by page, each checked
against the stored leaf of its index (position and hash) before it is written, so a 1-million
event export holds one page of events in memory (and `write_bundle`'s 32 bytes per subtree).
The bundle is written beside `OUT_DIR` and renamed into place once complete.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from collections.abc import Iterator, Sequence
from os import getpid
from pathlib import Path
from typing import overload

from eventsourcing.persistence import ApplicationRecorder

from audit.bundle_format import REGULATION_FILE, StoredEvent, write_bundle
from audit.checkpoints import open_log_key
from audit.database import ledger_recorder
from audit.leaves import fields_of, leaf_hash
from audit.settings import TlogSettings
from audit.store import TlogStore, open_tlog
from audit.witnessing import cosigned_note
from domain.regulation.rulebook import DECREE_747
from infra.settings import StoreSettings

log = logging.getLogger("audit")
RULEBOOK_VERSION = DECREE_747.decree  # "Decree No. 747 of 27 December 2024"
PAGE_SIZE = 1000
#: The Regulation's text, shared beside the repository (`<repo>/../shared/regulation/`).
SHARED_REGULATION = Path(__file__).resolve().parents[2] / "shared" / "regulation" / REGULATION_FILE


class ExportError(RuntimeError):
    """The store cannot give a bundle: nothing signed yet, or events that are not the tree's."""


class StoredEvents(Sequence[StoredEvent]):
    """The first `size` leaves' events, read from the event store a page at a time.

    Every event is checked against the tree: the notification at leaf `i` must have the stored
    leaf's position and hash; anything else stops the export naming the leaf. Iterating again
    (`write_bundle` checks the order, then writes) reads again but does not rehash.
    """

    def __init__(
        self, recorder: ApplicationRecorder, tree: TlogStore, size: int, page: int = PAGE_SIZE
    ) -> None:
        if page < 1:
            raise ValueError("a page holds at least one event")
        self.recorder = recorder
        self.tree = tree
        self.size = size
        self.page = page
        self._hashed = 0  # leaves [0, _hashed) were rehashed and matched their stored hash

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[StoredEvent]:
        for start in range(0, self.size, self.page):
            yield from self._page(start, min(start + self.page, self.size))

    @overload
    def __getitem__(self, index: int) -> StoredEvent: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[StoredEvent]: ...
    def __getitem__(self, index: int | slice) -> StoredEvent | Sequence[StoredEvent]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.size)
            return [self[i] for i in range(start, stop, step)]
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError(f"leaf {index} is not in the first {self.size}")
        return self._page(index, index + 1)[0]

    def _page(self, start: int, end: int) -> list[StoredEvent]:
        leaves = self.tree.leaves(start, end)
        if len(leaves) != end - start:
            raise ExportError(f"the tree holds {len(leaves)} of leaves [{start}, {end})")
        notifications = self.recorder.select_notifications(
            start=leaves[0].position, limit=end - start, stop=leaves[-1].position
        )
        events: list[StoredEvent] = []
        for offset, leaf in enumerate(leaves):
            where = f"leaf {leaf.index} (position {leaf.position})"
            if offset >= len(notifications) or notifications[offset].id != leaf.position:
                raise ExportError(f"the event store has no event at {where}")
            notification = notifications[offset]
            if leaf.index >= self._hashed:
                if leaf_hash(notification) != leaf.hash:
                    raise ExportError(f"the event store's bytes at {where} are not the leaf's")
                if leaf.index == self._hashed:  # only an unbroken prefix counts as rehashed
                    self._hashed += 1
            fields = fields_of(notification)
            events.append(
                StoredEvent(
                    fields.position,
                    fields.originator_id,
                    fields.originator_version,
                    fields.topic,
                    fields.state,
                )
            )
        return events


def regulation_text(path: Path | None = None) -> str:
    """The Regulation's text: from `path`, else the shared copy beside the repository."""
    candidate = path or SHARED_REGULATION
    try:
        return candidate.read_text(encoding="utf-8")
    except OSError as error:
        raise ExportError(
            f"the Regulation's text is not readable at {candidate}: {error.strerror}"
        ) from None


def export_bundle(
    settings: StoreSettings,
    out: Path,
    *,
    tlog_settings: TlogSettings | None = None,
    regulation: Path | None = None,
    page_size: int = PAGE_SIZE,
) -> Path:
    """Write the offline bundle of the store's log into `out` (new or empty); return `out`.

    The bundle's tree size is that of the latest stored checkpoint; `ExportError` if the log
    has signed none, or if an event does not match its leaf.
    """
    tlog_settings = tlog_settings or TlogSettings()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} exists and is not an empty directory")
    text = regulation_text(regulation)
    key = tlog_settings.key_path(settings)
    if not key.exists():  # a new key would sign nothing the log stored
        raise ExportError(f"there is no log key at {key}")
    signer = open_log_key(settings, tlog_settings)
    recorder = ledger_recorder(settings)
    tree = open_tlog(settings)
    partial = out.with_name(f".{out.name}.partial-{getpid()}")
    try:
        sizes = tree.checkpoint_sizes()
        if not sizes:
            raise ExportError("the log has signed no checkpoint yet: run `python -m audit run`")
        notes: dict[int, bytes] = {}
        digests: dict[int, dict[str, str]] = {}
        for size in sizes:
            note = cosigned_note(tree, size)
            if note is not None:  # stored rows are never deleted: it was just listed
                notes[size] = note
            if found := tree.view_digests(size):
                digests[size] = found
        events = StoredEvents(recorder, tree, sizes[-1], page_size)
        shutil.rmtree(partial, ignore_errors=True)
        try:
            write_bundle(
                partial,
                events,
                signer,
                regulation_text=text,
                rulebook_version=RULEBOOK_VERSION,
                checkpoint_sizes=sizes,
                view_digests=digests,
                checkpoint_notes=notes,
            )
        except ValueError as error:  # a stored note that is not of this tree, or of this key
            raise ExportError(str(error)) from error
        if out.exists():
            out.rmdir()  # checked empty above
        partial.rename(out)
        log.info("exported %d leaves, %d checkpoints to %s", sizes[-1], len(sizes), out)
        return out
    finally:
        shutil.rmtree(partial, ignore_errors=True)
        tree.close()
        datastore = getattr(recorder, "datastore", None)  # the SQLite and PostgreSQL recorders'
        if datastore is not None:
            datastore.close()


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m audit bundle OUT_DIR [--regulation FILE]`: `argv` is what follows `bundle`."""
    parser = argparse.ArgumentParser(
        prog="python -m audit bundle", description="Write the offline audit bundle."
    )
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="a new or empty directory")
    parser.add_argument(
        "--regulation",
        type=Path,
        help=f"the Regulation's text (default {SHARED_REGULATION})",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = StoreSettings()
    try:
        out = export_bundle(settings, args.out, regulation=args.regulation)
    except ExportError as error:
        sys.stderr.write(f"no bundle written: {error}\n")
        return 1
    sys.stdout.write(f"{out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
