"""The Mode collapse page's scripting API (gr.api: /mode_collapse_train, /mode_collapse_table), framework-free.

Parameters are declared once, in the signatures (demos/api_contract.py checks every call against them); a run's
length, which depends on the method, is checked here. Training runs on the live engine, sharing the server with
every visitor's run (demos/scripted.py).
"""
from __future__ import annotations

import math

from core.data import MIXTURES
from core.mode_collapse import METHODS, STEPS
from demos import scripted
from demos.api_contract import Refused, Seed, checked, one_of, whole
from demos.mode_collapse import table, view

MEASURES = 10  # scores logged along an API run
Mixture, Method, Steps = one_of(*MIXTURES), one_of(*METHODS), whole(1, max(STEPS.values()))


def _finite(values):
    """JSON has no infinity (reverse KL with no high-quality sample): None instead."""
    return [v if math.isfinite(v) else None for v in values]


class Measured:
    """The API's trainer: measures MEASURES times along `steps` iterations, at the same iterations as ever."""

    def __init__(self, trainer, steps: int):
        self.trainer, self.steps, self.every = trainer, steps, -(-steps // MEASURES)
        self.final: dict = {}

    @property
    def iterations(self) -> int:
        return self.trainer.iterations

    def step(self, n: int = 1) -> None:
        done = self.trainer.iterations
        self.trainer.step(min(n, self.every - done % self.every, self.steps - done))
        if self.trainer.iterations % self.every == 0 or self.trainer.iterations == self.steps:
            self.final = self.trainer.measure()


@checked
def train(mixture: Mixture = "ring8", method: Method = "nonsaturating", seed: Seed = 0, steps: Steps = 1000) -> dict:
    """Train one method from scratch for 1..STEPS[method] iterations -> the final scores, their history
    (measured 10 times along the way) and 500 samples from the fixed evaluation noise."""
    if steps > STEPS[method]:
        raise Refused(f"steps: got {steps:,}; for {method} steps must be a whole number from 1 to {STEPS[method]:,}")
    trainer = view.pair(dict(mixture=mixture, method=method, seed=seed))[0].lines[0].trainer
    measured = Measured(trainer, steps)
    error = scripted.train_to(measured, steps)
    if error:
        return {"error": error, "iterations": trainer.iterations}
    final = measured.final
    history = {key: _finite(trainer.history[key]) for key in ("modes", "hq", "reverse_kl")}
    return {"mixture": mixture, "method": method, "seed": seed, "iterations": trainer.iterations,
            "modes": final["modes"], "hq": final["hq"], "reverse_kl": _finite([final["reverse_kl"]])[0],
            "counts": final["counts"].tolist(), "history": {"measured_at": trainer.history["measured_at"], **history},
            "samples": trainer.sample()[:view.POINTS].tolist()}


def benchmark_table() -> dict:
    """The benchmark JSON (benchmarks/results/mode_collapse.json), or {"error": ...} saying how to make it."""
    return table.load()
