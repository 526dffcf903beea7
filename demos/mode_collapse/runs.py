"""The Mode collapse page's runs, framework-free: settings in, a Pair of one or two runs out, which the live engine
steps (demos/live.py). The page's session, frames and figures: view.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from core.data import MIXTURES
from core.mode_collapse import METHODS, STEPS
from core.trainers import make
from demos import live
from demos.mode_collapse import rewind

# The first click: the saturating GAN, which at seed 0 ends on 3 of ring8's 8 modes, beside minibatch std-dev, which
# covers all 8 in every seed (benchmarks/results/mode_collapse.json; tests/demos/test_mode_collapse_view.py checks it)
DEFAULTS = dict(mixture="ring8", method="nonsaturating", versus="minibatch_stddev", seed=0, every=500,
                modes="-2, 0; 2, 0; 0, 2; 0, -2; 0, 0")
FINISHED = "finished: every run reached its iterations; Reset to train again"


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
