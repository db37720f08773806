"""What `python -m audit verify` found: its problems, counts and notes, and their text."""

from __future__ import annotations

import dataclasses

KEPT = 10_000  # problems and bad nodes remembered; more are only counted


@dataclasses.dataclass
class Problem:
    """A failed check, at a leaf (index and log position) or at a checkpoint (tree size).

    Kinds: event-altered, leaf-altered (or leaf-mismatch, when nothing says which of the two
    changed), event-missing, event-not-in-tree, leaf-missing, tree-truncated, node-altered,
    node-missing, checkpoint-signature, checkpoint-row, split-view, checkpoint-beyond-log,
    cosignature, no-key.
    """

    kind: str
    detail: str
    position: int | None = None
    leaf_index: int | None = None
    size: int | None = None


@dataclasses.dataclass
class Report:
    """What a verification found: `ok` if no problem (events not yet appended are none)."""

    ok: bool = True
    problems: list[Problem] = dataclasses.field(default_factory=list)
    events: int = 0
    leaves: int = 0
    checkpoints: int = 0
    not_yet_appended: int = 0
    consequences: int = 0  # problems that follow from a listed one, or beyond the KEPT first
    notes: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    rate: float = 0.0

    def add(self, kind: str, detail: str, **where: int | None) -> None:
        """Record a problem."""
        if len(self.problems) < KEPT:
            self.problems.append(Problem(kind, detail, **where))
        else:
            self.consequences += 1


def render(report: Report) -> str:
    rate = f"{report.rate:.0f} events/s"
    if report.ok:
        lines = [f"OK {report.events} events, {report.checkpoints} checkpoints, {rate}"]
    else:
        count = len(report.problems)
        lines = [f"FAIL {count} problems, and {report.consequences} that follow from them ({rate})"]
    for p in report.problems:
        where = [f"leaf {p.leaf_index}"] if p.leaf_index is not None else []
        where += [f"position {p.position}"] if p.position is not None else []
        where += [f"checkpoint {p.size}"] if p.size is not None else []
        lines.append(f"{p.kind} at {', '.join(where) or 'the store'}: {p.detail}")
    return "\n".join(lines + [f"note: {note}" for note in report.notes]) + "\n"
