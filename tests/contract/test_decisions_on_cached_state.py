"""A command decides on the ledger's cached copy and is checked at commit (every store).

Commands read aggregates from the instance's cache without asking the store for later events;
what they read is checked when they commit (the read set), and a refusal is checked against the
store before it is given. So an instance whose copy another instance overtook neither records
nor refuses on it: it reads again and decides on what is known.
"""

from __future__ import annotations

from uuid import UUID

from domain.application import Ledger
from domain.composition.commands import AdmitMember, EndMembership
from domain.sittings.commands import CastVotes, CorrectAttendance, PutMotion
from domain.sittings.votes import Choice
from tests.support.samples import CLERK, DAY, days, decree, register
from tests.support.sittings import attend, convene, seat_members
from tests.support.stores import LedgerStore

MEETING = DAY + days(5)
LEFT = DAY + days(9)


def leaving(person: UUID) -> EndMembership:
    return EndMembership(body="council", person_id=person, act=decree(LEFT), ends_on=LEFT)


def test_a_vote_refused_on_a_stale_copy_is_decided_again_on_what_is_known(
    ledger: Ledger, store: LedgerStore
) -> None:
    seated = seat_members(ledger, "council", 3, DAY, label="Council member")
    sitting = convene(ledger, "council", MEETING)
    other = store.open()
    newcomer = register(ledger, "Sample Newcomer")
    attend(ledger, sitting, seated)
    motion = ledger.execute(PutMotion(sitting_id=sitting, item=1, title="Sample"), CLERK).subject_id
    # `other` caches the Council and the sitting as they are now
    other.execute(
        CastVotes(sitting_id=sitting, motion_id=motion, votes={seated[0]: Choice.YES}), CLERK
    )

    # the first instance admits the newcomer and corrects the roster to include them
    ledger.execute(
        AdmitMember(body="council", person_id=newcomer, act=decree(DAY), starts_on=DAY), CLERK
    )
    ledger.execute(
        CorrectAttendance(
            sitting_id=sitting, present=frozenset([*seated, newcomer]), reason="Sample"
        ),
        CLERK,
    )

    # on its stale copies the newcomer is neither a member nor present: it must read again
    other.execute(
        CastVotes(sitting_id=sitting, motion_id=motion, votes={newcomer: Choice.YES}), CLERK
    )

    voted = {v.person_id for v in ledger.sitting(sitting).motion(motion).votes}
    assert voted == {seated[0], newcomer}


def test_a_command_on_a_stale_copy_fails_its_commit_and_is_decided_again(
    ledger: Ledger, store: LedgerStore
) -> None:
    seated = seat_members(ledger, "council", 3, DAY, label="Council member")
    other = store.open()
    other.execute(  # `other` caches the Council
        EndMembership(body="council", person_id=seated[0], act=decree(LEFT), ends_on=LEFT),
        CLERK,
    )
    ledger.execute(
        EndMembership(body="council", person_id=seated[1], act=decree(LEFT), ends_on=LEFT),
        CLERK,
    )

    other.execute(
        EndMembership(body="council", person_id=seated[2], act=decree(LEFT), ends_on=LEFT),
        CLERK,
    )

    assert ledger.body("council").members_on(LEFT) == frozenset()
    assert ledger.body("council").members_on(DAY + days(8)) == frozenset(seated)
