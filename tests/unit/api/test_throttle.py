"""The failed-authentication throttle: a sliding window per client address."""

from __future__ import annotations

from api.throttle import FailureThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_is_held_back_after_the_limit_until_its_oldest_failure_leaves_the_window() -> (
    None
):
    clock = Clock()
    throttle = FailureThrottle(limit=3, window=60, clock=clock)
    for moment in (1000.0, 1010.0, 1030.0):
        clock.now = moment
        assert throttle.retry_after("10.0.0.1") is None
        throttle.failed("10.0.0.1")
    clock.now = 1050.0

    assert throttle.retry_after("10.0.0.1") == 10  # the failure at 1000 leaves at 1060
    assert throttle.retry_after("10.0.0.2") is None  # another address is not held back
    clock.now = 1059.5
    assert throttle.retry_after("10.0.0.1") == 1
    clock.now = 1060.0
    assert throttle.retry_after("10.0.0.1") is None  # two failures left in the window
    throttle.failed("10.0.0.1")
    assert throttle.retry_after("10.0.0.1") == 10  # 1010 + 60 - 1060


def test_a_long_window_answers_the_seconds_left() -> None:
    clock = Clock()
    throttle = FailureThrottle(limit=1, window=600, clock=clock)
    throttle.failed("a")
    clock.now += 100
    assert throttle.retry_after("a") == 500
