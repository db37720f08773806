"""The standalone bundle verifier: built bundles verify, and every tampering is caught and located.

The base bundle is built once; each mutation edits a copy (sometimes re-hashing bundle.json, as an
attacker would, so that the deeper checks and not the file hashes must catch it) and the verifier
must fail, naming the first bad leaf for an event mutation, or the checkpoint size and file.
"""

from __future__ import annotations

import base64
import io
import json
import random
import shutil
import tempfile
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import verify_bundle as vb
from audit.bundle_format import (
    StoredEvent,
    leaf_entry,
    refresh_manifest,
    view_digest_text,
    write_bundle,
)
from transparency.checkpoint import Checkpoint, sign_checkpoint
from transparency.compact import CompactRange
from transparency.cosignature import CosignatureSigner
from transparency.merkle import (
    LeafSubtrees,
    MemoryHashSource,
    ProofError,
    consistency_proof,
    leaf_hash,
    merkle_root,
    verify_consistency,
)
from transparency.note import Ed25519Signer, sign_note

ORIGIN = "assembly-ledger.local/log"
VECTORS = Path(__file__).resolve().parents[3].parent / "shared" / "vectors"
SIZE = 128  # the tamper suite's bundle: small, so that a thousand mutations take seconds
CHECKPOINTS = (1, 37, 64, 100, SIZE)  # one leaf, odd and even sizes, powers of two
LARGE_SIZE, LARGE_CHECKPOINTS = 700, (1, 2, 3, 255, 256, 257, 512, 600, 699)
DIGEST_SIZES = (64, SIZE)
MUTATIONS_PER_KIND = 60
EM_DASH = "\u2014"


@dataclass(frozen=True)
class World:
    """The keys, the events and the base bundle every mutation copies."""

    signer: Ed25519Signer
    impostor: Ed25519Signer  # another key under the log's name
    witnesses: tuple[CosignatureSigner, ...]
    events: tuple[StoredEvent, ...]
    base: Path
    files: dict[str, bytes]  # the base bundle's files, to restore a mutated copy from

    def keys(self) -> list[vb.Key]:
        return [vb.parse_vkey(w.verifier().vkey(), vb.ALG_COSIGNATURE) for w in self.witnesses]


def synthetic_events(count: int, rng: random.Random) -> list[StoredEvent]:
    """Events with gaps in positions, both topic families, states like the ledger's metadata."""
    events, position = [], 0
    for i in range(count):
        position += rng.randint(1, 4)
        topic = rng.choice(["assembly:composition.Appointed", "ledger:idempotency", "assembly:é"])
        state = json.dumps({"recorded_by": f"clerk-{i % 7}", "paragraph": f"§{i % 30}"}).encode()
        state = b"" if i == 5 else state + rng.randbytes(rng.randint(0, 40))
        originator = UUID(int=rng.getrandbits(128))
        events.append(StoredEvent(position, originator, rng.randint(1, 9), topic, state))
    return events


