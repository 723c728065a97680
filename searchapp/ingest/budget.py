"""A time budget for the preparation of one release: the last resort against slow extraction.

Every extractor is meant to run in linear time; should one meet text that makes it slow,
the budget stops it (a SIGALRM timer, which also interrupts a regular expression) and the
release is indexed without that part of its metadata, named with the reason. The timer
works in a process's main thread, where the reindex and its workers prepare releases;
elsewhere the stages run unbounded.
"""
from __future__ import annotations

import signal
import threading
from typing import Callable, TypeVar

T = TypeVar("T")
GRACE_SECONDS = 1.0      # once the budget is spent, each stage left still gets this much


class OutOfTime(BaseException):
    """A stage of the preparation ran past the budget (a BaseException: an extractor's own
    `except Exception` does not swallow it)."""


class Budget:
    """Runs the stages of one release's preparation within `seconds` in all; records which
    ran out. Use as a context manager: one timer for the whole release (a timer per stage
    cost 26 µs each)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.missed: list[str] = []
        self._inside = False        # a stage is running: the timer stops it
        self._spent = False
        self._armed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        self._previous = None

    def __enter__(self) -> "Budget":
        if self._armed:
            self._previous = signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, max(self.seconds, 1e-6))
        return self

    def __exit__(self, *exc) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)

    def run(self, stage: str, work: Callable[[], T], default: T) -> T:
        """work(), or default if it ran out of time."""
        if self._spent and self._armed:
            signal.setitimer(signal.ITIMER_REAL, GRACE_SECONDS)
        try:
            self._inside = True
            result = work()
            self._inside = False
            return result
        except OutOfTime:
            self._inside, self._spent = False, True
            self.missed.append(stage)
            return default

    def _expire(self, signum, frame) -> None:
        self._spent = True
        if self._inside:
            raise OutOfTime()
        signal.setitimer(signal.ITIMER_REAL, GRACE_SECONDS)   # between stages: the next one gets its grace

    def note(self) -> str:
        return (f"{', '.join(self.missed)} left out: the release took more than "
                f"{self.seconds:g} s to prepare")
