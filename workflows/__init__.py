"""Temporal workflows for the Regulation's multi-step procedures, their activities and worker."""
