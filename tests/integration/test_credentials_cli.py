"""`python -m api.credentials` as an administrator runs it: the first administrator, rotation,
revocation and the listing, each seen at once by the store the API reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from uuid import UUID

from api.config import Role
from api.credentials.store import digest, open_credential_store
from infra.settings import StoreSettings

ROOT = Path(__file__).resolve().parents[2]


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSEMBLY_", "LEDGER_"))}
    command = [sys.executable, "-m", "api.credentials", "--data-dir", str(data), *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_first_administrator_is_issued_rotated_and_revoked_from_the_command_line(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    issued = cli(data, "issue", "--name", "Sample Administrator", "--role", "administrator")
    assert issued.returncode == 0, issued.stderr
    line, shown = issued.stdout.strip().splitlines()
    credential_id = UUID(line.split()[0])
    token = shown.removeprefix("token (shown once): ")
    assert token != shown
    assert token.startswith("al_")

    store = open_credential_store(StoreSettings(store="sqlite", data_dir=data))
    try:
        found = store.lookup(token)
        assert found is not None
        assert found.role is Role.ADMINISTRATOR
        assert found.credential_id == credential_id

        listing = cli(data, "list")
        assert listing.returncode == 0
        assert "Sample Administrator" in listing.stdout
        assert token not in listing.stdout

        rotated = cli(data, "rotate", str(credential_id), "--token-only")
        assert rotated.returncode == 0, rotated.stderr
        new_token = rotated.stdout.strip()
        assert store.lookup(token) is None
        renewed = store.lookup(new_token)
        assert renewed is not None
        assert renewed.principal_id == found.principal_id

        revoked = cli(data, "revoke", str(renewed.credential_id))
        assert revoked.returncode == 0
        assert store.lookup(new_token) is None
        again = cli(data, "revoke", str(renewed.credential_id))
        assert again.returncode == 1
        assert "no active credential" in again.stderr
    finally:
        store.close()
    # read only once the store is closed: closing another descriptor of an open SQLite file
    # would drop that connection's POSIX locks
    stored = (data / "credentials.sqlite").read_bytes().decode(errors="replace")
    assert token not in stored
    assert new_token not in stored
    assert digest(token) in stored
    assert digest(new_token) in stored


def test_replace_revokes_the_earlier_credentials_of_that_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = ("issue", "--name", "Sample Dev", "--role", "secretariat", "--token-only", "--replace")
    first, second = cli(data, *args).stdout.strip(), cli(data, *args).stdout.strip()
    other = cli(data, "issue", "--name", "Sample Other", "--role", "auditor", "--token-only")

    store = open_credential_store(StoreSettings(store="sqlite", data_dir=data))
    try:
        assert store.lookup(first) is None
        assert store.lookup(second) is not None
        assert store.lookup(other.stdout.strip()) is not None
    finally:
        store.close()
    bad = cli(data, "issue", "--name", "Sample", "--role", "emperor")
    assert bad.returncode == 2
