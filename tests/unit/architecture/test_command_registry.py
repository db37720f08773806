"""Every command of the Regulation has exactly one handler, found through the one registry."""

from __future__ import annotations

from domain.application.registry import HANDLERS
from domain.kernel.commands import Command


def every_command() -> set[type[Command]]:
    found: set[type[Command]] = set()
    pending = [Command]
    while pending:
        for sub in pending.pop().__subclasses__():
            found.add(sub)
            pending.append(sub)
    return found


def test_every_command_has_a_handler() -> None:
    commands = every_command()

    assert len(commands) >= 60, "the enumeration found the ledger's commands"
    assert sorted(c.__name__ for c in commands if c not in HANDLERS) == []


def test_every_command_lives_in_its_concept_s_commands_module() -> None:
    modules = {c.__module__ for c in every_command()}

    assert all(m.startswith("domain.") and m.endswith(".commands") for m in modules), modules
