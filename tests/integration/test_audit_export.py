"""The offline bundle exported from a real ledger's store verifies; one flipped byte does not."""

from __future__ import annotations

import base64
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from audit.appender import Appender
from audit.bundle_format import refresh_manifest
from audit.checkpoints import open_log_key, sign_checkpoint, verifier_key
from audit.digests import catch_up_digests, digest_note
from audit.export import (
    RULEBOOK_VERSION,
    SHARED_REGULATION,
    ExportError,
    StoredEvents,
    export_bundle,
    main,
)
from audit.settings import TlogSettings
from audit.store import TlogStore, open_tlog
from audit.verify_bundle import main as verify_main
from audit.views import open_view_tables
from audit.witnessing import cosigned_note
from domain.application import Ledger
from domain.composition.commands import AdmitMember, EstablishBodies
from infra.settings import StoreSettings
from infra.storage import open_ledger
from projections.backends import open_composition_view
from projections.runner import ProjectionRunner
from tests.support.samples import CLERK, decree, keyed, register
from transparency.cosignature import CosignatureSigner
from transparency.note import parse_note, parse_signature_line

ORIGIN = "assembly-ledger.local/log"
DAY = date(2025, 5, 5)
WITNESS = "witness.example/w1"


@dataclass
class World:
    ledger: Ledger
    tlog: TlogStore
    settings: StoreSettings
    tlog_settings: TlogSettings
    witness: CosignatureSigner

    def admit(self, n: int, prefix: str) -> None:
        for i in range(n):
            person = register(self.ledger, f"Sample {prefix} {i}")
            provenance = keyed(f"{prefix}-{i}") if i % 2 else CLERK
            self.ledger.execute(
                AdmitMember(body="assembly", person_id=person, act=decree(DAY), starts_on=DAY),
                provenance,
            )

    def checkpoint(self) -> int:
        """Project the view, append, sign, digest and have the witness cosign; the size."""
        view = open_composition_view(self.settings)
        ProjectionRunner(self.ledger.recorder, self.ledger.mapper, view).run_once()
        Appender(self.ledger.recorder, self.tlog, batch_size=7).run_once()
        stored = sign_checkpoint(self.tlog, open_log_key(self.settings, self.tlog_settings))
        assert stored is not None
        tables = open_view_tables(self.settings)
        try:
            assert stored.size in catch_up_digests(self.tlog, tables)
        finally:
            tables.close()
        text = parse_note(stored.note).text.encode()
        line = self.witness.cosign(text).to_signature().line().rstrip("\n")
        self.tlog.store_cosignature(stored.size, WITNESS, line)
        return stored.size


@pytest.fixture
def world(store: StoreSettings, tmp_path: Path) -> Iterator[World]:
    ledger = open_ledger(store)
    ledger.execute(EstablishBodies(), keyed("export-establish"))
    tlog = open_tlog(store)
    tlog_settings = TlogSettings(origin=ORIGIN, key_file=tmp_path / "keys" / "tlog.key")
    yield World(ledger, tlog, store, tlog_settings, CosignatureSigner.generate(WITNESS))
    tlog.close()
    ledger.close()


