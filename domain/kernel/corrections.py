"""Corrections: an error is corrected by a new event that points at the event it corrects.

Nothing recorded is edited or deleted. A correction names the corrected event by its aggregate and
version, says why, and either retracts what that event recorded or restates its dates; the views
show the corrected state from the correction's recording time and the earlier one before it.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from domain.kernel.text import Prose
from domain.kernel.values import Frozen


class EventRef(Frozen):
    """The event a correction corrects: its aggregate and its version in that aggregate."""

    originator_id: UUID
    originator_version: int = Field(ge=1)


class Reason(Frozen):
    """Why a correction was made, in words an auditor can check."""

    text: Prose = Field(min_length=3, max_length=2000)
