"""Handlers of the opening balance: one carried-over fact, or a whole balance in one transaction."""

from __future__ import annotations

from datetime import date
from typing import TypeVar
from uuid import UUID

from pydantic import ValidationError

from domain.composition.bodies import Body
from domain.composition.commands import EstablishBodies
from domain.composition.handlers import establish
from domain.composition.opening_balance.commands import (
    BalanceHolding,
    BalanceMembership,
    BalancePerson,
    BalanceRow,
    CarryOverBalance,
    CarryOverHolding,
    CarryOverMembership,
)
from domain.composition.opening_balance.rules import (
    FIRST_RULEBOOK,
    OPENED,
    OpeningBalanceRefused,
    carried_over_holding_id,
    carried_over_person_id,
    carry_over_holding,
    carry_over_membership,
    electing_body,
    ex_officio_posts,
)
from domain.composition.persons import Person
from domain.composition.posts import Post
from domain.kernel.commands import Decided, Handlers, UnitOfWork
from domain.kernel.errors import InvalidCommand, LedgerError
from domain.kernel.events import LedgerAggregate
from domain.kernel.ids import body_id, derived_id, post_id
from domain.kernel.values import Act

handlers = Handlers()

A = TypeVar("A", bound=LedgerAggregate)


class _Loaded:
    """The aggregates one command works on, each loaded once, so that its rows see each other."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._aggregates: dict[UUID, LedgerAggregate] = {}

    def get(self, kind: type[A], aggregate_id: UUID) -> A:
        found = self._aggregates.get(aggregate_id)
        if found is None:
            found = self._aggregates[aggregate_id] = self.uow.get(kind, aggregate_id)
        if not isinstance(found, kind):
            raise InvalidCommand(f"{aggregate_id} is not a {kind.__name__.lower()}")
        return found

    def has(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self._aggregates or self.uow.exists(aggregate_id)

    def add(self, aggregate: LedgerAggregate) -> None:
        self._aggregates[aggregate.id] = aggregate

    def require_person(self, person_id: UUID) -> None:
        if not isinstance(self._aggregates.get(person_id), Person):
            self.uow.require_person(person_id)

    def changed(self) -> list[LedgerAggregate]:
        return list(self._aggregates.values())


def _membership(
    loaded: _Loaded, body: str, person_id: UUID, act: Act, starts_on: date, former: str
) -> None:
    FIRST_RULEBOOK.body(body)  # an unknown code is refused by name
    loaded.require_person(person_id)
    roll = loaded.get(Body, body_id(body))
    carry_over_membership(
        roll, person_id, act, loaded.uow.provenance, starts_on=starts_on, former_regulation=former
    )


def _holding(
    loaded: _Loaded,
    code: str,
    person_id: UUID,
    act: Act,
    starts_on: date,
    association: str | None,
    former: str,
) -> UUID:
    electing = electing_body(code)  # an unknown code is refused by name
    loaded.require_person(person_id)
    holding_id = carried_over_holding_id(code, person_id, starts_on)
    post = loaded.get(Post, post_id(code))
    recorded = carry_over_holding(
        post,
        holding_id,
        person_id,
        act,
        loaded.uow.provenance,
        starts_on=starts_on,
        former_regulation=former,
        association=association,
        electing_roll=None if electing is None else loaded.get(Body, electing),
    )
    if recorded:
        source = post.holding(holding_id)
        for linked_id, linked_code in ex_officio_posts(code):
            linked = loaded.get(Post, linked_id)
            linked.take_ex_officio(
                derived_id(str(holding_id), linked_code),
                source,
                loaded.uow.provenance,
                starts_on=OPENED,
            )
    return holding_id


@handlers.handles(CarryOverMembership)
def carry_over_one_membership(uow: UnitOfWork, command: CarryOverMembership) -> Decided:
    """Record one carried-over term of membership (nothing if it is recorded already)."""
    loaded = _Loaded(uow)
    _membership(
        loaded,
        command.body,
        command.person_id,
        command.act,
        command.starts_on,
        command.former_regulation,
    )
    return Decided(loaded.changed(), command.person_id)


@handlers.handles(CarryOverHolding)
def carry_over_one_holding(uow: UnitOfWork, command: CarryOverHolding) -> Decided:
    """Record one carried-over holding and its ex officio holdings (nothing if recorded)."""
    loaded = _Loaded(uow)
    holding_id = _holding(
        loaded,
        command.post,
        command.person_id,
        command.act,
        command.starts_on,
        command.association,
        command.former_regulation,
    )
    return Decided(loaded.changed(), holding_id)


def _person(loaded: _Loaded, row: BalancePerson, command: CarryOverBalance) -> None:
    person_id = carried_over_person_id(row.ref)
    if loaded.has(person_id):
        known = loaded.get(Person, person_id)
        if known.full_name != row.full_name.strip():
            raise InvalidCommand(f"person {row.ref!r} is already {known.full_name!r}")
        return
    loaded.add(
        Person.register(
            person_id,
            row.full_name,
            loaded.uow.provenance,
            registered_on=command.registered_on,
            sample=row.sample,
        )
    )


def _row(loaded: _Loaded, row: BalanceRow, command: CarryOverBalance) -> None:
    former = command.former_regulation
    if isinstance(row, BalancePerson):
        _person(loaded, row, command)
    elif isinstance(row, BalanceMembership):
        person = carried_over_person_id(row.person)
        _membership(loaded, row.body, person, row.act, row.starts_on, former)
    else:
        person = carried_over_person_id(row.person)
        _holding(loaded, row.post, person, row.act, row.starts_on, row.association, former)


_ORDER = {BalancePerson: 0, BalanceMembership: 1, BalanceHolding: 2}


@handlers.handles(CarryOverBalance)
def carry_over_balance(uow: UnitOfWork, command: CarryOverBalance) -> Decided:
    """Check every row of an opening balance, then record them all, or refuse them all.

    The bodies and posts are established with it if the ledger is new. Persons come first,
    then terms (an elected officer must be a member, §22), then holdings; a refusal lists
    every row that does not hold, by its index in `rows`.
    """
    loaded = _Loaded(uow)
    for established in establish(uow, EstablishBodies()).changed:  # a new ledger's, at once
        loaded.add(established)
    problems: list[tuple[int, str]] = []
    order = sorted(range(len(command.rows)), key=lambda i: _ORDER[type(command.rows[i])])
    for index in order:
        try:
            _row(loaded, command.rows[index], command)
        except LedgerError as error:
            problems.append((index, error.message))
        except ValidationError as error:
            problems.append((index, "; ".join(e["msg"] for e in error.errors())))
    if problems:
        raise OpeningBalanceRefused(sorted(problems))
    changed = [] if command.check_only else loaded.changed()
    return Decided(changed, body_id("assembly"))
