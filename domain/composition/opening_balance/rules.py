"""The rules a carried-over fact is checked against, and how it is recorded (docs/adr/0013)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from uuid import UUID

from domain.composition.bodies import Body
from domain.composition.posts import Post
from domain.composition.seats import check_effect, check_free_seat, within_a_term
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.ids import body_id, derived_id, post_id
from domain.kernel.tenure import Tenure
from domain.kernel.values import ASSEMBLY_FOUNDED, Act, Provenance
from domain.regulation.rulebook import RULEBOOKS, Filling

#: The Assembly was founded on 1 March 1995; no act of it is older.
#: The first rulebook the ledger keeps: carried-over facts stand under it from its first day.
FIRST_RULEBOOK = RULEBOOKS[0]
OPENED = FIRST_RULEBOOK.in_force_from


class OpeningBalanceRefused(InvalidCommand):
    """Rows of an opening balance that do not hold: (row index from 0, reason) each."""

    code = "opening_balance_refused"

    def __init__(self, problems: Sequence[tuple[int, str]]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(f"row {i + 1}: {reason}" for i, reason in self.problems[:3])
        more = f" (and {len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(f"{len(self.problems)} row(s) refused, nothing recorded: {shown}{more}")


def carried_over_person_id(ref: str) -> UUID:
    """The id of the person an opening balance names by `ref`: the same in every import."""
    return derived_id("opening-balance:person", ref)


def carried_over_holding_id(post: str, person_id: UUID, starts_on: date) -> UUID:
    """The id of a carried-over holding: one person, one post, one start."""
    return derived_id(f"opening-balance:holding:{post}:{person_id}", starts_on.isoformat())


def check_carried_over_dates(act: Act, starts_on: date) -> None:
    """A carried-over fact lies between the Assembly's founding and the first rulebook."""
    if act.issued_on < ASSEMBLY_FOUNDED:
        raise InvalidCommand(
            f"an act of {act.issued_on} precedes the founding of the Assembly on {ASSEMBLY_FOUNDED}"
        )
    check_effect(act, starts_on)
    if starts_on >= OPENED:
        raise InvalidCommand(
            f"a fact taking effect on {starts_on} falls under {FIRST_RULEBOOK.decree} "
            f"(in force from {OPENED}); it is not carried over: record it by its ordinary command"
        )


def _closed(name: str, tenures: Iterable[Tenure]) -> None:
    # A term or holding that began on or after the first rulebook, or ended at all, was recorded
    # by an act under it: carried-over facts never end before it and always begin before it.
    if any(t.start >= OPENED or t.end is not None for t in tenures):
        raise InvalidCommand(
            f"the opening balance of the {name} is closed: facts under {FIRST_RULEBOOK.decree} "
            "are already recorded for it"
        )


def carry_over_membership(
    roll: Body,
    person_id: UUID,
    act: Act,
    provenance: Provenance,
    *,
    starts_on: date,
    former_regulation: str,
) -> bool:
    """Record a term carried over into the roll; False if it is recorded already."""
    rule = FIRST_RULEBOOK.body(roll.code)
    terms = roll.terms_of(person_id)
    if any(t.tenure.start == starts_on and t.act == act for t in terms):
        return False
    if rule.membership_authority is None:
        raise RuleViolation(
            rule.paragraph, f"the {rule.name} has no members of its own; its posts are held"
        )
    check_carried_over_dates(act, starts_on)
    _closed(rule.name, (t.tenure for _, terms_of in roll.people() for t in terms_of))
    if any(t.tenure.overlaps(Tenure(start=starts_on)) for t in terms):
        raise InvalidCommand(
            f"person {person_id} is already a member of the {rule.name} on or after {starts_on}"
        )
    roll.carry_over(
        person_id, act, provenance, starts_on=starts_on, former_regulation=former_regulation
    )
    return True


def carry_over_holding(
    post: Post,
    holding_id: UUID,
    person_id: UUID,
    act: Act,
    provenance: Provenance,
    *,
    starts_on: date,
    former_regulation: str,
    association: str | None,
    electing_roll: Body | None,
) -> bool:
    """Record a holding carried over into the post; False if it is recorded already.

    `electing_roll` is the roll of the post's body when the post is elected from its members.
    """
    existing = post.holdings.get(holding_id)
    if existing is not None:
        if existing.person_id == person_id and existing.act == act:
            return False
        raise InvalidCommand(f"holding {holding_id} of the {post.code} is recorded otherwise")
    rule = FIRST_RULEBOOK.post(post.code)
    if rule.filling is Filling.EX_OFFICIO_HEAD_OF_SECRETARIAT:
        raise RuleViolation(
            "§17",
            f"the {rule.label} is held ex officio by the Head of the Secretariat; carry over "
            "the Head, who holds it from the day the Regulation came into force",
        )
    check_carried_over_dates(act, starts_on)
    _closed(rule.label, (h.tenure for h in post.holdings.values()))
    # From its first day, Decree No. 747's seats hold: a carried-over holding stands on it.
    check_free_seat(rule, post.holdings.values(), person_id, Tenure(start=OPENED))
    # §22 as Decree No. 747's officers rule reads it: the office lies within one term.
    terms = [t.tenure for t in electing_roll.terms_of(person_id)] if electing_roll else []
    if electing_roll is not None and not within_a_term(Tenure(start=starts_on), terms):
        raise RuleViolation(
            "§22",
            f"the {rule.label} is elected from the members of the {electing_roll.name}; carry "
            f"over {person_id}'s membership, begun no later than {starts_on}, first",
        )
    post.carry_over(
        holding_id,
        person_id,
        act,
        provenance,
        starts_on=starts_on,
        former_regulation=former_regulation,
        association=association.strip() if association and association.strip() else None,
    )
    return True


def electing_body(post: str) -> UUID | None:
    """The roll an elected post's holders must be members of (§22), if the post is elected."""
    rule = FIRST_RULEBOOK.post(post)
    return body_id(rule.body) if rule.filling is Filling.ELECTION else None


def ex_officio_posts(post: str) -> list[tuple[UUID, str]]:
    """The posts held ex officio with `post` under the first rulebook, by id and code (§17)."""
    return [(post_id(r.code), r.code) for r in FIRST_RULEBOOK.ex_officio_posts_of(post)]
