#!/usr/bin/env python3
"""Verify an Assembly Ledger offline audit bundle (docs/audit-log.md) with nothing but this file.

    python verify_bundle.py BUNDLE_DIR [--witness-key VKEY ...] [--every-checkpoint] [--json]

Needs Python 3.10+ and `cryptography` (Ed25519) only and imports nothing from the project, so an
auditor copies it alone; that is why it is one deliberate standalone file, longer than a module of
the project. Implemented here from the specifications: the leaf entry of docs/audit-log.md,
RFC 9162 §2.1 tree hashing (a streaming compact range, O(log n) memory) and consistency proofs,
C2SP signed-note (Ed25519, key IDs), tlog-checkpoint and tlog-cosignature (cosignature/v1).

Exit status 0: every check passed; 1: a check failed (with the first bad leaf index and position,
or the checkpoint size and file); 2: bad usage. The verdict on events comes from the signed roots;
the bundle's per-leaf `leaf_hash` values only help to locate a bad leaf.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import itertools
import json
import re
import struct
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

FORMAT = "assembly-ledger/bundle/v1"
LEAF_PREFIX = b"assembly-ledger/leaf/v1\n"
DIGESTS_HEADER = "assembly-ledger/view-digests/v1"
ALG_ED25519, ALG_COSIGNATURE = 0x01, 0x04
MAX_U64, MAX_TIMESTAMP, MAX_SIGNATURES = 2**64 - 1, 2**63 - 1, 100
EMPTY_ROOT = hashlib.sha256(b"").digest()
PROGRESS_FROM = 100_000  # leaves; smaller bundles verify in about a second or less
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX = re.compile(r"[0-9a-f]{64}")
_SIGNATURE_PREFIX = "\u2014 "  # em dash, space


class BundleError(ValueError):
    """A malformed or unverifiable key, note, checkpoint, proof or event line."""


# --- RFC 9162 §2.1: leaves, a streaming tree hash, consistency proofs -----------------------------


def leaf_entry(position: int, origin_id: bytes, version: int, topic: str, state: bytes) -> bytes:
    """Return the leaf entry of docs/audit-log.md (big-endian integers, length prefixes)."""
    raw_topic = topic.encode()
    if not (0 <= position <= MAX_U64 and 0 <= version <= MAX_U64 and len(origin_id) == 16):
        raise BundleError("position, originator id or version is out of range")
    if len(raw_topic) >= 1 << 16 or len(state) >= 1 << 32:
        raise BundleError("topic or state is too long for its length prefix")
    head = struct.pack(">Q16sQH", position, origin_id, version, len(raw_topic))
    return b"".join((LEAF_PREFIX, head, raw_topic, struct.pack(">I", len(state)), state))


def leaf_hash(entry: bytes) -> bytes:
    """Return SHA-256(0x00 || entry)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


class CompactRange:
    """The perfect subtrees covering leaves [0, size), largest first: popcount(size) hashes."""

    def __init__(self) -> None:
        self.size, self._hashes = 0, list[bytes]()

    def append(self, leaf: bytes) -> None:
        """Add a leaf hash, merging the subtrees it completes (a binary counter's carry)."""
        h, size = leaf, self.size
        while size & 1:
            h, size = node_hash(self._hashes.pop(), h), size >> 1
        self._hashes.append(h)
        self.size += 1

    def copy(self) -> CompactRange:
        """Return an independent copy."""
        twin = CompactRange()
        twin.size, twin._hashes = self.size, list(self._hashes)
        return twin

    def root(self) -> bytes:
        """Return MTH of the leaves so far: the frontier folded from the right."""
        result = self._hashes[-1] if self._hashes else EMPTY_ROOT
        for h in reversed(self._hashes[:-1]):
            result = node_hash(h, result)
        return result


