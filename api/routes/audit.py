"""The auditor's door: the event stream, one aggregate's history, checkpoints and proofs.

Nothing here needs trust in the operator: every event comes with its leaf hash, every
checkpoint is a signed note that `verify_bundle.py` or any C2SP tool checks with the published
key, and every proof is checked against a signed root.
"""

from __future__ import annotations

import base64
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import PlainTextResponse

from api.deps import AuditDep
from api.schemas.audit import (
    AuditEventPublic,
    AuditEventsPage,
    CheckpointsPublic,
    ConsistencyProofPublic,
    InclusionProofPublic,
)
from api.schemas.common import NOT_FOUND
from audit import reads
from audit.service import PublishedLog

router = APIRouter(prefix="/v1/audit", tags=["audit"])

MAX_PAGE = 1000
Position = Annotated[int, Query(ge=0, le=2**62, description="a log position")]
Size = Annotated[int, Query(ge=1, le=2**62, description="a tree size")]


def _b64(values: list[bytes]) -> list[str]:
    return [base64.b64encode(v).decode() for v in values]


@router.get("/events")
def events(
    audit: AuditDep,
    after: Position = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> AuditEventsPage:
    """The full event stream with metadata and leaf hashes, paged by position."""
    page = reads.audit_events(audit.recorder, audit.tlog, after=after, limit=limit)
    return AuditEventsPage(
        data=[AuditEventPublic.model_validate(e) for e in page],
        next_after=page[-1].position if len(page) == limit else None,
        tree_size=audit.tlog.tree_size(),
    )


@router.get("/aggregates/{aggregate_id}/events")
def aggregate_history(aggregate_id: UUID, audit: AuditDep) -> list[AuditEventPublic]:
    """Every stored event of one aggregate (a post, a body, a sitting ...), in order."""
    history = reads.aggregate_events(audit.recorder, audit.tlog, aggregate_id)
    return [AuditEventPublic.model_validate(e) for e in history]


@router.get("/key", response_class=PlainTextResponse)
def verifier_key(audit: AuditDep) -> str:
    """The log's verifier key in the note format (`name+keyid+key`)."""
    return audit.verifier_key


@router.get("/checkpoints")
def checkpoints(audit: AuditDep) -> CheckpointsPublic:
    """The sizes of every signed checkpoint."""
    sizes = audit.tlog.checkpoint_sizes()
    return CheckpointsPublic(sizes=sizes, latest=sizes[-1] if sizes else None)


@router.get("/checkpoints/latest", response_class=PlainTextResponse, responses=NOT_FOUND)
def latest_checkpoint(audit: AuditDep) -> str:
    """The latest signed checkpoint, with the cosignatures of the witnesses that saw it."""
    return latest_cosigned(audit)


@router.get("/checkpoints/{size}", response_class=PlainTextResponse, responses=NOT_FOUND)
def checkpoint(size: int, audit: AuditDep) -> str:
    """The checkpoint signed at a tree size, with its cosignatures."""
    note = audit.cosigned(size)
    if note is None:
        raise HTTPException(404, f"no checkpoint of size {size}")
    return note


def latest_cosigned(audit: PublishedLog) -> str:
    """The latest checkpoint with its cosignatures, or a 404 before the first one."""
    latest = audit.tlog.latest_checkpoint()
    note = None if latest is None else audit.cosigned(latest.size)
    if note is None:
        raise HTTPException(404, "no checkpoint is signed yet")
    return note


@router.get("/proofs/inclusion", responses=NOT_FOUND)
def inclusion_proof(position: Position, tree_size: Size, audit: AuditDep) -> InclusionProofPublic:
    """The inclusion proof of the event at `position` in the tree of `tree_size` leaves."""
    index, leaf, proof = reads.inclusion(audit.tlog, position, tree_size)
    return InclusionProofPublic(
        position=position,
        leaf_index=index,
        tree_size=tree_size,
        leaf_hash_b64=base64.b64encode(leaf).decode(),
        hashes_b64=_b64(proof),
    )


@router.get("/proofs/consistency", responses=NOT_FOUND)
def consistency_proof(first: Size, second: Size, audit: AuditDep) -> ConsistencyProofPublic:
    """The consistency proof between two tree sizes."""
    proof = reads.consistency(audit.tlog, first, second)
    return ConsistencyProofPublic(first=first, second=second, hashes_b64=_b64(proof))


@router.get("/view-digests/{size}", response_class=PlainTextResponse, responses=NOT_FOUND)
def view_digests(size: int, audit: AuditDep) -> str:
    """The signed digests of the views as of a tree size."""
    note = audit.digest_note(size)
    if note is None:
        raise HTTPException(404, f"no view digest at size {size}")
    return note
