"""`make run`'s stack as processes: sample data served, a nomination via the API, Ctrl-C."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.regulation.matters import Matter
from domain.regulation.subjects import Subject
from infra.sample import CANDIDATE, SENATORS, SampleLoader
from infra.settings import StoreSettings
from infra.storage import open_ledger
from tests.support.temporal_processes import temporal_servers
from transparency.checkpoint import open_checkpoint
from transparency.note import Ed25519Verifier

pytestmark = [pytest.mark.e2e, pytest.mark.temporal]

ROOT = Path(__file__).resolve().parents[2]
#: Set in the supervisor's environment to show that it is not passed on, nor honoured (ADR 0017).
LEAKED = "e2e-token-from-the-environment"


def ephemeral_range() -> range:
    """The ports the kernel hands out for `bind(0)`: Temporal's own random ports come from here."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return range(int(low), int(high) + 1)
    except (OSError, ValueError):
        return range(32768, 61000)


def free_ports(count: int) -> list[int]:
    """Free loopback ports below the ephemeral range, so no `bind(0)` elsewhere can take them.

    The stack binds its API port only after Temporal has started and chosen its HTTP, metrics
    and membership ports at random; a port from the ephemeral range could be taken in between.
    """
    ephemeral = ephemeral_range()
    candidates = [p for p in range(20000, 32000) if p not in ephemeral]
    chosen: list[int] = []
    for port in random.sample(candidates, len(candidates)):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        chosen.append(port)
        if len(chosen) == count:
            return chosen
    raise RuntimeError("no free ports below the ephemeral range")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Stack:
    process: subprocess.Popen[bytes]
    base: str
    api_port: int
    temporal_port: int
    ui_port: int
    data: Path
    token: str  # the secretariat credential the test issued into the stack's store

    def call(self, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"}
        if key:
            headers["Idempotency-Key"] = key
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data = tmp_path_factory.mktemp("devstack-data")
    api_port, temporal_port, ui_port = free_ports(3)
    log_path = data.parent / "devstack.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSEMBLY_", "LEDGER_"))}
    issue = [sys.executable, "-m", "api.credentials", "--data-dir", str(data), "issue"]
    issue += ["--name", "E2E Secretariat", "--role", "secretariat", "--token-only"]
    issued = subprocess.run(issue, cwd=ROOT, env=env, capture_output=True, check=True, timeout=60)
    token = issued.stdout.decode().strip()
    env["ASSEMBLY_API_TOKENS"] = json.dumps({LEAKED: {"name": "Leaked", "role": "secretariat"}})
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deploy.devstack",
            "--api-port",
            str(api_port),
            "--temporal-port",
            str(temporal_port),
            "--temporal-ui-port",
            str(ui_port),
            "--data-dir",
            str(data),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{api_port}"
    stack = Stack(process, base, api_port, temporal_port, ui_port, data, token)
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, f"the stack exited while starting:\n{tail(log_path)}"
        try:
            urllib.request.urlopen(stack.base + "/healthz", timeout=2).close()
            break
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, (
                f"the stack did not answer /healthz in 90 s:\n{tail(log_path)}"
            )
            time.sleep(0.2)
    try:
        yield stack
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        log.close()


def tail(path: Path, size: int = 4000) -> str:
    """The end of the stack's output, for a failure message."""
    return path.read_bytes()[-size:].decode(errors="replace")


def holders(stack: Stack, on: str, min_position: int = 0) -> list[str]:
    composition = stack.call(
        "GET", f"/bodies/senate_assembly_quota/composition?on={on}&min_position={min_position}"
    )
    return [h["person"]["full_name"] for h in composition["posts"][0]["holders"]]


def test_the_sample_composition_of_the_council_and_the_senate_is_served(stack: Stack) -> None:
    deadline = time.monotonic() + 30
    while not (names := holders(stack, "2025-04-01")):  # the projection catches up on its own
        assert time.monotonic() < deadline
        time.sleep(0.1)
    council = stack.call("GET", "/bodies/council/composition?on=2025-04-01")

    assert sorted(names) == sorted(SENATORS)
    assert len(council["members"]) == 7
    assert all(m["person"]["sample"] for m in council["members"])


