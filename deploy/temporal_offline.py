"""How every Temporal server this project starts is kept from dialling out.

The dev server's frontend posts a version check to the vendor unless told not to, and its Web UI
fetches a news feed. Every command line that starts a Temporal server takes these flags, and its
environment takes these variables; `tests/unit/deploy/test_temporal_offline.py` holds every such
command line to it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

VERSION_CHECK_FLAGS: tuple[str, ...] = (
    "--dynamic-config-value",
    "frontend.enableServerVersionCheck=false",
)
UI_FLAGS: tuple[str, ...] = ("--ui-ip", "127.0.0.1", "--ui-disable-news-fetch")
OFFLINE_ENV: Mapping[str, str] = {"TEMPORAL_VERSION_CHECK_DISABLED": "1"}


def offline_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment for a Temporal server process: the given one with the check disabled."""
    return {**(os.environ if environ is None else environ), **OFFLINE_ENV}


def disable_version_check_here() -> None:
    """Set the variables in this process, for servers the SDK starts as its children."""
    os.environ.update(OFFLINE_ENV)