def verify_consistency(
    size1: int, size2: int, proof: list[bytes], root1: bytes, root2: bytes
) -> bool:
    """Check an RFC 9162 §2.1.4.2 consistency proof (one from size 0 proves nothing)."""
    if not 0 < size1 <= size2 or any(len(h) != 32 for h in proof):
        return False
    if size1 == size2:
        return not proof and root1 == root2
    path = [root1, *proof] if size1 & (size1 - 1) == 0 else proof  # a perfect old tree is implied
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0] if path else b""
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == root1 and sr == root2


# --- C2SP signed-note, tlog-checkpoint, tlog-cosignature ----------------------------------------


def b64decode(text: str, what: str) -> bytes:
    """Decode canonical standard base64, as the note formats require."""
    try:
        if sys.version_info >= (3, 11):  # noqa: UP036 - this file also runs on 3.10
            raw = binascii.a2b_base64(text, strict_mode=True)
        else:  # strict_mode is new in 3.11
            raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BundleError(f"{what} is not base64") from None
    if binascii.b2a_base64(raw, newline=False) != text.encode():
        raise BundleError(f"{what} is not canonical base64")
    return raw


def check_key_name(name: str) -> None:
    """A key name is non-empty, with no plus, no Unicode space and no control character."""
    if not name or "+" in name or any(c.isspace() or ord(c) < 0x20 for c in name):
        raise BundleError(f"key name {name!r} is empty or holds a space, plus or control")


def key_id(name: str, alg: int, public: bytes) -> int:
    """Return SHA-256(name || 0x0A || type || public key)[:4] as a big-endian integer."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public).digest()
    return int.from_bytes(digest[:4], "big")


@dataclass(frozen=True)
class Key:
    """A verifier key: Ed25519 note signatures (0x01) or cosignature/v1 ones (0x04)."""

    name: str
    key_id: int
    alg: int
    public: Ed25519PublicKey

    def verifies(self, text: bytes, signature: bytes) -> bool:
        """Whether `signature` (after the key ID) signs the note text, by this key's type."""
        message = text
        if self.alg == ALG_COSIGNATURE:  # u64 timestamp || Ed25519 over header, time, text
            timestamp = int.from_bytes(signature[:8], "big")
            message = b"cosignature/v1\ntime %d\n" % timestamp + text
            signature = signature[8:] if timestamp <= MAX_TIMESTAMP else b""
        try:
            self.public.verify(signature, message)
        except InvalidSignature:
            return False
        return len(signature) == 64


def parse_vkey(vkey: str, alg: int) -> Key:
    """Parse `name+hex(key ID)+base64(type || key)`, requiring the type and the key ID rule."""
    parts = vkey.strip().split("+", 2)
    if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise BundleError("a verifier key is name+hex(key ID)+base64(type || key)")
    name, hex_id, material = parts
    check_key_name(name)
    raw = b64decode(material, "verifier key")
    if len(raw) != 33 or raw[0] != alg:
        raise BundleError(f"{name} is not a key of type {alg:#04x} with 32 bytes")
    if int(hex_id, 16) != key_id(name, alg, raw[1:]):
        raise BundleError(f"key ID {hex_id} does not match the key of {name}")
    return Key(name, int(hex_id, 16), alg, Ed25519PublicKey.from_public_bytes(raw[1:]))


@dataclass(frozen=True)
class Note:
    """A signed note: its text (final newline included) and (name, key ID, signature) lines."""

    text: bytes
    signatures: tuple[tuple[str, int, bytes], ...]

    def signed_by(self, key: Key) -> bool:
        """Whether `key` signed it; a line with the key's name and ID that fails is an error."""
        found = False
        for name, kid, signature in self.signatures:
            if (name, kid) == (key.name, key.key_id):
                if not key.verifies(self.text, signature):
                    raise BundleError(f"the signature by {name} does not verify")
                found = True
        return found


