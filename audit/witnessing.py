"""Send each new checkpoint to the configured witnesses (C2SP tlog-witness `add-checkpoint`).

A request carries a consistency proof from the size the witness last cosigned; a 409 answer
names the size the witness holds, and the request is sent again from there. A returned
cosignature is kept only if it verifies under the witness's key over a checkpoint this log
signed and stored: a witness cannot make the ledger keep a signature over a split view.
"""

from __future__ import annotations

import ipaddress
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlsplit

from audit.settings import TlogSettings, WitnessSpec
from audit.store import TlogStore
from transparency.checkpoint import Checkpoint, parse_decimal
from transparency.cosignature import CosignatureVerifier
from transparency.merkle import consistency_proof
from transparency.note import (
    NoteError,
    Signature,
    add_signatures,
    parse_note,
    parse_signature_line,
)
from transparency.witness import MAX_BODY_SIZE, TEXT_CONTENT_TYPE, AddCheckpointRequest

log = logging.getLogger("audit")
_ATTEMPTS = 3  # the first request, a resend after a 409, and one more if the witness moved on


class WitnessError(RuntimeError):
    """A witness could not be reached, refused the checkpoint, or answered nonsense."""


class WitnessRefused(WitnessError):
    """The witness answered with an error status (a split view gets 409 or 422)."""

    def __init__(self, witness: str, status: int, body: bytes) -> None:
        reason = body[:200].decode("utf-8", "replace").strip()
        super().__init__(f"witness {witness} answered {status}: {reason}")
        self.status = status
        self.body = body


class SplitViewError(WitnessError):
    """A cosigned checkpoint is not the one this log stored for that size."""


def check_loopback(url: str) -> str:
    """Return the URL without a trailing slash if it is http(s) on a loopback host."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"witness URL {url!r} is not http(s)://host[:port][/prefix]")
    host = parts.hostname
    loopback = host == "localhost"
    if not loopback:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
    if not loopback:
        raise ValueError(f"witness URL {url!r} is not on the loopback interface")
    return url.rstrip("/")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a redirect could lead off the loopback interface


@dataclass(frozen=True)
class WitnessClient:
    """One witness: its submission URL on loopback, its cosigner key and a request timeout."""

    url: str
    verifier: CosignatureVerifier
    timeout: float = 10.0

    @classmethod
    def from_spec(cls, spec: WitnessSpec, timeout: float = 10.0) -> WitnessClient:
        """Check a configured witness and make its client."""
        return cls(check_loopback(spec.url), CosignatureVerifier.from_vkey(spec.vkey), timeout)

    @property
    def name(self) -> str:
        """The witness's key name, under which its cosignatures are stored."""
        return self.verifier.name

    def add_checkpoint(self, request: AddCheckpointRequest) -> tuple[int, bytes]:
        """POST the request to `<url>/add-checkpoint`; return the status and the body."""
        http_request = urllib.request.Request(  # noqa: S310 - check_loopback allowed http(s) only
            check_loopback(self.url) + "/add-checkpoint",
            data=request.encode(),
            method="POST",
            headers={"Content-Type": TEXT_CONTENT_TYPE},
        )
        # No proxy from the environment and no redirects: the request stays on loopback.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())
        try:
            with opener.open(http_request, timeout=self.timeout) as response:
                return int(response.status), response.read(MAX_BODY_SIZE)
        except urllib.error.HTTPError as error:
            with error:
                return int(error.code), error.read(MAX_BODY_SIZE)
        except (urllib.error.URLError, OSError) as error:
            raise WitnessError(f"witness {self.name} at {self.url}: {error}") from error


def witness_clients(tlog: TlogSettings) -> list[WitnessClient]:
    """The clients of the witnesses in `ASSEMBLY_TLOG_WITNESSES`."""
    return [WitnessClient.from_spec(spec, tlog.witness_timeout) for spec in tlog.witnesses]


