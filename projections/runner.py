"""Keeps the read models up to date by pulling the ledger's notification log.

A pull loop works on every store (SQLite has no push), and the same loop rebuilds a view from
position zero. Each batch of events and its tracking position commit in one transaction, so every
event is applied exactly once however often the runner stops and restarts.

An event the view cannot decode or apply stops the view just before it: the events before it are
applied, the failure is recorded in the view's store with its position, topic and error, and the
runner applies nothing more (and keeps running, so no supervisor restarts it into the same failure)
until it is restarted, when it tries that event once again (docs/adr/0012).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from types import FrameType
from typing import Any, cast

import psycopg
from eventsourcing import persistence
from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification, Tracking

from domain.kernel.events import LedgerEvent
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.composition import APPLICATION, VIEW_NAME, CompositionView
from projections.stalls import StallRow, describe

log = logging.getLogger("projections")

#: Failures of the store itself, not of an event: they stop the runner as before, and a restart
#: (the supervisor's) resumes where the view is.
TRANSIENT: tuple[type[BaseException], ...] = (
    persistence.OperationalError,
    persistence.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    sqlite3.OperationalError,
)
#: How long a stopped runner waits between looks at its stop signal, in seconds.
STALLED_IDLE = 1.0
Item = tuple[LedgerEvent, Tracking]


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
        #: Where the view stopped in this run; it applies nothing more until the runner restarts.
        self.stalled: StallRow | None = None
        self._recorded: StallRow | None = view.stall()

    def run_once(self) -> int:
        """Process what is in the log beyond the view's position; returns how many events."""
        processed = 0
        while self.stalled is None:
            start = self.view.position() + 1
            notifications = self.recorder.select_notifications(start=start, limit=self.batch_size)
            if not notifications:
                break
            processed += self._apply(notifications)
            if self._recorded is not None and self.view.position() >= self._recorded.position:
                log.info(
                    "the %s view applied position %d again", VIEW_NAME, self._recorded.position
                )
                self.view.clear_stall()
                self._recorded = None
        return processed

    def _apply(self, notifications: Sequence[Notification]) -> int:
        batch: list[Item] = []
        for n in notifications:
            try:
                event = cast("LedgerEvent", self.mapper.to_domain_event(n))
            except Exception as error:  # an event this code cannot read stops the view here
                applied = self._apply_batch(batch)
                if self.stalled is None:
                    self._stall(n.id, n.topic, error)
                return applied
            batch.append((event, Tracking(APPLICATION, n.id)))
        return self._apply_batch(batch)

    def _apply_batch(self, batch: Sequence[Item]) -> int:
        try:
            self.view.process(batch)
        except TRANSIENT:
            raise
        except Exception:  # some event of the batch: find it, applying one at a time
            return self._apply_one_by_one(batch)
        return len(batch)

    def _apply_one_by_one(self, batch: Sequence[Item]) -> int:
        for applied, (event, tracking) in enumerate(batch):
            try:
                self.view.process([(event, tracking)])
            except TRANSIENT:
                raise
            except Exception as error:  # whatever the handler raised: the view stops here
                self._stall(tracking.notification_id, type(event).TOPIC, error)
                return applied
        return len(batch)

    def _stall(self, position: int, topic: str, error: Exception) -> None:
        stall = StallRow(
            view_name=VIEW_NAME,
            position=position,
            topic=topic,
            error=describe(error),
            failed_at=datetime.now(UTC),
        )
        self.view.record_stall(stall)
        self.stalled = stall
        log.error(
            "the %s view stopped at position %d (%s), which it cannot apply: %s; it stays at "
            "position %d and applies nothing more until the runner is restarted",
            VIEW_NAME,
            position,
            topic,
            stall.error,
            self.view.position(),
        )

    def run_forever(self, stop: threading.Event, *, idle: float = 0.05) -> None:
        """Keep processing until `stop` is set, pausing `idle` seconds when caught up.

        A stopped view keeps the runner alive and idle, not crashing into the same event again.
        """
        while not stop.is_set():
            if self.run_once() == 0:
                stop.wait(STALLED_IDLE if self.stalled is not None else idle)

    def rebuild(self) -> int:
        """Forget the view (and where it stopped) and build it again from position zero."""
        self.view.reset()
        self.stalled = self._recorded = None
        return self.run_once()


def main(argv: list[str] | None = None) -> None:
    """Run the projections until SIGINT or SIGTERM (`python -m projections.runner`)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the views from zero first")
    parser.add_argument(
        "--once", action="store_true", help="catch up, then exit (status 1 if the view stopped)"
    )
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
    if args.once and runner.stalled is not None:
        raise SystemExit(f"the {VIEW_NAME} view stopped at position {runner.stalled.position}")


if __name__ == "__main__":
    main()
