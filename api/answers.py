"""Serialized composition answers, reused while the view's log position has not moved.

The log is append-only, so an answer computed at a position stays right until the view moves on.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from weakref import WeakKeyDictionary

from projections.composition import CompositionView

#: A cached answer is served only at the view position it was computed at, and for at most this
#: many seconds: a rebuild with changed handlers can reach the same position with other rows.
ANSWER_MAX_AGE = 1.0
MAX_ANSWERS = 256
Question = tuple[str, date, str | None]


class Answers:
    """The serialized composition answers of one view position; a new position starts afresh."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._position = -1
        self._answers: dict[Question, tuple[float, bytes]] = {}

    def get(self, position: int, question: Question) -> bytes | None:
        """The answer computed at this position, if still fresh."""
        with self._lock:
            found = self._answers.get(question) if position == self._position else None
        if found is None or time.monotonic() - found[0] > ANSWER_MAX_AGE:
            return None
        return found[1]

    def put(self, position: int, question: Question, answer: bytes) -> None:
        """Remember an answer computed at this position; a new position starts afresh."""
        with self._lock:
            if position != self._position:
                self._position, self._answers = position, {}
            elif len(self._answers) >= MAX_ANSWERS:
                del self._answers[next(iter(self._answers))]
            self._answers[question] = (time.monotonic(), answer)


_ANSWERS: WeakKeyDictionary[CompositionView, Answers] = WeakKeyDictionary()
_ANSWERS_LOCK = threading.Lock()


def answers_of(view: CompositionView) -> Answers:
    """The answer cache of one view."""
    with _ANSWERS_LOCK:
        answers = _ANSWERS.get(view)
        if answers is None:
            answers = _ANSWERS[view] = Answers()
        return answers