def build(
    directory: Path,
    events: list[StoredEvent],
    signer: Ed25519Signer,
    witnesses: tuple[CosignatureSigner, ...],
    sizes: tuple[int, ...],
    digest_sizes: tuple[int, ...] = (),
) -> None:
    write_bundle(
        directory,
        events,
        signer,
        regulation_text="Regulation of the Assembly of the People of Kazakhstan\n",
        rulebook_version="decree-747/2024-12-27",
        checkpoint_sizes=sizes,
        cosigners=witnesses,
        view_digests={s: {"composition": f"{s:064x}"} for s in digest_sizes},
        cosigned_at=1_767_225_600,
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    rng = random.Random(747)
    signer = Ed25519Signer.generate(ORIGIN)
    witnesses = (
        CosignatureSigner.generate("w1.example/w"),
        CosignatureSigner.generate("w2.example"),
    )
    events = synthetic_events(SIZE, rng)
    base = tmp_path_factory.mktemp("bundle") / "base"
    build(base, events, signer, witnesses, CHECKPOINTS, DIGEST_SIZES)
    files = {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}
    return World(signer, Ed25519Signer.generate(ORIGIN), witnesses, tuple(events), base, files)


# --- An untouched bundle -------------------------------------------------------------------------


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status = vb.main(list(args))
        except SystemExit as exit_:
            status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def test_the_built_bundle_verifies_with_both_witnesses_on_every_checkpoint(world: World) -> None:
    report = vb.verify(world.base, world.keys(), every_checkpoint=True)
    assert report.problems == []
    assert report.warnings == []
    assert (report.leaves, report.tree_size, report.checkpoints) == (SIZE, SIZE, list(CHECKPOINTS))
    assert report.witnesses == {w.name: list(CHECKPOINTS) for w in world.witnesses}
    assert set(report.view_digests) == {str(s) for s in DIGEST_SIZES}


def test_a_bundle_of_hundreds_of_leaves_verifies(world: World, tmp_path: Path) -> None:
    events = synthetic_events(LARGE_SIZE, random.Random(9))
    build(tmp_path / "large", events, world.signer, world.witnesses, LARGE_CHECKPOINTS, (600,))
    report = vb.verify(tmp_path / "large", world.keys(), every_checkpoint=True)
    assert report.problems == []
    assert report.leaves == LARGE_SIZE
    assert report.checkpoints == [*LARGE_CHECKPOINTS, LARGE_SIZE]
    assert report.witnesses == {w.name: report.checkpoints for w in world.witnesses}


def test_the_command_line_prints_ok_and_exits_zero(world: World) -> None:
    keys = [f"--witness-key={w.verifier().vkey()}" for w in world.witnesses]
    status, out, _ = run_cli(str(world.base), *keys)
    assert status == 0
    assert out.startswith(f"OK {SIZE} leaves, {len(CHECKPOINTS)} checkpoints, witnesses: w1.")
    status, out, _ = run_cli(str(world.base), "--json")
    document = json.loads(out)
    assert status == 0
    assert document["ok"] is True
    assert document["first_bad_leaf"] is None
    assert "none given" in run_cli(str(world.base))[1]


def test_the_command_line_refuses_bad_usage(world: World, tmp_path: Path) -> None:
    log_vkey = world.signer.verifier().vkey()  # an Ed25519 key, not a cosignature/v1 one
    assert run_cli(str(world.base), "--witness-key", log_vkey)[0] == 2
    assert run_cli(str(tmp_path))[0] == 2


def test_a_large_bundle_shows_its_rate(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vb, "PROGRESS_FROM", 10)
    status, _, err = run_cli(str(world.base))
    assert status == 0
    assert f"leaves {SIZE}/{SIZE}" in err
    assert "events/s" in err


def test_a_wrong_leaf_hash_alone_is_a_warning_not_a_verdict(world: World, tmp_path: Path) -> None:
    bundle = copy_of(world, tmp_path)
    lines = event_lines(bundle)
    record = json.loads(lines[100])
    record["leaf_hash"] = "00" * 32
    lines[100] = json.dumps(record).encode() + b"\n"
    write_lines(bundle, lines)
    refresh_manifest(bundle)
    report = vb.verify(bundle, world.keys())
    assert report.problems == []
    assert report.warnings == ["the leaf_hash of leaf 100 is wrong"]


@settings(max_examples=25, deadline=None)
@given(
    size=st.integers(0, 70),
    cuts=st.lists(st.integers(0, 70), max_size=5),
    witnesses=st.integers(0, 2),
    seed=st.integers(0, 2**32),
)
def test_any_untouched_bundle_verifies(
    size: int, cuts: list[int], witnesses: int, seed: int
) -> None:
    rng = random.Random(seed)
    signer = Ed25519Signer.generate(ORIGIN)
    cosigners = tuple(CosignatureSigner.generate(f"w{i}.example") for i in range(witnesses))
    sizes = tuple(c for c in cuts if c <= size)
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "bundle"
        build(bundle, synthetic_events(size, rng), signer, cosigners, sizes, (size,))
        keys = [vb.parse_vkey(c.verifier().vkey(), vb.ALG_COSIGNATURE) for c in cosigners]
        report = vb.verify(bundle, keys, every_checkpoint=True)
    assert report.problems == []
    assert report.leaves == size
    assert report.checkpoints == sorted({*sizes, size})


def test_the_builder_takes_stored_checkpoint_notes_and_refuses_bad_input(
    world: World, tmp_path: Path
) -> None:
    events = list(world.events[:10])
    stored = (world.base / "checkpoints" / "1.note").read_bytes()  # signed and cosigned before
    write_bundle(
        tmp_path / "a",
        events,
        world.signer,
        regulation_text="",
        rulebook_version="v",
        checkpoint_sizes=(1,),
        checkpoint_notes={1: stored},
    )
    assert (tmp_path / "a" / "checkpoints" / "1.note").read_bytes() == stored
    assert vb.verify(tmp_path / "a", world.keys()).problems != []  # size 10 is not cosigned
    assert vb.verify(tmp_path / "a", []).problems == []
    foreign = sign_checkpoint(Checkpoint(ORIGIN, 1, bytes(32)), [world.signer])
    with pytest.raises(ValueError, match="not this tree's"):
        write_bundle(
            tmp_path / "b",
            events,
            world.signer,
            regulation_text="",
            rulebook_version="v",
            checkpoint_sizes=(1,),
            checkpoint_notes={1: foreign},
        )
    with pytest.raises(ValueError, match="does not follow"):
        write_bundle(
            tmp_path / "c", events[::-1], world.signer, regulation_text="", rulebook_version="v"
        )
    with pytest.raises(ValueError, match="not empty"):
        write_bundle(tmp_path / "a", events, world.signer, regulation_text="", rulebook_version="v")


# --- Mutations -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """What the verifier must report for one mutation."""

    kinds: frozenset[str]  # some problem of one of these kinds ...
    file: str | None = None  # ... naming this file, and ...
    size: int | None = None  # ... this checkpoint size
    leaf: int | None = None  # the first bad leaf is this index ...
    position: int | None = None  # ... at this position
    interval_of: int | None = None  # or: the checkpoint interval holding this leaf
    leaf_free: bool = True  # no leaf is blamed (the mutation touched no event)
    every_checkpoint: bool = False


def expect(*kinds: str, **fields: Any) -> Expect:
    return Expect(frozenset(kinds), **fields)


def event_expect(leaf: int, position: int | None = None) -> Expect:
    return expect("event", leaf=leaf, position=position, leaf_free=False)


def copy_of(world: World, tmp_path: Path) -> Path:
    bundle = tmp_path / "copy"
    shutil.copytree(world.base, bundle)
    return bundle


def restore(bundle: Path, world: World) -> None:
    """Make a mutated copy the base bundle again, rewriting only the files that differ."""
    for path in [p for p in bundle.rglob("*") if p.is_file()]:
        if path.relative_to(bundle).as_posix() not in world.files:
            path.unlink()
    for name, data in world.files.items():
        path = bundle / name
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)


