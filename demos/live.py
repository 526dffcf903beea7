"""The one live-training engine: every page's live run, in both front ends, shares the server through it.

A page supplies a trainer (anything with `step(n)` and `iterations`) and a `draw(run, note) -> frame`;
a `Run` holds them with the run's clock, rate, note and lock. Training never happens in the UI's thread:
one scheduler steps every playing run of every visitor in turn, always the run that has trained least so
far, a short slice at a time. N students each get 1/N of the training time, nobody is refused Play below
MAX_RUNS, and training goes on between two frames however slowly a front end redraws. The UI only calls
`tick(run) -> (frame, going)` once per frame period (Gradio: a gr.Timer; Streamlit: a fragment).

`tick` owns what every live page shares: the time box, divergence, Stop, a vanished browser, the message
when the server is full, and the frame-to-frame rate.
"""
from __future__ import annotations

import functools
import atexit
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from core.trainers import TrainingDiverged

MAX_RUNS = 200  # playing runs on one server, far above a lecture hall; the 201st is told to wait
MAX_RUN_SECONDS = 300  # a run pauses itself after this long; Play goes on from where it stopped
FRAME_PERIOD = 0.25  # seconds between two frames: 4 a second when the server keeps up
SLICE_SECONDS = 0.01  # training time a run gets per turn; short, so Stop and drawing wait at most this long
GONE_SECONDS = 10.0  # a playing run that nobody has drawn for this long has lost its page: stopped
SAID_SECONDS = 4.0  # a control's note stays on a playing run's frames this long (one frame would be a flash)


class Finished(Exception):
    """Raised by a trainer's step() when it has nothing left to train (its message says so)."""


@dataclass(eq=False)
class Run:
    """One visitor's live training on one page section: the trainer, how to draw it, and its clock."""
    trainer: Any = None  # .step(n), .iterations
    draw: Callable[["Run", str], Any] | None = None  # (run, note) -> the page's frame
    time_box: float = MAX_RUN_SECONDS
    playing: bool = False
    note: str = ""  # why the run stopped by itself, shown once
    said: tuple[float, str] = (0.0, "")  # (time, note) of the last control changed while it plays
    rate: float = 0.0  # iterations per second, frame to frame, while playing
    shared: int = 0  # runs playing on the server at the last frame
    started: float = 0.0  # time.monotonic() of Play
    seen: float = 0.0  # time.monotonic() of the last frame drawn
    used: float = 0.0  # training seconds received: the scheduler serves the smallest first
    chunk: int = 1  # steps per slice, adapted to SLICE_SECONDS
    mark: tuple[float, int] = (0.0, 0)  # (time, iterations) at the last frame, for the rate
    scheduler: "Scheduler | None" = field(default=None, repr=False)  # the one serving it, set by play()
    timeline: Any = field(default=None, repr=False)  # its demos.history.Timeline, on pages that keep one
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def frame(self, note: str = ""):
        with self.lock:
            return self.draw(self, note)

    def swap(self, trainer) -> None:
        """A new trainer (a reset, new settings): a playing run goes on playing from the new one's start."""
        with self.lock:
            self.trainer, self.chunk, self.note = trainer, 1, ""
            self.mark = (time.monotonic(), trainer.iterations)


def locked(handler):
    """Run handler(session, ...) holding `session.lock`, so that a handler never races the scheduler."""
    @functools.wraps(handler)
    def wrapper(session, *args, **kwargs):
        with session.lock:
            return handler(session, *args, **kwargs)
    return wrapper


