"""The log key file, the log's settings and the witnesses' addresses."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from audit.checkpoints import LogKeyError, load_or_create_key, open_log_key, verifier_key
from audit.settings import DEFAULT_ORIGIN, TlogSettings, WitnessSpec
from audit.witnessing import WitnessClient, check_loopback
from infra.settings import StoreSettings
from transparency.cosignature import CosignatureSigner
from transparency.note import Ed25519Signer, Ed25519Verifier, open_note, sign_note


def test_the_key_is_created_once_with_mode_0600_and_named_after_the_origin(
    tmp_path: Path,
) -> None:
    path = tmp_path / "data" / "tlog.key"
    signer = load_or_create_key(path, "example.org/log")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("PRIVATE+KEY+example.org/log+")
    again = load_or_create_key(path, "example.org/log")
    assert again.skey() == signer.skey()
    assert [p.name for p in path.parent.iterdir()] == ["tlog.key"]  # no temporary file left
    vkey = verifier_key(again)
    assert vkey.startswith("example.org/log+")
    note = sign_note("hello\n", [signer])
    assert open_note(note, [Ed25519Verifier.from_vkey(vkey)]).text == "hello\n"


def test_a_key_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tlog.key"
    load_or_create_key(path, "example.org/log")
    path.chmod(0o644)
    with pytest.raises(LogKeyError, match="0644"):
        load_or_create_key(path, "example.org/log")


def test_a_key_of_another_origin_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tlog.key"
    load_or_create_key(path, "example.org/log")
    with pytest.raises(LogKeyError, match="not of origin"):
        load_or_create_key(path, "example.org/other")


def test_a_file_that_holds_no_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tlog.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, b"not a key\n")
    os.close(fd)
    with pytest.raises(LogKeyError, match="does not hold"):
        load_or_create_key(path, "example.org/log")


def test_settings_default_and_read_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StoreSettings(data_dir=tmp_path)
    defaults = TlogSettings()
    assert defaults.origin == DEFAULT_ORIGIN == "assembly-ledger.local/log"
    assert defaults.interval == 5.0
    assert defaults.witnesses == []
    assert defaults.key_path(store) == tmp_path / "tlog.key"
    witness = CosignatureSigner.generate("witness.example/w1").verifier().vkey()
    monkeypatch.setenv("ASSEMBLY_TLOG_ORIGIN", "ledger.example/log")
    monkeypatch.setenv("ASSEMBLY_TLOG_KEY_FILE", str(tmp_path / "elsewhere.key"))
    monkeypatch.setenv("ASSEMBLY_TLOG_INTERVAL", "0.5")
    monkeypatch.setenv(
        "ASSEMBLY_TLOG_WITNESSES", f'[{{"url": "http://127.0.0.1:9/", "vkey": "{witness}"}}]'
    )
    tlog = TlogSettings()
    assert tlog.origin == "ledger.example/log"
    assert tlog.interval == 0.5
    assert tlog.witnesses == [WitnessSpec(url="http://127.0.0.1:9/", vkey=witness)]
    assert tlog.key_path(store) == tmp_path / "elsewhere.key"
    signer = open_log_key(store, tlog)
    assert signer.name == "ledger.example/log"
    assert (tmp_path / "elsewhere.key").exists()
    assert not (tmp_path / "tlog.key").exists()
    client = WitnessClient.from_spec(tlog.witnesses[0])
    assert client.url == "http://127.0.0.1:9"
    assert client.name == "witness.example/w1"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "https://localhost/prefix", "http://[::1]:9", "http://127.9.9.9"],
)
def test_loopback_witnesses_are_accepted(url: str) -> None:
    assert check_loopback(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1:8080",
        "https://witness.example.org",
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "http://127.0.0.1.example.org/",
        "127.0.0.1:8080",
    ],
)
def test_other_witness_addresses_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="witness URL"):
        check_loopback(url)


def test_a_witness_key_must_be_a_cosignature_key() -> None:
    log_style = Ed25519Signer.generate("witness.example/w1").verifier().vkey()
    with pytest.raises(ValueError, match="cosignature"):
        WitnessClient.from_spec(WitnessSpec(url="http://127.0.0.1:1", vkey=log_style))
