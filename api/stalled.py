"""Whether the view has stopped at an event it could not apply, as the view routes tell it.

The runner records where the view stopped (docs/adr/0012); the routes go on answering from what
the view has, with `X-View-Stalled: <position>`, and `/healthz` says "degraded". The record is
read again when the view's position moves, and otherwise at most once a second, so answers served
from the cache stay cheap.
"""

from __future__ import annotations

import threading
import time
from weakref import WeakKeyDictionary

from fastapi import Response

from api.deps import ViewDep
from projections.composition import CompositionView
from projections.stalls import StallRow

#: The response header naming the log position the view stopped at.
STALLED_HEADER = "X-View-Stalled"
#: How long a read of the record is reused, in seconds.
STALL_MAX_AGE = 1.0


class ViewStalled(Exception):
    """The view stopped before the position a caller waits for; it will not get there by waiting."""

    def __init__(self, stall: StallRow, wanted: int) -> None:
        super().__init__(
            f"the {stall.view_name} view stopped at position {stall.position} ({stall.topic}), "
            f"which it cannot apply, so it will not reach position {wanted}: {stall.error}"
        )
        self.stall = stall


_SEEN: WeakKeyDictionary[CompositionView, tuple[float, int, StallRow | None]] = WeakKeyDictionary()
_LOCK = threading.Lock()


def stall_of(view: CompositionView, position: int) -> StallRow | None:
    """Where the view stopped, if it did: read again if the view's position is no longer
    `position`, or the last read is older than `STALL_MAX_AGE` seconds."""
    now = time.monotonic()
    with _LOCK:
        seen = _SEEN.get(view)
    if seen is not None and seen[1] == position and now - seen[0] <= STALL_MAX_AGE:
        return seen[2]
    stall = view.stall()
    with _LOCK:
        _SEEN[view] = (now, position, stall)
    return stall


def stalled_headers(view: CompositionView, position: int) -> dict[str, str]:
    """The header that says the view is behind, if it stopped; none otherwise."""
    stall = stall_of(view, position)
    return {} if stall is None else {STALLED_HEADER: str(stall.position)}


def mark_stalled(view: ViewDep, response: Response) -> None:
    """A dependency of the view routes: say on the answer whether the view has stopped."""
    response.headers.update(stalled_headers(view, view.position()))