def parse_note(data: bytes) -> Note:
    """Split a signed note at its last blank line and parse the signature lines strictly."""
    try:
        whole = data.decode()
    except UnicodeDecodeError:
        raise BundleError("the note is not UTF-8") from None
    split = whole.rfind("\n\n")
    text, block = whole[: split + 1], whole[split + 2 :]
    if split < 0 or not block.endswith("\n") or any(ord(c) < 0x20 and c != "\n" for c in text):
        raise BundleError("the note is not text, a blank line and signature lines")
    signatures = []
    for line in block[:-1].split("\n")[: MAX_SIGNATURES + 1]:
        name, space, encoded = line.removeprefix(_SIGNATURE_PREFIX).partition(" ")
        if not line.startswith(_SIGNATURE_PREFIX) or not space:
            raise BundleError("a signature line is not an em dash, a key name and a signature")
        check_key_name(name)
        raw = b64decode(encoded, f"the signature by {name}")
        if len(raw) <= 4:
            raise BundleError(f"the signature by {name} is too short")
        signatures.append((name, int.from_bytes(raw[:4], "big"), raw[4:]))
    if len(signatures) > MAX_SIGNATURES:
        raise BundleError(f"the note has more than {MAX_SIGNATURES} signatures")
    return Note(text.encode(), tuple(signatures))


def parse_decimal(text: str, what: str) -> int:
    """Parse a canonical ASCII decimal uint64."""
    if not _DECIMAL.fullmatch(text) or int(text) > MAX_U64:
        raise BundleError(f"{what} {text!r} is not a canonical decimal uint64")
    return int(text)


def parse_checkpoint(text: bytes) -> tuple[str, int, bytes]:
    """Parse a tlog-checkpoint body: origin, size, base64 root (the ledger writes no extension)."""
    lines = text.decode().split("\n")[:-1]
    if len(lines) != 3 or not lines[0]:
        raise BundleError("a checkpoint is exactly an origin, a tree size and a root hash line")
    root = b64decode(lines[2], "the root hash")
    if len(root) != 32:
        raise BundleError("the root hash is not 32 bytes")
    return lines[0], parse_decimal(lines[1], "tree size"), root


# --- The bundle ---------------------------------------------------------------------------------


@dataclass
class Problem:
    """One failed check and what locates it: a leaf, an interval of leaves, a size, a file."""

    kind: str
    message: str
    file: str | None = None
    size: int | None = None
    leaf_index: int | None = None
    position: int | None = None
    interval: list[int] | None = None  # [first, end): the bad leaf is among these


@dataclass
class Report:
    """The outcome of a verification."""

    origin: str = ""
    tree_size: int = 0
    leaves: int = 0
    checkpoints: list[int] = field(default_factory=list)
    witnesses: dict[str, list[int]] = field(default_factory=dict)  # name: sizes cosigned
    view_digests: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, kind: str, message: str, file: str | None = None, **where: Any) -> None:
        """Record a failed check."""
        self.problems.append(Problem(kind, message, file, **where))

    def first_bad_leaf(self) -> Problem | None:
        """The first problem located at a leaf or an interval of leaves, if any."""
        return next((p for p in self.problems if p.leaf_index is not None or p.interval), None)


