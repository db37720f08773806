"""The whole Regulation on every store: a Council meeting, a Session on its proposal, a policy
document through §31, an Appeal (§11) and a petition (§17.3), reloaded identically."""

from __future__ import annotations

from uuid import UUID

from domain.application import Ledger
from domain.documents.commands import (
    DraftPolicyDocument,
    RecordCouncilDiscussion,
    RecordPresidentialApproval,
    RecordSessionConsideration,
    SendToPresident,
)
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject, VotingForm
from domain.secretariat.commands import AssessPetition, ReceivePetition
from domain.secretariat.petitions import AppellantKind
from domain.sittings.commands import ConveneCouncilMeeting, ConveneSession, IssueAsAppeal
from domain.sittings.votes import Tally
from tests.support.samples import CLERK, DAY, days, decree
from tests.support.sittings import agenda, attend, hold_vote, seat_members
from tests.support.stores import LedgerStore

SECRETARIAT_ORDER = Act(
    kind=ActKind.ORDER, issuer=Authority.SECRETARIAT, number="S-1", issued_on=DAY
)


def tell_the_story(ledger: Ledger) -> dict[str, UUID]:
    """Record a year of the Assembly's work through the ledger's commands."""
    council = seat_members(ledger, "council", 9, label="Councillor")
    assembly = seat_members(ledger, "assembly", 30, label="Delegate")
    document = ledger.execute(
        DraftPolicyDocument(
            title="Sample concept of interethnic harmony",
            act=SECRETARIAT_ORDER,
            involvement="reviewed by the Scientific Expert Council's working group",
        ),
        CLERK,
    ).subject_id

    meeting = ledger.execute(
        ConveneCouncilMeeting(
            number="C-1",
            held_on=DAY + days(5),
            agenda=agenda(Matter.SESSION_PROPOSAL, Matter.POLICY_DOCUMENT_DISCUSSION),
            act=decree(DAY + days(1)),
        ),
        CLERK,
    ).subject_id
    attend(ledger, meeting, council[:7])
    proposal = hold_vote(ledger, meeting, 1, yes=council[:5], no=council[5:7]).decision_id
    discussion = hold_vote(
        ledger, meeting, 2, yes=council[:7], subject=Subject(document_id=document)
    ).decision_id
    assert proposal is not None
    assert discussion is not None
    ledger.execute(RecordCouncilDiscussion(document_id=document, decision_id=discussion), CLERK)

    session = ledger.execute(
        ConveneSession(
            number="S-1",
            held_on=DAY + days(30),
            agenda=agenda(
                Matter.POLICY_DOCUMENT_CONSIDERATION,
                Matter.SESSION_BUSINESS,
                Matter.RULES_OF_PROCEDURE,
            ),
            act=decree(DAY + days(10)),
            proposal_id=proposal,
        ),
        CLERK,
    ).subject_id
    attend(ledger, session, assembly[:21])
    # §10: the Session determines the form of its vote before it votes by secret ballot.
    procedure = hold_vote(
        ledger, session, 3, yes=assembly[:21], subject=Subject(voting_form=VotingForm.SECRET)
    ).decision_id
    considered = hold_vote(
        ledger,
        session,
        1,
        tally=Tally(yes=15, no=4, abstained=2),
        subject=Subject(document_id=document),
        procedure_id=procedure,
    ).decision_id
    appeal = hold_vote(ledger, session, 2, yes=assembly[:11], no=assembly[11:21]).decision_id
    assert considered is not None
    assert appeal is not None
    ledger.execute(RecordSessionConsideration(document_id=document, decision_id=considered), CLERK)
    ledger.execute(SendToPresident(document_id=document, on=DAY + days(31)), CLERK)
    ledger.execute(
        RecordPresidentialApproval(document_id=document, act=decree(DAY + days(40), "D-40")), CLERK
    )
    ledger.execute(IssueAsAppeal(decision_id=appeal, issued_on=DAY + days(30)), CLERK)

    petition = ledger.execute(
        ReceivePetition(
            appellant_kind=AppellantKind.INDIVIDUAL,
            appellant_name="Sample Appellant Phi",
            subject="a dispute between two communities",
            received_on=DAY + days(41),
        ),
        CLERK,
    ).subject_id
    ledger.execute(
        AssessPetition(
            petition_id=petition,
            national_importance=True,
            interethnic_relations=True,
            assessed_on=DAY + days(42),
        ),
        CLERK,
    )
    return {
        "meeting": meeting,
        "session": session,
        "document": document,
        "appeal": appeal,
        "proposal": proposal,
        "petition": petition,
    }


def test_the_regulation_story_records_and_reloads_identically(
    ledger: Ledger, store: LedgerStore
) -> None:
    ids = tell_the_story(ledger)
    reloaded = store.open()

    for sitting in (ids["meeting"], ids["session"]):
        assert reloaded.sitting(sitting) == ledger.sitting(sitting)
    for decision in (ids["proposal"], ids["appeal"]):
        assert reloaded.decision(decision) == ledger.decision(decision)
    assert reloaded.policy_document(ids["document"]) == ledger.policy_document(ids["document"])
    assert reloaded.petition(ids["petition"]) == ledger.petition(ids["petition"])
    assert reloaded.body("assembly") == ledger.body("assembly")


def test_outcomes_survive_the_store_with_their_rule_paragraph_and_counts(
    ledger: Ledger, store: LedgerStore
) -> None:
    ids = tell_the_story(ledger)
    reloaded = store.open()

    proposal = reloaded.decision(ids["proposal"])
    assert proposal.outcome is not None
    assert (proposal.outcome.yes, proposal.outcome.present, proposal.outcome.paragraph) == (
        5,
        7,
        "§15",
    )
    session = reloaded.sitting(ids["session"])
    assert session.competence is not None
    assert (session.competence.present, session.competence.total) == (21, 30)
    decided = [m.outcome for m in session.motions.values() if m.outcome is not None]
    assert sorted((o.yes, o.secret, o.adopted, o.paragraph) for o in decided) == [
        (11, False, True, "§10"),
        (15, True, True, "§10"),
        (21, False, True, "§10"),  # the Session's decision on its form of voting
    ]