def event_lines(bundle: Path) -> list[bytes]:
    return (bundle / "events.jsonl").read_bytes().splitlines(keepends=True)


def write_lines(bundle: Path, lines: list[bytes]) -> None:
    (bundle / "events.jsonl").write_bytes(b"".join(lines))


def rewrite_event(bundle: Path, index: int, edit: Callable[[dict[str, Any]], None]) -> None:
    lines = event_lines(bundle)
    record = json.loads(lines[index])
    edit(record)
    lines[index] = json.dumps(record, separators=(",", ":")).encode() + b"\n"
    write_lines(bundle, lines)


def checkpoint_interval(index: int) -> list[int]:
    return [
        max((s for s in CHECKPOINTS if s <= index), default=0),
        min(s for s in CHECKPOINTS if s > index),
    ]


def flipped(raw: bytes, rng: random.Random, start: int = 0) -> bytes:
    altered = bytearray(raw)
    altered[rng.randrange(start, len(raw))] ^= rng.randrange(1, 256)
    return bytes(altered)


def flip_state(bundle: Path, rng: random.Random, world: World, *, fix_hash: bool = False) -> Expect:
    index = rng.choice([i for i, e in enumerate(world.events) if e.state])
    event = world.events[index]
    forged = replace(event, state=flipped(event.state, rng))

    def edit(record: dict[str, Any]) -> None:
        record["state_b64"] = base64.b64encode(forged.state).decode()
        if fix_hash:  # the attacker recomputes the leaf hash too: only the roots can tell
            record["leaf_hash"] = leaf_hash(leaf_entry(forged)).hex()

    rewrite_event(bundle, index, edit)
    if fix_hash:
        return expect("root", interval_of=index, leaf_free=False)
    return event_expect(index, event.position)


