"""The benchmark's output: machine facts, a compact table, and the same figures as JSON."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import stores
from bench.figures import Figure

COLUMNS = ("metric", "ledger", "baseline", "ratio", "target", "verdict")
PACKAGES = ("eventsourcing", "fastapi", "uvicorn", "pydantic", "httpx", "psycopg")


def sqlite_durability() -> str:
    """The journal mode and synchronous level an eventsourcing SQLite connection gets here."""
    with tempfile.TemporaryDirectory(prefix="bench-pragma-") as tmp:
        connection = sqlite3.connect(Path(tmp) / "probe.sqlite")
        try:
            mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            level = connection.execute("PRAGMA synchronous").fetchone()[0]
        finally:
            connection.close()
    names = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    return f"journal_mode={mode}, synchronous={names.get(level, level)}"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "sqlite": stores.sqlite_version(),
        "sqlite_durability": sqlite_durability(),
        "postgres": stores.postgres_version(),
        "packages": {name: version(name) for name in PACKAGES},
    }


def _number(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def table(figures: list[Figure]) -> str:
    """The figures as a fixed-width table, one line each."""
    rows = [COLUMNS] + [
        (
            f.metric,
            _number(f.ledger),
            _number(f.baseline),
            _number(f.ratio, 3),
            "-" if f.target is None else f">= {f.target:g}",
            f.verdict,
        )
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        " | ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def describe(info: dict[str, Any]) -> str:
    """Machine facts on two lines."""
    pg = info["postgres"] or "unreachable"
    return (
        f"python {info['python']} on {info['platform']}, {info['cpu_count']} CPUs, "
        f"load {info['load_average']}\n"
        f"sqlite {info['sqlite']} ({info['sqlite_durability']}), postgresql {pg}, "
        + ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    )


def notes(figures: list[Figure]) -> str:
    """Each note once, after the first figure it belongs to."""
    lines: list[str] = []
    seen: set[str] = set()
    for figure in figures:
        if figure.note and figure.note not in seen:
            seen.add(figure.note)
            lines.append(f"  {figure.metric}: {figure.note}")
    return "\n".join(lines)


def document(
    figures: list[Figure],
    info: dict[str, Any],
    settings: dict[str, Any],
    seconds: float,
    argv: list[str],
) -> dict[str, Any]:
    """The JSON document of one run."""
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "-m", "bench", *argv]),
        "settings": settings,
        "seconds": round(seconds, 1),
        "machine": info,
        "figures": [f.as_json() for f in figures],
    }


def write(path: Path, data: dict[str, Any]) -> None:
    """Write the JSON document, creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
