"""What a decision decides: the persons, post, association or document it names.

A decision of a collegial body is the act the Regulation makes a condition of another act (§13.1
Senate candidates, §16 the recommendation for a Deputy Chairman, §13.2 membership candidates,
§13.3 the proposal on a Session, §13.5 awards, §22 elections, §31 discussion and consideration,
§8.1 and §32 the conceptual approaches). It can only be relied on for what it states, so the motion
states its subject when it is put, and the subject is checked against the matter here: a Council
proposal names at most five Senate candidates (§5.4: "appoint five deputies of the Senate"; §13.1:
"making proposals on five candidates"), a recommendation names one person and the association
(§16), an election one person and the post (§22), a discussion the document (§31).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from pydantic import Field

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.text import Code, Line
from domain.kernel.values import Frozen
from domain.regulation.matters import Matter


class VotingForm(StrEnum):
    """How a Session votes, as the Session determined it (§10)."""

    OPEN = "open"
    SECRET = "secret"  # noqa: S105 (a form of voting, not a password)


class Subject(Frozen):
    """What a motion, and the decision it becomes, names."""

    persons: tuple[UUID, ...] = ()
    post: Code | None = Field(default=None, min_length=1, max_length=64)
    association: Line | None = Field(default=None, min_length=1, max_length=300)
    document_id: UUID | None = None
    voting_form: VotingForm | None = None

    def names(self, person_id: UUID) -> bool:
        """Whether the decision names this person."""
        return person_id in self.persons


@dataclass(frozen=True)
class SubjectRule:
    """What a decision on a matter must and may name, and the paragraph that says so."""

    paragraph: str
    min_persons: int = 0
    max_persons: int | None = 0  # None: the text sets no number
    posts: frozenset[str] = frozenset()
    association: bool = False
    document: bool = False
    voting_form: bool = False


#: Matters whose decisions support another act, and what they name. A matter not listed names
#: nothing in particular (a decision on the Council's business, a member's report).
SUBJECT_RULES: dict[Matter, SubjectRule] = {
    Matter.SENATE_CANDIDATES: SubjectRule("§13.1", min_persons=1, max_persons=5),
    Matter.MEMBERSHIP_CANDIDATES: SubjectRule("§13.2", min_persons=1, max_persons=None),
    Matter.DEPUTY_CHAIRMAN_RECOMMENDATION: SubjectRule(
        "§16", min_persons=1, max_persons=1, association=True
    ),
    Matter.EXPERT_COUNCIL_ELECTION: SubjectRule(
        "§22",
        min_persons=1,
        max_persons=1,
        posts=frozenset({"expert_council_chairman", "expert_council_deputy_chairman"}),
    ),
    Matter.POLICY_DOCUMENT_DISCUSSION: SubjectRule("§31", document=True),
    Matter.POLICY_DOCUMENT_CONSIDERATION: SubjectRule("§31", document=True),
    Matter.RULES_OF_PROCEDURE: SubjectRule("§10", voting_form=True),
}


EMPTY = Subject()


def unnamed(subject: Subject) -> bool:
    """For `exclude_if`: an empty subject is left out of an event's stored form."""
    return subject == EMPTY


def check_subject(matter: Matter, subject: Subject) -> Subject:
    """The subject, if a decision on `matter` may name it; otherwise the refusal."""
    rule = SUBJECT_RULES.get(matter)
    what = matter.value.replace("_", " ")
    if rule is None:
        if subject != Subject():
            raise InvalidCommand(f"a decision on {what} names no persons, post or document")
        return subject
    if len(set(subject.persons)) != len(subject.persons):
        raise InvalidCommand("a person is named twice")
    named, most = len(subject.persons), rule.max_persons
    if most == 0 and named:
        raise InvalidCommand(f"a decision on {what} names no persons")
    if named < rule.min_persons or (most is not None and named > most):
        many = (
            f"{rule.min_persons} to {most}" if most is not None else f"at least {rule.min_persons}"
        )
        raise RuleViolation(
            rule.paragraph, f"a decision on {what} names {many} person(s), not {named}"
        )
    fields = (
        (
            bool(rule.posts),
            subject.post,
            subject.post in rule.posts,
            "the post",
            "one of its posts",
        ),
        (rule.association, subject.association, True, "the ethnocultural association", "it"),
        (rule.document, subject.document_id, True, "the document", "its id"),
        (rule.voting_form, subject.voting_form, True, "the form of voting", "open or secret"),
    )
    for wanted, given, valid, field, hint in fields:
        if wanted and (given is None or not valid):
            raise RuleViolation(rule.paragraph, f"a decision on {what} names {field}: {hint}")
        if given is not None and not wanted:
            raise InvalidCommand(f"a decision on {what} does not name {field}")
    return subject
