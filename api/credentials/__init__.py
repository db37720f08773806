"""API credentials: issued, rotated and revoked by an administrator, stored hashed (ADR 0017)."""

from api.credentials.store import (
    Credential,
    CredentialNotFound,
    CredentialStore,
    Issued,
    open_credential_store,
)

__all__ = ["Credential", "CredentialNotFound", "CredentialStore", "Issued", "open_credential_store"]
