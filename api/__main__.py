"""`python -m api`: serve the API with uvicorn on the configured host and port."""

from __future__ import annotations

import uvicorn

from api.config import ApiSettings
from api.main import create_app


def main() -> None:
    """Serve until interrupted."""
    settings = ApiSettings()
    uvicorn.run(create_app(settings), host=settings.api_host, port=settings.api_port)


if __name__ == "__main__":
    main()
