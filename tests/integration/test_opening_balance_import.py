"""`python -m infra.opening_balance import FILE` against a SQLite file and PostgreSQL.

An opening balance of a realistic size (an Assembly of 400 members, the Council, the five
senators, the Chairman since 2019, the Head of the Secretariat, the Scientific Expert Council
with its elected Chairman) is generated with invented names, imported in one command, imported
again with nothing recorded, and then used by the rules of Decree No. 747. A file with bad lines
records nothing and names each line.
"""

from __future__ import annotations

import csv
import os
import pty
import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from domain.application import Ledger
from domain.composition.commands import Appoint, Dismiss, NominateByDecision, RegisterPerson
from domain.composition.opening_balance.rules import carried_over_person_id
from domain.kernel.errors import RuleViolation
from infra.opening_balance import ACT_COLUMNS, COLUMNS, ProgressBar
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.runner import ProjectionRunner
from tests.support.council import senate_candidates
from tests.support.samples import CLERK, decree
from tests.support.sittings import attend, convene

ROOT = Path(__file__).resolve().parents[2]
HEADER = [*COLUMNS, *ACT_COLUMNS]
MEMBERS, COUNCIL, EXPERTS = 400, 40, 20


def person(ref: str, name: str, sample: str = "true") -> dict[str, str]:
    return {"kind": "person", "person": ref, "full_name": name, "sample": sample}


def fact(
    ref: str, where: str, on: str, kind: str = "decree", issuer: str = "president", **cells: str
) -> dict[str, str]:
    """A term (`where` a body) or a holding (`where` a post) from `on`, by an act of that day."""
    place = {"body": where} if where in BODIES else {"kind": "holding", "post": where}
    return {
        "kind": "membership",
        "person": ref,
        "starts_on": on,
        "act_kind": kind,
        "act_issuer": issuer,
        "act_number": f"SAMPLE-{where}-{on}",
        "act_issued_on": cells.pop("issued_on", on),
        "act_title": "Invented act for a test",
        **place,
        **cells,
    }


BODIES = {"assembly", "council", "scientific_expert_council", "no_such_body"}
SEC = "scientific_expert_council"
DEPUTY = "deputy_chairman_ethnocultural"


def realistic_balance() -> list[dict[str, str]]:
    """Invented persons: 400 members, of whom 40 on the Council and 20 on the Expert Council."""
    lines = []
    for i in range(1, MEMBERS + 1):
        ref = f"T{i:04d}"
        lines.append(person(ref, f"Sample Member {i:04d}"))
        lines.append(fact(ref, "assembly", "2017-03-01" if i <= 200 else "2022-04-28"))
        if i <= COUNCIL:
            lines.append(fact(ref, "council", "2022-05-04"))
        if COUNCIL < i <= COUNCIL + EXPERTS:
            lines.append(fact(ref, SEC, "2021-09-01", "order", "head_of_secretariat"))
    lines += [fact(f"T000{n}", "senator", "2023-01-05") for n in range(1, 6)]
    lines.append(fact("T0041", "expert_council_chairman", "2021-09-10", "decision", SEC))
    for ref, association in (("T0006", "Sample Association One"), ("T0007", "Sample Two")):
        lines.append(
            fact(
                ref, "deputy_chairman_ethnocultural", "2022-06-01", "order", association=association
            )
        )
    lines.append(person("CHAIR", "Sample Chairman since 2019"))
    lines.append(fact("CHAIR", "chairman", "2019-06-12", "oath"))
    lines.append(person("HEAD", "Sample Head of the Secretariat"))
    lines.append(fact("HEAD", "head_of_secretariat", "2022-02-01"))
    return lines


def write(path: Path, lines: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, HEADER)
        writer.writeheader()
        writer.writerows(lines)
    return path


