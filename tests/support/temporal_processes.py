"""The Temporal servers running on this machine, read from /proc: their command lines and env."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deploy.temporal_offline import OFFLINE_ENV, VERSION_CHECK_FLAGS


@dataclass(frozen=True)
class ServerProcess:
    """One running Temporal server process."""

    pid: int
    argv: tuple[str, ...]
    environ: dict[str, str]

    def offline_problems(self) -> list[str]:
        """What is missing for this server to stay on the machine; empty when nothing is."""
        problems = []
        joined = " ".join(self.argv)
        if " ".join(VERSION_CHECK_FLAGS) not in joined:
            problems.append(f"pid {self.pid}: no {' '.join(VERSION_CHECK_FLAGS)} in {joined}")
        for name, value in OFFLINE_ENV.items():
            if self.environ.get(name) != value:
                problems.append(f"pid {self.pid}: {name}={value} is not in its environment")
        if "--headless" not in self.argv and "--ui-disable-news-fetch" not in self.argv:
            problems.append(f"pid {self.pid}: a Web UI that fetches its news feed")
        return problems


def temporal_servers() -> list[ServerProcess]:
    """Every `temporal server start-dev` process this user can read."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = tuple((entry / "cmdline").read_bytes().decode(errors="replace").split("\0")[:-1])
            raw = (entry / "environ").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "start-dev" in argv and "server" in argv:
            pairs = (item.partition("=") for item in raw.split("\0") if "=" in item)
            found.append(ServerProcess(int(entry.name), argv, {k: v for k, _, v in pairs}))
    return found