def flip_state_and_its_leaf_hash(bundle: Path, rng: random.Random, world: World) -> Expect:
    return flip_state(bundle, rng, world, fix_hash=True)


def edit_field(bundle: Path, rng: random.Random, world: World) -> Expect:
    index = rng.randrange(SIZE)
    field = rng.choice(["topic", "originator_version", "originator_id", "leaf_index", "position"])
    gap = index + 1 < SIZE and world.events[index + 1].position - world.events[index].position > 1
    field = "originator_version" if field == "position" and not gap else field
    new: dict[str, Any] = {
        "topic": world.events[index].topic + "x",
        "originator_version": world.events[index].originator_version + 1,
        "originator_id": str(UUID(int=rng.getrandbits(128))),
        "leaf_index": index + 1,
        "position": world.events[index].position + 1,
    }

    def edit(record: dict[str, Any]) -> None:
        record[field] = new[field]

    rewrite_event(bundle, index, edit)
    position = new["position"] if field == "position" else world.events[index].position
    return event_expect(index, position)


def delete_line(bundle: Path, rng: random.Random, world: World) -> Expect:
    lines = event_lines(bundle)
    index = rng.randrange(SIZE)
    del lines[index]
    write_lines(bundle, lines)
    return event_expect(index)


def swap_lines(bundle: Path, rng: random.Random, world: World) -> Expect:
    lines = event_lines(bundle)
    i, j = sorted(rng.sample(range(SIZE), 2))
    lines[i], lines[j] = lines[j], lines[i]
    write_lines(bundle, lines)
    return event_expect(i)


def duplicate_line(bundle: Path, rng: random.Random, world: World) -> Expect:
    lines = event_lines(bundle)
    index = rng.randrange(SIZE)
    lines.insert(index + 1, lines[index])
    write_lines(bundle, lines)
    return event_expect(index + 1)


def truncate_tail(bundle: Path, rng: random.Random, world: World) -> Expect:
    lines = event_lines(bundle)
    keep = rng.randrange(SIZE)
    cut = rng.randrange(1, len(lines[keep])) if rng.random() < 0.5 else 0  # mid-line, or not
    write_lines(bundle, [*lines[:keep], lines[keep][:cut]])
    return event_expect(keep)


def flip_raw_byte(bundle: Path, rng: random.Random, world: World) -> Expect:
    path = bundle / "events.jsonl"
    path.write_bytes(flipped(path.read_bytes(), rng))
    return expect("file", file="events.jsonl", leaf_free=False)


def alter_proof(bundle: Path, rng: random.Random, world: World) -> Expect:
    path = rng.choice(sorted((bundle / "consistency").iterdir()))
    lines = path.read_text(encoding="ascii").splitlines()
    index, how = rng.randrange(len(lines)), rng.choice(["flip", "drop", "add", "swap"])
    if how == "flip":
        lines[index] = base64.b64encode(flipped(base64.b64decode(lines[index]), rng)).decode()
    elif how == "drop":
        del lines[index]
    elif how == "add":
        lines.insert(index, base64.b64encode(rng.randbytes(32)).decode())
    elif len(lines) > 1:
        lines[0], lines[-1] = lines[-1], lines[0]
    else:
        lines[0] = base64.b64encode(bytes(32)).decode()
    path.write_text("".join(f"{line}\n" for line in lines), encoding="ascii")
    size = int(path.stem.split("-")[1])
    return expect("consistency", file=f"consistency/{path.name}", size=size)


