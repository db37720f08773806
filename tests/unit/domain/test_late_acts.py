"""Late acts: a membership act may take effect before it is recorded, and sittings stay true.

§14: "The Council shall be considered competent if at least two-thirds of the total number of its
members participate in its work." §15: "The decision of the Council shall be recorded in minutes
and shall be considered adopted if at least two-thirds of the members of the Council present at
the meeting vote for it." While a meeting is open, each step counts against the members on its
date as the ledger knows them at that step; once an outcome is recorded, a late act that would
change the count is refused, naming the meeting (docs/adr/0016).
"""

from __future__ import annotations

from uuid import UUID

from domain.application import Ledger
from domain.composition.commands import AdmitMember, EndMembership
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.sittings.commands import CastVotes, CorrectAttendance, DecideMotion, PutMotion
from domain.sittings.votes import Choice
from tests.support.samples import CLERK, DAY, days, decree, memory_ledger, refused, register
from tests.support.sittings import attend, convene, hold_vote, seat_members

MEETING_DAY = DAY + days(10)


def _open_meeting(members: int = 4) -> tuple[Ledger, list[UUID], UUID, UUID]:
    """A Council of `members` from DAY meeting on MEETING_DAY, all present, a motion put."""
    ledger = memory_ledger()
    seated = seat_members(ledger, "council", members, DAY, label="Council member")
    sitting = convene(ledger, "council", MEETING_DAY)
    attend(ledger, sitting, seated)
    motion = ledger.execute(
        PutMotion(sitting_id=sitting, item=1, title="Sample motion"), CLERK
    ).subject_id
    return ledger, seated, sitting, motion


def test_a_late_dismissal_makes_the_persons_later_vote_at_the_open_meeting_refused() -> None:
    ledger, seated, sitting, motion = _open_meeting()
    leaving = seated[0]
    ledger.execute(
        EndMembership(
            body="council",
            person_id=leaving,
            act=decree(MEETING_DAY - days(1)),
            ends_on=MEETING_DAY - days(1),
        ),
        CLERK,
    )

    with refused(ledger, RuleViolation, "§15"):
        ledger.execute(
            CastVotes(sitting_id=sitting, motion_id=motion, votes={leaving: Choice.YES}), CLERK
        )
    with refused(ledger, RuleViolation, "§14"):  # the roster now lists a non-member
        ledger.execute(DecideMotion(sitting_id=sitting, motion_id=motion), CLERK)


def test_the_roster_is_corrected_while_no_outcome_rests_on_it() -> None:
    ledger, seated, sitting, motion = _open_meeting()
    ledger.execute(
        CastVotes(sitting_id=sitting, motion_id=motion, votes=dict.fromkeys(seated, Choice.YES)),
        CLERK,
    )
    leaving = seated[0]
    ledger.execute(
        EndMembership(
            body="council", person_id=leaving, act=decree(MEETING_DAY), ends_on=MEETING_DAY
        ),
        CLERK,
    )

    ledger.execute(
        CorrectAttendance(sitting_id=sitting, present=frozenset(seated[1:]), reason="Sample"),
        CLERK,
    )
    ledger.execute(DecideMotion(sitting_id=sitting, motion_id=motion), CLERK)

    decided = ledger.sitting(sitting).motion(motion)
    assert decided.outcome is not None
    assert decided.competence is not None
    assert (decided.outcome.yes, decided.outcome.present) == (3, 3)  # the struck-off vote fell
    assert (decided.competence.present, decided.competence.total) == (3, 3)


def test_a_back_dated_admission_is_counted_when_the_motion_is_decided() -> None:
    ledger, seated, sitting, motion = _open_meeting(members=4)
    ledger.execute(
        CastVotes(sitting_id=sitting, motion_id=motion, votes=dict.fromkeys(seated, Choice.YES)),
        CLERK,
    )
    for n in range(3):  # 4 present of 7 members is less than two thirds
        late = register(ledger, f"Sample Late Member {n}")
        ledger.execute(
            AdmitMember(body="council", person_id=late, act=decree(DAY), starts_on=DAY), CLERK
        )

    with refused(ledger, RuleViolation, "§14"):
        ledger.execute(DecideMotion(sitting_id=sitting, motion_id=motion), CLERK)


def test_a_late_act_that_would_change_a_decided_meeting_is_refused_naming_it() -> None:
    ledger = memory_ledger()
    seated = seat_members(ledger, "council", 3, DAY, label="Council member")
    sitting = convene(ledger, "council", MEETING_DAY, number="SAMPLE-7")
    attend(ledger, sitting, seated)
    hold_vote(ledger, sitting, yes=seated)
    newcomer = register(ledger, "Sample Newcomer")

    with refused(ledger, RuleViolation, "§14") as refusal:
        ledger.execute(
            AdmitMember(body="council", person_id=newcomer, act=decree(DAY), starts_on=DAY),
            CLERK,
        )
    with refused(ledger, RuleViolation, "§14"):
        ledger.execute(
            EndMembership(
                body="council", person_id=seated[0], act=decree(DAY + days(1)), ends_on=MEETING_DAY
            ),
            CLERK,
        )

    assert "No. SAMPLE-7" in refusal.value.message
    assert str(MEETING_DAY) in refusal.value.message


def test_an_act_taking_effect_after_the_decided_meeting_is_accepted() -> None:
    ledger = memory_ledger()
    seated = seat_members(ledger, "council", 3, DAY, label="Council member")
    sitting = convene(ledger, "council", MEETING_DAY)
    attend(ledger, sitting, seated)
    hold_vote(ledger, sitting, yes=seated)
    after = MEETING_DAY + days(1)

    ledger.execute(
        EndMembership(body="council", person_id=seated[0], act=decree(after), ends_on=after),
        CLERK,
    )

    assert seated[0] not in ledger.body("council").members_on(after)


def test_the_roster_of_a_meeting_with_an_outcome_is_not_corrected() -> None:
    ledger = memory_ledger()
    seated = seat_members(ledger, "council", 3, DAY, label="Council member")
    sitting = convene(ledger, "council", MEETING_DAY)
    attend(ledger, sitting, seated)
    hold_vote(ledger, sitting, yes=seated)

    with refused(ledger, RuleViolation, "§15"):
        ledger.execute(
            CorrectAttendance(sitting_id=sitting, present=frozenset(seated[1:]), reason="Late"),
            CLERK,
        )


def test_a_correction_that_changes_nothing_is_refused() -> None:
    ledger, seated, sitting, _ = _open_meeting()

    with refused(ledger, InvalidCommand):
        ledger.execute(
            CorrectAttendance(sitting_id=sitting, present=frozenset(seated), reason="Same"), CLERK
        )


def test_an_expert_council_meeting_with_nobody_present_decides_nothing() -> None:
    """§22 sets no quorum, but a meeting with nobody present decides nothing."""
    ledger = memory_ledger()
    seat_members(ledger, "scientific_expert_council", 2, DAY, label="Expert")
    sitting = convene(ledger, "scientific_expert_council", MEETING_DAY)

    competence = attend(ledger, sitting, [])

    assert not competence.competent
    with refused(ledger, RuleViolation, "§22"):
        ledger.execute(PutMotion(sitting_id=sitting, item=1, title="Sample motion"), CLERK)
