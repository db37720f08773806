"""The recording clock: recording times never go back along the log.

"As known at T" means "as of the last position recorded by T", so the time each event is stamped
with must not decrease with its position, even when several processes with skewed clocks write.
An event is stamped when it is triggered with the later of the machine's clock and a floor: the
latest recording time this process has seen in the log. The event store refuses, in the same
transaction as the insert, events stamped before the last one it holds; the ledger then raises
its floor to that time and decides the command again (docs/adr/0011).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_floor: ContextVar[datetime | None] = ContextVar("recording_floor", default=None)


def recording_time() -> datetime:
    """Now, or the floor if the machine's clock is behind it."""
    now = datetime.now(UTC)
    floor = _floor.get()
    return now if floor is None or now >= floor else floor


@contextmanager
def not_before(floor: datetime | None) -> Iterator[None]:
    """Stamp the events triggered inside with no earlier time than `floor` (nor than a floor set
    around this one: floors only ever rise)."""
    outer = _floor.get()
    token = _floor.set(floor if outer is None or (floor is not None and floor > outer) else outer)
    try:
        yield
    finally:
        _floor.reset(token)
