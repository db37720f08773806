"""Keeps the read models up to date by pulling the ledger's notification log.

A pull loop works on every store (SQLite has no push), and the same loop rebuilds a view from
position zero. Each batch of events and its tracking position commit in one transaction, so every
event is applied exactly once however often the runner stops and restarts.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from types import FrameType
from typing import Any, cast

from eventsourcing.persistence import ApplicationRecorder, Mapper, Tracking

from domain.kernel.events import LedgerEvent
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.composition import APPLICATION, CompositionView

log = logging.getLogger("projections")


class ProjectionRunner:
    """Feeds a view from the ledger's notification log, in batches, from where it left off."""

    def __init__(
        self,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        view: CompositionView,
        *,
        batch_size: int = 500,
    ) -> None:
        self.recorder = recorder
        self.mapper = mapper
        self.view = view
        self.batch_size = batch_size

    def run_once(self) -> int:
        """Process what is in the log beyond the view's position; returns how many events."""
        processed = 0
        while True:
            start = self.view.position() + 1
            notifications = self.recorder.select_notifications(start=start, limit=self.batch_size)
            if not notifications:
                return processed
            batch = [
                (
                    cast("LedgerEvent", self.mapper.to_domain_event(n)),
                    Tracking(APPLICATION, n.id),
                )
                for n in notifications
            ]
            self.view.process(batch)
            processed += len(batch)

    def run_forever(self, stop: threading.Event, *, idle: float = 0.05) -> None:
        """Keep processing until `stop` is set, pausing `idle` seconds when caught up."""
        while not stop.is_set():
            if self.run_once() == 0:
                stop.wait(idle)

    def rebuild(self) -> int:
        """Forget the view and build it again from position zero."""
        self.view.reset()
        return self.run_once()


def main(argv: list[str] | None = None) -> None:
    """Run the projections until SIGINT or SIGTERM (`python -m projections.runner`)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the views from zero first")
    parser.add_argument("--once", action="store_true", help="catch up, then exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = StoreSettings()
    ledger = open_ledger(settings)
    runner = ProjectionRunner(ledger.recorder, ledger.mapper, open_composition_view(settings))
    if args.rebuild:
        log.info("rebuilt the composition view from zero: %d events", runner.rebuild())
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    caught_up = runner.run_once()
    log.info(
        "composition view at position %d (%d events applied)", runner.view.position(), caught_up
    )
    if not args.once:
        runner.run_forever(stop)
    ledger.close()


if __name__ == "__main__":
    main()