def environment(settings: StoreSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSEMBLY_", "POSTGRES_"))}
    env.update(
        ASSEMBLY_STORE=settings.store,
        ASSEMBLY_DATA_DIR=str(settings.data_dir),
        ASSEMBLY_POSTGRES_HOST=settings.postgres_host,
        ASSEMBLY_POSTGRES_PORT=str(settings.postgres_port),
        ASSEMBLY_POSTGRES_USER=settings.postgres_user,
        ASSEMBLY_POSTGRES_DBNAME=settings.postgres_dbname,
        ASSEMBLY_POSTGRES_SCHEMA=settings.postgres_schema,
    )
    return env


def run_import(
    settings: StoreSettings, file: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infra.opening_balance", "import", str(file), *extra],
        cwd=ROOT,
        env=environment(settings),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def events_in(settings: StoreSettings) -> int:
    ledger = open_ledger(settings)
    try:
        return ledger.recorder.max_notification_id() or 0
    finally:
        ledger.close()


@contextmanager
def imported(store: StoreSettings, file: Path) -> Iterator[Ledger]:
    """The ledger on `store` once `file` is imported by the command."""
    done = run_import(store, file)
    assert done.returncode == 0, done.stderr
    ledger = open_ledger(store)
    try:
        yield ledger
    finally:
        ledger.close()


@pytest.fixture
def opened(store: StoreSettings, tmp_path: Path) -> tuple[StoreSettings, Path]:
    return store, write(tmp_path / "balance.csv", realistic_balance())


def test_a_realistic_opening_balance_imports_in_one_command_and_again_records_nothing(
    opened: tuple[StoreSettings, Path],
) -> None:
    store, file = opened

    first = run_import(store, file, "--registered-on", "2025-01-06")
    after_first = events_in(store)
    second = run_import(store, file, "--registered-on", "2025-01-06")
    third = run_import(store, file)  # another day: persons are registered already

    assert first.returncode == 0, first.stderr
    # bodies and posts, persons, terms, holdings, the ex officio Deputy Chairman, the key record
    persons, terms, holdings = MEMBERS + 2, MEMBERS + COUNCIL + EXPERTS, 5 + 1 + 2 + 2
    assert after_first == 12 + persons + terms + holdings + 1 + 1
    assert "event(s) recorded" in first.stdout
    for again in (second, third):
        assert again.returncode == 0, again.stderr
        assert "nothing to record" in again.stdout
    assert events_in(store) == after_first


def test_the_carried_over_composition_is_used_under_decree_747(
    opened: tuple[StoreSettings, Path],
) -> None:
    with imported(*opened) as ledger:
        used_under_747(ledger)


def used_under_747(ledger: Ledger) -> None:
    council = [carried_over_person_id(f"T{i:04d}") for i in range(1, COUNCIL + 1)]
    sitting = convene(ledger, "council", date(2025, 2, 1))
    competence = attend(ledger, sitting, council[:27])
    assert (competence.present, competence.total, competence.competent) == (27, 40, True)

    on = date(2025, 4, 1)
    sixth = ledger.execute(
        RegisterPerson(full_name="Sample Sixth Senator", registered_on=on, sample=True), CLERK
    ).subject_id
    proposal = senate_candidates(ledger, on, sixth)  # at a real meeting of the carried-over Council
    ledger.execute(NominateByDecision(post="senator", person_id=sixth, decision_id=proposal), CLERK)
    with pytest.raises(RuleViolation) as refusal:
        ledger.execute(
            Appoint(post="senator", person_id=sixth, act=decree(on), starts_on=on), CLERK
        )
    assert refusal.value.paragraph == "§5.4"

    head = ledger.post("head_of_secretariat").open_holding_of(carried_over_person_id("HEAD"))
    ended = date(2025, 9, 1)
    ledger.execute(
        Dismiss(
            post="head_of_secretariat", holding_id=head.holding_id, act=decree(ended), ends_on=ended
        ),
        CLERK,
    )
    assert ledger.post("deputy_chairman_head_of_secretariat").holders_on(ended) == []
    assert [h.tenure.start for h in ledger.post("chairman").holders_on(ended)] == [
        date(2019, 6, 12)
    ]


def test_a_file_with_bad_lines_records_nothing_and_names_each_line(
    opened: tuple[StoreSettings, Path], tmp_path: Path
) -> None:
    store, _ = opened
    lines = realistic_balance()
    bad = {
        3: fact("T0002", "assembly", "2025-01-09"),
        10: fact("T0005", "assembly", "not a date"),
        20: fact("T0009", "no_such_body", "2019-01-01"),
        40: fact("T0010", "assembly", "2018-01-01"),
        50: person("T9999", "Sample Member 9999", sample="maybe"),
    }
    for index, row in bad.items():
        lines.insert(index, row)
    bad[len(lines)] = fact("T0099", "senator", "2023-01-05")  # a sixth senator
    lines.append(bad[len(lines)])
    file = write(tmp_path / "bad.csv", lines)
    before = events_in(store)

    refused = run_import(store, file)

    assert refused.returncode == 1
    said = refused.stderr.splitlines()
    named = [int(text.split(":")[1]) for text in said if text.startswith(str(file))]
    assert named == [i + 2 for i in sorted(bad)]  # the header is line 1
    assert "falls under Decree No. 747" in refused.stderr
    assert "§5.4" in refused.stderr
    assert "already a member" in refused.stderr
    assert "nothing recorded" in refused.stderr
    assert events_in(store) == before


def test_a_terminal_sees_a_progress_bar(sqlite_store: StoreSettings, tmp_path: Path) -> None:
    file = write(tmp_path / "balance.csv", realistic_balance()[:50])
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.opening_balance", "import", str(file)],
        cwd=ROOT,
        env=environment(sqlite_store),
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    seen = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=60) == 0
    os.close(controller)
    assert b"reading balance.csv" in seen
    assert "█".encode() * ProgressBar.WIDTH in seen  # the bar, full
    assert b"read and checked in one transaction" in seen


def test_a_pipe_sees_no_progress_bar(sqlite_store: StoreSettings, tmp_path: Path) -> None:
    done = run_import(sqlite_store, write(tmp_path / "balance.csv", realistic_balance()[:50]))

    assert done.returncode == 0
    assert "█" not in done.stderr + done.stdout


def test_the_composition_view_serves_the_carried_over_composition(
    opened: tuple[StoreSettings, Path],
) -> None:
    with imported(*opened) as ledger:
        view = open_composition_view(opened[0])
        ProjectionRunner(ledger.recorder, ledger.mapper, view).run_once()

    assembly = view.composition("assembly", date(2025, 3, 1))
    council = view.composition("council", date(2025, 3, 1))
    before = view.composition("assembly", date(2022, 1, 1))
    assert assembly is not None
    assert council is not None
    assert before is not None
    assert (len(assembly.members), len(council.members), len(before.members)) == (400, 40, 200)
    holders = {s.post.code: [h.full_name for h in s.holders] for s in assembly.posts}
    assert holders["chairman"] == ["Sample Chairman since 2019"]
    assert holders["deputy_chairman_head_of_secretariat"] == ["Sample Head of the Secretariat"]
    assert len(holders["deputy_chairman_ethnocultural"]) == 2