def pick_checkpoint(bundle: Path, rng: random.Random) -> tuple[int, Path]:
    size = rng.choice(CHECKPOINTS)
    return size, bundle / "checkpoints" / f"{size}.note"


def edit_signature(note: bytes, name: str, edit: Callable[[bytes], bytes | None]) -> bytes:
    """Apply `edit` to the raw signature (key ID first) of `name`; None drops the line."""
    lines = note.decode().split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{EM_DASH} {name} "):
            raw = edit(base64.b64decode(line.split(" ")[2]))
            encoded = None if raw is None else f"{EM_DASH} {name} {base64.b64encode(raw).decode()}"
            lines[i : i + 1] = [] if encoded is None else [encoded]
            return "\n".join(lines).encode()
    raise AssertionError(f"no signature by {name}")


def corrupt_log_signature(bundle: Path, rng: random.Random, world: World) -> Expect:
    size, path = pick_checkpoint(bundle, rng)
    path.write_bytes(edit_signature(path.read_bytes(), ORIGIN, lambda raw: flipped(raw, rng)))
    # Unsigned, the latest checkpoint leaves the leaves after the one before it uncovered.
    return expect("checkpoint", file=f"checkpoints/{size}.note", size=size, leaf_free=size != SIZE)


def resign_with_another_key(bundle: Path, rng: random.Random, world: World) -> Expect:
    size, path = pick_checkpoint(bundle, rng)
    text = path.read_bytes().decode().split("\n\n")[0] + "\n"
    if rng.random() < 0.5:  # the same name, another key: its key ID differs
        forged = world.impostor.key_id.to_bytes(4, "big") + world.impostor.sign(text.encode())
        note = edit_signature(path.read_bytes(), ORIGIN, lambda _: forged)
    else:  # a wholly other signer replaces the log's signature
        other = sign_note(text, [Ed25519Signer.generate("someone.example/log")])
        note = edit_signature(path.read_bytes(), ORIGIN, lambda _: None)
        note = note.replace(b"\n\n", b"\n\n" + other.decode().split("\n\n")[1].encode(), 1)
    path.write_bytes(note)
    # Unsigned, the latest checkpoint leaves the leaves after the one before it uncovered.
    return expect("checkpoint", file=f"checkpoints/{size}.note", size=size, leaf_free=size != SIZE)


def split_view(bundle: Path, rng: random.Random, world: World) -> Expect:
    size, path = pick_checkpoint(bundle, rng)
    fork = sign_checkpoint(Checkpoint(ORIGIN, size, rng.randbytes(32)), [world.signer])
    if rng.random() < 0.5:  # a second checkpoint of the size beside the first
        (bundle / "checkpoints" / f"{size}.fork.note").write_bytes(fork)
        return expect("split-view", file=f"checkpoints/{size}.fork.note", size=size)
    path.write_bytes(fork)  # the log signed another root in place of the one the leaves make
    return expect("root", "consistency", size=size, leaf_free=False)


def edit_manifest(bundle: Path, rng: random.Random, world: World) -> Expect:
    path = bundle / "bundle.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    files, how = manifest["files"], rng.choice(["hash", "hash", "drop", "add", "size", "key"])
    name = rng.choice(sorted(files))
    result = expect("file", file=name)
    if how == "hash":
        files[name] = flipped(bytes.fromhex(files[name]), rng).hex()
    elif how == "drop":
        del files[name]
    elif how == "add":
        files["checkpoints/999.note"] = "00" * 32
        result = expect("file", file="checkpoints/999.note")
    elif how == "size":
        manifest["tree_size"] = rng.choice([s for s in range(SIZE + 2) if s != SIZE])
        result = expect("bundle", file="bundle.json")
    else:
        manifest["verifier_key"] = world.impostor.verifier().vkey()
        result = expect("checkpoint", leaf_free=False)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return result


def drop_cosignature(bundle: Path, rng: random.Random, world: World) -> Expect:
    size, path = pick_checkpoint(bundle, rng)
    witness = rng.choice(world.witnesses)
    path.write_bytes(edit_signature(path.read_bytes(), witness.name, lambda _: None))
    # The latest checkpoint is required by default; the others when every one is required.
    return expect("witness", size=size, every_checkpoint=size != SIZE)


