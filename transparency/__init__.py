"""A verifiable log over the ledger: RFC 9162 Merkle tree, C2SP checkpoints, witnesses.

Modules: `merkle` (hashes, proofs, leaf and subtree sources), `compact` (append-only frontier),
`note` and `note_keys` (signed notes, Ed25519 keys), `checkpoint`, `cosignature`, `tiles`,
`witness` (the add-checkpoint protocol) and `witness_server` (it over loopback HTTP).
"""
