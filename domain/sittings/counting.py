"""How a sitting counts: its agenda, its competence, the votes it admits and a motion's outcome.

Pure rules over a sitting's values, so that the `Sitting` aggregate keeps only its state, its
events and the order of its steps. Only members take part and are counted, and competence is
computed from those present against the body's members on the sitting's date (§9, §14). A vote
counts only from a member present, once per motion; a secret ballot's count cannot exceed the
members present (§10). An outcome is computed from the votes with the body's rule (§10, §15).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID

from pydantic import TypeAdapter

from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.regulation.matters import SittingRule
from domain.regulation.quorum import Competence, Outcome, Threshold, competence, outcome
from domain.regulation.rulebook import Rulebook
from domain.sittings.votes import AgendaItem, Choice, Motion, Tally, Vote

#: A batch of votes, validated at once.
VOTES: TypeAdapter[tuple[Vote, ...]] = TypeAdapter(tuple[Vote, ...])


def check_agenda(rulebook: Rulebook, body: str, agenda: Sequence[AgendaItem]) -> None:
    """Refuse an agenda numbered with gaps, or with a matter the body cannot take."""
    if sorted(i.number for i in agenda) != list(range(1, len(agenda) + 1)):
        raise InvalidCommand("agenda items are numbered 1, 2, 3 ... without gaps")
    for item in agenda:
        rulebook.matter(body, item.matter)


def bounded(value: str, what: str, limit: int) -> str:
    """`value` stripped of blanks, refused unless 1 to `limit` characters remain."""
    stripped = value.strip()
    if not 0 < len(stripped) <= limit:
        raise InvalidCommand(f"{what} has 1 to {limit} characters")
    return stripped


def attendance_competence(
    rule: SittingRule,
    body: str,
    held_on: date,
    present: frozenset[UUID],
    members: frozenset[UUID],
) -> Competence:
    """The competence of a sitting `present` took part in; `members` are the body's that day."""
    paragraph = rule.competence.paragraph if rule.competence else rule.adoption.paragraph
    strangers = present - members
    if strangers:
        raise RuleViolation(
            paragraph,
            f"{len(strangers)} of those listed are not members of the {body} on "
            f"{held_on}: only members take part and are counted",
        )
    if rule.competence:
        return competence(rule.competence, len(present), len(members))
    # No quorum is set (§22), but a meeting with nobody present decides nothing.
    return Competence(
        present=len(present),
        total=len(members),
        rule="no quorum set by the Regulation; someone takes part",
        paragraph=paragraph,
        competent=bool(present),
    )


def check_competent(counted: Competence | None) -> None:
    """Refuse to put motions before the attendance is recorded, or at a sitting not competent."""
    if counted is None:
        raise InvalidCommand("record the attendance before putting motions")
    if not counted.competent:
        raise RuleViolation(
            counted.paragraph,
            f"the sitting is not competent: {counted.present} of "
            f"{counted.total} members took part ({counted.rule})",
        )


def admissible_votes(
    motion: Motion,
    votes: Mapping[UUID, Choice],
    roster: frozenset[UUID] | None,
    paragraph: str,
) -> tuple[Vote, ...]:
    """Open votes on `motion`, each from a member on the `roster` who has not yet voted on it."""
    if motion.secret:
        raise InvalidCommand("a secret ballot is recorded as a tally, not as named votes")
    if not votes:
        raise InvalidCommand("no votes to record")
    assert roster is not None
    absent = set(votes) - roster
    if absent:
        raise RuleViolation(
            paragraph,
            f"{len(absent)} voter(s) are not on the roster of members present: "
            "a vote counts only from a member taking part",
        )
    again = set(votes) & {v.person_id for v in motion.votes}
    if again:
        raise RuleViolation(paragraph, f"{len(again)} voter(s) already voted on this motion")
    # UUIDs order by their integers; sorting on those skips a Python-level comparison per pair.
    ordered = sorted(votes.items(), key=lambda vote: vote[0].int)
    # One validation of the whole batch: half the cost of building the votes one by one.
    return VOTES.validate_python([{"person_id": p, "choice": c} for p, c in ordered])


def check_tally(
    motion: Motion, tally: Tally, roster: frozenset[UUID] | None, paragraph: str
) -> None:
    """Refuse a count for an open motion, a second count, or more ballots than members present."""
    if not motion.secret:
        raise InvalidCommand("an open vote is recorded person by person")
    if motion.tally is not None:
        raise InvalidCommand("the ballot is already counted")
    assert roster is not None
    if tally.yes + tally.no + tally.abstained > len(roster):
        raise RuleViolation(
            paragraph,
            f"{tally.yes + tally.no + tally.abstained} ballots counted but only "
            f"{len(roster)} members took part",
        )


def motion_outcome(rule: Threshold, motion: Motion, present: int) -> Outcome:
    """The outcome of `motion` by the body's adoption `rule`, with `present` members taking part."""
    if motion.secret:
        if motion.tally is None:
            raise InvalidCommand("count the secret ballot before deciding")
        yes, no, abstained = motion.tally.yes, motion.tally.no, motion.tally.abstained
        counted: tuple[UUID, ...] = ()
    else:
        choices = [v.choice for v in motion.votes]
        yes, no = choices.count(Choice.YES), choices.count(Choice.NO)
        abstained = choices.count(Choice.ABSTAIN)
        counted = tuple(v.person_id for v in motion.votes)
    return outcome(
        rule,
        yes=yes,
        no=no,
        abstained=abstained,
        present=present,
        counted=counted,
        secret=motion.secret,
    )
