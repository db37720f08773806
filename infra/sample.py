"""The labelled sample dataset: invented persons, invented act numbers, loaded into an empty store.

Every person here is invented and registered with `sample=True`; every act number starts with
"SAMPLE-". The standing composition from before Decree No. 747 (the Chairman since 2019, the Head
of the Secretariat, the older members of the Assembly) is the opening balance in
`sample_opening_balance.csv`, loaded by the opening balance import (infra/opening_balance.py);
the later acts follow as commands. Each carries a "sample:" idempotency key, so an interrupted
load resumes where it stopped and a completed one is never recorded twice. `python -m
infra.sample` establishes the bodies and posts and loads the sample when the store holds nothing
else.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from domain.application import Ledger
from domain.application.idempotency import IdempotencyRecord
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    EstablishBodies,
    NominateByDecision,
    RegisterPerson,
)
from domain.composition.opening_balance.rules import carried_over_person_id
from domain.composition.persons import Person
from domain.kernel.ids import idempotency_id
from domain.kernel.values import Act, ActKind, Authority, Provenance
from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from domain.sittings.commands import (
    CastVotes,
    ConveneCouncilMeeting,
    DecideMotion,
    PutMotion,
    RecordAttendance,
)
from domain.sittings.votes import AgendaItem, Choice
from infra.opening_balance import import_balance
from infra.settings import StoreSettings
from infra.storage import open_ledger

log = logging.getLogger("infra.sample")
ACTOR = "sample-data"

PRESIDENT = "Erlan Samplebekov"
HEAD_OF_SECRETARIAT = "Gulnara Exampleva"
ETHNOCULTURAL_DEPUTIES = (
    ("Viktor Placeholdenko", "Sample Slavic Cultural Association"),
    ("Aliya Fictionova", "Sample Uyghur Cultural Centre"),
)
SENATORS = ("Marat Demoyev", "Saule Testova", "Oleg Mockinsky", "Dana Invented")
COUNCIL = (
    "Timur Specimenov",
    "Irina Paradigmova",
    "Nurlan Prototypov",
    "Elena Exemplarova",
    "Bauyrzhan Modelov",
    "Zarina Draftova",
    "Pavel Schematov",
)
ASSEMBLY_ONLY = (
    "Kairat Illustrov",
    "Madina Sketchova",
    "Sergei Outlinenko",
    "Aigul Mockupova",
    "Rustam Templatov",
    "Ainur Stubova",
    "Yuri Fixturin",
    "Gaukhar Simulova",
    "Arman Dummiyev",
    "Lyudmila Casestudy",
)
CANDIDATE = "Askar Nomineyev"
#: The standing composition carried over from before Decree No. 747; its first person is PRESIDENT.
OPENING_BALANCE = Path(__file__).with_name("sample_opening_balance.csv")
REGISTERED_ON = date(2025, 1, 6)


def _act(kind: ActKind, issuer: Authority, number: str, on: date, title: str) -> Act:
    return Act(kind=kind, issuer=issuer, number=f"SAMPLE-{number}", issued_on=on, title=title)


class SampleLoader:
    """Loads the sample dataset through the ledger's ordinary commands."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def _key(self, step: str) -> Provenance:
        return Provenance(recorded_by=ACTOR, idempotency_key=f"sample:{step}")

    def _person(self, name: str) -> UUID:
        recorded = self.ledger.execute(
            RegisterPerson(full_name=name, registered_on=REGISTERED_ON, sample=True),
            self._key(f"person:{name}"),
        )
        return recorded.subject_id

    def load(self) -> None:
        """Record the whole sample story (idempotently)."""
        ledger = self.ledger
        report = import_balance(
            ledger, OPENING_BALANCE, registered_on=REGISTERED_ON, recorded_by=ACTOR
        )
        if report.problems:
            raise RuntimeError(f"the sample opening balance does not hold: {report.problems}")
        formed = _act(ActKind.DECREE, Authority.PRESIDENT, "D-2", date(2025, 2, 1), "Members")
        council = [self._person(n) for n in COUNCIL]
        for body in ("assembly", "council"):
            for person in council:
                ledger.execute(
                    AdmitMember(
                        body=body, person_id=person, act=formed, starts_on=formed.issued_on
                    ),
                    self._key(f"{body}:{person}"),
                )
        self._deputies(frozenset(council))
        self._senators(frozenset(council))
        candidate = self._person(CANDIDATE)
        # The Council proposes the candidate for the fifth seat; the nomination is left to the
        # Secretariat (README: a nomination with the sample data).
        self.council_meeting(
            CANDIDATE_MEETING,
            date(2025, 5, 2),
            frozenset(council),
            [
                (
                    Matter.SENATE_CANDIDATES,
                    "Sample proposal of a candidate for the fifth seat of the Senate",
                    Subject(persons=(candidate,)),
                )
            ],
        )

    def council_meeting(
        self,
        number: str,
        on: date,
        members: frozenset[UUID],
        motions: list[tuple[Matter, str, Subject]],
    ) -> list[UUID]:
        """A meeting of the Council convened by the Chairman's decree, every member present and
        voting for each motion; the ids of the decisions (§12, §14, §15)."""
        ledger = self.ledger
        convening = _act(ActKind.DECREE, Authority.PRESIDENT, f"{number}-CONV", on, "Convening")
        agenda = [
            AgendaItem(number=i, matter=matter, title=title)
            for i, (matter, title, _) in enumerate(motions, start=1)
        ]
        sitting = ledger.execute(
            ConveneCouncilMeeting(
                number=f"SAMPLE-{number}", held_on=on, agenda=agenda, act=convening
            ),
            self._key(f"{number}:convene"),
        ).subject_id
        ledger.execute(
            RecordAttendance(sitting_id=sitting, present=members), self._key(f"{number}:roster")
        )
        decisions = []
        for item, (_, title, subject) in enumerate(motions, start=1):
            motion = ledger.execute(
                PutMotion(sitting_id=sitting, item=item, title=title, subject=subject),
                self._key(f"{number}:{item}:motion"),
            ).subject_id
            votes = dict.fromkeys(members, Choice.YES)
            ledger.execute(
                CastVotes(sitting_id=sitting, motion_id=motion, votes=votes),
                self._key(f"{number}:{item}:votes"),
            )
            decisions.append(
                ledger.execute(
                    DecideMotion(sitting_id=sitting, motion_id=motion),
                    self._key(f"{number}:{item}:decide"),
                ).subject_id
            )
        return decisions

    def _deputies(self, council: frozenset[UUID]) -> None:
        deputies = [
            (self._person(name), association) for name, association in ETHNOCULTURAL_DEPUTIES
        ]
        recommendations = self.council_meeting(
            "C-1",
            date(2025, 2, 5),
            council,
            [
                (
                    Matter.DEPUTY_CHAIRMAN_RECOMMENDATION,
                    f"Sample recommendation of a Deputy Chairman from {association}",
                    Subject(persons=(person,), association=association),
                )
                for person, association in deputies
            ],
        )
        order = _act(ActKind.ORDER, Authority.PRESIDENT, "O-1", date(2025, 2, 10), "Deputies")
        for (name, _), (person, association), decision in zip(
            ETHNOCULTURAL_DEPUTIES, deputies, recommendations, strict=True
        ):
            self.ledger.execute(
                NominateByDecision(
                    post="deputy_chairman_ethnocultural", person_id=person, decision_id=decision
                ),
                self._key(f"rec:{name}"),
            )
            self.ledger.execute(
                Appoint(
                    post="deputy_chairman_ethnocultural",
                    person_id=person,
                    act=order,
                    starts_on=order.issued_on,
                    association=association,
                ),
                self._key(f"deputy:{name}"),
            )

    def _senators(self, council: frozenset[UUID]) -> None:
        persons = {name: self._person(name) for name in SENATORS}
        (proposal,) = self.council_meeting(
            "C-2",
            date(2025, 3, 1),
            council,
            [
                (
                    Matter.SENATE_CANDIDATES,
                    "Sample proposal of candidates for deputies of the Senate",
                    Subject(persons=tuple(persons.values())),
                )
            ],
        )
        decree = _act(ActKind.DECREE, Authority.PRESIDENT, "D-3", date(2025, 3, 10), "Senate")
        for name, person in persons.items():  # four of five seats: one is left for the demo
            self.ledger.execute(
                NominateByDecision(post="senator", person_id=person, decision_id=proposal),
                self._key(f"proposal:{name}"),
            )
            self.ledger.execute(
                Appoint(post="senator", person_id=person, act=decree, starts_on=decree.issued_on),
                self._key(f"senator:{name}"),
            )