def cosigned_by(client: WitnessClient, note: bytes, body: bytes) -> Signature:
    """Return the cosignature in a witness's answer that verifies over the note's text."""
    text = parse_note(note).text.encode()
    try:
        lines = body.decode("utf-8").splitlines()
        signatures = [parse_signature_line(line) for line in lines if line]
    except (UnicodeDecodeError, NoteError) as error:
        raise WitnessError(f"witness {client.name} answered no signature lines: {error}") from None
    key = (client.verifier.name, client.verifier.key_id)
    for signature in signatures:
        if (signature.name, signature.key_id) != key:
            continue  # a witness may add other keys' lines; only its configured key counts
        if not client.verifier.verify(text, signature.signature):
            raise WitnessError(f"the cosignature of witness {client.name} does not verify")
        return signature
    raise WitnessError(f"witness {client.name} answered no cosignature by its key")


def submit(store: TlogStore, client: WitnessClient, note: bytes) -> Signature:
    """Send a signed checkpoint to a witness, proving it from the size the witness holds."""
    checkpoint = Checkpoint.parse(parse_note(note).text)
    old = store.last_cosigned_size(client.name)
    for _ in range(_ATTEMPTS):
        if old > checkpoint.size:
            raise WitnessError(
                f"witness {client.name} holds size {old}, beyond checkpoint {checkpoint.size}"
            )
        proof: Sequence[bytes] = ()
        if 0 < old < checkpoint.size:
            proof = consistency_proof(store.subtrees(), old, checkpoint.size)
        status, body = client.add_checkpoint(AddCheckpointRequest(old, tuple(proof), note))
        if status == HTTPStatus.OK:
            return cosigned_by(client, note, body)
        if status != HTTPStatus.CONFLICT:
            raise WitnessRefused(client.name, status, body)
        try:  # the witness holds another size: its body is that size
            old = parse_decimal(body.decode("ascii").strip(), "witness size")
        except (UnicodeDecodeError, ValueError):
            raise WitnessRefused(client.name, status, body) from None
    raise WitnessError(f"witness {client.name} kept answering 409")


def keep_cosignature(
    store: TlogStore, client: WitnessClient, note: bytes, signature: Signature
) -> str:
    """Store a witness's cosignature if it verifies over the checkpoint stored for its size."""
    text = parse_note(note).text
    checkpoint = Checkpoint.parse(text)
    stored = store.checkpoint(checkpoint.size)
    if stored is None or parse_note(stored.note).text != text:
        raise SplitViewError(
            f"witness {client.name} cosigned a checkpoint of size {checkpoint.size} "
            "that this log did not store"
        )
    line = signature.line().rstrip("\n")
    cosigned_by(client, stored.note, line.encode())
    store.store_cosignature(checkpoint.size, client.name, line)
    return line


def witness_note(store: TlogStore, client: WitnessClient, note: bytes) -> str:
    """Send a signed checkpoint to a witness and store the cosignature; return its line."""
    return keep_cosignature(store, client, note, submit(store, client, note))


def cosign(store: TlogStore, client: WitnessClient, size: int) -> str:
    """Have a witness cosign the stored checkpoint of `size`; store and return the line."""
    stored = store.checkpoint(size)
    if stored is None:
        raise WitnessError(f"no checkpoint of size {size} is stored")
    return witness_note(store, client, stored.note)


def witness_latest(store: TlogStore, clients: Sequence[WitnessClient]) -> dict[str, str]:
    """Send the latest checkpoint to every witness that has not cosigned it; errors are logged."""
    latest = store.latest_checkpoint()
    done: dict[str, str] = {}
    if latest is None:
        return done
    have = store.cosignatures(latest.size)
    for client in clients:
        if client.name in have:
            done[client.name] = have[client.name]
            continue
        try:
            done[client.name] = cosign(store, client, latest.size)
        except WitnessError as error:
            log.warning("checkpoint %d not cosigned: %s", latest.size, error)
    return done


def cosigned_note(store: TlogStore, size: int) -> bytes | None:
    """Return the stored checkpoint of `size` with its cosignature lines appended."""
    stored = store.checkpoint(size)
    if stored is None:
        return None
    lines = [parse_signature_line(line) for _, line in sorted(store.cosignatures(size).items())]
    return add_signatures(stored.note, lines)
