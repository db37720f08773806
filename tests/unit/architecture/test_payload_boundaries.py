"""What crosses the Temporal and HTTP boundaries: payloads and schemas own their models.

Four families of pydantic models are never mixed: domain events and values, workflow payloads,
API schemas, read-model rows. Every model reachable from the workflow payloads (the payload
module, and what the workflows and activities take and return) and from the API schemas (the
schema modules, and what the routes take and return) is walked field by field, through every
annotation, and no type on the way may come from another family. A refusal crosses into Temporal
as final, unless it is transient; every activity call has a timeout and a retry policy.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from fastapi.routing import APIRoute
from pydantic import BaseModel

import api.routes
import api.schemas
from api.schemas.nominations import NominationStatus as PublicStatus
from domain.kernel.errors import ConcurrencyConflict, LedgerError, NotFound, RuleViolation
from domain.kernel.values import Act, Frozen
from workflows import inputs
from workflows.activities import NON_RETRYABLE, LedgerActivities, refusal_error
from workflows.inputs import NominationStatus as ProcessStatus
from workflows.senate_nomination import RETRY, STEP_DEADLINE, STEP_TIMEOUT
from workflows.worker import WORKFLOWS

ROOT = Path(__file__).resolve().parents[3]
#: Where the types of each boundary may not come from.
PAYLOAD_FORBIDDEN = ("domain.", "api.", "projections.")
SCHEMA_FORBIDDEN = ("domain.", "workflows.", "projections.")


def types_in(annotation: Any) -> Iterator[type]:
    """Every class an annotation names: through Annotated, unions, containers and Literals."""
    if get_origin(annotation) is Annotated:
        yield from types_in(get_args(annotation)[0])
    elif get_origin(annotation) is not None:
        for arg in get_args(annotation):
            yield from types_in(arg)
    elif isinstance(annotation, type):
        yield annotation


def reachable(roots: Iterable[Any]) -> set[type]:
    """Every class reachable from the roots, through the fields of the pydantic models found."""
    seen: set[type] = set()
    pending = [t for root in roots for t in types_in(root)]
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if issubclass(cls, BaseModel):
            pending.extend(t for f in cls.model_fields.values() for t in types_in(f.annotation))
    return seen


def foreign(classes: Iterable[type], forbidden: tuple[str, ...]) -> set[str]:
    """The classes (or their bases) defined in a forbidden family's modules."""
    return {
        f"{cls.__name__} ({base.__module__}.{base.__qualname__})"
        for cls in classes
        for base in cls.__mro__
        if base.__module__.startswith(forbidden)
    }


def models_of(module: ModuleType) -> list[type[BaseModel]]:
    return [
        m
        for m in vars(module).values()
        if inspect.isclass(m) and issubclass(m, BaseModel) and m.__module__ == module.__name__
    ]


def submodules(package: ModuleType) -> list[ModuleType]:
    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
    ]


def hints(fn: Callable[..., Any]) -> list[Any]:
    return list(get_type_hints(fn).values())


def temporal_signatures() -> list[Any]:
    """The argument and result types of every workflow entry point and every activity."""
    found: list[Any] = []
    for workflow in WORKFLOWS:
        definition = getattr(workflow, "__temporal_workflow_definition")
        functions = [definition.run_fn, workflow.__init__]
        functions += [u.fn for u in definition.updates.values()]
        functions += [q.fn for q in definition.queries.values()]
        functions += [s.fn for s in definition.signals.values()]
        found += [h for fn in functions for h in hints(fn)]
    for _, method in inspect.getmembers(LedgerActivities, inspect.isfunction):
        if hasattr(method, "__temporal_activity_definition"):
            found += hints(method)
    return found


def route_signatures() -> list[Any]:
    """What every route takes as its body and answers, refusals included."""
    found: list[Any] = []
    for module in submodules(api.routes):
        for route in module.router.routes:
            assert isinstance(route, APIRoute)
            found.append(route.response_model)
            if route.body_field is not None:
                found.append(route.body_field.field_info.annotation)
            found += [r["model"] for r in route.responses.values() if "model" in r]
    return found


def test_workflow_payloads_carry_no_domain_api_or_read_model_type() -> None:
    crossing = reachable(temporal_signatures())
    classes = reachable([*models_of(inputs), *temporal_signatures()])

    assert {inputs.RecordedStep, inputs.ActPayload, inputs.Appointment} <= crossing
    assert foreign(classes, PAYLOAD_FORBIDDEN) == set()


def test_api_schemas_carry_no_domain_workflow_or_read_model_type() -> None:
    schemas = [m for module in submodules(api.schemas) for m in models_of(module)]
    routes = [m for module in submodules(api.routes) for m in models_of(module)]
    classes = reachable([*schemas, *routes, *route_signatures()])

    assert len(classes) > len(schemas)
    assert foreign(classes, SCHEMA_FORBIDDEN) == set()


def test_the_api_names_every_status_a_process_can_be_in() -> None:
    assert {s.value for s in PublicStatus} == {s.value for s in ProcessStatus}


def test_the_check_itself_finds_a_domain_value_however_deep() -> None:
    class Nested(BaseModel):
        acts: dict[str, list[Act | None]]

    class Outer(BaseModel):
        nested: Annotated[Nested | None, "doc"] = None

    class OwnAct(Frozen):  # a model built on a domain value belongs to the domain's family
        number: str

    class Status(StrEnum):
        OPEN = "open"

    assert "Act (domain.kernel.values.Act)" in foreign(reachable([Outer]), PAYLOAD_FORBIDDEN)
    assert "OwnAct (domain.kernel.values.Frozen)" in foreign(
        reachable([list[OwnAct]]), PAYLOAD_FORBIDDEN
    )
    assert foreign(reachable([Status, Outer | None]), SCHEMA_FORBIDDEN) != set()
    assert foreign(reachable([Status]), SCHEMA_FORBIDDEN) == set()


def activity_calls(path: Path) -> Iterator[ast.Call]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name.startswith(("execute_activity", "start_activity", "execute_local_activity")):
                yield node


def test_every_activity_call_has_a_timeout_and_a_retry_policy() -> None:
    calls = [c for p in sorted((ROOT / "workflows").glob("*.py")) for c in activity_calls(p)]
    keywords = [{k.arg for k in c.keywords} for c in calls]

    assert calls, "the workflows call activities"
    assert all("retry_policy" in k for k in keywords)
    assert all(k & {"start_to_close_timeout", "schedule_to_close_timeout"} for k in keywords)


def test_only_a_transient_refusal_crosses_into_temporal_as_retryable() -> None:
    refusals: list[LedgerError] = [RuleViolation("§5.4", "sample"), NotFound("sample")]

    assert not refusal_error(ConcurrencyConflict("sample")).non_retryable
    assert all(refusal_error(r).non_retryable for r in refusals)
    assert "ConcurrencyConflict" not in NON_RETRYABLE
    assert RETRY.backoff_coefficient > 1
    assert RETRY.maximum_attempts > 1
    assert STEP_TIMEOUT <= STEP_DEADLINE
