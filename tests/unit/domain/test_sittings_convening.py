"""§5.5, §12, §13.3: who convenes a Session or a Council meeting; §8.1, §8.2, §11, §13.1–§13.6,
§22: their agendas."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from domain.application import Ledger
from domain.composition.commands import AdmitMember, Appoint, Dismiss
from domain.kernel.errors import InvalidCommand, NoRulebookInForce, NotFound, RuleViolation
from domain.kernel.values import Act, ActKind, Authority
from domain.regulation.matters import COUNCIL, EXPERT_COUNCIL, SESSION, Matter
from domain.sittings.commands import ConveneCouncilMeeting, ConveneSession
from domain.sittings.sittings import Sitting
from domain.sittings.votes import AgendaItem
from tests.support.decisions import nominate, record_decision
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    decree,
    keyed,
    memory_ledger,
    order,
    position,
    refused,
    register,
)
from tests.support.sittings import adopt_at_sitting, agenda, agreement, convene, head_order

ITEMS = agenda(Matter.SESSION_BUSINESS)
COUNCIL_ITEMS = agenda(Matter.COUNCIL_BUSINESS)
ASSOCIATION = "Sample Ethnocultural Association Alpha"


def _convened(ledger: Ledger, sitting_id: UUID) -> Sitting.Convened:
    first = next(iter(ledger.events.get(sitting_id)))
    assert isinstance(first, Sitting.Convened)
    return first


def _ethnocultural_deputy(ledger: Ledger, starts_on: date = DAY) -> tuple[UUID, UUID]:
    """A Deputy Chairman from an ethnocultural association from `starts_on`: (person, holding)."""
    person = register(ledger, "Sample Deputy Chairman Alpha")
    post = "deputy_chairman_ethnocultural"
    nominate(ledger, post, person, starts_on, association=ASSOCIATION)
    holding = ledger.execute(
        Appoint(
            post=post,
            person_id=person,
            act=order(starts_on),
            starts_on=starts_on,
            association=ASSOCIATION,
        ),
        CLERK,
    ).subject_id
    return person, holding


def _convene_by_deputy(ledger: Ledger, deputy: UUID, on: date, agreed: Act | None) -> UUID:
    return ledger.execute(
        ConveneCouncilMeeting(
            number="C-1", held_on=on, agenda=COUNCIL_ITEMS, deputy_id=deputy, agreement=agreed
        ),
        CLERK,
    ).subject_id


# -- §5: only the President convenes a Session ----------------------------------------------------


@pytest.mark.parametrize("kind", [ActKind.DECREE, ActKind.ORDER])
def test_the_president_convenes_a_session_by_decree_or_order(kind: ActKind) -> None:
    ledger = memory_ledger()
    convening = act(kind, Authority.PRESIDENT, DAY)

    sitting_id = ledger.execute(
        ConveneSession(number="S-1", held_on=DAY, agenda=ITEMS, act=convening), CLERK
    ).subject_id

    sitting = ledger.sitting(sitting_id)
    assert (sitting.body, sitting.number, sitting.held_on) == (SESSION, "S-1", DAY)
    assert sitting.agenda == ITEMS
    convened = _convened(ledger, sitting_id)
    assert (convened.paragraph, convened.convened_by) == ("§5.5", convening)


NOT_THE_PRESIDENTS_DECREE_OR_ORDER = [
    act(kind, issuer, DAY)
    for kind, issuer in (
        (ActKind.DECISION, Authority.PRESIDENT),
        (ActKind.PROPOSAL, Authority.PRESIDENT),
        (ActKind.AGREEMENT, Authority.PRESIDENT),
        (ActKind.OATH, Authority.PRESIDENT),
        (ActKind.ORDER, Authority.HEAD_OF_SECRETARIAT),
        (ActKind.ORDER, Authority.SECRETARIAT),
        (ActKind.DECREE, Authority.HEAD_OF_SECRETARIAT),
    )
]

#: Acts of collegial bodies typed in: no command accepts them (they are decisions at sittings).
TYPED_COLLEGIAL_ACTS = [
    act(ActKind.DECISION, Authority.COUNCIL, DAY),
    act(ActKind.PROPOSAL, Authority.COUNCIL, DAY),
    act(ActKind.DECISION, Authority.SESSION, DAY),
    act(ActKind.DECISION, Authority.SCIENTIFIC_EXPERT_COUNCIL, DAY),
]


@pytest.mark.parametrize("convening", NOT_THE_PRESIDENTS_DECREE_OR_ORDER)
def test_a_session_convened_by_any_other_act_is_refused(convening: Act) -> None:
    ledger = memory_ledger()
    with refused(ledger, RuleViolation, "§5.5"):
        ledger.execute(
            ConveneSession(number="S-1", held_on=DAY, agenda=ITEMS, act=convening), CLERK
        )


@pytest.mark.parametrize("convening", TYPED_COLLEGIAL_ACTS)
def test_a_sitting_convened_by_a_typed_act_of_a_collegial_body_is_malformed(
    convening: Act,
) -> None:
    with pytest.raises(ValidationError, match="recorded sitting"):
        ConveneSession(number="S-1", held_on=DAY, agenda=ITEMS, act=convening)
    with pytest.raises(ValidationError, match="recorded sitting"):
        ConveneCouncilMeeting(number="C-1", held_on=DAY, agenda=COUNCIL_ITEMS, act=convening)


def test_a_session_may_be_held_on_the_day_of_its_decree_but_not_before_it() -> None:
    ledger = memory_ledger()
    ledger.execute(ConveneSession(number="S-1", held_on=DAY, agenda=ITEMS, act=decree(DAY)), CLERK)
    with refused(ledger, InvalidCommand):
        ledger.execute(
            ConveneSession(number="S-2", held_on=DAY, agenda=ITEMS, act=decree(DAY + days(1))),
            CLERK,
        )


def test_no_sitting_is_held_before_decree_747_came_into_force() -> None:
    ledger = memory_ledger()
    ledger.execute(
        ConveneSession(
            number="S-1", held_on=RULEBOOK_START, agenda=ITEMS, act=decree(RULEBOOK_START)
        ),
        CLERK,
    )
    before = RULEBOOK_START - days(1)
    with refused(ledger, NoRulebookInForce, "Appendix"):
        ledger.execute(
            ConveneSession(number="S-0", held_on=before, agenda=ITEMS, act=decree(before)), CLERK
        )


def test_a_retried_convening_names_the_same_sitting_and_records_it_once() -> None:
    ledger = memory_ledger()
    first = ledger.execute(
        ConveneSession(number="S-1", held_on=DAY, agenda=ITEMS, act=decree(DAY)), keyed("convene-1")
    )
    after = position(ledger)

    again = ledger.execute(
        ConveneSession(number="S-1", held_on=DAY, agenda=ITEMS, act=decree(DAY)), keyed("convene-1")
    )

    assert (again.subject_id, again.replayed) == (first.subject_id, True)
    assert position(ledger) == after


# -- §13: a Session on the Council's proposal ---------------------------------------------------


@pytest.mark.parametrize("adopted_before", [0, 1])
def test_a_session_is_convened_on_a_prior_council_proposal(adopted_before: int) -> None:
    ledger = memory_ledger()
    adopted_on = DAY - days(adopted_before)  # the day of the decree, or the day before
    proposal = adopt_at_sitting(ledger, COUNCIL, Matter.SESSION_PROPOSAL, adopted_on)

    sitting_id = ledger.execute(
        ConveneSession(
            number="S-1",
            held_on=DAY + days(10),
            agenda=ITEMS,
            act=decree(DAY),
            proposal_id=proposal,
        ),
        CLERK,
    ).subject_id

    assert _convened(ledger, sitting_id).proposal_id == proposal


@pytest.mark.parametrize(
    ("body", "matter"),
    [
        (SESSION, Matter.SESSION_BUSINESS),  # the proposal is the Council's to make
        (COUNCIL, Matter.COUNCIL_BUSINESS),  # a Council decision on something else
        (COUNCIL, Matter.SENATE_CANDIDATES),
        (EXPERT_COUNCIL, Matter.EXPERT_COUNCIL_BUSINESS),
    ],
)
def test_a_session_proposal_must_be_a_council_decision_on_the_session(
    body: str, matter: Matter
) -> None:
    ledger = memory_ledger()
    wrong = record_decision(ledger, body, matter, DAY)
    with refused(ledger, RuleViolation, "§13.3"):
        ledger.execute(
            ConveneSession(
                number="S-1", held_on=DAY, agenda=ITEMS, act=decree(DAY), proposal_id=wrong
            ),
            CLERK,
        )


def test_a_proposal_adopted_after_the_convening_decree_is_refused_even_before_the_session() -> None:
    ledger = memory_ledger()
    late = record_decision(ledger, COUNCIL, Matter.SESSION_PROPOSAL, DAY + days(1))
    with refused(ledger, RuleViolation, "§13.3"):
        ledger.execute(
            ConveneSession(
                number="S-1", held_on=DAY + days(5), agenda=ITEMS, act=decree(DAY), proposal_id=late
            ),
            CLERK,
        )


def test_a_council_proposal_supports_one_convocation_of_a_session() -> None:
    """§13.3: the Council makes "proposals on convening the next Session"; one proposal, one
    Session."""
    ledger = memory_ledger()
    proposal = record_decision(ledger, COUNCIL, Matter.SESSION_PROPOSAL, DAY)
    first = ledger.execute(
        ConveneSession(
            number="S-1", held_on=DAY, agenda=ITEMS, act=decree(DAY), proposal_id=proposal
        ),
        CLERK,
    ).subject_id

    with refused(ledger, RuleViolation, "§13.3") as caught:
        ledger.execute(
            ConveneSession(
                number="S-2", held_on=DAY, agenda=ITEMS, act=decree(DAY, "2"), proposal_id=proposal
            ),
            CLERK,
        )
    assert "used up" in caught.value.reason
    assert ledger.decision(proposal).relied == {"convocation": first}


def test_an_unknown_proposal_is_not_found() -> None:
    ledger = memory_ledger()
    with refused(ledger, NotFound):
        ledger.execute(
            ConveneSession(
                number="S-1", held_on=DAY, agenda=ITEMS, act=decree(DAY), proposal_id=uuid4()
            ),
            CLERK,
        )


# -- §12: the Chairman, or a Deputy Chairman in agreement with him, convenes the Council ----------


@pytest.mark.parametrize("kind", [ActKind.DECREE, ActKind.ORDER])
def test_the_chairman_convenes_the_council(kind: ActKind) -> None:
    ledger = memory_ledger()
    convening = act(kind, Authority.PRESIDENT, DAY)

    sitting_id = ledger.execute(
        ConveneCouncilMeeting(number="C-1", held_on=DAY, agenda=COUNCIL_ITEMS, act=convening), CLERK
    ).subject_id

    convened = _convened(ledger, sitting_id)
    assert (convened.body, convened.paragraph, convened.convener_id) == (COUNCIL, "§12", None)


NOT_THE_CHAIRMANS = [
    a for a in NOT_THE_PRESIDENTS_DECREE_OR_ORDER if a.issuer is not Authority.PRESIDENT
]


@pytest.mark.parametrize("convening", [None, *NOT_THE_CHAIRMANS])
def test_a_council_meeting_not_convened_by_the_chairman_is_refused(convening: Act | None) -> None:
    ledger = memory_ledger()
    with refused(ledger, RuleViolation, "§12"):
        ledger.execute(
            ConveneCouncilMeeting(number="C-1", held_on=DAY, agenda=COUNCIL_ITEMS, act=convening),
            CLERK,
        )


def test_an_ethnocultural_deputy_convenes_the_council_with_the_chairmans_agreement() -> None:
    ledger = memory_ledger()
    deputy, _ = _ethnocultural_deputy(ledger)

    sitting_id = _convene_by_deputy(ledger, deputy, DAY, agreement(DAY))

    convened = _convened(ledger, sitting_id)
    assert (convened.convener_id, convened.agreement) == (deputy, agreement(DAY))
    assert convened.paragraph == "§12"


def test_the_head_of_the_secretariat_convenes_the_council_as_deputy_chairman_ex_officio() -> None:
    ledger = memory_ledger()
    head = register(ledger, "Sample Head of Secretariat Alpha")
    ledger.execute(
        Appoint(post="head_of_secretariat", person_id=head, act=decree(DAY), starts_on=DAY), CLERK
    )

    sitting_id = _convene_by_deputy(ledger, head, DAY, agreement(DAY))

    assert _convened(ledger, sitting_id).convener_id == head


NOT_AN_AGREEMENT_OF_THE_CHAIRMAN = [
    None,
    order(DAY),  # the Chairman's act, but not his agreement
    act(ActKind.AGREEMENT, Authority.HEAD_OF_SECRETARIAT, DAY),
    act(ActKind.AGREEMENT, Authority.SECRETARIAT, DAY),
]


@pytest.mark.parametrize("agreed", NOT_AN_AGREEMENT_OF_THE_CHAIRMAN)
def test_a_deputy_chairman_without_the_chairmans_agreement_is_refused(agreed: Act | None) -> None:
    ledger = memory_ledger()
    deputy, _ = _ethnocultural_deputy(ledger)
    with refused(ledger, RuleViolation, "§12"):
        _convene_by_deputy(ledger, deputy, DAY, agreed)


def test_an_agreement_typed_as_an_act_of_the_council_is_malformed() -> None:
    with pytest.raises(ValidationError, match="recorded sitting"):
        ConveneCouncilMeeting(
            number="C-1",
            held_on=DAY,
            agenda=COUNCIL_ITEMS,
            deputy_id=uuid4(),
            agreement=act(ActKind.AGREEMENT, Authority.COUNCIL, DAY),
        )


def test_a_person_who_is_not_a_deputy_chairman_cannot_convene_the_council() -> None:
    ledger = memory_ledger()
    member = register(ledger, "Sample Council Member Alpha")
    ledger.execute(
        AdmitMember(body=COUNCIL, person_id=member, act=decree(DAY), starts_on=DAY), CLERK
    )
    with refused(ledger, RuleViolation, "§12"):
        _convene_by_deputy(ledger, member, DAY, agreement(DAY))


@pytest.mark.parametrize(("ends_after", "may_convene"), [(4, False), (5, False), (6, True)])
def test_a_deputy_chairman_convenes_only_while_holding_the_post(
    ends_after: int, may_convene: bool
) -> None:
    ledger = memory_ledger()
    deputy, holding = _ethnocultural_deputy(ledger)
    ends_on = DAY + days(ends_after)
    ledger.execute(
        Dismiss(
            post="deputy_chairman_ethnocultural",
            holding_id=holding,
            act=order(ends_on),
            ends_on=ends_on,
        ),
        CLERK,
    )
    sitting_day = DAY + days(5)

    if may_convene:
        _convene_by_deputy(ledger, deputy, sitting_day, agreement(sitting_day))
    else:  # the post ended the day before the sitting, or on its day (its first day off)
        with refused(ledger, RuleViolation, "§12"):
            _convene_by_deputy(ledger, deputy, sitting_day, agreement(sitting_day))


def test_a_deputy_chairman_convenes_from_the_first_day_of_the_post() -> None:
    ledger = memory_ledger()
    deputy, _ = _ethnocultural_deputy(ledger, starts_on=DAY)
    with refused(ledger, RuleViolation, "§12"):
        _convene_by_deputy(ledger, deputy, DAY - days(1), agreement(DAY - days(1)))
    _convene_by_deputy(ledger, deputy, DAY, agreement(DAY))


def test_an_agreement_given_after_the_meeting_is_refused() -> None:
    ledger = memory_ledger()
    deputy, _ = _ethnocultural_deputy(ledger)
    with refused(ledger, InvalidCommand):
        _convene_by_deputy(ledger, deputy, DAY, agreement(DAY + days(1)))


# -- agendas: §8 exclusive to the Session, §11 its rules, §13 the Council's, §22 the experts' -----

SESSION_MATTERS = [
    Matter.CONCEPTUAL_APPROACHES,
    Matter.MEMBER_REPORTS,
    Matter.RULES_OF_PROCEDURE,
    Matter.POLICY_DOCUMENT_CONSIDERATION,
    Matter.SESSION_BUSINESS,
]
COUNCIL_MATTERS = [
    Matter.SENATE_CANDIDATES,
    Matter.MEMBERSHIP_CANDIDATES,
    Matter.SESSION_PROPOSAL,
    Matter.SECRETARIAT_WORK_PLAN,
    Matter.PUBLIC_AWARDS,
    Matter.DEPUTY_CHAIRMAN_RECOMMENDATION,
    Matter.POLICY_DOCUMENT_DISCUSSION,
    Matter.COUNCIL_BUSINESS,
]


def test_each_body_convenes_with_the_matters_it_decides() -> None:
    ledger = memory_ledger()
    for body, matters in (
        (SESSION, SESSION_MATTERS),
        (COUNCIL, COUNCIL_MATTERS),
        (EXPERT_COUNCIL, [Matter.EXPERT_COUNCIL_ELECTION, Matter.EXPERT_COUNCIL_BUSINESS]),
    ):
        sitting_id = convene(ledger, body, DAY, matters)
        assert [i.matter for i in ledger.sitting(sitting_id).agenda] == matters


@pytest.mark.parametrize(
    ("body", "matter", "paragraph"),
    [
        (COUNCIL, Matter.CONCEPTUAL_APPROACHES, "§8.1"),
        (COUNCIL, Matter.MEMBER_REPORTS, "§8.2"),
        (EXPERT_COUNCIL, Matter.CONCEPTUAL_APPROACHES, "§8.1"),
        (COUNCIL, Matter.RULES_OF_PROCEDURE, "§11"),
        (COUNCIL, Matter.SESSION_BUSINESS, "§11"),
        (EXPERT_COUNCIL, Matter.RULES_OF_PROCEDURE, "§11"),
        (COUNCIL, Matter.POLICY_DOCUMENT_CONSIDERATION, "§31"),
        # Each of the Council's powers of §13 names its subparagraph.
        (SESSION, Matter.SENATE_CANDIDATES, "§13.1"),
        (SESSION, Matter.MEMBERSHIP_CANDIDATES, "§13.2"),
        (SESSION, Matter.SESSION_PROPOSAL, "§13.3"),
        (SESSION, Matter.SECRETARIAT_WORK_PLAN, "§13.4"),
        (SESSION, Matter.PUBLIC_AWARDS, "§13.5"),
        (SESSION, Matter.COUNCIL_BUSINESS, "§13.6"),
        # The refusal names the paragraph that gives the matter to the Council.
        (SESSION, Matter.DEPUTY_CHAIRMAN_RECOMMENDATION, "§16"),
        (SESSION, Matter.POLICY_DOCUMENT_DISCUSSION, "§31"),
        (SESSION, Matter.EXPERT_COUNCIL_ELECTION, "§22"),
        (COUNCIL, Matter.EXPERT_COUNCIL_ELECTION, "§22"),
        (COUNCIL, Matter.EXPERT_COUNCIL_BUSINESS, "§21"),
    ],
)
def test_a_matter_on_the_agenda_of_a_body_that_does_not_decide_it_is_refused(
    body: str, matter: Matter, paragraph: str
) -> None:
    ledger = memory_ledger()
    ordinary = {SESSION: Matter.SESSION_BUSINESS, COUNCIL: Matter.COUNCIL_BUSINESS}
    # The wrong item comes last, after an item the body does decide: every item is checked.
    matters = [ordinary.get(body, Matter.EXPERT_COUNCIL_BUSINESS), matter]
    with refused(ledger, RuleViolation, paragraph):
        convene(ledger, body, DAY, matters)


@pytest.mark.parametrize(
    "numbers", [(), (2,), (1, 3), (1, 1), (0, 1)], ids=["empty", "no-1", "gap", "dup", "zero"]
)
def test_an_agenda_is_numbered_one_two_three_without_gaps(numbers: tuple[int, ...]) -> None:
    ledger = memory_ledger()
    items = [
        AgendaItem.model_construct(number=n, matter=Matter.SESSION_BUSINESS, title="Sample item")
        for n in numbers
    ]
    with refused(ledger, InvalidCommand):
        ledger.execute(
            ConveneSession(number="S-1", held_on=DAY, agenda=items, act=decree(DAY)), CLERK
        )


def test_agenda_items_given_out_of_order_are_kept_in_their_numbered_order() -> None:
    ledger = memory_ledger()
    items = list(reversed(agenda(Matter.MEMBER_REPORTS, Matter.SESSION_BUSINESS)))

    sitting_id = ledger.execute(
        ConveneSession(number="S-1", held_on=DAY, agenda=items, act=decree(DAY)), CLERK
    ).subject_id

    assert [i.number for i in ledger.sitting(sitting_id).agenda] == [1, 2]


def test_an_expert_council_meeting_is_convened_under_section_22() -> None:
    ledger = memory_ledger()
    sitting_id = convene(ledger, EXPERT_COUNCIL, DAY, [Matter.EXPERT_COUNCIL_ELECTION])
    assert _convened(ledger, sitting_id).paragraph == "§22"
    assert _convened(ledger, sitting_id).convened_by == head_order(DAY)
