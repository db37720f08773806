"""Handlers of corrections: retract or restate what an earlier event recorded in error."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.composition.bodies import Body
from domain.composition.commands import (
    RestateHolding,
    RestateMembershipTerm,
    RetractHolding,
    RetractMembershipTerm,
)
from domain.composition.officers import check_officers_are_members
from domain.composition.posts import Post
from domain.kernel.commands import Decided, Handlers, UnitOfWork
from domain.kernel.corrections import EventRef, Reason
from domain.kernel.errors import RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import body_id, post_id
from domain.kernel.tenure import Tenure
from domain.regulation.rulebook import rulebook_on

handlers = Handlers()

#: Restated dates, or None for a retraction.
Dates = tuple[date, date | None] | None


@handlers.handles(RetractMembershipTerm)
def retract_membership_term(uow: UnitOfWork, command: RetractMembershipTerm) -> Decided:
    """Retract a term of membership that was recorded in error."""
    return _correct_term(
        uow, command.body, command.person_id, command.corrects, command.reason, None
    )


@handlers.handles(RestateMembershipTerm)
def restate_membership_term(uow: UnitOfWork, command: RestateMembershipTerm) -> Decided:
    """Restate the dates of a term of membership that were recorded in error."""
    dates = (command.starts_on, command.ends_on)
    return _correct_term(
        uow, command.body, command.person_id, command.corrects, command.reason, dates
    )


@handlers.handles(RetractHolding)
def retract_holding(uow: UnitOfWork, command: RetractHolding) -> Decided:
    """Retract a holding recorded in error, with what it carried ex officio (§17)."""
    return _correct_holding(uow, command.post, command.holding_id, command.reason, None)


@handlers.handles(RestateHolding)
def restate_holding(uow: UnitOfWork, command: RestateHolding) -> Decided:
    """Restate the dates of a holding recorded in error, and of its ex officio holdings."""
    return _correct_holding(
        uow, command.post, command.holding_id, command.reason, (command.starts_on, command.ends_on)
    )


def _correct_holding(
    uow: UnitOfWork, post: str, holding_id: UUID, reason: str, dates: Dates
) -> Decided:
    target = uow.get(Post, post_id(post))
    why, tenure = Reason(text=reason), _tenure(dates)
    started = target.holding(holding_id).tenure.start
    if target.rule_on(started).ex_officio_from is not None:
        raise RuleViolation("§17", "an ex officio holding is corrected with the holding it follows")
    target.correct_holding(holding_id, why, uow.provenance, tenure=tenure)
    changed: list[LedgerAggregate] = [target]
    for rule in rulebook_on(started).ex_officio_posts_of(post):
        linked = uow.get(Post, post_id(rule.code))
        for holding in linked.linked_holdings(holding_id):
            linked.correct_holding(holding.holding_id, why, uow.provenance, tenure=tenure)
        changed.append(linked)
    return Decided(changed, holding_id)


def _correct_term(
    uow: UnitOfWork, body: str, person_id: UUID, corrects: EventRef, reason: str, dates: Dates
) -> Decided:
    roll = uow.get(Body, body_id(body))
    why, tenure = Reason(text=reason), _tenure(dates)
    roll.correct_term(person_id, corrects, why, uow.provenance, tenure=tenure)
    check_officers_are_members(uow, roll, person_id)
    return Decided([roll], person_id)


def _tenure(dates: Dates) -> Tenure | None:
    return None if dates is None else Tenure(start=dates[0], end=dates[1])
