"""Rules on officers that look across a roll and a post: §22 elected officers, §24 the Head."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.composition.bodies import Body
from domain.composition.posts import Post
from domain.composition.seats import within_a_term
from domain.kernel.commands import UnitOfWork
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.ids import body_id, post_id
from domain.kernel.values import Authority
from domain.regulation.rulebook import RULEBOOKS, Filling, rulebook_on

HEAD_OF_SECRETARIAT = "head_of_secretariat"


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
    if head.code != HEAD_OF_SECRETARIAT:
        raise InvalidCommand(f"the {head.code} is not the Head of the Secretariat")
    if not head.holders_on(on):
        raise RuleViolation(
            "§24",
            f"nobody holds the post of Head of the Secretariat on {on}, so no {act_of_the_head}",
        )


def check_orders_of_the_head_stand(uow: UnitOfWork, head: Post, since: date) -> None:
    """§24: every recorded order of the Head setting a composition keeps a Head in office.

    A dismissal of the Head effective on `since` is refused if an order of the Head on the
    composition of a body, dated `since` or later, would be left with nobody in that post.
    `head` is the post as it stands once the dismissal applies.
    """
    for rule in rulebook_on(since).bodies:
        if rule.membership_authority is not Authority.HEAD_OF_SECRETARIAT:
            continue
        roll = uow.get(Body, body_id(rule.code))
        for _, terms in roll.people():
            for act in (a for t in terms for a in (t.act, t.ended_by) if a is not None):
                if act.issuer is not Authority.HEAD_OF_SECRETARIAT or act.issued_on < since:
                    continue
                if not head.holders_on(act.issued_on):
                    raise RuleViolation(
                        "§24",
                        f"the order of the Head No. {act.number} of {act.issued_on} sets the "
                        f"composition of the {rule.name}; nobody would hold the post of Head "
                        "of the Secretariat that day",
                    )
