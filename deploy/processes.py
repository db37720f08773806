"""Child processes of the local stack, their output, and the guardian that outlives a crash."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from deploy.stack_config import (
    StackError,
    port_number,
)

_print_lock = threading.Lock()


def say(message: str, *, name: str = "devstack", stream: IO[str] | None = None) -> None:
    """Print one line with a `[name]` prefix; output errors never stop the supervisor."""
    out = stream if stream is not None else sys.stdout
    with _print_lock:
        try:
            out.write(f"[{name}] {message}".rstrip() + "\n")
            out.flush()
        except (OSError, ValueError):
            pass


def split_address(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not host:
        raise StackError(f"Temporal address must be host:port, not {address!r}")
    return host.strip("[]"), port_number(port, "Temporal address port")


def port_in_use(host: str, port: int) -> bool:
    """Whether something already accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


# The guardian outlives a supervisor that is killed outright (SIGKILL, OOM): it reads
# "+PGID" / "-PGID" lines naming the process groups in use and, when its stdin closes because
# the supervisor is gone, sends SIGTERM to every group still named, then SIGKILL after 10 s.


GUARDIAN_SCRIPT = """# assembly-ledger devstack guardian
import os, signal, sys, time
groups = set()
for line in sys.stdin:
    op, pgid = line[:1], line[1:].strip()
    if pgid.isdigit():
        (groups.add if op == "+" else groups.discard)(int(pgid))

def alive(pgid):
    try:
        os.killpg(pgid, 0)
    except OSError:
        return False
    return True

for sig in (signal.SIGTERM, signal.SIGKILL):
    for pgid in [g for g in groups if alive(g)]:
        try:
            os.killpg(pgid, sig)
        except OSError:
            pass
    deadline = time.monotonic() + 10
    while any(alive(g) for g in groups) and time.monotonic() < deadline:
        time.sleep(0.1)
"""


class Guardian:
    """A watchdog process that stops the children if the supervisor dies without doing so."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] = subprocess.Popen(
            [sys.executable, "-I", "-c", GUARDIAN_SCRIPT],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )

    def _tell(self, line: str) -> None:
        if self.proc.stdin is None:
            return
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except OSError:
            say("warning: the guardian process is gone; a killed supervisor may leave orphans")

    def watch(self, pgid: int) -> None:
        """Name a process group to stop should the supervisor die."""
        self._tell(f"+{pgid}")

    def forget(self, pgid: int) -> None:
        """A process group is gone; never signal its (reusable) id."""
        self._tell(f"-{pgid}")

    def close(self) -> None:
        """Release the guardian (every group has been forgotten by now)."""
        with contextlib.suppress(OSError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=15.0)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Child:
    """A child process in its own process group, its output lines prefixed with its name."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: Mapping[str, str],
        cwd: Path,
        guardian: Guardian,
    ) -> None:
        self.name = name
        self.guardian = guardian
        self.argv = list(argv)
        self.expected_exit = False
        try:
            self.proc: subprocess.Popen[bytes] = subprocess.Popen(
                self.argv,
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own session and group: Ctrl-C reaches only us
            )
        except OSError as error:
            raise StackError(f"could not start {name} ({self.argv[0]}): {error}") from error
        guardian.watch(self.proc.pid)
        self._pump = threading.Thread(target=self._copy_output, name=f"pump-{name}", daemon=True)
        self._pump.start()
        say(f"started {name} (pid {self.proc.pid}): {' '.join(self.argv)}")

    @property
    def pid(self) -> int:
        """The child's process id, which is also its process group id."""
        return self.proc.pid

    def _copy_output(self) -> None:
        stream = self.proc.stdout
        if stream is None:
            return
        for raw in iter(stream.readline, b""):
            say(raw.decode("utf-8", errors="replace").rstrip("\r\n"), name=self.name)
        stream.close()

    def poll(self) -> int | None:
        """The exit code, or None while it runs."""
        return self.proc.poll()

    def signal_group(self, sig: signal.Signals) -> None:
        """Send a signal to the child's whole process group (it and anything it started)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, sig)

    def finish_output(self) -> None:
        """Wait briefly for the last output lines to be printed."""
        self._pump.join(timeout=2.0)

    def reap(self) -> None:
        """After the child exited: kill what it left in its group, collect its status and output."""
        # Also reaches anything the child started and left behind in its process group.
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5.0)
        self.finish_output()
        self.guardian.forget(self.proc.pid)
