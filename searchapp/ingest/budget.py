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
import time
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
GRACE_SECONDS = 1.0      # a stage started after the budget is spent still gets this much


class OutOfTime(Exception):
    """A stage of the preparation ran past its share of the budget."""


class Budget:
    """Runs the stages of one release's preparation within `seconds` in all (each at least
    GRACE_SECONDS); records which ran out."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.missed: list[str] = []

    def run(self, stage: str, work: Callable[[], T], default: T) -> T:
        """work(), or default if it ran out of time."""
        remaining = max(self.deadline - time.monotonic(), GRACE_SECONDS)
        try:
            with time_limit(remaining):
                return work()
        except OutOfTime:
            self.missed.append(stage)
            return default

    def note(self) -> str:
        return (f"{', '.join(self.missed)} left out: the release took more than "
                f"{self.seconds:g} s to prepare")


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise OutOfTime in the block once `seconds` have passed (main thread only; else no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise OutOfTime()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
