"""The signed checkpoints and their cosignatures, for `python -m audit verify`.

Each stored checkpoint must be signed by the log key, be the note its row says, and sign the root
the events make; each presented one too (a split view otherwise); each stored cosignature must
verify with its witness's key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from audit.verify_log import LogCheck, Rows
from audit.verify_report import Report
from transparency import note as notes
from transparency.checkpoint import Checkpoint, CheckpointError, open_checkpoint
from transparency.cosignature import CosignatureVerifier, verify_cosignature


def open_note(note: bytes, verifier: notes.Ed25519Verifier | None = None) -> Checkpoint | str:
    try:
        if verifier is None:
            return Checkpoint.parse(notes.parse_note(note).text)
        return open_checkpoint(note, [verifier], origin=verifier.name)[0]
    except (notes.NoteError, CheckpointError) as error:
        return str(error)


def check_checkpoints(
    report: Report,
    check: LogCheck,
    verifier: notes.Ed25519Verifier | None,
    stored: list[Any],
    presented: Sequence[bytes],
) -> dict[int, bool]:
    """Check the stored checkpoints, then the presented ones; say which the events make."""
    if verifier is None and (stored or presented):
        report.add("no-key", "no verifier key: pass --key (GET /v1/audit/key) or keep the log key")
    signed: dict[int, bytes] = {}
    matches: dict[int, bool] = {}
    every = [(s, bytes(r), n.encode()) for s, r, n in stored] + [(None, b"", n) for n in presented]
    for size, root, note in every:
        what = f"checkpoint {size}" if size is not None else "a presented checkpoint"
        checkpoint = open_note(note, verifier)
        if isinstance(checkpoint, str):
            report.add("checkpoint-signature", f"{what}: {checkpoint}", size=size)
            continue
        at, signed_root, ours = checkpoint.size, checkpoint.root_hash, check.root(checkpoint.size)
        if size is not None and (at, signed_root) != (size, root):
            report.add("checkpoint-row", f"the row of {what} is not its note", size=size)
        elif signed.setdefault(at, signed_root) != signed_root:
            report.add("split-view", f"{what} and the store's sign two roots of size {at}", size=at)
        elif ours is None:
            report.add("checkpoint-beyond-log", f"{what} covers more events than stored", size=at)
        elif ours != signed_root:
            report.add("split-view", f"{what} signs a root the events do not make", size=at)
        matches.setdefault(at, ours == signed_root)
    return matches


def check_cosignatures(
    rows: Rows, report: Report, witnesses: dict[str, CosignatureVerifier], stored: list[Any]
) -> None:
    texts, counts, unknown = (
        {s: n.encode() for s, _, n in stored},
        dict.fromkeys(witnesses, 0),
        set(),
    )
    for size, name, line in rows("cosignatures"):
        if name not in witnesses:
            unknown.add(name)
            continue
        try:
            note = notes.add_signatures(texts[size], [notes.parse_signature_line(line)])
            verify_cosignature(note, witnesses[name])
            counts[name] += 1
        except (notes.NoteError, KeyError) as error:
            report.add("cosignature", f"{name}'s on checkpoint {size}: {error}", size=size)
    report.notes += [f"{name} cosigned {n} checkpoints" for name, n in counts.items()]
    if unknown:
        report.notes.append("not checked (no key): cosignatures by " + ", ".join(sorted(unknown)))
