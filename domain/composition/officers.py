"""Rules on officers that look across a roll and a post: §22 elected officers, §24 the Head."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.composition.bodies import Body
from domain.composition.posts import Post
from domain.composition.seats import within_a_term
from domain.kernel.commands import UnitOfWork
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.ids import post_id
from domain.regulation.rulebook import RULEBOOKS, Filling


def check_officers_are_members(
    uow: UnitOfWork, roll: Body, person_id: UUID, *changed: Post
) -> None:
    """§22: an officer a body elected from its members stays a member while in office."""
    elected = {
        rule.code
        for rulebook in RULEBOOKS
        for rule in rulebook.posts_of(roll.code)
        if rule.filling is Filling.ELECTION
    }
    posts = {p.code: p for p in changed}
    terms = [t.tenure for t in roll.terms_of(person_id)]
    for code in sorted(elected):
        post = posts.get(code) or uow.get(Post, post_id(code))
        for holding in post.holdings.values():
            if holding.person_id == person_id and not within_a_term(holding.tenure, terms):
                raise RuleViolation(
                    "§22",
                    f"{person_id} would hold office as {code} while not a member of the "
                    f"{roll.code}; the office must end first, by a decision of the body",
                )


def check_head_of_secretariat_in_office(head: Post, on: date, act_of_the_head: str) -> None:
    """§24: only a Head of the Secretariat in office on the act's date acts as the Head."""
    if head.code != "head_of_secretariat":
        raise InvalidCommand(f"the {head.code} is not the Head of the Secretariat")
    if not head.holders_on(on):
        raise RuleViolation(
            "§24",
            f"nobody holds the post of Head of the Secretariat on {on}, so no {act_of_the_head}",
        )
