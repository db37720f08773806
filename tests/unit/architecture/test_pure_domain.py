"""The concept packages import only the standard library, pydantic and `eventsourcing.domain`."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[3] / "domain"
CONCEPTS = (
    "kernel",
    "regulation",
    "composition",
    "sittings",
    "documents",
    "secretariat",
    "expert_council",
)
ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "eventsourcing.domain"} | {
    f"domain.{concept}" for concept in CONCEPTS
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def is_allowed(module: str) -> bool:
    top = module.split(".", maxsplit=1)[0]
    if top in sys.stdlib_module_names and top not in {"sqlite3"}:
        return True
    return any(module == a or module.startswith(f"{a}.") for a in ALLOWED_THIRD_PARTY)


def test_every_model_module_imports_only_pure_dependencies() -> None:
    modules = sorted(p for concept in CONCEPTS for p in (DOMAIN / concept).glob("*.py"))
    assert len(modules) > len(CONCEPTS), "the concept packages have modules"
    offending = {
        f"{path.parent.name}/{path.name}: {module}"
        for path in modules
        for module in imported_modules(path)
        if not is_allowed(module)
    }
    assert offending == set()


def test_the_check_itself_rejects_infrastructure() -> None:
    assert not is_allowed("eventsourcing.sqlite")
    assert not is_allowed("eventsourcing.persistence")
    assert not is_allowed("sqlite3")
    assert not is_allowed("fastapi")
    assert not is_allowed("domain.application")
    assert not is_allowed("infra.storage")
    assert is_allowed("eventsourcing.domain")
    assert is_allowed("datetime")
