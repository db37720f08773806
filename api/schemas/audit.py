"""What the auditor's routes answer: stored events with their leaves, and Merkle proofs."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import Field

from api.schemas.common import Schema


class AuditEventPublic(Schema):
    """One stored event: where it stands in the log, what it is, who recorded it, its leaf."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str = Field(examples=["assembly:Post.HolderAppointed"])
    kind: str = Field(
        description="regulation (a fact of the Regulation) or bookkeeping (idempotency records)"
    )
    metadata: dict[str, Any] = Field(
        description="recorded_by, timestamp (recording time), effective_on, paragraph, "
        "idempotency_key, as stored"
    )
    state_b64: str = Field(description="the stored state, byte for byte, base64")
    leaf_index: int | None = Field(description="the event's leaf, once the tree holds it")
    leaf_hash_b64: str | None = Field(description="RFC 9162 leaf hash of the canonical entry")
    rests_on: list[dict[str, Any]] = Field(
        default_factory=list,
        description="the acts the fact rests on: external acts of persons (decree, order, "
        "agreement: kind, number, issued_on, issuer, source) and decisions of collegial bodies "
        "(by id, or as the act a sitting adopted)",
        examples=[[{"rests_on": "external_act", "kind": "decree", "number": "SAMPLE-D-3"}]],
    )


class AuditEventsPage(Schema):
    """A page of the event stream, in log order."""

    data: list[AuditEventPublic]
    next_after: int | None = Field(description="pass as `after` for the next page; null at the end")
    tree_size: int = Field(description="leaves in the tree when this page was read")


class InclusionProofPublic(Schema):
    """An RFC 9162 inclusion proof of one event's leaf in a tree of `tree_size` leaves."""

    position: int
    leaf_index: int
    tree_size: int
    leaf_hash_b64: str
    hashes_b64: list[str] = Field(description="the audit path, at most ceil(log2 n)+1 hashes")


class ConsistencyProofPublic(Schema):
    """An RFC 9162 consistency proof between two tree sizes."""

    first: int
    second: int
    hashes_b64: list[str]


class CheckpointsPublic(Schema):
    """The sizes at which the log signed checkpoints, oldest first."""

    sizes: list[int]
    latest: int | None
