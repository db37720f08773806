"""The administrator's command line for credentials; the first administrator is issued here.

    python -m api.credentials issue --name NAME --role ROLE [--expires-in-days D] [--replace]
    python -m api.credentials rotate CREDENTIAL_ID [--expires-in-days D]
    python -m api.credentials revoke CREDENTIAL_ID
    python -m api.credentials list

The store is the one the `ASSEMBLY_*` variables name (StoreSettings), or `--data-dir`'s SQLite
file. A token is printed once, at issue or rotation; `--token-only` prints it alone, for scripts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from api.config import Role
from api.credentials.store import Credential, CredentialNotFound, Issued, open_credential_store
from infra.settings import StoreSettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m api.credentials", description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="data directory (env ASSEMBLY_DATA_DIR)")
    commands = parser.add_subparsers(dest="command", required=True)
    issue = commands.add_parser("issue", help="issue a credential to a new principal")
    issue.add_argument("--name", required=True)
    issue.add_argument("--role", required=True, choices=[r.value for r in Role])
    issue.add_argument("--expires-in-days", type=float)
    issue.add_argument(
        "--replace", action="store_true", help="first revoke active credentials of this name"
    )
    issue.add_argument("--token-only", action="store_true")
    rotate = commands.add_parser("rotate", help="revoke a credential and issue a new token")
    rotate.add_argument("credential_id", type=UUID)
    rotate.add_argument("--expires-in-days", type=float)
    rotate.add_argument("--token-only", action="store_true")
    revoke = commands.add_parser("revoke", help="revoke a credential")
    revoke.add_argument("credential_id", type=UUID)
    commands.add_parser("list", help="every credential, without tokens")
    return parser


def _line(c: Credential) -> str:
    expires = c.expires_at.isoformat() if c.expires_at else "never"
    state = "active" if c.active(datetime.now(UTC)) else "inactive"
    revoked = f" revoked {c.revoked_at.isoformat()}" if c.revoked_at else ""
    return (
        f"{c.credential_id}  principal {c.principal_id}  {c.role.value:<13} {state:<8} "
        f"expires {expires}{revoked}  {c.name}"
    )


def _show(issued: Issued, token_only: bool) -> None:
    if token_only:
        print(issued.token)
        return
    print(_line(issued.credential))
    print(f"token (shown once): {issued.token}")


def _until(days: float | None) -> datetime | None:
    return None if days is None else datetime.now(UTC) + timedelta(days=days)


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command against the credential store."""
    args = _parser().parse_args(argv)
    settings = StoreSettings()
    if args.data_dir is not None:
        settings = settings.model_copy(update={"store": "sqlite", "data_dir": args.data_dir})
    store = open_credential_store(settings)
    try:
        if args.command == "issue":
            if args.replace:
                now = datetime.now(UTC)
                for old in store.list():
                    if old.name == args.name.strip() and old.active(now):
                        store.revoke(old.credential_id, now=now)
            issued = store.issue(
                args.name, Role(args.role), expires_at=_until(args.expires_in_days)
            )
            _show(issued, args.token_only)
        elif args.command == "rotate":
            rotated = store.rotate(args.credential_id, expires_at=_until(args.expires_in_days))
            _show(rotated, args.token_only)
        elif args.command == "revoke":
            print(_line(store.revoke(args.credential_id)))
        else:
            for credential in store.list():
                print(_line(credential))
    except CredentialNotFound as missing:
        print(f"error: no active credential {missing}", file=sys.stderr)
        raise SystemExit(1) from None
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        store.close()