def verify(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the bundle's own copy of the verifier, as an auditor would."""
    return subprocess.run(
        [sys.executable, "-I", str(bundle / "verify_bundle.py"), str(bundle), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def export_two_checkpoints(world: World, out: Path) -> tuple[int, int]:
    world.admit(5, "First")
    first = world.checkpoint()
    world.admit(4, "Second")
    second = world.checkpoint()
    world.admit(2, "Unsigned")  # appended to the tree, but no checkpoint covers them yet
    Appender(world.ledger.recorder, world.tlog).run_once()
    assert world.tlog.tree_size() > second
    export_bundle(world.settings, out, tlog_settings=world.tlog_settings, page_size=8)
    return first, second


def test_the_exported_bundle_carries_what_the_log_signed_and_verifies(
    world: World, tmp_path: Path
) -> None:
    out = tmp_path / "bundle"
    first, second = export_two_checkpoints(world, out)
    witness_key = world.witness.verifier().vkey()
    result = verify(out, "--witness-key", witness_key, "--every-checkpoint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"OK {second} leaves, 2 checkpoints")
    assert f"{WITNESS} cosigned {first}, {second}" in result.stdout

    manifest = json.loads((out / "bundle.json").read_text())
    signer = open_log_key(world.settings, world.tlog_settings)
    assert manifest["tree_size"] == second
    assert manifest["origin"] == ORIGIN
    assert manifest["verifier_key"] == verifier_key(signer)
    assert manifest["rulebook_version"] == RULEBOOK_VERSION == "Decree No. 747 of 27 December 2024"
    regulation = (out / "regulation-747-2024.txt").read_text(encoding="utf-8")
    assert regulation == SHARED_REGULATION.read_text(encoding="utf-8")
    for size in (first, second):
        # The stored signature and the stored cosignature, byte for byte: nothing signed anew.
        note = (out / "checkpoints" / f"{size}.note").read_bytes()
        assert note == cosigned_note(world.tlog, size)
        stored = world.tlog.checkpoint(size)
        assert stored is not None
        assert note.startswith(stored.note)
        lines = [s.line().rstrip("\n") for s in parse_note(note).signatures]
        assert parse_signature_line(world.tlog.cosignatures(size)[WITNESS]).line() in {
            f"{line}\n" for line in lines
        }
        digests = (out / "view-digests" / f"{size}.note").read_bytes()
        assert digests == digest_note(world.tlog, signer, size)
    assert (out / "consistency" / f"{first}-{second}.txt").is_file()

    notifications = world.ledger.recorder.select_notifications(start=1, limit=second)
    lines = (out / "events.jsonl").read_text().splitlines()
    assert len(lines) == second
    for index, (line, notification) in enumerate(zip(lines, notifications, strict=True)):
        event = json.loads(line)
        assert event["leaf_index"] == index
        assert event["position"] == notification.id
        assert event["topic"] == notification.topic
        assert base64.b64decode(event["state_b64"]) == bytes(notification.state)
    assert not list(tmp_path.glob(".bundle.partial-*"))


def flip_state_byte(bundle: Path, leaf: int) -> int:
    """Change one character of one event line's state_b64 in place; return its position."""
    path = bundle / "events.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    event = json.loads(lines[leaf])
    start = lines[leaf].index(b'"state_b64":"') + len(b'"state_b64":"')
    at = start + len(event["state_b64"]) // 2
    line = bytearray(lines[leaf])
    line[at] = ord("B") if line[at] != ord("B") else ord("C")
    lines[leaf] = bytes(line)
    path.write_bytes(b"".join(lines))
    return int(event["position"])


@pytest.mark.parametrize("refresh", [False, True], ids=["as-flipped", "manifest-rehashed"])
def test_a_flipped_byte_in_one_event_line_is_rejected_naming_that_leaf(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str], refresh: bool
) -> None:
    out = tmp_path / "bundle"
    _, second = export_two_checkpoints(world, out)
    leaf = second - 3
    position = flip_state_byte(out, leaf)
    if refresh:  # bundle.json is not signed: a forger would rehash the edited file
        refresh_manifest(out)
    assert verify_main([str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"events.jsonl leaf {leaf} (position {position}) is not the signed leaf" in printed
    assert f"first bad leaf: index {leaf}, position {position}" in printed
    result = verify(out)
    assert result.returncode == 1
    assert f"first bad leaf: index {leaf}, position {position}" in result.stdout


def test_the_events_are_read_in_pages_and_by_index_alike(world: World) -> None:
    world.admit(4, "Member")
    Appender(world.ledger.recorder, world.tlog).run_once()
    size = world.tlog.tree_size()
    events = StoredEvents(world.ledger.recorder, world.tlog, size - 1, page=3)
    assert events[size - 3].position == world.tlog.position_of(size - 3)  # read first, alone
    listed = list(events)
    assert len(listed) == len(events) == size - 1
    assert [e.position for e in listed] == [leaf.position for leaf in world.tlog.leaves(0, size)][
        :-1
    ]
    assert events[-1] == listed[-1]
    assert list(events[2:7:2]) == listed[2:7:2]
    with pytest.raises(IndexError):
        events[size - 1]  # beyond the size asked for, though the tree holds it


def test_nothing_signed_means_no_bundle(world: World, tmp_path: Path) -> None:
    Appender(world.ledger.recorder, world.tlog).run_once()
    open_log_key(world.settings, world.tlog_settings)  # the key exists, no checkpoint does
    with pytest.raises(ExportError, match="signed no checkpoint"):
        export_bundle(world.settings, tmp_path / "bundle", tlog_settings=world.tlog_settings)
    assert not (tmp_path / "bundle").exists()
    missing = TlogSettings(origin=ORIGIN, key_file=tmp_path / "none" / "tlog.key")
    with pytest.raises(ExportError, match="no log key"):
        export_bundle(world.settings, tmp_path / "bundle", tlog_settings=missing)
    assert missing.key_file is not None
    assert not missing.key_file.exists()


def test_an_event_store_that_no_longer_matches_the_tree_is_refused_naming_the_leaf(
    sqlite_store: StoreSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = open_ledger(sqlite_store)
    tlog = open_tlog(sqlite_store)
    monkeypatch.setenv("ASSEMBLY_DATA_DIR", str(sqlite_store.data_dir))
    try:
        world = World(
            ledger, tlog, sqlite_store, TlogSettings(), CosignatureSigner.generate(WITNESS)
        )
        ledger.execute(EstablishBodies(), keyed("export-establish"))
        world.admit(3, "Member")
        size = world.checkpoint()
        with sqlite3.connect(sqlite_store.events_path) as connection:
            connection.execute(
                "UPDATE stored_events SET state = CAST(? AS BLOB) WHERE rowid = ?", (b"{}", 4)
            )
        connection.close()
        leaf = tlog.leaf_index_of(4)
        with pytest.raises(ExportError, match=rf"leaf {leaf} \(position 4\)"):
            export_bundle(sqlite_store, tmp_path / "bundle")
        assert size > 4
        assert main([str(tmp_path / "bundle")]) == 1  # the command line says why, and exits 1
        assert not (tmp_path / "bundle").exists()
    finally:
        tlog.close()
        ledger.close()
