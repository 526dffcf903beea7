"""Scripted training (the gr.api endpoints such as /gan2d_train and /mode_collapse_train) on the live engine.

A script's run is one more live.Run on the shared scheduler, so it gets the same fair share of the CPU
as every visitor's run and counts against the same MAX_RUNS, instead of training on the request thread
beside all of them. The request thread only waits, keeping the run's `seen` fresh.
"""
from __future__ import annotations

import time

from demos import live

TIMEOUT = 600.0  # seconds a scripted run may take, queueing behind visitors' runs included
POLL = 0.02  # seconds between two looks at the run


class UpTo:
    """A trainer that stops at `steps` iterations: live.Finished then, so the engine ends the run."""

    def __init__(self, trainer, steps: int):
        self.trainer, self.steps = trainer, steps

    @property
    def iterations(self) -> int:
        return self.trainer.iterations

    def step(self, n: int = 1) -> None:
        left = self.steps - self.trainer.iterations
        if left > 0:
            self.trainer.step(min(n, left))
        if self.trainer.iterations >= self.steps:
            raise live.Finished(f"reached {self.steps:,} iterations")


def train_to(trainer, steps: int, timeout: float = TIMEOUT, scheduler: live.Scheduler = live.SCHEDULER) -> str:
    """Train `trainer` (step(n), iterations) on the scheduler up to `steps` iterations, waiting for it.

    -> "" once it got there, else why not (diverged, a failing step, a full server, the timeout), in words
    for a JSON "error". The trainer is never stepped after this returns."""
    run = live.Run(UpTo(trainer, steps), draw=lambda run, note: None, time_box=float("inf"))  # timeout: below
    refused = live.play(run, scheduler)
    deadline = run.started + timeout
    while run.playing and time.monotonic() < deadline:
        time.sleep(POLL)
        run.seen = time.monotonic()  # the scheduler stops a run nobody looks at (GONE_SECONDS)
    live.stop(run)
    with run.lock:  # a slice in flight ends before the trainer is read
        if trainer.iterations >= steps:
            return ""
    why = refused or run.note or f"timed out after {timeout:g} s, at iteration {trainer.iterations:,} of {steps:,}"
    return why.removeprefix("⚠️").strip()
