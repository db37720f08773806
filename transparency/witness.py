"""A C2SP tlog-witness: the `add-checkpoint` call as a pure request-to-response function.

Status codes follow the editor's draft of c2sp.org/tlog-witness (after v1.0.0, a same-size,
different-root checkpoint is 422 and no longer 409). The witness records, per origin, the size
and root hash it last cosigned, in a JSON file replaced atomically before it answers.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, NamedTuple

from transparency.checkpoint import Checkpoint, parse_decimal
from transparency.cosignature import CosignatureSigner
from transparency.merkle import EMPTY_ROOT, HASH_SIZE, ProofError, verify_consistency
from transparency.note import Note, NoteError, Verifier, decode_base64, open_note, parse_note

MAX_PROOF_LINES = 63  # the protocol caps consistency proofs at 63 lines
MAX_BODY_SIZE = 1 << 20
SIZE_CONTENT_TYPE = "text/x.tlog.size"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
_STATE_VERSION = 1


class WitnessResponse(NamedTuple):
    """An HTTP answer as (status code, body)."""

    status: int
    body: bytes

    @property
    def content_type(self) -> str:
        """The body's media type: every 409 carries a bare tree size, the rest is text."""
        return SIZE_CONTENT_TYPE if self.status == HTTPStatus.CONFLICT else TEXT_CONTENT_TYPE


class WitnessStateError(ValueError):
    """The witness state file is unreadable or corrupt: refuse to guess the logs' history."""


@dataclass(frozen=True)
class LogState:
    """The latest checkpoint cosigned for one origin, with its log and witness signatures."""

    size: int
    root_hash: bytes
    checkpoint: str


@dataclass(frozen=True)
class AddCheckpointRequest:
    """A parsed `add-checkpoint` body: old size, consistency proof, signed checkpoint note."""

    old_size: int
    proof: tuple[bytes, ...]
    checkpoint: bytes

    @classmethod
    def parse(cls, body: bytes) -> AddCheckpointRequest:
        """Parse the body strictly; raise `ValueError` if it is malformed."""
        first, sep, rest = body.partition(b"\n")
        if not sep or not first.startswith(b"old "):
            raise ValueError("the body must start with an `old <size>` line")
        old_size = parse_decimal(first[len(b"old ") :].decode("ascii", "replace"), "old size")
        proof: list[bytes] = []
        while True:
            line, sep, rest = rest.partition(b"\n")
            if not sep:
                raise ValueError("the proof lines must be followed by an empty line")
            if not line:
                break
            if len(proof) == MAX_PROOF_LINES:
                raise ValueError(f"more than {MAX_PROOF_LINES} consistency proof lines")
            hash_ = decode_base64(line.decode("ascii", "replace"), "consistency proof line")
            if len(hash_) != HASH_SIZE:
                raise ValueError(f"a consistency proof line holds {len(hash_)} bytes, not 32")
            proof.append(hash_)
        return cls(old_size, tuple(proof), rest)

    def encode(self) -> bytes:
        """Return the request body."""
        lines = [b"old %d\n" % self.old_size, *(base64.b64encode(h) + b"\n" for h in self.proof)]
        return b"".join(lines) + b"\n" + self.checkpoint


