"""`python -m bench`: measure appointments, reads and a Session, print them beside baselines."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from bench import appointments, audit_log, reads, report, sittings, stores
from bench.figures import Figure

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
DEFAULTS = {
    "sqlite_n": 2000,
    "postgres_n": 600,
    "reads_n": 3000,
    "cycles": 150,
    "rounds": 5,
    "sitting_members": 400,
    "sitting_present": 300,
    "motions": 10,
}
QUICK = {
    "sqlite_n": 100,
    "postgres_n": 50,
    "reads_n": 200,
    "cycles": 20,
    "rounds": 3,
    "sitting_members": 30,
    "sitting_present": 20,
    "motions": 3,
}

AUDIT_QUICK = audit_log.Params(events=2000, fallback=2000, rounds=2, proofs=100, commands=40)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    parser.add_argument(
        "--only",
        choices=("appointments", "reads", "sittings", "audit"),
        help="run one part only (audit: the verifiable log at 1M events, run only when chosen)",
    )
    parser.add_argument("--sqlite-n", type=int, help="appointments on SQLite (default 2000)")
    parser.add_argument("--postgres-n", type=int, help="appointments on PostgreSQL (default 600)")
    parser.add_argument("--reads-n", type=int, help="reads per server and mode (default 3000)")
    parser.add_argument("--cycles", type=int, help="senator cycles per store (default 150)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--sitting-members", type=int, help="members of the Assembly at the Session (default 400)"
    )
    parser.add_argument("--sitting-present", type=int, help="members present (default 300)")
    parser.add_argument("--motions", type=int, help="motions voted at the Session (default 10)")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument(
        "--output",
        type=Path,
        help=f"JSON file (default {RESULTS.relative_to(RESULTS.parents[2])}; --quick writes none)",
    )
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.output is None and not args.quick:
        args.output = RESULTS.with_name("audit.json") if args.only == "audit" else RESULTS
    return args


def run(args: argparse.Namespace) -> list[Figure]:
    """Every figure the arguments ask for."""
    figures: list[Figure] = []
    postgres = args.only not in ("reads", "audit") and _postgres_reachable(args)
    if args.only in (None, "appointments"):
        figures += appointments.measure("sqlite", args.sqlite_n, args.cycles, args.rounds)
        if postgres:
            figures += appointments.measure("postgres", args.postgres_n, args.cycles, args.rounds)
    if args.only in (None, "reads"):
        figures += reads.measure(args.reads_n, args.rounds)
    if args.only in (None, "sittings"):
        sitting = (args.sitting_members, args.sitting_present, args.motions, args.rounds)
        figures += sittings.measure("sqlite", *sitting)
        if postgres:
            figures += sittings.measure("postgres", *sitting)
    if args.only == "audit":  # SQLite only: the kept 1M-event history is a SQLite store
        params = AUDIT_QUICK if args.quick else audit_log.Params()
        figures += audit_log.measure(replace(params, rounds=args.rounds))
    return figures


def _postgres_reachable(args: argparse.Namespace) -> bool:
    """Whether PostgreSQL is wanted and answers; says why not, once."""
    if args.no_postgres:
        print("PostgreSQL skipped (--no-postgres)")
        return False
    if stores.postgres_version() is None:
        print(f"PostgreSQL unreachable at {stores.POSTGRES_HOST}:{stores.POSTGRES_PORT}: skipped")
        return False
    return True


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run, print the table, write the JSON; returns the JSON document."""
    args = parse(argv)
    stores.isolate_process_environment()
    info = report.machine()
    print(report.describe(info), flush=True)
    started = time.perf_counter()
    figures = run(args)
    seconds = time.perf_counter() - started
    settings = {k: getattr(args, k) for k in (*DEFAULTS, "only", "quick")}
    argv = sys.argv[1:] if argv is None else argv
    document = report.document(figures, info, settings, seconds, argv)
    print()
    print(report.table(figures))
    print(report.notes(figures))
    print(f"\n{len(figures)} figures in {seconds:.0f} s", end="")
    if args.output is not None:
        report.write(args.output, document)
        print(f"; written to {args.output}", end="")
    print()
    return document


if __name__ == "__main__":
    main()
