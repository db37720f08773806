"""The read baseline: a bare FastAPI app that serves a fixed JSON body at the composition path.

It mirrors the real route's shape (a plain `def` route, a path parameter, a date query parameter,
a JSON response model) and answers with the body captured from the real endpoint, so the
difference between the two is the work of the read model and its schemas.
Serve it with `python -m uvicorn bench.bare_app:app`; `BENCH_BARE_BODY` names the body's file.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI

BODY_FILE = "BENCH_BARE_BODY"


def _captured() -> dict[str, Any]:
    path = os.environ.get(BODY_FILE)
    if not path:
        return {}
    body: dict[str, Any] = json.loads(Path(path).read_bytes())
    return body


BODY = _captured()
app = FastAPI(title="bare baseline")


@app.get("/bodies/{code}/composition")
def composition(code: str, on: date | None = None) -> dict[str, Any]:
    """The captured composition body, whatever is asked."""
    return BODY