#: The Council meeting of 2 May 2025 that proposes CANDIDATE (§13.1), and the key of its decision.
CANDIDATE_MEETING = "C-3"
CANDIDATE_DECIDED = f"sample:{CANDIDATE_MEETING}:1:decide"


def candidate_proposal_id(ledger: Ledger) -> UUID | None:
    """The id of the Council's decision proposing CANDIDATE, as its keyed command recorded it."""
    try:
        record: object = ledger.repository.get(idempotency_id(CANDIDATE_DECIDED))
    except AggregateNotFoundError:
        return None
    assert isinstance(record, IdempotencyRecord)
    return record.subject_id


def seed(ledger: Ledger) -> bool:
    """Establish the bodies; load the sample if nobody is registered or its load was cut short."""
    ledger.execute(EstablishBodies(), Provenance(recorded_by="system:bootstrap"))
    nobody = not ledger.recorder.select_notifications(
        start=1, limit=1, topics=[get_topic(Person.Registered)]
    )
    started = carried_over_person_id("SAMPLE-P01") in ledger.repository
    finished = idempotency_id(CANDIDATE_DECIDED) in ledger.repository
    if finished or not (nobody or started):
        return False
    SampleLoader(ledger).load()
    return True


def main() -> None:
    """`python -m infra.sample`."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    ledger = open_ledger(StoreSettings())
    loaded = seed(ledger)
    log.info("sample data %s", "loaded (all names invented)" if loaded else "skipped: store in use")
    proposal = candidate_proposal_id(ledger)
    if proposal is not None:
        log.info(
            "the Council's proposal of the sample candidate %s: council_decision_id %s",
            CANDIDATE,
            proposal,
        )
    ledger.close()


if __name__ == "__main__":
    main()