def corrupt_cosignature(bundle: Path, rng: random.Random, world: World) -> Expect:
    size, path = pick_checkpoint(bundle, rng)
    witness = rng.choice(world.witnesses)
    edit = edit_signature(path.read_bytes(), witness.name, lambda raw: flipped(raw, rng, start=4))
    path.write_bytes(edit)  # past the key ID: the timestamp or the signature
    return expect("cosignature", file=f"checkpoints/{size}.note", size=size)


def tamper_view_digest(bundle: Path, rng: random.Random, world: World) -> Expect:
    size = rng.choice(DIGEST_SIZES)
    path = bundle / "view-digests" / f"{size}.note"
    if rng.random() < 0.5:
        text = path.read_bytes()
        digest_at = text.index(b"composition ") + len(b"composition ") + rng.randrange(64)
        swap = b"0" if text[digest_at : digest_at + 1] != b"0" else b"1"
        path.write_bytes(text[:digest_at] + swap + text[digest_at + 1 :])
        return expect("view-digest", file=f"view-digests/{size}.note")
    other = rng.choice([s for s in range(1, SIZE) if s not in CHECKPOINTS])
    note = sign_note(view_digest_text(ORIGIN, other, {"composition": "ab" * 32}), [world.signer])
    (bundle / "view-digests" / f"{other}.note").write_bytes(note)
    return expect("view-digest", file=f"view-digests/{other}.note", size=other)


def remove_checkpoint(bundle: Path, rng: random.Random, world: World) -> Expect:
    size, path = pick_checkpoint(bundle, rng)
    path.unlink()
    return expect("consistency", "bundle", "file", leaf_free=size != SIZE)


EVENT_MUTATIONS = [
    flip_state,
    flip_state_and_its_leaf_hash,
    edit_field,
    delete_line,
    swap_lines,
    duplicate_line,
    truncate_tail,
    flip_raw_byte,
]
OTHER_MUTATIONS = [
    alter_proof,
    corrupt_log_signature,
    resign_with_another_key,
    split_view,
    edit_manifest,
    drop_cosignature,
    corrupt_cosignature,
    tamper_view_digest,
    remove_checkpoint,
]
NO_REHASH = {flip_raw_byte, edit_manifest}  # they are edits of the hashes themselves


def missed(report: vb.Report, want: Expect) -> str | None:
    """Why the report misses the expected detection, or None when it has it."""
    if not report.problems:
        return "not detected"
    matching = [
        p
        for p in report.problems
        if p.kind in want.kinds and want.file in (None, p.file) and want.size in (None, p.size)
    ]
    if not matching:
        return f"no {sorted(want.kinds)} problem at {want.file} size {want.size}"
    bad = report.first_bad_leaf()
    if want.leaf is not None and (bad is None or bad.leaf_index != want.leaf):
        return f"first bad leaf {bad} is not leaf {want.leaf}"
    if want.position is not None and bad is not None and bad.position != want.position:
        return f"first bad leaf {bad} is not at position {want.position}"
    if want.interval_of is not None and (
        bad is None or bad.interval != checkpoint_interval(want.interval_of)
    ):
        return f"first bad leaf {bad} is not in the interval of leaf {want.interval_of}"
    if want.leaf_free and bad is not None:
        return f"an event is blamed: {bad}"
    return None


@pytest.mark.parametrize("mutate", EVENT_MUTATIONS + OTHER_MUTATIONS, ids=lambda m: str(m.__name__))
def test_every_mutation_is_detected_and_located(
    mutate: Callable[[Path, random.Random, World], Expect],
    world: World,
    tmp_path: Path,
) -> None:
    failures, bundle = [], copy_of(world, tmp_path)
    for seed in range(MUTATIONS_PER_KIND):
        rng = random.Random(f"{mutate.__name__}/{seed}")
        want = mutate(bundle, rng, world)
        if mutate not in NO_REHASH and rng.random() < 0.5:
            refresh_manifest(bundle)  # as an attacker would: only the deeper checks can tell
        report = vb.verify(bundle, world.keys(), every_checkpoint=want.every_checkpoint)
        reason = missed(report, want)
        if reason:
            failures.append(f"seed {seed}: {reason}; {[p.message for p in report.problems]}")
        restore(bundle, world)
    assert failures == []
    assert vb.verify(world.base, world.keys(), every_checkpoint=True).problems == []


