"""Text that cannot break the stores: no control characters, no lone surrogates, no absurd lengths.

A ledger policy, not a rule of the Regulation (docs/adr/0012): every text field of every command,
and of the values commands carry, is a `Code`, a `Line` or `Prose` (`domain/kernel/text.py`).
Such input is refused before anything is recorded, naming the field; valid text is kept exactly.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from contextlib import contextmanager
from types import UnionType
from typing import Annotated, Any, cast, get_args, get_origin, get_type_hints
from uuid import uuid4

import pytest
from pydantic import BaseModel, ValidationError
from temporalio.exceptions import ApplicationError

from domain.application import Ledger
from domain.application.registry import HANDLERS
from domain.composition.bodies import Body
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    NominateByDecision,
    RegisterPerson,
    RetractHolding,
)
from domain.documents.commands import DraftPolicyDocument
from domain.kernel.errors import InvalidCommand
from domain.kernel.events import LedgerEvent
from domain.kernel.ids import body_id
from domain.kernel.text import CODE_MAX, LINE_MAX, PROSE_MAX, TextPolicy
from domain.kernel.values import Act, ActKind, Authority, Frozen, Provenance
from domain.regulation.matters import Matter
from domain.secretariat.commands import AddActionItem, ReceivePetition
from domain.secretariat.petitions import AppellantKind
from domain.sittings.commands import PutMotion
from domain.sittings.follow_up import Addressee, AddresseeKind
from domain.sittings.votes import AgendaItem
from tests.support.samples import (
    CLERK,
    DAY,
    memory_ledger,
    position,
    refused,
    register,
    seat_senator,
)
from workflows.activities import LedgerActivities
from workflows.inputs import ActPayload, RecordAppointment


@contextmanager
def refused_input(ledger: Ledger, field: str) -> Iterator[pytest.ExceptionInfo[ValidationError]]:
    """Expect the input to be refused as malformed, naming `field`, and no new event in the log."""
    before = position(ledger)
    with pytest.raises(ValidationError) as caught:
        yield caught
    assert position(ledger) == before, "refused input appended events"
    fields = [".".join(str(p) for p in e["loc"]) for e in caught.value.errors()]
    assert any(f == field or f.endswith(f".{field}") for f in fields), fields


def decree_numbered(number: str) -> Act:
    return Act(kind=ActKind.DECREE, issuer=Authority.PRESIDENT, number=number, issued_on=DAY)


# -- the four cases of the issue ------------------------------------------------------------------


def test_a_nul_in_an_act_number_is_refused_before_anything_is_recorded() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Nominee Nul")

    with refused_input(ledger, "number") as caught:
        ledger.execute(
            Appoint(
                post="senator",
                person_id=person,
                act=decree_numbered("SAMPLE-\x00-1"),
                starts_on=DAY,
            ),
            CLERK,
        )
    assert caught.value.errors()[0]["type"] == "text_refused_character"
    assert "U+0000" in str(caught.value)


def test_a_control_character_in_a_name_is_refused() -> None:
    ledger = memory_ledger()

    for name in ("Sample \x1b[31mRed\x1b[0m Person", "Sample\tTabbed", "Sample\nTwo Lines"):
        with refused_input(ledger, "full_name"):
            ledger.execute(RegisterPerson(full_name=name, registered_on=DAY, sample=True), CLERK)
    assert ledger.recorder.max_notification_id() == position(ledger)


def test_a_ten_thousand_character_title_is_refused() -> None:
    ledger = memory_ledger()
    title = "T" * 10_000

    with refused_input(ledger, "title") as caught:
        ledger.execute(
            DraftPolicyDocument(
                title=title,
                act=Act(
                    kind=ActKind.ORDER, issuer=Authority.SECRETARIAT, number="1", issued_on=DAY
                ),
                involvement="reviewed by the Scientific Expert Council",
            ),
            CLERK,
        )
    assert caught.value.errors()[0]["type"] == "text_too_long"
    with refused_input(ledger, "title"):
        AgendaItem(number=1, matter=Matter.SESSION_BUSINESS, title=title)


def test_a_lone_surrogate_is_refused() -> None:
    ledger = memory_ledger()

    with refused_input(ledger, "full_name") as caught:
        ledger.execute(RegisterPerson(full_name="Sample \ud800", registered_on=DAY), CLERK)
    assert caught.value.errors()[0]["type"] == "text_refused_character"
    assert "U+D800" in str(caught.value)
    with refused_input(ledger, "number"):
        decree_numbered("SAMPLE-\udfff")


# -- what each kind of text allows ----------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1f", "\x7f", "\x85", "\x9f", "\r", "\x0b"])
def test_prose_refuses_control_characters_other_than_line_feeds_and_tabs(char: str) -> None:
    ledger = memory_ledger()
    holding = seat_senator(ledger, "Sample Senator Prose", DAY)

    with refused_input(ledger, "reason"):
        ledger.execute(
            RetractHolding(post="senator", holding_id=holding, reason=f"recorded{char}in error"),
            CLERK,
        )


def test_prose_keeps_its_line_feeds_and_tabs_exactly() -> None:
    ledger = memory_ledger()
    subject = "  Line one\n\tindented line two\n"

    petition = ledger.execute(
        ReceivePetition(
            appellant_kind=AppellantKind.INDIVIDUAL,
            appellant_name="Sample Appellant",
            subject=subject,
            received_on=DAY,
        ),
        CLERK,
    ).subject_id

    assert ledger.petition(petition).subject == subject.strip()  # stripped as before, no more


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\n", "\x00"])
def test_a_line_refuses_line_breaks_of_every_kind(char: str) -> None:
    with pytest.raises(ValidationError):
        Addressee(kind=AddresseeKind.STATE_BODY, name=f"Sample Ministry{char}of Samples")


def test_valid_text_is_kept_as_today_with_its_surrounding_spaces_stripped_where_they_were() -> None:
    ledger = memory_ledger()
    person = ledger.execute(
        RegisterPerson(full_name="  Sample Ädilet Ünal-Қазыбек  ", registered_on=DAY), CLERK
    ).subject_id

    assert ledger.person(person).full_name == "Sample Ädilet Ünal-Қазыбек"
    assert Addressee(kind=AddresseeKind.OFFICIAL, name=" Sample Minister ").name == (
        "Sample Minister"
    )


def test_the_ceilings_leave_room_above_the_limits_of_each_field() -> None:
    ledger = memory_ledger()
    sitting_id = uuid4()

    # What the ledger accepted before stays accepted at construction: a 501-character title
    # is still refused by the decision it would title (InvalidCommand), not by the ceiling.
    assert len(PutMotion(sitting_id=sitting_id, item=1, title="T" * LINE_MAX).title) == LINE_MAX
    with pytest.raises(ValidationError):
        PutMotion(sitting_id=sitting_id, item=1, title="T" * (LINE_MAX + 1))
    with pytest.raises(ValidationError):
        NominateByDecision(post="s" * (CODE_MAX + 1), person_id=uuid4(), decision_id=uuid4())
    item = AddActionItem(
        plan_id=uuid4(), text="x" * PROSE_MAX, responsible="Sample Ministry", deadline=None,
        added_on=DAY,
    )  # fmt: skip
    assert len(item.text) == PROSE_MAX
    with pytest.raises(ValidationError):
        item.model_validate({**item.model_dump(), "text": "x" * (PROSE_MAX + 1)})
    with pytest.raises(ValidationError):
        Provenance(recorded_by="Sample Clerk\x00")
    assert position(ledger) == ledger.recorder.max_notification_id()


# -- refused as InvalidCommand where the ledger builds values from input ------------------------


def test_a_nul_in_an_act_number_sent_by_a_process_is_refused_as_invalid_command() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Nominee Process")
    before = position(ledger)
    step = RecordAppointment(
        post="senator",
        person_id=person,
        nomination_id=uuid4(),
        act=ActPayload(kind="decree", issuer="president", number="D-\x00", issued_on=DAY),
        starts_on=DAY,
        recorded_by="Sample Secretariat Officer",
        idempotency_key="process-nul-0001",
    )

    with pytest.raises(ApplicationError) as caught:
        LedgerActivities(ledger).record_appointment(step)

    assert caught.value.type == InvalidCommand.__name__
    assert "number" in caught.value.message
    assert "U+0000" in caught.value.message
    assert position(ledger) == before


def test_a_value_built_by_a_handler_from_valid_text_is_still_refused_by_its_own_rule() -> None:
    ledger = memory_ledger()

    with refused(ledger, InvalidCommand):
        ledger.execute(RegisterPerson(full_name="x" * 301, registered_on=DAY), CLERK)


# -- what is already recorded still loads ---------------------------------------------------------


def test_an_event_recorded_with_a_nul_before_this_policy_still_decodes() -> None:
    ledger = memory_ledger()
    person = register(ledger, "Sample Member Of Old")
    # What the ledger accepted before the policy: an act built without validation, as it was.
    old_act = Act.model_construct(
        kind=ActKind.DECREE,
        issuer=Authority.PRESIDENT,
        number="SAMPLE-\x00-OLD",
        issued_on=DAY,
        title="",
    )
    ledger.execute(
        AdmitMember(body="assembly", person_id=person, act=old_act, starts_on=DAY), CLERK
    )
    last = ledger.recorder.select_notifications(start=position(ledger), limit=1)[0]

    decoded = ledger.mapper.to_domain_event(last)

    assert isinstance(decoded, Body.MemberAdmitted)
    assert decoded.act.number == "SAMPLE-\x00-OLD"
    replayed: Any = None  # the body, rebuilt from its stored events without the cache
    for stored in ledger.recorder.select_events(body_id("assembly")):
        replayed = cast("LedgerEvent", ledger.mapper.to_domain_event(stored)).mutate(replayed)
    assert isinstance(replayed, Body)
    assert replayed.terms_of(person)[0].act.number == "SAMPLE-\x00-OLD"
    with pytest.raises(ValidationError):
        Body.MemberAdmitted.model_validate_json(last.state)  # as new input it would be refused


# -- every text field of every command ----------------------------------------------------------


def _bare_text(hint: Any, where: str, seen: set[type]) -> Iterator[str]:
    """Where a hint holds a `str` that is not a `Code`, `Line` or `Prose`."""
    if get_origin(hint) is Annotated:
        base, *metadata = get_args(hint)
        if base is str:
            if not any(isinstance(m, TextPolicy) for m in metadata):
                yield where
            return
        yield from _bare_text(base, where, seen)
        return
    if hint is str:
        yield where
        return
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        if hint in seen:
            return
        seen.add(hint)
        for name, field_hint in get_type_hints(hint, include_extras=True).items():
            if name in hint.model_fields:
                yield from _bare_text(field_hint, f"{hint.__name__}.{name}", seen)
        return
    if get_origin(hint) in (typing.Union, UnionType) or get_args(hint):
        for arg in get_args(hint):
            yield from _bare_text(arg, where, seen)


def test_every_text_field_of_every_command_and_of_the_values_it_carries_is_checked_text() -> None:
    commands = [kind for kind, _ in HANDLERS.items()]
    seen: set[type] = set()

    bare = [where for kind in commands for where in _bare_text(kind, kind.__name__, seen)]

    assert len(commands) >= 60
    assert {Act, AgendaItem, Addressee} <= seen
    assert all(issubclass(kind, Frozen) for kind in seen if kind.__module__.startswith("domain"))
    assert bare == []
