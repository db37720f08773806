"""External acts a command carries, and the day they must not postdate.

An act may take effect before it is recorded, but it cannot have been issued after the day it is
recorded on: the recording clock dates that day in Kazakhstan (`domain/kernel/calendar.py`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from datetime import date

from pydantic import BaseModel

from domain.kernel.errors import InvalidCommand
from domain.kernel.values import Act

_FIELDS_WITH_ACTS: dict[type[BaseModel], tuple[str, ...]] = {}


def _may_hold_act(annotation: object) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, (Act, BaseModel)) and (
            issubclass(annotation, Act) or _fields_with_acts(annotation) != ()
        )
    return any(_may_hold_act(a) for a in typing.get_args(annotation))


def _fields_with_acts(kind: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model whose declared type can hold an act (found once per model)."""
    if kind not in _FIELDS_WITH_ACTS:
        _FIELDS_WITH_ACTS[kind] = ()  # a model that refers to itself holds no act through it
        _FIELDS_WITH_ACTS[kind] = tuple(
            name for name, f in kind.model_fields.items() if _may_hold_act(f.annotation)
        )
    return _FIELDS_WITH_ACTS[kind]


def external_acts(value: object) -> Iterator[Act]:
    """Every act inside a command (all external: `values.ExternalAct`), depth first; only the
    fields whose declared types can hold an act are walked."""
    if isinstance(value, Act):
        yield value
    elif isinstance(value, BaseModel):
        for name in _fields_with_acts(type(value)):
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
