"""The Mode collapse page, framework-free: a per-user Session of one or two runs and their frames.

Both UIs keep one Session per user (gr.State / st.session_state) and call these functions. Two runs share
the mixture and the seed and advance together, one Pair stepped by the live engine (demos/live.py); each
stops at its method's STEPS. Every frame drawn is kept in the run's history, and the timeline scrubs back
through it (rewind.py, which also makes the film strip from it). Figures: figures.py; words: methods.py; the
benchmark table: table.py; the APIs: api.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from core.data import MIXTURES
from core.mode_collapse import METHODS, STEPS
from core.threads import one_thread
from core.trainers import make
from demos import history, live, pages
from demos.mode_collapse import figures, methods, rewind

TITLE, SLUG = pages.MODE_COLLAPSE.title, pages.MODE_COLLAPSE.slug
# The first click: the saturating GAN, which at seed 0 ends on 3 of ring8's 8 modes, beside minibatch std-dev, which
# covers all 8 in every seed (benchmarks/results/mode_collapse.json; tests/demos/test_mode_collapse_view.py checks it)
DEFAULTS = dict(mixture="ring8", method="minimax", versus="minibatch_stddev", seed=0, every=500,
                modes="-2, 0; 2, 0; 0, 2; 0, -2; 0, 0")
POINTS = 500  # samples per API answer
FINISHED = "finished: every run reached its iterations; Reset to train again"


class Frame(NamedTuple):
    samples: object  # plotly figures
    film: object
    histogram: object
    curves: object
    status: str


@dataclass
class Line:
    """One method's run: its trainer and its latest scores."""
    trainer: object  # a core.mode_collapse.ModeCollapseGAN
    method: str
    last: dict = field(default_factory=dict)  # the latest measure()

    @property
    def done(self) -> bool:
        return self.trainer.iterations >= STEPS[self.method]


class Pair:
    """The live run's trainer: one or two Lines on the same mixture and seed, advanced together.

    step(n) gives every Line that has not reached its STEPS n more iterations, in lockstep, and keeps a frame
    in the run's history at every multiple of `every` (the film strip's snapshots; `run`: the live.Run whose
    history it is, None for a Pair nobody watches); live.Finished once all have (the engine shows the note)."""

    def __init__(self, lines: list[Line], every: int):
        self.lines, self.every, self.run = lines, every, None

    @property
    def iterations(self) -> int:
        return max(line.trainer.iterations for line in self.lines)

    def step(self, n: int = 1) -> None:
        while n > 0 and not all(line.done for line in self.lines):
            k = min(n, self.every - self.iterations % self.every)
            for line in self.lines:
                if not line.done:
                    line.trainer.step(min(k, STEPS[line.method] - line.trainer.iterations))
            n -= k
            if self.run is not None and self.iterations % self.every == 0:
                rewind.keep(self.run, self)
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
    _watch(session, trainer)
    return session


def _watch(session: Session, trainer: Pair) -> None:
    """The Pair keeps its frames in the session's run's history, from iteration 0 (the film strip's first)."""
    trainer.run = session.run
    rewind.keep(session.run, trainer)


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
    _watch(session, fresh)
    session.settings = settings
    return "Ready: press Play."


def notes(session: Session) -> str:
    return "\n\n".join(methods.markdown(line.method) for line in session.runs)


def status(session: Session, shown: rewind.Still, note: str = "") -> str:
    """The status line of the frame shown (the runs now, or a frame from the history: rewind.frame_of)."""
    total = max(STEPS[r.method] for r in session.runs)
    parts = [f"iteration {shown.iteration:,} / {total:,}", *live.describe(session.run)]
    for line, shot in zip(session.runs, shown.shots):
        m, k = shot.scores, len(line.trainer.mixture.centers)
        parts.append(f"{methods.label(line.method)}: {m['modes']} / {k} modes, {100 * m['hq']:.1f} % high quality, "
                     f"reverse KL {m['reverse_kl']:.2f}".replace("inf", "∞"))
    return " · ".join(parts) + (f" — {note}" if note else "")


@live.locked
def frame(session: Session, note: str = "") -> Frame:
    """The page's figures and status, of the runs now or of the frame the timeline is scrubbed to."""
    with one_thread():  # torch's second thread only contends with the scheduler's for these small networks
        return _frame(session, note)


def _frame(session: Session, note: str) -> Frame:
    run = session.run
    shown = rewind.frame_of(run)  # measures every run first
    note = note or (history.where(run) if run.timeline.shown() else "")
    names = [methods.label(r.method) for r in session.runs]
    panels = list(zip(names, session.runs, shown.shots, figures.COLORS, rewind.film(run.timeline, shown)))
    mixture, x_max = session.runs[0].trainer.mixture, max(STEPS[r.method] for r in session.runs)
    return Frame(
        figures.samples_figure(mixture, [(name, s.samples, c, s.total) for name, _, s, c, _ in panels]),
        figures.film_figure(mixture, [(name, cells, c) for name, _, _, c, cells in panels]),
        figures.histogram_figure(mixture, [(name, (s.scores["counts"], s.total), c) for name, _, s, c, _ in panels]),
        figures.curves_figure(mixture, [(name, rewind.until(r.trainer.history, s.iteration), c)
                                        for name, r, s, c, _ in panels], x_max),
        status(session, shown, note))
