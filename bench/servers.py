"""Serves an ASGI app with uvicorn in a subprocess, and always stops it afterwards."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
#: The same for every server measured: one worker, uvicorn's default loop and HTTP parser.
UVICORN_OPTIONS = ("--host", HOST, "--log-level", "warning", "--no-access-log", "--workers", "1")
STARTUP_SECONDS = 30.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def uvicorn_command(target: str, port: int, *, factory: bool = False) -> list[str]:
    """The `python -m uvicorn` command line that serves `target` on `port`."""
    extra: Sequence[str] = ("--factory",) if factory else ()
    return [sys.executable, "-m", "uvicorn", target, *UVICORN_OPTIONS, "--port", str(port), *extra]


@contextmanager
def served(
    target: str, env: dict[str, str], log: Path, ready_path: str, *, factory: bool = False
) -> Iterator[str]:
    """Serve `target` until the block ends; yields the base URL once `ready_path` answers 200."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            uvicorn_command(target, port, factory=factory),
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://{HOST}:{port}"
            _wait_until_ready(process, url + ready_path, log)
            yield url
        finally:
            _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"server not ready at {url} after {STARTUP_SECONDS}s: {log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
