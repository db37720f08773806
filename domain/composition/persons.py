"""Persons the ledger names: members, officials, candidates."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Provenance


class Person(LedgerAggregate):
    """A natural person known to the ledger."""

    def __init__(self) -> None:
        self.full_name = ""
        self.sample = False

    class Registered(LedgerAggregate.Created):
        """A person was entered in the register of persons."""

        full_name: str = Field(min_length=1, max_length=300)
        sample: bool = False

        def apply(self, aggregate: Any) -> None:
            aggregate.full_name = self.full_name
            aggregate.sample = self.sample

    @classmethod
    def register(
        cls,
        person_id: UUID,
        full_name: str,
        provenance: Provenance,
        *,
        registered_on: date,
        sample: bool = False,
    ) -> Person:
        """Enter a person in the register; `sample` marks invented persons of the sample data."""
        person: Person = cls._open(
            cls.Registered,
            person_id,
            provenance,
            paragraph="§17",
            effective_on=registered_on,
            full_name=full_name.strip(),
            sample=sample,
        )
        return person
