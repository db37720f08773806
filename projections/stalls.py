"""A view that met an event it could not apply: the record of where it stopped, and why.

The runner stops the view at that event rather than skip it (what follows may rest on it) or retry
it forever (it fails the same way each time); the API keeps answering from what the view has, and
says it is behind (docs/adr/0012).
"""

from __future__ import annotations

import re
from datetime import datetime

from projections.rows import Row

#: The longest error text kept, in characters; the log line has it whole.
ERROR_MAX = 2000
#: What no text column may be handed: control characters (NUL among them) and lone surrogates.
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class StallRow(Row):
    """Where a view stopped: the position and topic of the event it could not apply, and why."""

    view_name: str
    position: int
    topic: str
    error: str
    failed_at: datetime


def describe(error: BaseException) -> str:
    """The error as storable text: its type and message, control characters escaped, bounded."""
    text = f"{type(error).__name__}: {error}"
    escaped = _UNSTORABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return escaped if len(escaped) <= ERROR_MAX else escaped[: ERROR_MAX - 1] + "…"