class Scheduler:
    """Steps every playing run, always the one that has had the least training time, one slice per turn."""

    def __init__(self, max_runs: int = MAX_RUNS, slice_seconds: float = SLICE_SECONDS,
                 gone_seconds: float = GONE_SECONDS, threaded: bool = True):
        """threaded=False: no thread of its own; whoever owns it calls serve_once() (the tests do)."""
        self.max_runs, self.slice, self.gone, self.threaded = max_runs, slice_seconds, gone_seconds, threaded
        self._runs: list[Run] = []
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def __len__(self) -> int:
        return len(self._runs)

    def add(self, run: Run) -> bool:
        """Start serving `run`; False if MAX_RUNS are already playing."""
        with self._wake:
            if run in self._runs:
                return True
            if len(self._runs) >= self.max_runs:
                return False
            run.used = min((r.used for r in self._runs), default=0.0)  # no credit for time spent stopped
            self._runs.append(run)
            if self._thread is None and self.threaded:
                self._thread = threading.Thread(target=self._serve, name="genlab-live", daemon=True)
                self._thread.start()
                atexit.register(self.close)  # a slice cut off by the interpreter's exit aborts it (torch's threads)
            self._wake.notify()
            return True

    def remove(self, run: Run) -> None:
        with self._wake:
            if run in self._runs:
                self._runs.remove(run)

    def _next(self) -> Run | None:
        with self._wake:
            while not self._runs and self.threaded and not self._closed:
                self._wake.wait()
            return None if self._closed else min(self._runs, key=lambda r: r.used, default=None)

    def _serve(self) -> None:
        while not self._closed:
            self.serve_once()

    def close(self) -> None:
        """Serve no more turns; wait for the slice in flight to end (the process is exiting)."""
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def serve_once(self) -> Run | None:
        """One turn for the playing run that has trained least (threaded: waits for one). -> that run."""
        run = self._next()
        if run is None:
            return None
        try:
            self.turn(run)
        except Exception as error:  # a page's trainer failed: that run stops, the others go on
            _halt(run, f"⚠️ training stopped: {error}")
            self.remove(run)
        return run

    def turn(self, run: Run) -> None:
        """One slice of training for `run`, or its end: Stop, a closed page, the time box, divergence."""
        now = time.monotonic()
        if run.playing and now - run.seen > self.gone:
            _halt(run, "stopped: this page stopped drawing frames (closed, or in a background tab)")
        if run.playing and now - run.started > run.time_box:
            _halt(run, f"paused after {run.time_box / 60:g} minutes; Play goes on from here")
        if not run.playing:
            self.remove(run)
            return
        with run.lock:
            if not run.playing:
                return
            started = time.perf_counter()
            try:
                run.trainer.step(run.chunk)
            except TrainingDiverged as error:
                _halt(run, f"⚠️ {error}")
            except Finished as error:
                _halt(run, str(error))
            spent = time.perf_counter() - started
        if not run.playing:
            self.remove(run)
        run.used += spent
        run.chunk = max(1, min(1000, round(run.chunk * self.slice / max(spent, 1e-4))))


SCHEDULER = Scheduler()


def _halt(run: Run, note: str) -> None:
    run.playing, run.note, run.rate = False, note, 0.0


def play(run: Run, scheduler: Scheduler = SCHEDULER) -> str:
    """Start (or go on with) the run. -> "" or why it cannot start now."""
    now = time.monotonic()
    run.started = run.seen = now
    run.mark, run.note, run.rate = (now, run.trainer.iterations), "", 0.0
    run.playing, run.scheduler = True, scheduler
    if not scheduler.add(run):
        run.playing = False
        return (f"⚠️ {scheduler.max_runs} runs are training on this server right now, its limit; "
                "press Play again in a minute.")
    return ""


def stop(run: Run) -> None:
    """Stop at once: the scheduler checks `playing` before every slice, so no more training after this."""
    run.playing, run.rate = False, 0.0
    if run.scheduler is not None:
        run.scheduler.remove(run)


def tick(run: Run) -> tuple[Any, bool]:
    """The run's next frame. -> (frame, going): going is False once the run has stopped by itself."""
    run.seen = time.monotonic()
    with run.lock:  # the clock is read holding the lock: a slice it waited for counts in the rate's window
        now = time.monotonic()
        if run.playing and now - run.started > run.time_box:
            _halt(run, f"paused after {run.time_box / 60:g} minutes; Play goes on from here")
        if run.playing:
            (then, done), iterations = run.mark, run.trainer.iterations
            if now > then:
                run.rate = (iterations - done) / (now - then)
            run.mark, run.shared = (now, iterations), len(run.scheduler)
        note, run.note = run.note, ""
        said_at, said = run.said
        if run.playing and not note and now - said_at < SAID_SECONDS:
            note = said
        return run.draw(run, note), run.playing


def say(run: Run, note: str) -> str:
    """A control's note: shown on the frame its handler draws, and on a playing run's frames for a while."""
    run.said = (time.monotonic(), note)
    return note


def describe(run: Run) -> list[str]:
    """What a status line says about the run's share of the server, while it plays."""
    if not run.playing or not run.rate:
        return []
    share = f"{run.shared} runs share this server" if run.shared > 1 else "the only run on this server"
    return [f"{run.rate:,.0f} it/s" if run.rate >= 10 else f"{run.rate:,.1f} it/s", share]
