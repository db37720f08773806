"""Every error leaves the API as a Problem: status, code, detail and a refusal's paragraph."""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.processes import TemporalUnavailable
from api.schemas.common import Problem
from api.stalled import STALLED_HEADER, ViewStalled
from audit.reads import NotInTree
from domain.kernel.errors import ConcurrencyConflict, LedgerError, RuleViolation
from workflows.client import ProcessNotFound, ProcessRefused

#: HTTP status of each refusal code; anything else the Regulation refuses is a 409 conflict.
STATUS_OF_CODE = {
    "not_found": status.HTTP_404_NOT_FOUND,
    "invalid_command": status.HTTP_422_UNPROCESSABLE_CONTENT,
    "idempotency_key_reused": status.HTTP_409_CONFLICT,
    "not_awaiting_decision": status.HTTP_409_CONFLICT,
    "concurrency_conflict": status.HTTP_503_SERVICE_UNAVAILABLE,
    "step_failed": status.HTTP_503_SERVICE_UNAVAILABLE,
}
#: Seconds to wait before sending a transiently refused request again (`Retry-After`).
RETRY_AFTER_OF_CODE = {ConcurrencyConflict.code: ConcurrencyConflict.retry_after_seconds}


def problem(status_code: int, code: str, detail: str, paragraph: str | None = None) -> JSONResponse:
    """A Problem response, with `Retry-After` if the refusal is transient."""
    body = Problem(status=status_code, code=code, detail=detail, paragraph=paragraph)
    response = JSONResponse(body.model_dump(), status_code=status_code)
    if code in RETRY_AFTER_OF_CODE:
        response.headers["Retry-After"] = str(RETRY_AFTER_OF_CODE[code])
    return response


async def _refused(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ProcessRefused)
    refusal = error.refusal
    code = STATUS_OF_CODE.get(refusal.code, status.HTTP_409_CONFLICT)
    return problem(code, refusal.code, refusal.message, refusal.paragraph)


async def _ledger_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, LedgerError)
    paragraph = error.paragraph if isinstance(error, RuleViolation) else None
    code = STATUS_OF_CODE.get(error.code, status.HTTP_409_CONFLICT)
    return problem(code, error.code, error.message, paragraph)


async def _not_found(request: Request, error: Exception) -> JSONResponse:
    return problem(status.HTTP_404_NOT_FOUND, "not_found", f"no process {error}")


async def _unavailable(request: Request, error: Exception) -> JSONResponse:
    return problem(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        "temporal_unavailable",
        f"workflows unavailable: {error}",
    )


async def _view_behind(request: Request, error: Exception) -> JSONResponse:
    return problem(status.HTTP_503_SERVICE_UNAVAILABLE, "view_behind", str(error))


async def _view_stalled(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ViewStalled)
    response = problem(status.HTTP_503_SERVICE_UNAVAILABLE, "view_stalled", str(error))
    response.headers[STALLED_HEADER] = str(error.stall.position)
    return response


async def _http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    response = problem(error.status_code, "http_error", str(error.detail))
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


async def _invalid(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
    return problem(status.HTTP_422_UNPROCESSABLE_CONTENT, "invalid_request", details)


async def _not_in_tree(request: Request, error: Exception) -> JSONResponse:
    return problem(status.HTTP_404_NOT_FOUND, "not_in_tree", str(error))


def install_error_handlers(app: FastAPI) -> None:
    """Map the ledger's and the processes' errors to Problems, in one place."""
    app.add_exception_handler(ProcessRefused, _refused)
    app.add_exception_handler(LedgerError, _ledger_error)
    app.add_exception_handler(ProcessNotFound, _not_found)
    app.add_exception_handler(NotInTree, _not_in_tree)
    app.add_exception_handler(TemporalUnavailable, _unavailable)
    app.add_exception_handler(TimeoutError, _view_behind)
    app.add_exception_handler(ViewStalled, _view_stalled)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(RequestValidationError, _invalid)
