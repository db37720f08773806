"""No request body is read before its credential is checked, and none beyond a size limit.

FastAPI reads and parses a request's body before the route's dependencies run, so a role check
in a dependency comes too late to spare the process an anonymous 44 MiB body. This ASGI
middleware stands in front: a request that carries a body (`POST`, `PUT`, `PATCH`, `DELETE`) is
answered 401 unless its bearer token is known (429 once its address failed too often, see
api/throttle.py), before a byte of the body is read; a declared or actual body over
`max_body_bytes` is answered 413. The route still checks the role (403).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio.to_thread
from fastapi import HTTPException, status

from api.auth import Authenticator

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Where the guard leaves the principal it authenticated, in the request's state.
PRINCIPAL = "principal"


class BodyGuard:
    """Authenticate, then read at most `max_body_bytes`, then hand the request on."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            # in a worker thread: the lookup reads the credential store
            principal = await anyio.to_thread.run_sync(
                self.authenticator.authenticate, headers.get("authorization"), client_address(scope)
            )
        except HTTPException as refusal:
            await _refusal(send, refusal)
            return
        scope.setdefault("state", {})[PRINCIPAL] = principal  # the route needs no second lookup
        limit = self.authenticator.settings.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _too_large(send, limit)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def client_address(scope: Scope) -> str:
    """The address a request came from, as the throttle counts it."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def _refusal(send: Send, refusal: HTTPException) -> None:
    if refusal.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        extra = [(b"retry-after", (refusal.headers or {})["Retry-After"].encode())]
        await _problem(send, refusal.status_code, "too_many_failures", str(refusal.detail), extra)
        return
    challenge = [(b"www-authenticate", b"Bearer")]
    await _problem(send, refusal.status_code, "unauthorized", str(refusal.detail), challenge)


async def _too_large(send: Send, limit: int) -> None:
    await _problem(
        send,
        status.HTTP_413_CONTENT_TOO_LARGE,
        "body_too_large",
        f"a request body is at most {limit} bytes",
        [],
    )


async def _problem(
    send: Send, code: int, name: str, detail: str, extra: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps({"status": code, "code": name, "detail": detail, "paragraph": None})
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    headers += extra
    await send({"type": "http.response.start", "status": code, "headers": headers})
    await send({"type": "http.response.body", "body": payload.encode()})
