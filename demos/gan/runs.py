"""How live training shares one small server: a few runs at once, each chunk short, each run time-boxed.

Framework-free, so both UIs obey the same caps. A chunk trains for a fixed slice of wall time (not a
fixed number of steps), so the page refreshes at a steady rate whatever the model's speed.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

MAX_RUNS = 2  # trainings at once in this process: a 2-vCPU Space stays responsive for everyone else
MAX_RUN_SECONDS = 300  # a run pauses itself after this long; Play goes on from where it stopped
FRAME_SECONDS = 0.2  # training time between two redraws: with drawing, about 4 frames a second
_slots = threading.BoundedSemaphore(MAX_RUNS)


class Busy(RuntimeError):
    """Every training slot is taken."""


@contextmanager
def slot():
    """Hold one of MAX_RUNS training slots for the duration of a run; raise Busy at once if none is free."""
    if not _slots.acquire(blocking=False):
        raise Busy(f"{MAX_RUNS} trainings are already running on this server; press Play again in a moment.")
    try:
        yield
    finally:
        _slots.release()


def advance(step, seconds: float = FRAME_SECONDS, chunk: int = 25, max_steps: int | None = None) -> tuple[int, float]:
    """Call step(chunk) until `seconds` have passed (or max_steps are done). -> (steps done, steps per second)."""
    start = time.perf_counter()
    done = 0
    while time.perf_counter() - start < seconds and (max_steps is None or done < max_steps):
        n = chunk if max_steps is None else min(chunk, max_steps - done)
        step(n)
        done += n
    elapsed = time.perf_counter() - start
    return done, done / elapsed if elapsed > 0 else 0.0
