"""The calendar of Kazakhstan: which day it is there, the day acts and defaults are dated by."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

#: Kazakhstan keeps one time zone, UTC+5, since 1 March 2024.
KAZAKHSTAN_TZ = timezone(timedelta(hours=5))


def kazakhstan_date(moment: datetime) -> date:
    """The calendar date in Kazakhstan at an aware moment; a naive one is refused."""
    if moment.utcoffset() is None:
        raise ValueError(
            f"{moment.isoformat()} has no time zone: its date in Kazakhstan is unknown"
        )
    return moment.astimezone(KAZAKHSTAN_TZ).date()


def today_in_kazakhstan() -> date:
    """Today's date in Kazakhstan."""
    return kazakhstan_date(datetime.now(UTC))
