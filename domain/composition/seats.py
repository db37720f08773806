"""Who may hold a seat, and on what: nominees, holdings, and the guards every filling shares.

Pure functions over a post's rule and its holdings, so the `Post` aggregate reads as the story of
its events and these checks can be reasoned about (and tested) on their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.tenure import Tenure, peak_occupancy
from domain.kernel.values import Act, ActKind, Frozen
from domain.regulation.rulebook import PostRule


class NominationStatus(StrEnum):
    """Where a nomination stands."""

    PENDING = "pending"
    APPOINTED = "appointed"
    DECLINED = "declined"


class Nominee(Frozen):
    """A person named for a post by a prior act (§13.1 proposal, §16 recommendation)."""

    nomination_id: UUID
    person_id: UUID
    act: Act
    status: NominationStatus = NominationStatus.PENDING
    association: str | None = None  # §16: the association the recommendation names


class Holding(Frozen):
    """A person's tenure of one seat of a post, the act that caused it, and the version of the
    event that recorded it (what a correction points at)."""

    holding_id: UUID
    person_id: UUID
    tenure: Tenure
    act: Act
    nomination_id: UUID | None = None
    association: str | None = None
    ex_officio_of: UUID | None = None
    ended_by: Act | None = None
    recorded_in: int = 0


def check_nominating_act(rule: PostRule, act: Act) -> str:
    """The nomination's paragraph, if `act` may nominate for this post; otherwise the refusal."""
    nomination = rule.nomination
    if nomination is None:
        raise RuleViolation(rule.paragraph, f"the {rule.label} is not filled on a nomination")
    if act.issuer != nomination.issuer or act.kind is not ActKind.DECISION:
        raise RuleViolation(
            nomination.paragraph,
            f"a nomination for {rule.label} is a {nomination.kind.value} of the "
            f"{nomination.issuer.value} adopted as its decision at a recorded sitting, not a "
            f"{act.kind.value} of the {act.issuer.value}",
        )
    return nomination.paragraph


def check_appointing_act(
    rule: PostRule, act: Act, effective: date, *, dismissal: bool = False
) -> None:
    """Refuse an act of the wrong authority or kind, or one taking effect before its issue."""
    verb = "dismisses" if dismissal else "appoints"
    if act.issuer != rule.appointing_authority:
        raise RuleViolation(
            rule.appointing_paragraph,
            f"only the {rule.appointing_authority.value} {verb} the {rule.label}; "
            f"this act was issued by the {act.issuer.value}",
        )
    if act.kind not in rule.appointing_acts:
        allowed = " or ".join(sorted(k.value for k in rule.appointing_acts))
        raise RuleViolation(
            rule.appointing_paragraph,
            f"the {rule.label} is {'dismissed' if dismissal else 'appointed'} by {allowed} "
            f"of the {rule.appointing_authority.value}, not by {act.kind.value}",
        )
    check_effect(act, effective)


def check_effect(act: Act, effective: date) -> None:
    """An act takes effect on its date or later, never before it was issued."""
    if effective < act.issued_on:
        raise InvalidCommand(
            f"an act issued on {act.issued_on} cannot take effect earlier, on {effective}"
        )


def prior_nomination(
    rule: PostRule,
    nominees: Iterable[Nominee],
    person_id: UUID,
    nomination_id: UUID | None,
    act: Act,
) -> UUID:
    """The earliest pending nomination of the person made no later than the appointing act."""
    assert rule.nomination is not None
    candidates = [
        n
        for n in nominees
        if n.status is NominationStatus.PENDING
        and n.person_id == person_id
        and (nomination_id is None or n.nomination_id == nomination_id)
        and n.act.issued_on <= act.issued_on  # the act rests on a nomination made before it
    ]
    if not candidates:
        raise RuleViolation(
            rule.nomination.paragraph,
            f"the {rule.label} is appointed only on a prior {rule.nomination.kind.value} of "
            f"the {rule.nomination.issuer.value} naming this person, and none was pending "
            f"when the {act.kind.value} was issued on {act.issued_on}",
        )
    return min(candidates, key=lambda n: n.act.issued_on).nomination_id


def check_free_seat(
    rule: PostRule,
    holdings: Iterable[Holding],
    person_id: UUID,
    wanted: Tenure,
    *,
    besides: UUID | None = None,
) -> None:
    """Refuse a tenure that would fill more seats than the post has on any of its days."""
    others = [h for h in holdings if h.holding_id != besides]
    if any(h.person_id == person_id and h.tenure.overlaps(wanted) for h in others):
        raise InvalidCommand(
            f"this person already holds the {rule.label} on or after {wanted.start}"
        )
    held, first_full = peak_occupancy([h.tenure for h in others], wanted)
    if held >= rule.seats:
        raise RuleViolation(
            rule.paragraph,
            f"no free seat: the {rule.label} has {rule.seats} seat(s) and all are held "
            f"on {first_full}",
        )


def within_a_term(tenure: Tenure, terms: Iterable[Tenure]) -> bool:
    """Whether one term of membership covers the whole tenure (terms never overlap)."""
    return any(
        t.start <= tenure.start
        and (t.end is None or (tenure.end is not None and tenure.end <= t.end))
        for t in terms
    )
