"""Bodies of the Assembly as the Regulation establishes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.model.events import LedgerAggregate
from domain.model.ids import body_id
from domain.model.rulebook import BodyRule
from domain.model.values import Provenance


class Body(LedgerAggregate):
    """The Assembly, Council, Secretariat, Scientific Expert Council or Senate quota."""

    def __init__(self) -> None:
        self.code = ""
        self.name = ""
        self.classification = ""
        self.parent: str | None = None

    class Established(LedgerAggregate.Created):
        """A body was established under the Regulation."""

        code: str
        name: str
        classification: str
        parent: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.code = self.code
            aggregate.name = self.name
            aggregate.classification = self.classification
            aggregate.parent = self.parent

    @classmethod
    def establish(cls, rule: BodyRule, provenance: Provenance, *, established_on: date) -> Body:
        """Establish a body as its rule describes it."""
        body: Body = cls._open(
            cls.Established,
            body_id(rule.code),
            provenance,
            paragraph=rule.paragraph,
            effective_on=established_on,
            code=rule.code,
            name=rule.name,
            classification=rule.classification,
            parent=rule.parent,
        )
        return body
