"""docs/rules.md has no gaps: every paragraph of the rules table has a row, and every test it
names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TABLE = ROOT / "docs" / "rules.md"
#: The paragraphs of the architecture brief's rules table that the ledger enforces at write time.
REQUIRED = [
    "1", "4.5", "5", "5.1", "5.4", "5.5", "6", "8", "9", "10", "11", "12", "13", "13.1", "13.3",
    "13.5", "14", "15", "16", "17", "17.3", "18", "19", "20", "22", "24", "25", "26", "28", "31",
    "32", "Appendix",
]  # fmt: skip


def rows() -> list[list[str]]:
    cells = []
    for line in TABLE.read_text().splitlines():
        if line.startswith("| ") and not line.startswith("| §") and "---" not in line:
            cells.append([c.strip() for c in line.strip("|").split("|")])
    return cells


def paragraphs_of(first_cell: str) -> set[str]:
    return {p.strip() for p in re.split(r",|–", first_cell) if p.strip()}


def test_every_paragraph_has_a_row_with_code_and_tests() -> None:
    table = [r for r in rows() if len(r) == 4]
    covered = set().union(*(paragraphs_of(r[0]) for r in table))
    assert [p for p in REQUIRED if p not in covered] == []
    assert all(r[2] and r[3] for r in table), "every row names its code and its tests"


def test_every_test_the_table_names_exists() -> None:
    named = set(re.findall(r"\b(test_[a-z0-9_]+)\b", TABLE.read_text()))
    sources = {p.stem: p.read_text() for p in (ROOT / "tests").rglob("*.py")}
    everything = "\n".join(sources.values())
    missing = [
        n
        for n in sorted(named)
        if n not in sources and f"def {n}(" not in everything and f"\n{n} =" not in everything
    ]
    assert missing == []


def test_every_code_reference_names_a_module_and_symbol_that_exist() -> None:
    references = re.findall(
        r"`((?:domain|infra|projections|api|workflows)/[\w/]+\.py)(?:: ([\w.]+))?`",
        TABLE.read_text(),
    )
    assert len(references) > 30, "the table names the code that enforces each rule"
    broken = []
    for path, symbol in references:
        source = ROOT / path
        if not source.is_file():
            broken.append(path)
            continue
        name = symbol.rpartition(".")[2]
        text = source.read_text()
        if name and not re.search(rf"^\s*(def|class) {name}\b|^{name}\b\s*[:=]", text, re.M):
            broken.append(f"{path}: {symbol}")
    assert broken == []
