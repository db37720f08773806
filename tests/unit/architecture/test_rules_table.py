"""docs/rules.md has no gaps and says only what the Regulation says: every paragraph of the rules
table has a row, every row of the Regulation's sections quotes the sentence it rests on, verbatim,
from the paragraph (or subparagraph) its first column names, and every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TABLE = ROOT / "docs" / "rules.md"
REGULATION = ROOT.parent / "shared" / "regulation" / "regulation-747-2024.txt"
#: The paragraphs of the architecture brief's rules table that the ledger enforces at write time.
REQUIRED = [
    "4.5", "5", "5.1", "5.3", "5.4", "5.5", "6", "8", "8.1", "8.2", "9", "10", "11", "12", "13",
    "13.1", "13.3", "13.5", "14", "15", "16", "17", "17.3", "18", "19", "20", "22", "24", "25",
    "26", "28", "31", "32", "Appendix",
]  # fmt: skip
#: Sections whose rows are not rules of the Regulation: they quote nothing, or the policy table,
#: whose rows quote the sentence that leaves the matter open.
NOT_RULES = (
    "Ledger policies (not rules of the Regulation)",
    "Configurable policies",
    "Paragraphs with nothing to enforce",
    "Input that cannot break the stores (policy, not Regulation)",
)
#: A row's quotations: one or more "..." at the start of its second cell.
QUOTES = re.compile(r'^((?:"[^"]+"\s*(?:;|,|and)?\s*)+)')


def sections() -> dict[str, list[list[str]]]:
    """The table rows of each `## ` section of docs/rules.md, header and rule lines left out."""
    found: dict[str, list[list[str]]] = {}
    current = ""
    for line in TABLE.read_text().splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            found.setdefault(current, [])
        elif line.startswith("| ") and "---" not in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] not in ("§", "policy"):
                found.setdefault(current, []).append(cells)
    return found


def rows() -> list[list[str]]:
    return [r for title, table in sections().items() if title not in NOT_RULES for r in table]


def normalised(text: str) -> str:
    return " ".join(text.split())


def units() -> dict[str, str]:
    """The Regulation's text by unit: `N` (a paragraph, its subparagraphs included), `N.k` (its
    subparagraph `k)`), `Decree` (the approving decree) and `Appendix` (the repealed decrees)."""
    text: dict[str, list[str]] = {"Decree": [], "Preamble": [], "Appendix": []}
    region, paragraph, sub = "Decree", "", ""
    for raw in REGULATION.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == "REGULATIONS":
            region = "Preamble"
            continue
        if line == "APPENDIX":
            region, paragraph, sub = "Appendix", "", ""
        if line.startswith("Chapter "):
            continue  # a heading between paragraphs
        if region == "Appendix":
            text[region].append(line)
            continue
        numbered, lettered = re.match(r"^(\d+)\. ", line), re.match(r"^(\d+)\) ", line)
        if region != "Decree" and numbered:
            region, paragraph, sub = "Regulation", numbered.group(1), ""
        elif region == "Regulation" and lettered:
            sub = f"{paragraph}.{lettered.group(1)}"
        elif region == "Regulation":
            sub = ""
        if region != "Regulation":
            text[region].append(line)
            continue
        text.setdefault(paragraph, []).append(line)
        if sub:
            text.setdefault(sub, []).append(line)
    return {unit: normalised(" ".join(lines)) for unit, lines in text.items()}


def quotations(cell: str) -> list[str]:
    """The sentences a rule cell quotes at its start."""
    found = QUOTES.match(cell)
    return re.findall(r'"([^"]+)"', found.group(1)) if found else []


def homes(quote: str, regulation: dict[str, str]) -> set[str]:
    """The most specific units of the Regulation whose text holds every fragment of `quote` (a
    subparagraph rather than its paragraph); fragments are separated by "..."."""
    fragments = [normalised(f) for f in quote.split("...") if f.strip()]
    holding = {u for u, t in regulation.items() if all(f in t for f in fragments)}
    return {u for u in holding if not any(h.startswith(f"{u}.") for h in holding)}


def test_the_regulation_is_read_by_paragraph_and_subparagraph() -> None:
    regulation = units()

    assert regulation["5.3"] == "3) appoint and dismiss the leading officials of the Assembly;"
    assert regulation["13.5"].startswith("5) establishment of public awards")
    assert regulation["5"].startswith("5. The President of the Republic of Kazakhstan is the")
    assert "1) form and reorganize the Assembly;" in regulation["5"]
    assert regulation["32"].endswith("State Planning System in the Republic of Kazakhstan.")
    assert "Kazakh diaspora" in regulation["4.11"]
    assert "Chapter" not in regulation["4.16"]
    assert "5." not in regulation["4.16"]
    assert "shall enter into force on the day of signing" in regulation["Decree"]
    assert "September 7, 2011 № 149" in regulation["Appendix"]
    assert homes("The powers of the Council shall include:", regulation) == {"13"}
    assert homes("appoint and dismiss the leading officials", regulation) == {"5.3"}
    assert homes("The Chairman ... approve its program documents", regulation) == {"6"}
    assert homes("The Chairman of the Assembly shall", regulation) == {"6", "16", "32"}
    assert homes("a sentence the Regulation does not contain", regulation) == set()


@pytest.mark.parametrize(
    ("cell", "quotes"),
    [
        ('"One." — a rule', ["One."]),
        ('"One." and "Two." — a rule', ["One.", "Two."]),
        ('A rule that quotes "nothing" first', []),
    ],
)
def test_a_rule_cell_quotes_its_sentences_at_its_start(cell: str, quotes: list[str]) -> None:
    assert quotations(cell) == quotes


def test_every_rule_of_the_regulation_quotes_its_sentence_from_the_paragraph_it_cites() -> None:
    regulation = units()
    unquoted, not_in_text, elsewhere = [], [], []
    for row in rows():
        quotes = quotations(row[1])
        if not quotes:
            unquoted.append(row[:2])
        cited = paragraphs_of(row[0])
        for quote in quotes:
            found = homes(quote, regulation)
            if not found:
                not_in_text.append(quote)
            elif not found & cited:
                elsewhere.append((row[0], sorted(found), quote))
    assert rows(), "the table has rules"
    assert unquoted == [], "every rule quotes the sentence of the Regulation it rests on"
    assert not_in_text == [], "every quotation is the Regulation's text, verbatim"
    assert elsewhere == [], "a row's § names the (sub)paragraph its quotation comes from"


def test_every_policy_quotes_the_sentence_that_leaves_the_matter_open() -> None:
    regulation = units()
    policies = sections()["Configurable policies"]
    assert len(policies) >= 5
    for row in policies:
        quotes = quotations(row[1])
        assert quotes, row[0]
        assert all(homes(q, regulation) for q in quotes), row[0]


def test_every_ledger_policy_says_why_it_is_not_a_rule_of_the_regulation() -> None:
    ledger = sections()["Ledger policies (not rules of the Regulation)"]
    assert len(ledger) >= 4
    assert all(len(r) == 4 and r[1] and r[2] and r[3] for r in ledger)


def paragraphs_of(first_cell: str) -> set[str]:
    return {p.strip() for p in re.split(r",|–", first_cell) if p.strip()}


def test_every_paragraph_has_a_row_with_code_and_tests() -> None:
    table = rows()
    assert all(len(r) == 4 for r in table), "§ | the quoted sentence and the rule | code | tests"
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
