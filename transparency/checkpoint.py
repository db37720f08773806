"""C2SP tlog-checkpoint v1.0.0: the note text of a signed Merkle tree head."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transparency.merkle import HASH_SIZE, MAX_TREE_SIZE
from transparency.note import (
    NoteFormatError,
    Signer,
    VerifiedNote,
    Verifier,
    decode_base64,
    open_note,
    sign_note,
)

# ASCII digits only (`str.isdigit` also takes other scripts' digits), no leading zero but "0".
_DECIMAL = re.compile(r"0|[1-9][0-9]*", re.ASCII)
_MANDATORY_LINES = 3  # origin, tree size, root hash
_FIRST_PRINTABLE = 0x20


class CheckpointError(ValueError):
    """A checkpoint body is malformed, or not the checkpoint that was expected."""


def parse_decimal(text: str, what: str, limit: int = MAX_TREE_SIZE) -> int:
    """Parse a canonical ASCII decimal in [0, limit] (no sign, no leading zero)."""
    if not _DECIMAL.fullmatch(text):
        raise CheckpointError(f"{what} {text!r} is not a decimal without leading zeroes")
    value = int(text)
    if value > limit:
        raise CheckpointError(f"{what} {value} is larger than {limit}")
    return value


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: origin, tree size, root hash, and optional opaque extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_line(self.origin, "origin")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise CheckpointError(f"tree size {self.size} is not a uint64")
        if len(self.root_hash) != HASH_SIZE:
            raise CheckpointError(f"root hash has {len(self.root_hash)} bytes, not {HASH_SIZE}")
        for line in self.extensions:
            _check_line(line, "extension line")

    def text(self) -> str:
        """Return the note text: one line each for origin, size, root hash and extensions."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"

    @classmethod
    def parse(cls, text: str | bytes) -> Checkpoint:
        """Parse a checkpoint note text (not the signatures), strictly."""
        if isinstance(text, bytes):
            try:
                text = text.decode()
            except UnicodeDecodeError:
                raise CheckpointError("checkpoint is not valid UTF-8") from None
        if not text.endswith("\n"):
            raise CheckpointError("checkpoint text must end with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < _MANDATORY_LINES:
            raise CheckpointError("checkpoint needs origin, tree size and root hash lines")
        origin, size, root, *extensions = lines
        try:
            root_hash = decode_base64(root, "root hash")
        except NoteFormatError as error:
            raise CheckpointError(str(error)) from None
        return cls(origin, parse_decimal(size, "tree size"), root_hash, tuple(extensions))


def _check_line(line: str, what: str) -> None:
    if not line:
        raise CheckpointError(f"{what} is empty")
    if any(ord(c) < _FIRST_PRINTABLE for c in line):
        raise CheckpointError(f"{what} holds a newline or another control character")


def parse_checkpoint(text: str | bytes) -> Checkpoint:
    """Parse a checkpoint note text, strictly."""
    return Checkpoint.parse(text)


def format_checkpoint(checkpoint: Checkpoint) -> str:
    """Return the note text of a checkpoint."""
    return checkpoint.text()


def sign_checkpoint(checkpoint: Checkpoint, signers: Sequence[Signer]) -> bytes:
    """Return the checkpoint as a signed note."""
    return sign_note(checkpoint.text(), signers)


def open_checkpoint(
    note: bytes, verifiers: Iterable[Verifier], origin: str | None = None
) -> tuple[Checkpoint, VerifiedNote]:
    """Verify a signed checkpoint and parse it; with `origin`, also require that origin."""
    verified = open_note(note, verifiers)
    checkpoint = Checkpoint.parse(verified.text)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"checkpoint is from {checkpoint.origin!r}, not {origin!r}")
    return checkpoint, verified
