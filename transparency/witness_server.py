"""Serve a `Witness` over HTTP on the loopback interface only, with the standard library.

    python -m transparency.witness_server --state FILE --key FILE --log-key VKEY --port P

`--key` is a file holding the witness's `PRIVATE+KEY+...` string (type 0x04, or a 0x01 note key);
`--log-key` (repeatable) is a log's verifier key, or a file holding one: the log's origin is
taken to be the key name, as tlog-checkpoint recommends. Routes: `POST /add-checkpoint` and
`GET /<hex SHA-256 of origin>/checkpoint` (the monitoring API).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from transparency.cosignature import CosignatureSigner
from transparency.note import Ed25519Verifier, Verifier
from transparency.witness import MAX_BODY_SIZE, StateFile, Witness, WitnessResponse

LOOPBACK = "127.0.0.1"  # the witness is reached through a local proxy or bastion, never directly
_MONITOR_PATH = re.compile(r"/([0-9a-f]{64})/checkpoint")


class WitnessHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server bound to loopback that answers for one `Witness`."""

    daemon_threads = True

    def __init__(self, witness: Witness, port: int = 0) -> None:
        self.witness = witness
        super().__init__((LOOPBACK, port), _Handler)

    @property
    def port(self) -> int:
        """The TCP port the server listens on (useful after binding port 0)."""
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, which the protocol recommends to clients
    server_version = "assembly-ledger-witness"

    def _witness(self) -> Witness:
        if not isinstance(self.server, WitnessHTTPServer):
            raise TypeError("the handler runs only inside a WitnessHTTPServer")
        return self.server.witness

    def do_POST(self) -> None:
        if self.path != "/add-checkpoint":
            self._send(WitnessResponse(HTTPStatus.NOT_FOUND.value, b"not found\n"))
            return
        length = self.headers.get("Content-Length", "")
        if not length.isascii() or not length.isdigit():
            self._send(WitnessResponse(HTTPStatus.LENGTH_REQUIRED.value, b"length required\n"))
            return
        if int(length) > MAX_BODY_SIZE:
            self.close_connection = True  # the unread body would corrupt the next request
            too_large = HTTPStatus.REQUEST_ENTITY_TOO_LARGE.value
            self._send(WitnessResponse(too_large, b"request body is too large\n"))
            return
        self._send(self._witness().add_checkpoint(self.rfile.read(int(length))))

    def do_GET(self) -> None:
        match = _MONITOR_PATH.fullmatch(self.path)
        if match is None:
            status = HTTPStatus.METHOD_NOT_ALLOWED if self.path == "/add-checkpoint" else None
            status = status or HTTPStatus.NOT_FOUND
            self._send(WitnessResponse(status.value, f"{status.phrase.lower()}\n".encode()))
            return
        self._send(self._witness().latest_checkpoint(match.group(1)))

    def _send(self, response: WitnessResponse) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"witness: {self.address_string()} {format % args}\n")


def _read_key(value: str) -> str:
    path = Path(value)
    return path.read_text(encoding="utf-8").strip() if path.is_file() else value.strip()


def build_witness(state: Path, key: Path, log_keys: Sequence[str]) -> Witness:
    """Make a witness from a state file, a private key file and log verifier keys."""
    signer = CosignatureSigner.from_skey(key.read_text(encoding="utf-8"))
    logs: dict[str, list[Verifier]] = {}
    for value in log_keys:
        verifier = Ed25519Verifier.from_vkey(_read_key(value))
        logs.setdefault(verifier.name, []).append(verifier)
    return Witness(signer, logs, StateFile(state))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the witness until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m transparency.witness_server")
    parser.add_argument("--state", type=Path, required=True, help="JSON state file")
    parser.add_argument("--key", type=Path, required=True, help="file with the private key")
    parser.add_argument(
        "--log-key", action="append", required=True, help="log verifier key, or a file with one"
    )
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    args = parser.parse_args(argv)
    witness = build_witness(args.state, args.key, args.log_key)
    with WitnessHTTPServer(witness, args.port) as server:
        sys.stderr.write(
            f"witness {witness.signer.verifier().vkey()} on {LOOPBACK}:{server.port}\n"
        )
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
            server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
