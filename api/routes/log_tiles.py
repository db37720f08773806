"""The log as `tlog-tiles` resources, for standard tile clients: the checkpoint and the tiles.

Full tiles never change, so they are served as immutable and cacheable for a year; partial tiles
and the checkpoint change as the log grows and are cached briefly.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response

from api.deps import AuditDep
from api.routes.audit import latest_cosigned
from api.schemas.common import NOT_FOUND
from audit import reads
from transparency.tiles import parse_tile_path

router = APIRouter(prefix="/v1/log", tags=["audit"])

IMMUTABLE = "public, max-age=31536000, immutable"
BRIEF = "public, max-age=5"


@router.get("/checkpoint", responses=NOT_FOUND)
def checkpoint(audit: AuditDep) -> Response:
    """The latest signed checkpoint with its cosignatures (`text/plain; charset=utf-8`)."""
    body = latest_cosigned(audit)
    return Response(body, media_type="text/plain; charset=utf-8", headers={"Cache-Control": BRIEF})


@router.get("/tile/{path:path}", responses=NOT_FOUND)
def tile(path: str, audit: AuditDep) -> Response:
    """A hash tile (`tile/<L>/<N>[.p/<W>]`) or an entry bundle (`tile/entries/<N>[.p/<W>]`)."""
    try:
        wanted = parse_tile_path(f"tile/{path}")
    except ValueError as error:
        raise HTTPException(404, f"no tile {path!r}: {error}") from None
    if wanted.entries:
        body = reads.entry_bundle(audit.recorder, audit.tlog, wanted)
    else:
        body = reads.hash_tile(audit.tlog, wanted)
    cache = BRIEF if wanted.partial else IMMUTABLE
    return Response(body, media_type="application/octet-stream", headers={"Cache-Control": cache})
