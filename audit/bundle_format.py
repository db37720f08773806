"""Write an offline audit bundle directory (docs/audit-log.md) from data held in memory.

The caller hands over the stored events in log order, the log's signer, optional witness
cosigners, view digests and the Regulation's text; this module encodes the leaves, signs (or
takes) the checkpoints, cosigns them, writes the consistency proofs between consecutive
checkpoints, copies the standalone verifier in and lists every file's SHA-256 in `bundle.json`.
It knows nothing of the event store: a later module feeds it from there.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import shutil
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from transparency.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from transparency.compact import CompactRange
from transparency.cosignature import CosignatureSigner
from transparency.merkle import consistency_proof, leaf_hash
from transparency.note import Ed25519Signer, add_signatures, check_key_name, sign_note

FORMAT = "assembly-ledger/bundle/v1"
LEAF_PREFIX = b"assembly-ledger/leaf/v1\n"
DIGESTS_HEADER = "assembly-ledger/view-digests/v1"
REGULATION_FILE = "regulation-747-2024.txt"
VERIFIER_SOURCE = Path(__file__).with_name("verify_bundle.py")
_HASH_SIZE = 32
_MAX_U64 = 2**64 - 1
_HEX_DIGITS = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class StoredEvent:
    """One stored event, as the event store holds it: the bytes of its state exactly."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


def leaf_entry(event: StoredEvent) -> bytes:
    """Return the leaf entry: the bytes the leaf hash covers, after the 0x00 prefix."""
    topic = event.topic.encode()
    if not 0 <= event.position <= _MAX_U64 or not 0 <= event.originator_version <= _MAX_U64:
        raise ValueError(f"position {event.position} or version is not a uint64")
    if len(topic) >= 1 << 16 or len(event.state) >= 1 << 32:
        raise ValueError(f"the topic or state of position {event.position} is too long")
    return b"".join(
        (
            LEAF_PREFIX,
            struct.pack(">Q", event.position),
            event.originator_id.bytes,
            struct.pack(">QH", event.originator_version, len(topic)),
            topic,
            struct.pack(">I", len(event.state)),
            event.state,
        )
    )


def event_line(index: int, event: StoredEvent, hash_: bytes) -> str:
    """Return the events.jsonl line of leaf `index` (with its newline)."""
    record = {
        "leaf_index": index,
        "position": event.position,
        "originator_id": str(event.originator_id),
        "originator_version": event.originator_version,
        "topic": event.topic,
        "state_b64": base64.b64encode(event.state).decode(),
        "leaf_hash": hash_.hex(),  # a locating aid only: verifiers recompute it
    }
    return json.dumps(record, separators=(",", ":")) + "\n"


class _LevelHashes:
    """Every perfect subtree hash of a tree, level by level: a `SubtreeSource` for proofs."""

    def __init__(self) -> None:
        self._levels: list[bytearray] = []

    def add(self, level: int, index: int, hash_: bytes) -> None:
        while len(self._levels) <= level:
            self._levels.append(bytearray())
        row = self._levels[level]
        if len(row) != index * _HASH_SIZE:
            raise ValueError(f"node ({level}, {index}) arrived out of order")
        row += hash_

    def perfect_hash(self, level: int, index: int) -> bytes:
        """Return the hash of the perfect subtree at `level` and `index`."""
        return bytes(self._levels[level][index * _HASH_SIZE : (index + 1) * _HASH_SIZE])


@dataclass
class Bundle:
    """What `write_bundle` wrote: the directory, tree size, checkpoint sizes, files' SHA-256."""

    directory: Path
    tree_size: int
    checkpoint_sizes: list[int]
    roots: dict[int, bytes]
    files: dict[str, str] = field(default_factory=dict)


def write_bundle(
    directory: Path,
    events: Sequence[StoredEvent],
    signer: Ed25519Signer,
    *,
    regulation_text: str,
    rulebook_version: str,
    checkpoint_sizes: Iterable[int] = (),
    cosigners: Sequence[CosignatureSigner] = (),
    view_digests: Mapping[int, Mapping[str, str]] | None = None,
    checkpoint_notes: Mapping[int, bytes] | None = None,
    cosigned_at: int | None = None,
) -> Bundle:
    """Write a bundle of `events` into `directory` (new or empty) and return what it holds.

    A checkpoint is signed at each of `checkpoint_sizes` and at the tree size, unless
    `checkpoint_notes` already holds the signed note of that size (as the store keeps them; it
    must be signed by `signer`); each cosigner then cosigns it at `cosigned_at` (default: now).
    `view_digests` maps a checkpoint size to {view: hex digest}.
    """
    _check_events(events)
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise ValueError(f"{directory} is not empty")
    sizes = sorted({*checkpoint_sizes, len(events)})
    if sizes[0] < 0 or sizes[-1] > len(events):
        raise ValueError(f"checkpoint sizes must lie in [0, {len(events)}]")
    nodes, roots = _write_events(directory / "events.jsonl", events, set(sizes))
    notes = dict(checkpoint_notes or {})
    _write_checkpoints(directory, signer, roots, notes, cosigners, cosigned_at)
    _write_proofs(directory / "consistency", nodes, sizes)
    _write_view_digests(directory / "view-digests", signer, view_digests or {}, set(sizes))
    (directory / REGULATION_FILE).write_text(regulation_text, encoding="utf-8")
    shutil.copyfile(VERIFIER_SOURCE, directory / "verify_bundle.py")
    manifest = {
        "format": FORMAT,
        "origin": signer.name,
        "tree_size": len(events),
        "verifier_key": signer.verifier().vkey(),
        "rulebook_version": rulebook_version,
    }
    files = write_manifest(directory, manifest)
    return Bundle(directory, len(events), sizes, roots, files)


