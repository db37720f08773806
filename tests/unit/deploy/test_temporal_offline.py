"""Every command line that starts a Temporal server keeps it on the machine."""

from __future__ import annotations

import re
from pathlib import Path

from deploy.stack_config import parse_config, temporal_command
from deploy.temporal_offline import (
    OFFLINE_ENV,
    UI_FLAGS,
    VERSION_CHECK_FLAGS,
    offline_environment,
)

ROOT = Path(__file__).resolve().parents[3]
STARTS_A_SERVER = re.compile(r"start-dev|start_local\(|start_time_skipping\(")
SOURCES = ("deploy", "tests", "bench", "workflows", "api", "projections", "domain", "infra")


def test_the_devstack_command_line_disables_the_version_check_and_the_news_feed() -> None:
    config = parse_config(["--temporal-port", "7555", "--temporal-ui-port", "7556"], {})

    argv = temporal_command("temporal", config)

    joined = " ".join(argv)
    assert " ".join(VERSION_CHECK_FLAGS) in joined
    assert " ".join(UI_FLAGS) in joined
    assert "--ui-port 7556" in joined
    assert "--ip 127.0.0.1" in joined
    assert config.temporal_ui_url == "http://127.0.0.1:7556"


def test_the_server_environment_disables_the_version_check_whatever_it_inherits() -> None:
    env = offline_environment({"TEMPORAL_VERSION_CHECK_DISABLED": "0", "PATH": "/bin"})

    assert env["PATH"] == "/bin"
    assert {k: env[k] for k in OFFLINE_ENV} == dict(OFFLINE_ENV)


def test_every_place_that_starts_a_temporal_server_passes_the_offline_flags() -> None:
    starters = [
        path
        for folder in SOURCES
        if (ROOT / folder).is_dir()
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != Path(__file__).name and STARTS_A_SERVER.search(path.read_text())
    ]

    assert starters, "no module starts a Temporal server: this check has nothing to look at"
    missing = [
        str(path.relative_to(ROOT))
        for path in starters
        if "VERSION_CHECK_FLAGS" not in path.read_text()
        and "temporal_command(" not in path.read_text()
    ]
    assert missing == []