def council_meeting_on(stack: Stack, candidate: str, on: date) -> str:
    """The Council meets in the stack's own store: it is convened, takes its roster, votes on
    the candidate and decides (§12, §14, §15, §13.1); returns the decision's id."""
    ledger = open_ledger(StoreSettings(store="sqlite", data_dir=stack.data))
    try:
        members = ledger.body("council").members_on(on)
        (decision,) = SampleLoader(ledger).council_meeting(
            "C-E2E-90",
            on,
            members,
            [
                (
                    Matter.SENATE_CANDIDATES,
                    "Sample proposal of a candidate for deputy of the Senate",
                    Subject(persons=(UUID(candidate),)),
                )
            ],
        )
        sitting = ledger.decision(decision).sitting_id
        assert sitting is not None
        assert ledger.sitting(sitting).roster == members  # every member took part and voted
        return str(decision)
    finally:
        ledger.close()


def test_a_nomination_through_a_council_meeting_ends_with_the_appointee_seated(
    stack: Stack,
) -> None:
    found = stack.call("GET", f"/persons?q={CANDIDATE.split()[-1]}")["data"]
    assert [p["full_name"] for p in found] == [CANDIDATE]
    assert found[0]["sample"]
    person_id = found[0]["person_id"]
    decision = council_meeting_on(stack, person_id, date(2025, 6, 2))

    started = stack.call(
        "POST",
        "/processes/senate-nominations",
        {"person_id": person_id, "council_decision_id": decision},
        key="e2e-start-0001",
    )
    decided = stack.call(
        "POST",
        f"/processes/senate-nominations/{started['id']}/decision",
        {"decision": "appoint", "decree": {"number": "SAMPLE-D-90", "issued_on": "2025-06-10"}},
        key="e2e-decide-0001",
    )

    assert started["status"] == "awaiting_decision"
    assert started["council_decision_id"] == decision
    assert decided["status"] == "appointed"
    seated = holders(stack, "2025-06-10", decided["position"])
    assert sorted(seated) == sorted([*SENATORS, CANDIDATE])


def test_the_stack_signs_checkpoints_of_its_log_that_verify_with_the_published_key(
    stack: Stack,
) -> None:
    deadline = time.monotonic() + 30  # the log signs every 5 s while the tree grows
    while stack.call("GET", "/v1/audit/checkpoints")["latest"] is None:
        assert time.monotonic() < deadline, "no checkpoint signed in 30 s"
        time.sleep(0.5)
    with urllib.request.urlopen(stack.base + "/v1/audit/key", timeout=10) as response:
        key = response.read().decode()
    with urllib.request.urlopen(stack.base + "/v1/log/checkpoint", timeout=10) as response:
        note = response.read()

    checkpoint, _ = open_checkpoint(note, [Ed25519Verifier.from_vkey(key)])
    assert checkpoint.size > 0


def test_the_temporal_web_ui_is_served_on_loopback(stack: Stack) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{stack.ui_port}/", timeout=5) as response:
        assert response.status == 200


def test_the_stack_started_its_temporal_server_offline(stack: Stack) -> None:
    mine = [p for p in temporal_servers() if f"{stack.temporal_port}" in p.argv]

    assert len(mine) == 1
    assert mine[0].offline_problems() == []


def status_of(stack: Stack, path: str, token: str) -> int:
    request = urllib.request.Request(
        stack.base + path, headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_no_child_gets_a_credential_in_its_environment_and_the_banner_token_is_one(
    stack: Stack,
) -> None:
    log_path = stack.data.parent / "devstack.log"
    deadline = time.monotonic() + 30
    while not (banner := re.search(r"Bearer (\S+) \(secretariat", tail(log_path, 100_000))):
        assert time.monotonic() < deadline, tail(log_path)
        time.sleep(0.2)
    dev_token = banner.group(1)
    children = re.findall(r"started (\w+) \(pid (\d+)\)", tail(log_path, 100_000))
    running = {name: int(pid) for name, pid in children if name != "sample"}

    assert set(running) >= {"worker", "projections", "audit", "api"}
    for name, pid in running.items():
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        assert b"ASSEMBLY_API_TOKENS" not in environ, name
        for secret in (LEAKED, stack.token, dev_token):
            assert secret.encode() not in environ, name
    # the banner's credential is a secretariat's: known (not 401), but no administrator (403)
    assert status_of(stack, "/v1/admin/credentials", dev_token) == 403
    assert status_of(stack, "/v1/admin/credentials", LEAKED) == 401
    assert "ASSEMBLY_API_TOKENS is deprecated" in tail(log_path, 100_000)


def test_ctrl_c_stops_every_process_it_started(stack: Stack) -> None:
    stack.process.send_signal(signal.SIGINT)
    assert stack.process.wait(timeout=60) == 0
    assert not port_open(stack.api_port)
    assert not port_open(stack.temporal_port)
    assert not port_open(stack.ui_port)