def write_manifest(directory: Path, fields: Mapping[str, Any]) -> dict[str, str]:
    """(Re)write bundle.json: `fields` and the SHA-256 of every other file; return the hashes."""
    files = {
        path.relative_to(directory).as_posix(): _sha256(path)
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != "bundle.json"
    }
    document = {**fields, "files": files}
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (directory / "bundle.json").write_text(text, encoding="utf-8")
    return files


def refresh_manifest(directory: Path) -> dict[str, str]:
    """Recompute the file hashes of an existing bundle.json (after editing a bundle's files)."""
    fields = json.loads((directory / "bundle.json").read_text(encoding="utf-8"))
    fields.pop("files", None)
    return write_manifest(directory, fields)


def view_digest_text(origin: str, size: int, digests: Mapping[str, str]) -> str:
    """Return the note text of the view digests at a tree size, views in name order."""
    if not digests:
        raise ValueError(f"no view digests for size {size}")
    for view, digest in digests.items():
        check_key_name(view)  # one token: no space, no plus, no control character
        if len(digest) != 2 * _HASH_SIZE or not set(digest) <= _HEX_DIGITS:
            raise ValueError(f"the digest of view {view} is not 64 lowercase hex digits")
    rows = "".join(f"{view} {digests[view]}\n" for view in sorted(digests))
    return f"{DIGESTS_HEADER}\n{origin}\n{size}\n{rows}"


def _check_events(events: Sequence[StoredEvent]) -> None:
    last = -1
    for event in events:
        if event.position <= last:
            raise ValueError(f"position {event.position} does not follow position {last}")
        last = event.position


def _write_events(
    path: Path, events: Sequence[StoredEvent], sizes: set[int]
) -> tuple[_LevelHashes, dict[int, bytes]]:
    tree, nodes = CompactRange(), _LevelHashes()
    roots = {0: tree.root()} if 0 in sizes else {}
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for index, event in enumerate(events):
            hash_ = leaf_hash(leaf_entry(event))
            for node in tree.append(hash_):
                nodes.add(node.level, node.index, node.hash)
            out.write(event_line(index, event, hash_))
            if tree.size in sizes:
                roots[tree.size] = tree.root()
    return nodes, roots


def _write_checkpoints(
    directory: Path,
    signer: Ed25519Signer,
    roots: Mapping[int, bytes],
    notes: Mapping[int, bytes],
    cosigners: Sequence[CosignatureSigner],
    cosigned_at: int | None,
) -> None:
    folder = directory / "checkpoints"
    folder.mkdir()
    for size, root in sorted(roots.items()):
        checkpoint = Checkpoint(signer.name, size, root)
        note = notes.get(size) or sign_checkpoint(checkpoint, [signer])
        opened, _ = open_checkpoint(note, [signer.verifier()], signer.name)
        if opened != checkpoint:
            raise ValueError(f"the checkpoint note of size {size} is not this tree's")
        text = checkpoint.text().encode()
        cosignatures = [c.cosign(text, cosigned_at).to_signature() for c in cosigners]
        (folder / f"{size}.note").write_bytes(add_signatures(note, cosignatures))


def _write_proofs(folder: Path, nodes: _LevelHashes, sizes: Sequence[int]) -> None:
    folder.mkdir()
    for old, new in itertools.pairwise(sizes):
        if old == 0:
            continue  # every tree extends the empty one: no proof to give
        proof = consistency_proof(nodes, old, new)
        lines = "".join(base64.b64encode(h).decode() + "\n" for h in proof)
        (folder / f"{old}-{new}.txt").write_text(lines, encoding="ascii")


def _write_view_digests(
    folder: Path, signer: Ed25519Signer, digests: Mapping[int, Mapping[str, str]], sizes: set[int]
) -> None:
    folder.mkdir()
    for size, views in sorted(digests.items()):
        if size not in sizes:
            raise ValueError(f"view digests of size {size}, which has no checkpoint")
        note = sign_note(view_digest_text(signer.name, size, views), [signer])
        (folder / f"{size}.note").write_bytes(note)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
