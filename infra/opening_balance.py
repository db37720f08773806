"""Import an opening balance: the standing composition carried over from before Decree No. 747.

    python -m infra.opening_balance import FILE [--check] [--registered-on DATE]

FILE is a CSV file, one carried-over fact a line (docs/opening-balance.md). Every line is read and
checked first, its form here and its substance by the domain, and the whole file is recorded in
one transaction by one command (`CarryOverBalance`), or nothing is: every invalid line is
reported with its number and reason. A second import of the same file records nothing. The
store is the one `ASSEMBLY_*` settings name (infra/settings.py), as for every other process.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pydantic import TypeAdapter, ValidationError

from domain.application import Ledger
from domain.composition.opening_balance.commands import BalanceRow, CarryOverBalance
from domain.composition.opening_balance.rules import OpeningBalanceRefused
from domain.kernel.calendar import today_in_kazakhstan
from domain.kernel.errors import LedgerError
from domain.kernel.values import Provenance
from infra.settings import StoreSettings
from infra.storage import open_ledger

ACT_COLUMNS = ("act_kind", "act_issuer", "act_number", "act_issued_on", "act_title")
COLUMNS = ("kind", "person", "full_name", "sample", "body", "post", "starts_on", "association")
#: The columns each kind of line uses; any other column must be empty on it.
USED = {
    "person": {"kind", "person", "full_name", "sample"},
    "membership": {"kind", "person", "body", "starts_on", *ACT_COLUMNS},
    "holding": {"kind", "person", "post", "starts_on", "association", *ACT_COLUMNS},
}
ROW: TypeAdapter[BalanceRow] = TypeAdapter(BalanceRow)
Advance = Callable[[], None]


@dataclass
class Report:
    """What an import read, refused and recorded."""

    rows: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    events: int = 0
    position: int = 0


def _row(values: dict[str, str]) -> BalanceRow:
    kind = values.get("kind", "")
    if kind not in USED:
        raise ValueError(f"kind must be one of {', '.join(USED)}, not {kind!r}")
    stray = sorted(c for c, v in values.items() if v and c not in USED[kind])
    if stray:
        raise ValueError(f"a {kind} line leaves {', '.join(stray)} empty")
    data: dict[str, Any] = {c: v for c, v in values.items() if v and not c.startswith("act_")}
    if kind == "person":
        sample = values.get("sample", "").lower()
        if sample not in {"", "true", "false", "yes", "no", "1", "0"}:
            raise ValueError(f"sample must be true or false, not {values['sample']!r}")
        data["ref"] = data.pop("person", "")
        data["sample"] = sample in {"true", "yes", "1"}
    else:
        act = {c.removeprefix("act_"): values[c] for c in ACT_COLUMNS if values.get(c)}
        data["act"] = {
            "kind": act.get("kind"),
            "issuer": act.get("issuer"),
            "number": act.get("number"),
            "issued_on": act.get("issued_on"),
            **({"title": act["title"]} if "title" in act else {}),
        }
    return ROW.validate_python(data)


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'line'}: {e['msg']}"
            for e in error.errors()
        )
    return str(error)


def read_rows(path: Path, advance: Advance) -> tuple[list[tuple[int, BalanceRow]], Report]:
    """Every well-formed line as a row with its line number; every other line as a problem."""
    report = Report()
    rows: list[tuple[int, BalanceRow]] = []
    with path.open(newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        unknown = sorted(set(header or ()) - {*COLUMNS, *ACT_COLUMNS})
        if header is None or "kind" not in header or unknown:
            report.problems.append((1, f"the header must name the columns; unknown: {unknown}"))
            return rows, report
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                report.problems.append((line, f"not CSV: {error}"))
                break
            advance()
            if not any(c.strip() for c in cells):
                continue
            report.rows += 1
            if len(cells) != len(header):
                report.problems.append((line, f"{len(cells)} cells, the header has {len(header)}"))
                continue
            try:
                values = dict(zip(header, (c.strip() for c in cells), strict=True))
                rows.append((line, _row(values)))
            except (ValueError, ValidationError) as error:
                report.problems.append((line, _reason(error)))
    return rows, report


def import_balance(
    ledger: Ledger,
    path: Path,
    *,
    registered_on: date,
    recorded_by: str,
    check_only: bool = False,
    advance: Advance = lambda: None,
) -> Report:
    """Read, check and (unless any line is invalid or `check_only`) record the whole file."""
    rows, report = read_rows(path, advance)
    lines = [line for line, _ in rows]
    command = CarryOverBalance(
        rows=tuple(row for _, row in rows),
        registered_on=registered_on,
        check_only=check_only or bool(report.problems),
    )
    # The key is the command's own digest: the same file (and day) again replays it.
    key = f"opening-balance:{command.fingerprint()}"
    try:
        recorded = ledger.execute(command, Provenance(recorded_by=recorded_by, idempotency_key=key))
    except OpeningBalanceRefused as refusal:
        report.problems.extend((lines[index], reason) for index, reason in refusal.problems)
    else:
        report.events, report.position = recorded.events, recorded.position
    report.problems.sort()
    return report


class ProgressBar:
    """A one-line progress bar on a terminal (standard library only); silent elsewhere."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream: TextIO) -> None:
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done, self._shown = 0, -1
        self.live = stream.isatty()

    def advance(self) -> None:
        """One more line read; redraw when the bar moves."""
        self.done += 1
        filled = self.WIDTH * min(self.done, self.total) // self.total
        if self.live and filled != self._shown:
            self._shown = filled
            bar = "█" * filled + "░" * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label} {bar} {self.done}/{self.total}")
            self.stream.flush()

    def finish(self, message: str) -> None:
        """End the bar's line with what came of it."""
        if self.live:
            self.stream.write(f"\r{self.label} {'█' * self.WIDTH} {message}\n")
            self.stream.flush()


