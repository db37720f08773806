"""§20, §25–26: commissions and working groups, created and coordinated by the Secretariat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal
from uuid import UUID

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.application import Ledger
from domain.kernel.errors import (
    InvalidCommand,
    LedgerError,
    NoRulebookInForce,
    NotFound,
    RuleViolation,
)
from domain.kernel.events import LedgerEvent
from domain.kernel.values import Act, ActKind, Authority
from domain.secretariat.commands import (
    CreateCommission,
    CreateWorkingGroup,
    DissolveCommission,
    DissolveWorkingGroup,
)
from domain.secretariat.working_bodies import SECRETARIAT_ISSUERS, WorkingGroupKind
from tests.support.samples import (
    CLERK,
    DAY,
    RULEBOOK_START,
    act,
    days,
    keyed,
    memory_ledger,
    position,
    refused,
)

#: Persons outside the Secretariat whose acts the ledger records (a collegial body has no typed
#: act at all: `test_an_act_typed_as_a_collegial_bodys_is_malformed`).
OUTSIDERS = [Authority.PRESIDENT]
COLLEGIAL = [Authority.COUNCIL, Authority.SESSION, Authority.SCIENTIFIC_EXPERT_COUNCIL]
PURPOSE = "Sample draft law on languages: the Assembly's participation in its development"


def _secretariat_order(on: date, issuer: Authority = Authority.SECRETARIAT) -> Act:
    return act(ActKind.ORDER, issuer, on)


def _paragraphs(ledger: Ledger, aggregate_id: UUID) -> list[str]:
    return [e.paragraph for e in ledger.events.get(aggregate_id) if isinstance(e, LedgerEvent)]


def _commission(ledger: Ledger, on: date = DAY) -> UUID:
    return ledger.execute(
        CreateCommission(name="Sample Commission", act=_secretariat_order(on), starts_on=on), CLERK
    ).subject_id


def _group(ledger: Ledger, on: date = DAY) -> UUID:
    return ledger.execute(
        CreateWorkingGroup(
            kind=WorkingGroupKind.EXPERT,
            name="Sample Group",
            purpose=PURPOSE,
            act=_secretariat_order(on),
            starts_on=on,
        ),
        CLERK,
    ).subject_id


# -- commissions (§20) -------------------------------------------------------------------------


@pytest.mark.parametrize("issuer", sorted(SECRETARIAT_ISSUERS))
def test_the_secretariat_or_its_head_creates_a_commission(issuer: Authority) -> None:
    ledger = memory_ledger()

    created = ledger.execute(
        CreateCommission(
            name="Sample Commission", act=_secretariat_order(DAY, issuer), starts_on=DAY
        ),
        CLERK,
    )

    commission = ledger.commission(created.subject_id)
    assert commission.name == "Sample Commission"
    assert commission.active_on(DAY)
    assert not commission.active_on(DAY - days(1))
    assert commission.coordinated_by == "secretariat"  # §26
    assert _paragraphs(ledger, commission.id) == ["§20"]


@pytest.mark.parametrize("issuer", OUTSIDERS)
def test_a_commission_created_by_anyone_but_the_secretariat_is_refused(issuer: Authority) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§20"):
        ledger.execute(
            CreateCommission(
                name="Sample Commission", act=_secretariat_order(DAY, issuer), starts_on=DAY
            ),
            CLERK,
        )


def test_a_joint_commission_records_its_partners() -> None:
    ledger = memory_ledger()
    partners = ("Sample Ministry of Culture", " Sample Institute of Ethnology ")

    created = ledger.execute(
        CreateCommission(
            name="Sample Joint Commission",
            act=_secretariat_order(DAY),
            starts_on=DAY,
            partners=partners,
        ),
        CLERK,
    )

    assert ledger.commission(created.subject_id).partners == (
        "Sample Ministry of Culture",
        "Sample Institute of Ethnology",
    )


@pytest.mark.parametrize(
    ("name", "partners"),
    [
        ("", ()),
        ("Sample Commission", ("Sample Ministry", "  ")),
        ("Sample Commission", ("Sample Ministry", "sample ministry")),
    ],
    ids=["unnamed", "unnamed-partner", "partner-twice"],
)
def test_a_malformed_commission_is_refused(name: str, partners: tuple[str, ...]) -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(
            CreateCommission(
                name=name, act=_secretariat_order(DAY), starts_on=DAY, partners=partners
            ),
            CLERK,
        )


def test_a_commission_exists_from_its_act_s_date_at_the_earliest() -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(
            CreateCommission(name="Sample", act=_secretariat_order(DAY), starts_on=DAY - days(1)),
            CLERK,
        )
    with refused(ledger, NoRulebookInForce, "Appendix"):
        before = RULEBOOK_START - days(1)
        ledger.execute(
            CreateCommission(name="Sample", act=_secretariat_order(before), starts_on=before), CLERK
        )
    ledger.execute(
        CreateCommission(name="Sample", act=_secretariat_order(DAY), starts_on=DAY), CLERK
    )


def test_a_retried_creation_under_the_same_key_creates_one_commission() -> None:
    ledger = memory_ledger()
    first = ledger.execute(
        CreateCommission(name="Sample", act=_secretariat_order(DAY), starts_on=DAY),
        keyed("sample-commission"),
    )

    again = ledger.execute(
        CreateCommission(name="Sample", act=_secretariat_order(DAY), starts_on=DAY),
        keyed("sample-commission"),
    )

    assert again.replayed
    assert again.subject_id == first.subject_id


def test_the_secretariat_dissolves_a_commission_from_a_later_day() -> None:
    ledger = memory_ledger()
    commission_id = _commission(ledger)
    ends = DAY + days(1)

    ledger.execute(
        DissolveCommission(
            commission_id=commission_id,
            act=_secretariat_order(ends, Authority.HEAD_OF_SECRETARIAT),
            ends_on=ends,
        ),
        CLERK,
    )

    commission = ledger.commission(commission_id)
    assert commission.active_on(DAY)
    assert not commission.active_on(ends)
    assert _paragraphs(ledger, commission_id) == ["§20", "§20"]


@pytest.mark.parametrize("issuer", OUTSIDERS)
def test_a_commission_dissolved_by_anyone_but_the_secretariat_is_refused(
    issuer: Authority,
) -> None:
    ledger = memory_ledger()
    commission_id = _commission(ledger)

    with refused(ledger, RuleViolation, "§20"):
        later = DAY + days(5)
        ledger.execute(
            DissolveCommission(
                commission_id=commission_id, act=_secretariat_order(later, issuer), ends_on=later
            ),
            CLERK,
        )


def test_a_commission_is_dissolved_once_after_the_day_it_was_created() -> None:
    ledger = memory_ledger()
    commission_id = _commission(ledger)
    later = DAY + days(5)

    with refused(ledger, InvalidCommand):  # same day: it would never have existed
        ledger.execute(
            DissolveCommission(
                commission_id=commission_id, act=_secretariat_order(DAY), ends_on=DAY
            ),
            CLERK,
        )
    with refused(ledger, InvalidCommand):  # the act is issued after it takes effect
        ledger.execute(
            DissolveCommission(
                commission_id=commission_id, act=_secretariat_order(later), ends_on=DAY
            ),
            CLERK,
        )
    ledger.execute(
        DissolveCommission(
            commission_id=commission_id, act=_secretariat_order(later), ends_on=later
        ),
        CLERK,
    )
    with refused(ledger, InvalidCommand):
        ledger.execute(
            DissolveCommission(
                commission_id=commission_id, act=_secretariat_order(later), ends_on=later + days(1)
            ),
            CLERK,
        )


def test_an_unknown_commission_or_group_is_not_found() -> None:
    ledger = memory_ledger()
    group_id = _group(ledger)

    with refused(ledger, NotFound):
        ledger.execute(
            DissolveCommission(commission_id=group_id, act=_secretariat_order(DAY), ends_on=DAY),
            CLERK,
        )
    with pytest.raises(NotFound):
        ledger.working_group(_commission(ledger))


# -- working groups (§25-26) -------------------------------------------------------------------


def test_working_groups_are_of_exactly_three_kinds() -> None:
    assert {k.value for k in WorkingGroupKind} == {
        "information and explanatory",
        "expert",
        "other",
    }


@pytest.mark.parametrize("kind", [*WorkingGroupKind, "information and explanatory"])
def test_the_secretariat_creates_a_working_group_of_each_kind(kind: WorkingGroupKind | str) -> None:
    ledger = memory_ledger()

    created = ledger.execute(
        CreateWorkingGroup(
            kind=kind,
            name="Sample Group",
            purpose=PURPOSE,
            act=_secretariat_order(DAY),
            starts_on=DAY,
        ),
        CLERK,
    )

    group = ledger.working_group(created.subject_id)
    assert group.kind == WorkingGroupKind(kind)
    assert group.purpose == PURPOSE
    assert group.coordinated_by == "secretariat"
    assert group.active_on(DAY)
    assert _paragraphs(ledger, group.id) == ["§25"]


@pytest.mark.parametrize("issuer", OUTSIDERS)
def test_a_working_group_created_by_anyone_but_the_secretariat_is_refused(
    issuer: Authority,
) -> None:
    ledger = memory_ledger()

    with refused(ledger, RuleViolation, "§26"):
        ledger.execute(
            CreateWorkingGroup(
                kind=WorkingGroupKind.OTHER,
                name="Sample Group",
                purpose=PURPOSE,
                act=_secretariat_order(DAY, issuer),
                starts_on=DAY,
            ),
            CLERK,
        )


@pytest.mark.parametrize(
    ("kind", "name", "purpose", "starts"),
    [
        ("advisory", "Sample Group", PURPOSE, DAY),
        (WorkingGroupKind.EXPERT, "Sample Group", "   ", DAY),
        (WorkingGroupKind.EXPERT, "", PURPOSE, DAY),
        (WorkingGroupKind.EXPERT, "Sample Group", PURPOSE, DAY - days(1)),
    ],
    ids=["unknown-kind", "no-purpose", "unnamed", "before-its-act"],
)
def test_a_malformed_working_group_is_refused(
    kind: WorkingGroupKind | str, name: str, purpose: str, starts: date
) -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(
            CreateWorkingGroup(
                kind=kind, name=name, purpose=purpose, act=_secretariat_order(DAY), starts_on=starts
            ),
            CLERK,
        )


def test_the_secretariat_dissolves_a_working_group_and_nobody_else_does() -> None:
    ledger = memory_ledger()
    group_id = _group(ledger)
    ends = DAY + days(10)

    with refused(ledger, RuleViolation, "§26"):
        ledger.execute(
            DissolveWorkingGroup(
                group_id=group_id, act=_secretariat_order(ends, Authority.PRESIDENT), ends_on=ends
            ),
            CLERK,
        )
    ledger.execute(
        DissolveWorkingGroup(group_id=group_id, act=_secretariat_order(ends), ends_on=ends), CLERK
    )

    group = ledger.working_group(group_id)
    assert group.active_on(ends - days(1))
    assert not group.active_on(ends)
    assert _paragraphs(ledger, group_id) == ["§25", "§26"]


@pytest.mark.parametrize("issuer", COLLEGIAL)
def test_an_act_typed_as_a_collegial_bodys_is_malformed(issuer: Authority) -> None:
    cited = _secretariat_order(DAY, issuer)
    group_id = commission_id = UUID(int=1)

    for build in (
        lambda: CreateCommission(name="Sample Commission", act=cited, starts_on=DAY),
        lambda: DissolveCommission(commission_id=commission_id, act=cited, ends_on=DAY),
        lambda: CreateWorkingGroup(
            kind=WorkingGroupKind.OTHER, name="Sample", purpose=PURPOSE, act=cited, starts_on=DAY
        ),
        lambda: DissolveWorkingGroup(group_id=group_id, act=cited, ends_on=DAY),
    ):
        with pytest.raises(ValidationError, match="recorded sitting"):
            build()


# -- random command sequences ------------------------------------------------------------------

ISSUERS = [Authority.SECRETARIAT, Authority.HEAD_OF_SECRETARIAT, Authority.PRESIDENT]
OFFSETS = [-1, 0, 1, 3, 7]


@dataclass(frozen=True)
class Command:
    """One randomly drawn creation or dissolution."""

    verb: Literal["commission", "group", "dissolve"]
    target: int
    day: int
    issued: int
    issuer: Authority


commands = st.builds(
    Command,
    verb=st.sampled_from(["commission", "group", "dissolve", "dissolve"]),
    target=st.integers(0, 5),
    day=st.sampled_from(OFFSETS),
    issued=st.sampled_from(OFFSETS),
    issuer=st.sampled_from(ISSUERS),
)


def _send(ledger: Ledger, c: Command, created: list[tuple[str, UUID]]) -> None:
    on, cited = DAY + days(c.day), _secretariat_order(DAY + days(c.issued), c.issuer)
    if c.verb == "commission":
        recorded = ledger.execute(CreateCommission(name="Sample", act=cited, starts_on=on), CLERK)
        created.append(("commission", recorded.subject_id))
    elif c.verb == "group":
        recorded = ledger.execute(
            CreateWorkingGroup(
                kind="other", name="Sample", purpose=PURPOSE, act=cited, starts_on=on
            ),
            CLERK,
        )
        created.append(("group", recorded.subject_id))
    elif created:
        kind, target = created[c.target % len(created)]
        if kind == "commission":
            ledger.execute(DissolveCommission(commission_id=target, act=cited, ends_on=on), CLERK)
        else:
            ledger.execute(DissolveWorkingGroup(group_id=target, act=cited, ends_on=on), CLERK)


@settings(max_examples=60, deadline=None)
@given(st.lists(commands, min_size=1, max_size=20))
def test_any_sequence_leaves_only_secretariat_bodies_dissolved_after_they_began(
    sequence: list[Command],
) -> None:
    ledger = memory_ledger()
    created: list[tuple[str, UUID]] = []

    for command in sequence:
        before = position(ledger)
        try:
            _send(ledger, command, created)
        except LedgerError as refusal:
            event(f"refused {command.verb}: {type(refusal).__name__}")
            assert position(ledger) == before, f"refused {command} appended events"
        else:
            event(f"accepted {command.verb}")

    for kind, body_id in created:
        body = ledger.commission(body_id) if kind == "commission" else ledger.working_group(body_id)
        assert body.act is not None
        assert body.act.issuer in SECRETARIAT_ISSUERS
        assert body.tenure is not None
        assert body.tenure.start >= body.act.issued_on
        if body.tenure.end is not None:
            assert body.dissolved_by is not None
            assert body.dissolved_by.issuer in SECRETARIAT_ISSUERS
            assert body.tenure.end > body.tenure.start
