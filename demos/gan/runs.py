"""How live training shares one small server: a few runs at once, each chunk short, each run time-boxed.

Framework-free, so both UIs obey the same caps. A chunk trains for a fixed slice of wall time (not a
fixed number of steps), so the page refreshes at a steady rate whatever the model's speed.
"""
from __future__ import annotations

import functools
import threading
import time
from contextlib import contextmanager

MAX_RUNS = 2  # trainings at once in this process: a 2-vCPU Space stays responsive for everyone else
MAX_RUN_SECONDS = 300  # a run pauses itself after this long; Play goes on from where it stopped
FRAME_SECONDS = 0.2  # training time between two redraws when drawing is slow (the digit GAN)
FRAME_PERIOD = 0.24  # a 2-D stream's time from frame to frame: 4.2 frames a second, training in between
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


def locked(handler):
    """Run handler(session, ...) holding `session.lock`, so that two calls never touch one model at once.

    Streamlit can start a rerun (Stop, a slider) while the last run is still inside a training chunk on
    another thread; without the lock, drawing D's gradients while Adam updates D in place raised
    "a variable needed for gradient computation has been modified by an inplace operation".
    """
    @functools.wraps(handler)
    def wrapper(session, *args, **kwargs):
        with session.lock:
            return handler(session, *args, **kwargs)
    return wrapper


class Pacer:
    """Keeps a training stream at one frame every `period` seconds and trains for all the time drawing leaves.

    Call train() before drawing a frame and drawn() after: training stops early enough for the frame to
    be drawn by its due time, judged by how long the previous one took to draw. A stream that falls
    behind (a slow browser, a busy server) starts a fresh schedule instead of rushing to catch up.
    """

    def __init__(self, period: float = FRAME_PERIOD):
        self.period = period
        self.due = self.draw = self.shown_at = 0.0  # perf_counter seconds
        self.shown_steps = 0
        self.rate = 0.0  # steps per second from frame to frame, drawing and sending included

    def train(self, step, chunk: int = 25) -> int:
        """Call step(chunk) until the coming frame must be drawn. -> steps done."""
        now = time.perf_counter()
        if self.due < now + self.draw + 0.25 * self.period:
            self.due = now + self.period
        done, rate = advance(step, self.due - now - self.draw, chunk)
        if not self.shown_at:  # the first frame: no frame-to-frame rate yet
            self.rate = rate
        return done

    def drawn(self, started: float, steps: int) -> None:
        """The frame whose drawing began at `started` (perf_counter) is drawn; `steps` = the trainer's count."""
        now = time.perf_counter()
        self.draw = now - started
        if self.shown_at:
            self.rate = (steps - self.shown_steps) / (now - self.shown_at)
        self.shown_at, self.shown_steps = now, steps
        self.due += self.period


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
