"""The labelled sample dataset: invented persons, invented act numbers, loaded into an empty store.

Every person here is invented and registered with `sample=True`; every act number starts with
"SAMPLE-". Each command carries a "sample:" idempotency key, so an interrupted load resumes where it
stopped and a completed one is never recorded twice. `python -m infra.sample` establishes the
bodies and posts and loads the sample when the store holds nothing else.
"""

from __future__ import annotations

import logging
from datetime import date
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.application import Ledger
from domain.composition.commands import (
    AdmitMember,
    Appoint,
    AssumePresidency,
    EstablishBodies,
    NominateByDecision,
    RegisterPerson,
)
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
            RegisterPerson(full_name=name, registered_on=date(2025, 1, 6), sample=True),
            self._key(f"person:{name}"),
        )
        return recorded.subject_id

    def load(self) -> None:
        """Record the whole sample story (idempotently)."""
        ledger = self.ledger
        oath = _act(ActKind.OATH, Authority.PRESIDENT, "OATH-1", date(2025, 1, 10), "Oath")
        ledger.execute(
            AssumePresidency(person_id=self._person(PRESIDENT), act=oath), self._key("presidency")
        )
        decree = _act(ActKind.DECREE, Authority.PRESIDENT, "D-1", date(2025, 1, 20), "Head")
        ledger.execute(
            Appoint(
                post="head_of_secretariat",
                person_id=self._person(HEAD_OF_SECRETARIAT),
                act=decree,
                starts_on=date(2025, 1, 20),
            ),
            self._key("head"),
        )
        formed = _act(ActKind.DECREE, Authority.PRESIDENT, "D-2", date(2025, 2, 1), "Members")
        council = [self._person(n) for n in COUNCIL]
        assembly = council + [self._person(n) for n in ASSEMBLY_ONLY]
        for body, members in (("assembly", assembly), ("council", council)):
            for person in members:
                ledger.execute(
                    AdmitMember(
                        body=body, person_id=person, act=formed, starts_on=formed.issued_on
                    ),
                    self._key(f"{body}:{person}"),
                )
        self._deputies(frozenset(council))
        self._senators(frozenset(council))
        self._person(CANDIDATE)

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


def seed(ledger: Ledger) -> bool:
    """Establish the bodies; load the sample if nobody is registered or its load was cut short."""
    ledger.execute(EstablishBodies(), Provenance(recorded_by="system:bootstrap"))
    nobody = not ledger.recorder.select_notifications(
        start=1, limit=1, topics=[get_topic(Person.Registered)]
    )
    started = idempotency_id(f"sample:person:{PRESIDENT}") in ledger.repository
    finished = idempotency_id(f"sample:person:{CANDIDATE}") in ledger.repository
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
    ledger.close()


if __name__ == "__main__":
    main()
