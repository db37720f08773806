"""External acts a command carries, and the day they must not postdate.

An act may take effect before it is recorded, but it cannot have been issued after the day it is
recorded on: the recording clock dates that day in Kazakhstan (`domain/kernel/calendar.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from pydantic import BaseModel

from domain.kernel.errors import InvalidCommand
from domain.kernel.values import Act


def external_acts(value: object) -> Iterator[Act]:
    """Every act inside a command (all external: `values.ExternalAct`), depth first."""
    if isinstance(value, Act):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from external_acts(getattr(value, name))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from external_acts(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from external_acts(item)


def check_not_issued_after(value: object, today: date) -> None:
    """Refuse a command citing an act issued after `today`, the day it is recorded."""
    for act in external_acts(value):
        if act.issued_on > today:
            raise InvalidCommand(
                f"the {act.cite()} is dated after today ({today} in Kazakhstan), the day it is "
                "recorded: an act is recorded once it is issued"
            )