def load_manifest(bundle: Path) -> dict[str, Any]:
    """Read bundle.json and check the types of the fields the verifier relies on."""
    try:
        manifest = json.loads((bundle / "bundle.json").read_bytes())
    except (OSError, ValueError) as error:
        raise BundleError(f"bundle.json cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"bundle.json is not a {FORMAT} manifest")
    wanted = {"origin": str, "tree_size": int, "verifier_key": str, "files": dict}
    for name, kind in wanted.items():
        if type(manifest.get(name)) is not kind:
            raise BundleError(f"bundle.json has no {kind.__name__} {name!r}")
    return manifest


def read_files(bundle: Path, listed: dict[str, Any], report: Report) -> dict[str, bytes]:
    """Read the files but events.jsonl (it streams); each is listed and matches its SHA-256."""
    paths = {p.relative_to(bundle).as_posix(): p for p in bundle.rglob("*") if p.is_file()}
    files = {
        n: p.read_bytes() for n, p in paths.items() if n not in ("bundle.json", "events.jsonl")
    }
    for name in sorted(set(paths) - set(listed) - {"bundle.json"}):
        report.fail("file", f"{name} is not listed in bundle.json", name)
    for name, digest in sorted(listed.items()):
        if name not in paths:
            report.fail("file", f"{name} is listed in bundle.json but missing", name)
        elif name in files and hashlib.sha256(files[name]).hexdigest() != digest:
            report.fail("file", f"the SHA-256 of {name} is not the one in bundle.json", name)
    return files


def in_folder(files: dict[str, bytes], folder: str) -> list[tuple[str, str, bytes]]:
    """The (path, file name, contents) of the files directly in `folder`, by name."""
    found = ((path, path[len(folder) + 1 :], data) for path, data in files.items())
    return sorted(item for item in found if item[0].startswith(f"{folder}/") and "/" not in item[1])


def load_checkpoints(
    files: dict[str, bytes], log_key: Key, witnesses: list[Key], report: Report
) -> dict[int, tuple[bytes, bool]]:
    """Verify every checkpoint note; return (root, trusted) by size, `<size>.note` first."""
    found: dict[int, tuple[bytes, bool, str]] = {}
    for name, base, data in sorted(in_folder(files, "checkpoints"), key=lambda f: len(f[1])):
        try:
            note = parse_note(data)
            origin, size, root = parse_checkpoint(note.text)
        except BundleError as error:
            report.fail("checkpoint", f"{name}: {error}", name)
            continue
        trusted = check_signatures(name, note, size, log_key, witnesses, report)
        if origin != log_key.name or base.split(".")[0] != str(size) or base[-5:] != ".note":
            report.fail("checkpoint", f"{name}: size {size} of origin {origin}", name, size=size)
            trusted = False
        seen = found.get(size)
        if seen and seen[1] and trusted and seen[0] != root:
            message = f"split view: {seen[2]} and {name} are two signed roots of size {size}"
            report.fail("split-view", message, name, size=size)
        if not seen or (trusted and not seen[1]):
            found[size] = (root, trusted, name)
    return {size: (root, trusted) for size, (root, trusted, _) in found.items()}


def check_signatures(
    name: str, note: Note, size: int, log_key: Key, witnesses: list[Key], report: Report
) -> bool:
    """The log key signed the note; each witness's cosignature, if there, verifies."""
    trusted = False
    try:
        trusted = note.signed_by(log_key)
        if not trusted:
            report.fail("checkpoint", f"{name} has no signature by {log_key.name}", name, size=size)
    except BundleError as error:
        report.fail("checkpoint", f"{name}: {error}", name, size=size)
    for witness in witnesses:
        try:
            cosigned = report.witnesses[witness.name]
            if note.signed_by(witness) and trusted and size not in cosigned:
                cosigned.append(size)
        except BundleError as error:
            report.fail("cosignature", f"{name}: {error}", name, size=size)
    return trusted


def check_consistency(files: dict[str, bytes], roots: dict[int, bytes], report: Report) -> None:
    """Every consecutive pair of checkpoint sizes has a consistency proof, and it verifies."""
    pairs = {f"consistency/{a}-{b}.txt": (a, b) for a, b in itertools.pairwise(sorted(roots)) if a}
    for name, _, _ in in_folder(files, "consistency"):
        if name not in pairs:
            report.fail("consistency", f"{name} is not between consecutive checkpoints", name)
    for name, (a, b) in pairs.items():
        try:
            if name not in files:
                raise BundleError("the proof is missing")
            text = files[name].decode("ascii")
            if text and not text.endswith("\n"):
                raise BundleError("the last line has no newline")
            proof = [b64decode(line, "a proof hash") for line in text.split("\n")[:-1]]
        except (UnicodeError, BundleError) as error:
            report.fail("consistency", f"{name}: {error}", name, size=b)
            continue
        if not verify_consistency(a, b, proof, roots[a], roots[b]):
            message = f"{name} does not prove that checkpoint {b} extends checkpoint {a}"
            report.fail("consistency", message, name, size=b)


def check_view_digests(files: dict[str, bytes], key: Key, sizes: list[int], report: Report) -> None:
    """Each view digest note is signed by the log key and names a size with a checkpoint."""
    for name, base, data in in_folder(files, "view-digests"):
        try:
            note = parse_note(data)
            if not note.signed_by(key):
                raise BundleError(f"no signature by {key.name}")
            header, origin, size_line, *rows = note.text.decode().split("\n")[:-1]
            size = parse_decimal(size_line, "tree size")
            views = dict(row.split(" ", 1) for row in rows if " " in row)
            if header != DIGESTS_HEADER or origin != key.name or len(views) != len(rows):
                raise BundleError("it is not a view digest note of this log")
            if not views or not all(_HEX.fullmatch(v) for v in views.values()):
                raise BundleError("a view digest is not 64 hex digits")
        except ValueError as error:  # a BundleError, or too few lines to unpack
            report.fail("view-digest", f"{name}: {error}", name)
            continue
        if size not in sizes or base != f"{size}.note":
            report.fail("view-digest", f"{name}: no checkpoint of size {size}", name, size=size)
        report.view_digests[str(size)] = views


def parse_event(raw: bytes, index: int, last_position: int) -> tuple[int, bytes, bytes | None]:
    """Check one events.jsonl line; return its position, leaf hash and claimed leaf hash."""
    if not raw.endswith(b"\n"):
        raise BundleError("the line is cut short (no final newline)")
    try:
        event = json.loads(raw.decode())
        position, version, topic = event["position"], event["originator_version"], event["topic"]
        state, uuid, claim = event["state_b64"], event["originator_id"], event.get("leaf_hash")
    except (ValueError, TypeError, KeyError, AttributeError):
        raise BundleError("the line is not an event object") from None
    if type(event.get("leaf_index")) is not int or event["leaf_index"] != index:
        raise BundleError(f"leaf_index {event.get('leaf_index')!r} is not {index}")
    if type(position) is not int or type(version) is not int or not isinstance(topic, str):
        raise BundleError("position, originator_version or topic has the wrong type")
    if position <= last_position:
        raise BundleError(f"position {position} does not follow position {last_position}")
    if not isinstance(uuid, str) or not _UUID.fullmatch(uuid) or not isinstance(state, str):
        raise BundleError("originator_id or state_b64 is malformed")
    raw_id, raw_state = bytes.fromhex(uuid.replace("-", "")), b64decode(state, "state_b64")
    claimed = bytes.fromhex(claim) if isinstance(claim, str) and _HEX.fullmatch(claim) else None
    return position, leaf_hash(leaf_entry(position, raw_id, version, topic, raw_state)), claimed


class LeafChecker:
    """Recomputes each leaf of events.jsonl, and the root at every trusted checkpoint size."""

    def __init__(self, roots: dict[int, bytes], report: Report) -> None:
        self.roots, self.report, self.top = roots, report, max(roots, default=0)
        self.computed = CompactRange()
        self.claimed: CompactRange | None = None  # the bundle's leaf hashes, once one differs
        self.claims_usable = True  # every line so far carried a leaf_hash
        self.mismatch: tuple[int, int] | None = None  # first (leaf, position) not its leaf_hash
        self.last_position, self.verified, self.failed = -1, 0, False
        self.top_position: int | None = None  # of the first leaf past the last checkpoint

    def add(self, raw: bytes) -> bool:
        """Check one line; return False, once a problem is recorded, to stop the stream."""
        index = self.computed.size
        try:
            position, leaf, claim = parse_event(raw, index, self.last_position)
        except BundleError as error:
            self.fail(f"events.jsonl leaf {index}: {error}", index, _position_of(raw))
            return False
        self.last_position = position
        self.top_position = position if index == self.top else self.top_position
        if claim is None:
            self.claims_usable = False
        elif self.claims_usable and (self.claimed is not None or claim != leaf):
            # Until a leaf_hash differs, the claimed tree is the computed one: no need to hash it.
            if self.claimed is None:
                self.claimed, self.mismatch = self.computed.copy(), (index, position)
            self.claimed.append(claim)
        self.computed.append(leaf)
        if self.computed.size in self.roots:
            self.check_root(self.computed.size)
        return not self.failed

    def fail(self, message: str, index: int, position: int | None, **where: Any) -> None:
        """Record the first bad leaf and stop."""
        self.report.fail(
            "event", message, "events.jsonl", leaf_index=index, position=position, **where
        )
        self.failed = True

    def check_root(self, size: int) -> None:
        """Compare the root of the leaves so far with the signed one; locate a bad leaf."""
        if self.computed.root() == self.roots[size]:
            if self.mismatch and self.verified <= self.mismatch[0] < size:
                self.report.warnings.append(f"the leaf_hash of leaf {self.mismatch[0]} is wrong")
            self.verified = size
        elif self.claims_usable and self.claimed and self.claimed.root() == self.roots[size]:
            # The bundle's leaf hashes make the signed root, so they are the leaves it signed.
            index, position = self.mismatch or (0, 0)
            message = f"events.jsonl leaf {index} (position {position}) is not the signed leaf"
            self.fail(f"{message} of checkpoint {size}", index, position, size=size)
        else:
            message = f"leaves [{self.verified}, {size}) are not those checkpoint {size} signed"
            interval = [self.verified, size]
            self.report.fail("root", message, "events.jsonl", interval=interval, size=size)
            self.failed = True

    def finish(self) -> None:
        """After the last line: every checkpoint size was reached, and no leaf is unsigned."""
        size = self.computed.size
        if not self.failed and size < self.top:
            self.fail(f"events.jsonl ends after {size} leaves, before {self.top}", size, None)
        elif not self.failed and size > self.top:
            message = f"leaves from {self.top} on are covered by no verified checkpoint"
            self.fail(message, self.top, self.top_position)


def _position_of(raw: bytes) -> int | None:
    try:
        position = json.loads(raw).get("position")
    except (ValueError, AttributeError):
        return None
    return position if type(position) is int else None


def check_events(bundle: Path, roots: dict[int, bytes], report: Report) -> str | None:
    """Stream events.jsonl through a `LeafChecker`, showing progress; return its SHA-256."""
    path, checker = bundle / "events.jsonl", LeafChecker(roots, report)
    if not path.is_file():
        checker.fail("events.jsonl is missing", 0, None)
        return None
    digest, start, shown = hashlib.sha256(), time.monotonic(), time.monotonic()
    with path.open("rb") as f:
        for raw in f:
            digest.update(raw)
            if not checker.add(raw):
                break
            if report.tree_size >= PROGRESS_FROM and not checker.computed.size & 0xFFF:
                shown = show_progress(checker.computed.size, report.tree_size, start, shown)
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if report.tree_size >= PROGRESS_FROM:
        show_progress(checker.computed.size, report.tree_size, start, 0.0, end="\n")
    checker.finish()
    report.leaves = checker.computed.size
    return digest.hexdigest()


def show_progress(done: int, total: int, start: float, shown: float, end: str = "") -> float:
    """Redraw the progress line on stderr at most once a second; return when it was drawn."""
    now = time.monotonic()
    if now - shown >= 1 or end:
        rate = done / max(now - start, 1e-9)
        sys.stderr.write(f"\rleaves {done}/{total}, {rate:,.0f} events/s{end}")
        sys.stderr.flush()
        return now
    return shown


def verify(bundle: Path, witnesses: list[Key], *, every_checkpoint: bool = False) -> Report:
    """Run every check on a bundle directory and return the report."""
    report = Report(witnesses={w.name: [] for w in witnesses})
    try:
        manifest = load_manifest(bundle)
        log_key = parse_vkey(manifest["verifier_key"], ALG_ED25519)
    except BundleError as error:
        report.fail("bundle", str(error), "bundle.json")
        return report
    report.origin, report.tree_size = manifest["origin"], manifest["tree_size"]
    if log_key.name != report.origin:
        report.fail("bundle", f"the verifier key is {log_key.name}, not the origin", "bundle.json")
    files = read_files(bundle, manifest["files"], report)
    checkpoints = load_checkpoints(files, log_key, witnesses, report)
    check_consistency(files, {size: root for size, (root, _) in checkpoints.items()}, report)
    roots = {size: root for size, (root, trusted) in checkpoints.items() if trusted}
    report.checkpoints = sorted(roots)
    if report.tree_size not in roots:
        message = f"no verified checkpoint of the bundle's tree size {report.tree_size}"
        report.fail("bundle", message, "bundle.json", size=report.tree_size)
    if roots.get(0, EMPTY_ROOT) != EMPTY_ROOT:
        report.fail("root", "checkpoint 0 signs another root than the empty tree's", size=0)
    check_view_digests(files, log_key, report.checkpoints, report)
    required = report.checkpoints if every_checkpoint else report.checkpoints[-1:]
    for name, sizes in report.witnesses.items():
        for size in sorted(set(required) - set(sizes)):
            message = f"witness {name} did not cosign checkpoint {size}"
            report.fail("witness", message, f"checkpoints/{size}.note", size=size)
    digest = check_events(bundle, roots, report)
    if digest is not None and manifest["files"].get("events.jsonl") != digest:
        report.fail(
            "file", "the SHA-256 of events.jsonl is not the one in bundle.json", "events.jsonl"
        )
    if report.leaves != report.tree_size and report.first_bad_leaf() is None:
        message = f"bundle.json says {report.tree_size} leaves, events.jsonl has {report.leaves}"
        report.fail("bundle", message, "bundle.json")
    return report


def render(report: Report, *, as_json: bool) -> str:
    """The report as an `OK ...` line or `FAIL ...` lines, or as JSON."""
    bad = report.first_bad_leaf()
    if as_json:
        document = {"ok": not report.problems, **asdict(report)}
        return json.dumps({**document, "first_bad_leaf": bad and asdict(bad)}, indent=2)
    if not report.problems:
        cosigned = "; ".join(f"{name} {_sizes(sizes)}" for name, sizes in report.witnesses.items())
        counts = f"{report.leaves} leaves, {len(report.checkpoints)} checkpoints"
        return f"OK {counts}, witnesses: {cosigned or 'none given'}"
    lines = [f"FAIL [{p.kind}] {p.message}" for p in report.problems]
    if bad and bad.interval:
        lines.append(f"first bad leaf: in [{bad.interval[0]}, {bad.interval[1]})")
    elif bad:
        lines.append(f"first bad leaf: index {bad.leaf_index}, position {bad.position}")
    return "\n".join(lines)


def _sizes(sizes: list[int]) -> str:
    if len(sizes) > 6:
        return f"cosigned {len(sizes)} sizes, {sizes[0]} to {sizes[-1]}"
    return f"cosigned {', '.join(map(str, sizes))}" if sizes else "cosigned none"


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit status."""
    parser = argparse.ArgumentParser(description="Verify an Assembly Ledger audit bundle.")
    parser.add_argument("bundle", type=Path, help="the bundle directory")
    witness_help = "a witness's cosignature/v1 verifier key; it must cosign the latest checkpoint"
    parser.add_argument(
        "--witness-key", action="append", default=[], metavar="VKEY", help=witness_help
    )
    every_help = "require every witness given to cosign every checkpoint"
    parser.add_argument("--every-checkpoint", action="store_true", help=every_help)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    try:
        witnesses = [parse_vkey(vkey, ALG_COSIGNATURE) for vkey in args.witness_key]
    except BundleError as error:
        parser.error(f"--witness-key: {error}")
    if len({w.name for w in witnesses}) != len(witnesses):
        parser.error("two witness keys have the same name")
    if not (args.bundle / "bundle.json").is_file():
        parser.error(f"{args.bundle} is not a bundle directory (it has no bundle.json)")
    report = verify(args.bundle, witnesses, every_checkpoint=args.every_checkpoint)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(render(report, as_json=args.json))
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