class StateFile:
    """The per-origin records as a JSON file, written to a temporary file then renamed."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, LogState]:
        """Read the records; a missing file means no checkpoint was ever cosigned."""
        try:
            document: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise WitnessStateError(f"cannot read {self.path}: {error}") from error
        if not isinstance(document, dict) or document.get("version") != _STATE_VERSION:
            raise WitnessStateError(f"{self.path} is not a version {_STATE_VERSION} state file")
        try:
            return {str(origin): _record(entry) for origin, entry in document["logs"].items()}
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise WitnessStateError(f"{self.path} is not a witness state file") from error

    def save(self, states: Mapping[str, LogState]) -> None:
        """Replace the file atomically: readers see the old records or the new ones, whole."""
        logs = {
            origin: {
                "size": state.size,
                "root_hash": base64.b64encode(state.root_hash).decode(),
                "checkpoint": state.checkpoint,
            }
            for origin, state in sorted(states.items())
        }
        data = json.dumps({"version": _STATE_VERSION, "logs": logs}, indent=2) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())  # the data is on disk before the rename makes it current
            Path(temporary).replace(self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # and the rename itself survives a crash
        finally:
            os.close(directory)


def _record(entry: Any) -> LogState:
    size, root_hash, checkpoint = entry["size"], entry["root_hash"], entry["checkpoint"]
    if not isinstance(size, int) or size < 0 or not isinstance(checkpoint, str):
        raise ValueError("corrupt record")
    root = decode_base64(root_hash, "root hash")
    if len(root) != HASH_SIZE:
        raise ValueError("corrupt root hash")
    return LogState(size, root, checkpoint)


def _refuse(status: HTTPStatus, reason: str) -> WitnessResponse:
    return WitnessResponse(status.value, reason.encode() + b"\n")


class Witness:
    """Cosigns checkpoints of the configured logs that extend what it cosigned before."""

    def __init__(
        self,
        signer: CosignatureSigner,
        logs: Mapping[str, Sequence[Verifier]],
        state: StateFile,
    ) -> None:
        self._signer = signer
        self._logs = {origin: tuple(verifiers) for origin, verifiers in logs.items()}
        self._state = state
        self._records = state.load()
        # Checking the old size and recording the new checkpoint must be one step, or two
        # concurrent requests could roll the record back (the race the protocol describes).
        self._lock = threading.Lock()

    @property
    def signer(self) -> CosignatureSigner:
        """The witness's cosigning key."""
        return self._signer

    def add_checkpoint(self, body: bytes) -> WitnessResponse:
        """Handle an `add-checkpoint` request body; return the status and response body."""
        if len(body) > MAX_BODY_SIZE:
            return _refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body is too large")
        try:
            request = AddCheckpointRequest.parse(body)
            checkpoint = Checkpoint.parse(parse_note(request.checkpoint).text)
        except (ValueError, UnicodeError) as error:
            return _refuse(HTTPStatus.BAD_REQUEST, f"malformed request: {error}")
        verifiers = self._logs.get(checkpoint.origin)
        if verifiers is None:
            return _refuse(HTTPStatus.NOT_FOUND, f"unknown log origin {checkpoint.origin!r}")
        try:
            verified = open_note(request.checkpoint, verifiers)
        except NoteError as error:
            return _refuse(HTTPStatus.FORBIDDEN, f"log signature: {error}")
        if request.old_size > checkpoint.size:
            return _refuse(HTTPStatus.BAD_REQUEST, "old size is larger than the checkpoint size")
        logged = Note(verified.text, verified.verified)
        with self._lock:
            return self._check_and_cosign(request, checkpoint, logged)

    def _check_and_cosign(
        self, request: AddCheckpointRequest, checkpoint: Checkpoint, logged: Note
    ) -> WitnessResponse:
        known = self._records.get(checkpoint.origin)
        known_size = known.size if known else 0
        if request.old_size != known_size:
            body = b"%d\n" % known_size  # the client retries from the size we hold
            return WitnessResponse(HTTPStatus.CONFLICT.value, body)
        if checkpoint.size == 0 and checkpoint.root_hash != EMPTY_ROOT:
            return _refuse(HTTPStatus.UNPROCESSABLE_ENTITY, "an empty tree has the empty root")
        if request.old_size == 0:
            if request.proof:  # the empty tree is consistent with every tree
                return _refuse(HTTPStatus.UNPROCESSABLE_ENTITY, "old size 0 takes no proof")
        else:
            old_root = known.root_hash if known else EMPTY_ROOT
            new_root = checkpoint.root_hash
            try:
                verify_consistency(
                    request.old_size, checkpoint.size, request.proof, old_root, new_root
                )
            except ProofError as error:
                # Same size with another root lands here too: a split view, not a retry.
                return _refuse(HTTPStatus.UNPROCESSABLE_ENTITY, f"not consistent: {error}")
        cosignature = self._signer.cosign(logged.text.encode()).to_signature()
        # Monitors get the checkpoint with the log signatures checked here and the cosignature.
        note = Note(logged.text, (*logged.signatures, cosignature)).encode().decode()
        record = LogState(checkpoint.size, checkpoint.root_hash, note)
        records = {**self._records, checkpoint.origin: record}
        try:
            self._state.save(records)  # persisted before the cosignature leaves the witness
        except OSError:
            return _refuse(HTTPStatus.INTERNAL_SERVER_ERROR, "cannot record the checkpoint")
        self._records = records
        return WitnessResponse(HTTPStatus.OK.value, cosignature.line().encode())

    def latest_checkpoint(self, origin_hash: str) -> WitnessResponse:
        """Serve `GET <monitoring prefix>/<hex SHA-256 of origin>/checkpoint`."""
        with self._lock:
            records = self._records
        for origin, state in records.items():
            if hashlib.sha256(origin.encode()).hexdigest() == origin_hash:
                return WitnessResponse(HTTPStatus.OK.value, state.checkpoint.encode())
        return _refuse(HTTPStatus.NOT_FOUND, "no checkpoint cosigned for that origin")
