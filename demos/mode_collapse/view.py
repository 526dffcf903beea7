"""The Mode collapse page, framework-free: a per-user Session of one or two runs and their frames.

Both UIs keep one Session per user (gr.State / st.session_state) and call these functions. Two runs share
the mixture and the seed and advance together, one stream for both; each stops at its method's STEPS.
Figures: figures.py; words: methods.py; the benchmark table: table.py; the APIs: api.py.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from core.data import MIXTURES
from core.mode_collapse import EVAL, METHODS, STEPS
from core.trainers import TrainingDiverged, make
from demos import pages
from demos.gan import runs
from demos.mode_collapse import figures, methods

TITLE, SLUG = pages.MODE_COLLAPSE.title, pages.MODE_COLLAPSE.slug
DEFAULTS = dict(mixture="ring8", method="nonsaturating", versus="", seed=0, every=500,
                modes="-2, 0; 2, 0; 0, 2; 0, -2; 0, 0")
POINTS = 500  # samples per film-strip snapshot and per API answer


class Frame(NamedTuple):
    samples: object  # plotly figures
    film: object
    histogram: object
    curves: object
    status: str


@dataclass
class Run:
    trainer: object  # a core.mode_collapse.ModeCollapseGAN
    method: str
    film: list = field(default_factory=list)  # (iteration, (POINTS, 2) float32 samples)
    last: dict = field(default_factory=dict)  # the latest measure()

    @property
    def done(self) -> bool:
        return self.trainer.iterations >= STEPS[self.method]


@dataclass
class Session:
    """One user's runs and settings; mutated in place by the handlers (never shared between users)."""
    runs: list
    settings: dict
    rate: float = 0.0  # iterations per second while playing, frame to frame
    run_started: float = 0.0
    pacer: runs.Pacer | None = None
    stop_note: str = ""
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # see runs.locked


def parse_modes(text: str) -> np.ndarray:
    """'x, y; x, y; ...' -> (K, 2) centres; ValueError with a plain message for anything else."""
    pairs = [p for p in re.split(r"[;\n]+", str(text or "")) if p.strip()]
    try:
        centers = np.array([[float(v) for v in re.split(r"[,\s]+", p.strip())] for p in pairs], dtype=np.float64)
    except ValueError:
        raise ValueError("write your modes as x, y pairs separated by ';', e.g. -2, 0; 2, 0; 0, 2") from None
    if centers.ndim != 2 or centers.shape[1] != 2 or not 2 <= len(centers) <= 50:
        raise ValueError("give 2 to 50 modes, each as two numbers x, y (pairs separated by ';')")
    if not np.isfinite(centers).all() or np.abs(centers).max() > 5:
        raise ValueError("keep every coordinate between -5 and 5")
    return centers


def _trainer(settings: dict, method: str):
    seed = int(settings["seed"])
    if not 0 <= seed <= 10_000:
        raise ValueError("the seed must be between 0 and 10,000")
    if settings["mixture"] == "drawn":
        return make("mode_collapse", centers=parse_modes(settings["modes"]), method=method, seed=seed)
    return make("mode_collapse", mixture=settings["mixture"], method=method, seed=seed)


def build(settings: dict) -> Session:
    """A fresh session from settings (mixture, method, versus, seed, every, modes); ValueError if bad."""
    settings = {**DEFAULTS, **settings}
    if settings["mixture"] not in (*MIXTURES, "drawn"):
        raise ValueError(f"unknown mixture {settings['mixture']!r}")
    chosen = [settings["method"]] + ([settings["versus"]] if settings["versus"] else [])
    unknown = [m for m in chosen if m not in METHODS]
    if unknown:
        raise ValueError(f"unknown method {unknown[0]!r}; known: {', '.join(METHODS)}")
    if not 50 <= int(settings["every"]) <= 5000:
        raise ValueError("snapshot every 50 to 5,000 iterations")
    session = Session([Run(_trainer(settings, m), m) for m in chosen], settings)
    for run in session.runs:
        _shoot(run)  # the film strip starts at iteration 0
    return session


def new_session() -> Session:
    return build({})


