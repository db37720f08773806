"""An appender process killed with SIGKILL mid-log: the rerun completes the tree exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

from audit.appender import Appender
from audit.database import ledger_recorder
from audit.leaves import leaf_hash
from audit.store import open_tlog
from domain.composition.commands import AdmitMember, EstablishBodies
from infra.settings import StoreSettings
from infra.storage import open_ledger
from tests.support.samples import CLERK, decree, register
from transparency.merkle import merkle_root

ROOT = Path(__file__).resolve().parents[2]
SLOW_APPENDER = textwrap.dedent(
    """
    import threading, time
    from audit.appender import Appender
    from audit.database import ledger_recorder
    from audit.store import open_tlog
    from infra.settings import StoreSettings

    settings = StoreSettings()
    recorder = ledger_recorder(settings)

    class Slow:
        def select_notifications(self, *args, **kwargs):
            time.sleep(0.05)  # slow enough to be killed between (and inside) batches
            return recorder.select_notifications(*args, **kwargs)

    Appender(Slow(), open_tlog(settings), batch_size=3).run_forever(threading.Event())
    """
)


def environment(settings: StoreSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLY_")}
    env.update({f"ASSEMBLY_{k.upper()}": str(v) for k, v in settings.model_dump().items()})
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_a_killed_appender_resumes_without_loss_or_repetition(store: StoreSettings) -> None:
    ledger = open_ledger(store)
    ledger.execute(EstablishBodies(), CLERK)
    day = date(2025, 5, 5)
    for i in range(20):
        person = register(ledger, f"Sample Member {i}")
        ledger.execute(
            AdmitMember(body="assembly", person_id=person, act=decree(day), starts_on=day), CLERK
        )
    notifications = ledger.recorder.select_notifications(start=1, limit=10**6)
    ledger.close()
    tlog = open_tlog(store)
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_APPENDER], env=environment(store), cwd=ROOT
    )
    try:
        deadline = time.monotonic() + 60
        while tlog.tree_size() < 9 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    killed_at = tlog.tree_size()
    assert 9 <= killed_at < len(notifications), "the appender was not killed part-way"
    assert tlog.last_position() == notifications[killed_at - 1].id
    appended = Appender(ledger_recorder(store), tlog, batch_size=4).run_once()
    assert appended == len(notifications) - killed_at
    assert tlog.tree_size() == len(notifications)
    assert tlog.root_hash() == merkle_root([leaf_hash(n) for n in notifications])
    tlog.close()
