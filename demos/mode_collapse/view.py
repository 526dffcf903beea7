"""The Mode collapse page, framework-free: a per-user Session of one or two runs and their frames.

Both UIs keep one Session per user (gr.State / st.session_state) and call these functions. Two runs share
the mixture and the seed and advance together, one Pair stepped by the live engine (demos/live.py); each
stops at its method's STEPS. Figures: figures.py; words: methods.py; the benchmark table: table.py; the APIs: api.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from core.data import MIXTURES
from core.mode_collapse import EVAL, METHODS, STEPS
from core.threads import one_thread
from core.trainers import make
from demos import live, pages
from demos.mode_collapse import figures, methods

TITLE, SLUG = pages.MODE_COLLAPSE.title, pages.MODE_COLLAPSE.slug
# The first click: the saturating GAN, which at seed 0 ends on 3 of ring8's 8 modes, beside minibatch std-dev, which
# covers all 8 in every seed (benchmarks/results/mode_collapse.json; tests/demos/test_mode_collapse_view.py checks it)
DEFAULTS = dict(mixture="ring8", method="minimax", versus="minibatch_stddev", seed=0, every=500,
                modes="-2, 0; 2, 0; 0, 2; 0, -2; 0, 0")
POINTS = 500  # samples per film-strip snapshot and per API answer
FINISHED = "finished: every run reached its iterations; Reset to train again"


class Frame(NamedTuple):
    samples: object  # plotly figures
    film: object
    histogram: object
    curves: object
    status: str


@dataclass
class Line:
    """One method's run: its trainer, its film strip and its latest scores."""
    trainer: object  # a core.mode_collapse.ModeCollapseGAN
    method: str
    film: list = field(default_factory=list)  # (iteration, (POINTS, 2) float32 samples)
    last: dict = field(default_factory=dict)  # the latest measure()

    @property
    def done(self) -> bool:
        return self.trainer.iterations >= STEPS[self.method]


class Pair:
    """The live run's trainer: one or two Lines on the same mixture and seed, advanced together.

    step(n) gives every Line that has not reached its STEPS n more iterations, snapshotting the film strip
    every `every` iterations; live.Finished once all have (the engine shows the note and stops)."""

    def __init__(self, lines: list[Line], every: int):
        self.lines, self.every = lines, every
        for line in lines:
            _shoot(line)  # the film strip starts at iteration 0

    @property
    def iterations(self) -> int:
        return max(line.trainer.iterations for line in self.lines)

    def step(self, n: int = 1) -> None:
        for line in self.lines:
            left = min(n, STEPS[line.method] - line.trainer.iterations)
            while left > 0:
                k = min(left, self.every - line.trainer.iterations % self.every)
                line.trainer.step(k)
                left -= k
                if line.trainer.iterations % self.every == 0:
                    _shoot(line)
        if all(line.done for line in self.lines):
            raise live.Finished(FINISHED)


@dataclass(eq=False)
class Session:
    """One user's page: the live run (its trainer a Pair) and the settings it was built from."""
    run: live.Run
    settings: dict

    @property
    def runs(self) -> list[Line]:
        return self.run.trainer.lines

    @property
    def lock(self):
        return self.run.lock


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


def pair(settings: dict) -> tuple[Pair, dict]:
    """A fresh Pair from settings (mixture, method, versus, seed, every, modes), and the full settings;
    ValueError if one is bad."""
    settings = {**DEFAULTS, **settings}
    if settings["mixture"] not in (*MIXTURES, "drawn"):
        raise ValueError(f"unknown mixture {settings['mixture']!r}")
    chosen = [settings["method"]] + ([settings["versus"]] if settings["versus"] else [])
    unknown = [m for m in chosen if m not in METHODS]
    if unknown:
        raise ValueError(f"unknown method {unknown[0]!r}; known: {', '.join(METHODS)}")
    if not 50 <= int(settings["every"]) <= 5000:
        raise ValueError("snapshot every 50 to 5,000 iterations")
    return Pair([Line(_trainer(settings, m), m) for m in chosen], int(settings["every"])), settings


def build(settings: dict) -> Session:
    """A fresh session from settings; ValueError if one is bad."""
    trainer, settings = pair(settings)
    session = Session(live.Run(trainer), settings)
    session.run.draw = lambda run, note: frame(session, note=note)
    return session


def new_session() -> Session:
    return build({})


@live.locked
def rebuild(session: Session, settings: dict) -> str:
    """New settings: a fresh Pair in place (a playing run goes on with it), or a message and the old runs kept."""
    try:
        fresh, settings = pair(settings)
    except (ValueError, TypeError) as error:
        return f"⚠️ {error}"
    session.run.swap(fresh)
    session.settings = settings
    return "Ready: press Play."


def notes(session: Session) -> str:
    return "\n\n".join(methods.markdown(line.method) for line in session.runs)


def _shoot(line: Line) -> None:
    if not line.film or line.film[-1][0] != line.trainer.iterations:
        line.film.append((line.trainer.iterations, line.trainer.sample()[:POINTS].astype(np.float32)))
        del line.film[:-figures.FILM]


def _measure(line: Line) -> dict:
    history = line.trainer.history
    if not line.last or not history["measured_at"] or history["measured_at"][-1] != line.trainer.iterations:
        line.last = line.trainer.measure()
    return line.last


def status(session: Session, note: str = "") -> str:
    done, total = (max(f(r) for r in session.runs) for f in (lambda r: r.trainer.iterations, lambda r: STEPS[r.method]))
    parts = [f"iteration {done:,} / {total:,}", *live.describe(session.run)]
    for line in session.runs:
        m, k = _measure(line), len(line.trainer.mixture.centers)
        parts.append(f"{methods.label(line.method)}: {m['modes']} / {k} modes, {100 * m['hq']:.1f} % high quality, "
                     f"reverse KL {m['reverse_kl']:.2f}".replace("inf", "∞"))
    return " · ".join(parts) + (f" — {note}" if note else "")


@live.locked
def frame(session: Session, note: str = "") -> Frame:
    with one_thread():  # torch's second thread only contends with the scheduler's for these small networks
        return _frame(session, note)


def _frame(session: Session, note: str) -> Frame:
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