@contextmanager
def _progress(path: Path) -> Iterator[Advance]:
    with path.open(encoding="utf-8-sig") as file:
        total = sum(1 for _ in file) - 1
    bar = ProgressBar(f"reading {path.name}", total, sys.stderr)
    try:
        yield bar.advance
    finally:
        bar.finish("read and checked in one transaction")


def main(argv: list[str] | None = None) -> int:
    """`python -m infra.opening_balance import FILE`: 0 recorded, 1 refused, 2 unreadable."""
    parser = argparse.ArgumentParser(prog="python -m infra.opening_balance")
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="import an opening balance (CSV)")
    importing.add_argument("file", type=Path)
    importing.add_argument("--check", action="store_true", help="check every line, record none")
    importing.add_argument(
        "--registered-on",
        type=date.fromisoformat,
        default=today_in_kazakhstan(),
        help="the date persons are entered in the register (default: today in Kazakhstan)",
    )
    importing.add_argument("--recorded-by", default="opening-balance import")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    ledger = open_ledger(StoreSettings())
    try:
        with _progress(args.file) as advance:
            report = import_balance(
                ledger,
                args.file,
                registered_on=args.registered_on,
                recorded_by=args.recorded_by,
                check_only=args.check,
                advance=advance,
            )
    except (UnicodeDecodeError, OSError) as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    except LedgerError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 1
    finally:
        ledger.close()
    for line, reason in report.problems:
        print(f"{args.file}:{line}: {reason}", file=sys.stderr)
    if report.problems:
        print(f"{len(report.problems)} invalid line(s); nothing recorded", file=sys.stderr)
        return 1
    if args.check:
        print(f"{report.rows} line(s) checked; every one holds; nothing recorded")
    elif report.events:
        print(f"{report.rows} line(s): {report.events} event(s) recorded, up to {report.position}")
    else:
        print(f"{report.rows} line(s): nothing to record, every one is in the ledger already")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