@runs.locked
def rebuild(session: Session, settings: dict) -> str:
    """New settings: a fresh session in place, or a message and the old runs kept."""
    try:
        fresh = build(settings)
    except (ValueError, TypeError) as error:
        return f"⚠️ {error}"
    session.runs, session.settings, session.stop_note = fresh.runs, fresh.settings, ""
    session.run_started = session.rate = 0.0
    return "Ready: press Play."


def notes(session: Session) -> str:
    return "\n\n".join(methods.markdown(run.method) for run in session.runs)


class Finished(Exception):
    """Every run has reached its method's STEPS."""


def _shoot(run: Run) -> None:
    if not run.film or run.film[-1][0] != run.trainer.iterations:
        run.film.append((run.trainer.iterations, run.trainer.sample()[:POINTS].astype(np.float32)))
        del run.film[:-figures.FILM]


def _step(session: Session, n: int) -> None:
    """n iterations of every run that has not reached its STEPS, snapshots on the way; Finished when all have."""
    every = int(session.settings["every"])
    for run in session.runs:
        left = min(n, STEPS[run.method] - run.trainer.iterations)
        while left > 0:
            k = min(left, every - run.trainer.iterations % every)
            run.trainer.step(k)
            left -= k
            if run.trainer.iterations % every == 0:
                _shoot(run)
    if all(run.done for run in session.runs):
        raise Finished


def _measure(run: Run) -> dict:
    history = run.trainer.history
    if not run.last or not history["measured_at"] or history["measured_at"][-1] != run.trainer.iterations:
        run.last = run.trainer.measure()
    return run.last


def status(session: Session, note: str = "") -> str:
    done, total = (max(f(r) for r in session.runs) for f in (lambda r: r.trainer.iterations, lambda r: STEPS[r.method]))
    parts = [f"iteration {done:,} / {total:,}"] + ([f"{session.rate:,.0f} it/s"] if session.rate else [])
    for run in session.runs:
        m, k = _measure(run), len(run.trainer.mixture.centers)
        parts.append(f"{methods.label(run.method)}: {m['modes']} / {k} modes, {100 * m['hq']:.1f} % high quality, "
                     f"reverse KL {m['reverse_kl']:.2f}".replace("inf", "∞"))
    return " · ".join(parts) + (f" — {note}" if note else "")


@runs.locked
def frame(session: Session, note: str = "") -> Frame:
    shown = [(methods.label(r.method), r, figures.COLORS[i]) for i, r in enumerate(session.runs)]
    mixture = session.runs[0].trainer.mixture
    text = status(session, note)  # measures every run first
    return Frame(
        figures.samples_figure(mixture, [(name, r.trainer.sample(), c) for name, r, c in shown]),
        figures.film_figure(mixture, [(name, r.film, c) for name, r, c in shown]),
        figures.histogram_figure(mixture, [(name, (r.last["counts"], EVAL), c) for name, r, c in shown]),
        figures.curves_figure(mixture, [(name, r.trainer.history, c) for name, r, c in shown],
                              max(STEPS[r.method] for r in session.runs)),
        text)


@runs.locked
def train_frame(session: Session) -> tuple[Frame, bool]:
    """Train until the next frame is due, then draw. -> (frame, go on?): the end, a divergence or the time box stop."""
    if not session.run_started:
        session.run_started, session.pacer = time.monotonic(), runs.Pacer()
    try:
        session.pacer.train(lambda n: _step(session, n))
    except Finished:
        return _stopped(session, "finished: every run reached its iterations; Reset to train again")
    except TrainingDiverged as error:
        return _stopped(session, f"⚠️ {error}")
    if time.monotonic() - session.run_started > runs.MAX_RUN_SECONDS:
        return _stopped(session, f"paused after {runs.MAX_RUN_SECONDS // 60} minutes; Play goes on")
    started = time.perf_counter()
    session.rate = session.pacer.rate
    shown = frame(session)
    session.pacer.drawn(started, session.runs[0].trainer.iterations)
    return shown, True


def _stopped(session: Session, note: str) -> tuple[Frame, bool]:
    session.stop_note, session.run_started, session.rate = note, 0.0, 0.0
    return frame(session, note=note), False
