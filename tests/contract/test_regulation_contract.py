"""The whole Regulation on every store: a Council meeting, a Session on its proposal, a policy
document through §31, an Appeal (§11) and a petition (§17.3), reloaded identically."""

from __future__ import annotations

from uuid import UUID

from domain.application import Ledger
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import Matter
from domain.secretariat.petitions import AppellantKind
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
    document = ledger.draft_policy_document(
        "Sample concept of interethnic harmony",
        SECRETARIAT_ORDER,
        CLERK,
        involvement="reviewed by the Scientific Expert Council's working group",
    ).subject_id

    meeting = ledger.convene_council_meeting(
        "C-1",
        DAY + days(5),
        agenda(Matter.SESSION_PROPOSAL, Matter.POLICY_DOCUMENT_DISCUSSION),
        CLERK,
        act=decree(DAY + days(1)),
    ).subject_id
    attend(ledger, meeting, council[:7])
    proposal = hold_vote(ledger, meeting, 1, yes=council[:5], no=council[5:7]).decision_id
    discussion = hold_vote(ledger, meeting, 2, yes=council[:7]).decision_id
    assert proposal is not None
    assert discussion is not None
    ledger.record_council_discussion(document, discussion, CLERK)

    session = ledger.convene_session(
        "S-1",
        DAY + days(30),
        agenda(Matter.POLICY_DOCUMENT_CONSIDERATION, Matter.SESSION_BUSINESS),
        decree(DAY + days(10)),
        CLERK,
        proposal_id=proposal,
    ).subject_id
    attend(ledger, session, assembly[:21])
    considered = hold_vote(ledger, session, 1, tally=Tally(yes=15, no=4, abstained=2)).decision_id
    appeal = hold_vote(ledger, session, 2, yes=assembly[:11], no=assembly[11:21]).decision_id
    assert considered is not None
    assert appeal is not None
    ledger.record_session_consideration(document, considered, CLERK)
    ledger.send_to_president(document, CLERK, on=DAY + days(31))
    ledger.record_presidential_approval(document, decree(DAY + days(40), "D-40"), CLERK)
    ledger.issue_as_appeal(appeal, CLERK, issued_on=DAY + days(30))

    petition = ledger.receive_petition(
        AppellantKind.INDIVIDUAL,
        "Sample Appellant Phi",
        "a dispute between two communities",
        CLERK,
        received_on=DAY + days(41),
    ).subject_id
    ledger.assess_petition(
        petition,
        CLERK,
        national_importance=True,
        interethnic_relations=True,
        assessed_on=DAY + days(42),
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
    ]
