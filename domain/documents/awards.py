"""Public awards of the Assembly (§13.5).

The Council establishes public awards and approves their regulations; neither the Session nor the
President does so in its place. Later Council decisions amend the regulations.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.documents.policy import decision_act, text
from domain.kernel.errors import InvalidCommand, RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, ActKind, Authority, Frozen, Provenance
from domain.regulation.matters import Matter
from domain.sittings.decisions import Decision


class RegulationsVersion(Frozen):
    """The award's regulations as approved or amended by one Council decision."""

    decision_id: UUID
    act: Act
    summary: str
    amendment: bool = False


class PublicAward(LedgerAggregate):
    """A public award established by the Council, with its regulations."""

    def __init__(self) -> None:
        self.name = ""
        self.decision_id: UUID | None = None
        self.establishment: Act | None = None
        self.regulations: tuple[RegulationsVersion, ...] = ()

    class Established(LedgerAggregate.Created):
        """The Council established the award."""

        name: str
        decision_id: UUID
        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.name = self.name
            aggregate.decision_id = self.decision_id
            aggregate.establishment = self.act

    class RegulationsChanged(LedgerAggregate.Event):
        """The Council approved the award's regulations, or amended them."""

        version: RegulationsVersion

        def apply(self, aggregate: Any) -> None:
            aggregate.regulations = (*aggregate.regulations, self.version)

    @classmethod
    def establish(
        cls, award_id: UUID, name: str, basis: Decision | Act, provenance: Provenance
    ) -> PublicAward:
        """Record an award established by a Council decision on public awards (§13.5)."""
        if isinstance(basis, Act):
            if basis.issuer is not Authority.COUNCIL or basis.kind is not ActKind.DECISION:
                raise RuleViolation(
                    "§13.5",
                    "public awards are established by a decision of the Council, not by a "
                    f"{basis.kind.value} of the {basis.issuer.value}",
                )
            # A bare act does not say what the Council decided; only its decision record does.
            raise InvalidCommand("name the Council's decision by its id, not by its act")
        act = decision_act(basis, Matter.PUBLIC_AWARDS, "§13.5")
        award: PublicAward = cls._open(
            cls.Established,
            award_id,
            provenance,
            paragraph="§13.5",
            effective_on=act.issued_on,
            name=text(name, "the award's name", 500),
            decision_id=basis.id,
            act=act,
        )
        return award

    @property
    def established_on(self) -> date:
        """The day the Council established the award."""
        assert self.establishment is not None
        return self.establishment.issued_on

    def approve_regulations(self, decision: Decision, summary: str, provenance: Provenance) -> None:
        """The Council approved the award's regulations, on or after establishing it."""
        act = decision_act(decision, Matter.PUBLIC_AWARDS, "§13.5")
        if self.regulations:
            raise RuleViolation(
                "§13.5",
                f"the regulations were approved on {self.regulations[0].act.issued_on}; "
                "a later Council decision amends them",
            )
        if act.issued_on < self.established_on:
            raise RuleViolation(
                "§13.5",
                f"regulations approved on {act.issued_on} cannot be those of an award "
                f"established only on {self.established_on}",
            )
        self._change(decision, act, summary, provenance, amendment=False)

    def amend_regulations(self, decision: Decision, summary: str, provenance: Provenance) -> None:
        """A later Council decision amended the award's approved regulations."""
        act = decision_act(decision, Matter.PUBLIC_AWARDS, "§13.5")
        if not self.regulations:
            raise RuleViolation(
                "§13.5", "the award has no approved regulations to amend; approve them first"
            )
        current = self.regulations[-1]
        if act.issued_on < current.act.issued_on:
            raise RuleViolation(
                "§13.5",
                f"a decision of {act.issued_on} cannot amend regulations as changed on "
                f"{current.act.issued_on}",
            )
        if any(v.decision_id == decision.id for v in self.regulations):
            raise InvalidCommand(f"decision {decision.id} is already recorded for this award")
        self._change(decision, act, summary, provenance, amendment=True)

    def _change(
        self,
        decision: Decision,
        act: Act,
        summary: str,
        provenance: Provenance,
        *,
        amendment: bool,
    ) -> None:
        version = RegulationsVersion(
            decision_id=decision.id,
            act=act,
            summary=text(summary, "a summary of the regulations"),
            amendment=amendment,
        )
        self._record(
            self.RegulationsChanged,
            provenance,
            paragraph="§13.5",
            effective_on=act.issued_on,
            version=version,
        )