def test_the_suite_runs_at_least_a_thousand_mutations() -> None:
    kinds = len(EVENT_MUTATIONS) + len(OTHER_MUTATIONS)
    assert kinds * MUTATIONS_PER_KIND >= 1000


def test_a_dropped_cosignature_on_an_earlier_checkpoint_passes_by_default(
    world: World, tmp_path: Path
) -> None:
    bundle = copy_of(world, tmp_path)
    path = bundle / "checkpoints" / "64.note"
    path.write_bytes(edit_signature(path.read_bytes(), world.witnesses[0].name, lambda _: None))
    refresh_manifest(bundle)
    report = vb.verify(bundle, world.keys())
    assert report.problems == []
    assert 64 not in report.witnesses[world.witnesses[0].name]
    assert 64 in report.witnesses[world.witnesses[1].name]
    assert vb.verify(bundle, world.keys(), every_checkpoint=True).problems != []


def test_a_failure_prints_the_first_bad_leaf_and_exits_one(world: World, tmp_path: Path) -> None:
    bundle = copy_of(world, tmp_path)
    want = flip_state(bundle, random.Random(3), world)
    status, out, _ = run_cli(str(bundle))
    assert status == 1
    assert f"first bad leaf: index {want.leaf}, position {want.position}" in out
    status, out, _ = run_cli(str(bundle), "--json")
    bad = json.loads(out)["first_bad_leaf"]
    assert status == 1
    assert (bad["leaf_index"], bad["position"]) == (want.leaf, want.position)


# --- Agreement with the transparency package and with the published vectors -------------------

LEAVES = st.lists(st.binary(max_size=12), max_size=300)


@settings(max_examples=60, deadline=None)
@given(leaves=LEAVES)
def test_the_streaming_root_agrees_with_transparency_at_every_size(leaves: list[bytes]) -> None:
    ours, theirs = vb.CompactRange(), CompactRange()
    hashes = [leaf_hash(leaf) for leaf in leaves]
    for leaf, h in zip(leaves, hashes, strict=True):
        assert vb.leaf_hash(leaf) == h
        ours.append(h)
        theirs.append(h)
        assert ours.root() == theirs.root()
    assert ours.root() == merkle_root(hashes)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), size2=st.integers(1, 300))
def test_consistency_checks_agree_with_transparency(data: st.DataObject, size2: int) -> None:
    size1 = data.draw(st.integers(1, size2))
    source = MemoryHashSource(leaf_hash(b"%d" % i) for i in range(size2 + 1))
    roots = {n: merkle_root(source.leaf_hashes(0, n)) for n in (size1, size2, size2 + 1)}
    proof = consistency_proof(LeafSubtrees(source), size1, size2)
    assert vb.verify_consistency(size1, size2, proof, roots[size1], roots[size2])
    tampered = list(proof)
    how = data.draw(st.sampled_from(["flip", "drop", "extend", "size1", "size2", "root"]))
    a, b, r1 = size1, size2, roots[size1]
    if how == "flip" and proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        tampered[i] = bytes([proof[i][0] ^ 1]) + proof[i][1:]
    elif how == "drop" and proof:
        tampered.pop()
    elif how == "extend":
        tampered.append(roots[size2])
    elif how == "size1":
        a = data.draw(st.integers(0, size2 + 1))
    elif how == "size2":
        b = data.draw(st.integers(max(size1 - 1, 0), size2 + 1))
    else:
        r1 = roots[size2 + 1]
    root2 = roots.get(b, roots[size2])
    try:
        verify_consistency(a, b, tampered, r1, root2)
        accepted = True
    except ProofError:
        accepted = False
    assert vb.verify_consistency(a, b, tampered, r1, root2) is accepted


