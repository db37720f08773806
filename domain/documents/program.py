"""Program documents of the Assembly: approved by the Chairman, implemented on his instructions.

The Chairman (the President, §5) approves program documents and gives instructions for their
implementation (§6, §32).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.documents.policy import chairman_act, text
from domain.kernel.errors import RuleViolation
from domain.kernel.events import LedgerAggregate
from domain.kernel.values import Act, Frozen, Provenance
from domain.regulation.rulebook import rulebook_on


class Instruction(Frozen):
    """An instruction of the Chairman for the implementation of a program document (§32)."""

    act: Act
    text: str


class ProgramDocument(LedgerAggregate):
    """A program document of the Assembly, approved by the Chairman (§6)."""

    def __init__(self) -> None:
        self.title = ""
        self.approval: Act | None = None
        self.instructions: tuple[Instruction, ...] = ()

    class Approved(LedgerAggregate.Created):
        """The Chairman approved the program document."""

        title: str
        act: Act

        def apply(self, aggregate: Any) -> None:
            aggregate.title = self.title
            aggregate.approval = self.act

    class InstructionGiven(LedgerAggregate.Event):
        """The Chairman gave an instruction for the document's implementation."""

        act: Act
        text: str

        def apply(self, aggregate: Any) -> None:
            given = Instruction(act=self.act, text=self.text)
            aggregate.instructions = (*aggregate.instructions, given)

    @classmethod
    def approve(
        cls, program_id: UUID, title: str, act: Act, provenance: Provenance
    ) -> ProgramDocument:
        """Record the Chairman's approval of a program document (§6)."""
        rulebook_on(act.issued_on)
        chairman_act(act, "§6", "program documents of the Assembly are approved")
        program: ProgramDocument = cls._open(
            cls.Approved,
            program_id,
            provenance,
            paragraph="§6",
            effective_on=act.issued_on,
            title=text(title, "a title", 500),
            act=act,
        )
        return program

    @property
    def approved_on(self) -> date:
        """The day the Chairman approved the document."""
        assert self.approval is not None
        return self.approval.issued_on

    def instruct(self, act: Act, instruction: str, provenance: Provenance) -> None:
        """Record the Chairman's instruction for implementing the approved document (§32)."""
        chairman_act(act, "§32", "instructions for implementing program documents are given")
        if act.issued_on < self.approved_on:
            raise RuleViolation(
                "§32",
                f"an instruction of {act.issued_on} cannot implement a program document "
                f"approved only on {self.approved_on}",
            )
        self._record(
            self.InstructionGiven,
            provenance,
            paragraph="§32",
            effective_on=act.issued_on,
            act=act,
            text=text(instruction, "the instruction"),
        )
