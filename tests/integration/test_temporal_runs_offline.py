"""The Temporal dev server the tests start runs with the version check off (read from /proc)."""

from __future__ import annotations

import os

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.support.temporal_processes import temporal_servers

pytestmark = pytest.mark.temporal


def test_the_test_dev_server_was_started_offline(temporal: WorkflowEnvironment) -> None:
    mine = [p for p in temporal_servers() if _is_descendant(p.pid, os.getpid())]

    assert mine, "the session's dev server is not a child of this test process"
    assert [problem for p in mine for problem in p.offline_problems()] == []


def _is_descendant(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        with open(f"/proc/{pid}/stat") as stat:
            pid = int(stat.read().rpartition(")")[2].split()[1])
    return False