def _consistency_vectors() -> list[Path]:
    cases = sorted((VECTORS / "rfc9162-merkle" / "consistency").rglob("*.json"))
    return cases or [VECTORS / "MISSING.json"]  # an absent folder fails rather than skips


@pytest.mark.parametrize("path", _consistency_vectors(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_rfc9162_consistency_vector(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    proof = [base64.b64decode(h) for h in case["proof"] or []]
    root1, root2 = base64.b64decode(case["root1"]), base64.b64decode(case["root2"])
    accepted = vb.verify_consistency(case["size1"], case["size2"], proof, root1, root2)
    assert accepted is not case["wantErr"], case["desc"]


def test_the_consistency_vectors_are_all_there() -> None:
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in _consistency_vectors()]
    valid = sum(not case["wantErr"] for case in cases)
    assert (valid, len(cases) - valid) == (6, 92)


EVENTS = st.builds(
    StoredEvent,
    position=st.integers(0, 2**64 - 1),
    originator_id=st.uuids(),
    originator_version=st.integers(0, 2**64 - 1),
    topic=st.text(max_size=40),
    state=st.binary(max_size=200),
)


@settings(max_examples=100, deadline=None)
@given(event=EVENTS)
def test_the_leaf_entry_agrees_with_the_builder(event: StoredEvent) -> None:
    ours = vb.leaf_entry(
        event.position,
        event.originator_id.bytes,
        event.originator_version,
        event.topic,
        event.state,
    )
    assert ours == leaf_entry(event)


def test_the_leaf_entry_is_the_documented_layout() -> None:
    event = StoredEvent(7, UUID(int=1), 2, "ledger:x", b"{}")
    expected = (
        b"assembly-ledger/leaf/v1\n"
        + (7).to_bytes(8, "big")
        + (1).to_bytes(16, "big")
        + (2).to_bytes(8, "big")
        + b"\x00\x08ledger:x"
        + b"\x00\x00\x00\x02{}"
    )
    assert leaf_entry(event) == expected
    assert vb.leaf_entry(7, UUID(int=1).bytes, 2, "ledger:x", b"{}") == expected


def test_the_signed_note_example_of_the_specification_verifies() -> None:
    vkey = (VECTORS / "signed-note" / "example.vkey").read_text(encoding="utf-8")
    note = vb.parse_note((VECTORS / "signed-note" / "example.note").read_bytes())
    key = vb.parse_vkey(vkey, vb.ALG_ED25519)
    assert f"{key.key_id:08x}" == "530d903a"
    assert note.text == b"This is an example message.\n"
    assert note.signed_by(key)
    forged = vb.Note(b"This is an example massage.\n", note.signatures)
    with pytest.raises(vb.BundleError):
        forged.signed_by(key)


def test_keys_and_cosignatures_agree_with_transparency() -> None:
    signer, witness = Ed25519Signer.generate(ORIGIN), CosignatureSigner.generate("w.example")
    key = vb.parse_vkey(signer.verifier().vkey(), vb.ALG_ED25519)
    cokey = vb.parse_vkey(witness.verifier().vkey(), vb.ALG_COSIGNATURE)
    assert (key.key_id, cokey.key_id) == (signer.key_id, witness.key_id)
    text = Checkpoint(ORIGIN, 3, bytes(32)).text()
    note = vb.parse_note(sign_note(text, [signer, witness]))
    assert note.signed_by(key)
    assert note.signed_by(cokey)
    with pytest.raises(vb.BundleError):
        vb.parse_vkey(witness.verifier().vkey(), vb.ALG_ED25519)  # wrong type byte
    short = vb.Note(note.text, ((ORIGIN, key.key_id, b"\x00" * 10),))
    with pytest.raises(vb.BundleError):
        short.signed_by(key)
    cosignature = {n: sig for n, _, sig in note.signatures}[witness.name]
    too_late = (2**63).to_bytes(8, "big") + cosignature[8:]  # timestamps stop at 2^63 - 1
    assert cokey.verifies(note.text, cosignature)
    assert not cokey.verifies(note.text, too_late)
    assert not cokey.verifies(note.text, cosignature[:-1])
