"""The Mode collapse page's scripting API (gr.api: /mode_collapse_train, /mode_collapse_table), framework-free.

Both answer plain JSON; bad input gets {"error": ...}, never an exception. Training runs on the live engine,
sharing the server with every visitor's run (demos/scripted.py).
"""
from __future__ import annotations

import math

from core.mode_collapse import METHODS, STEPS
from demos import scripted
from demos.mode_collapse import table, view

MEASURES = 10  # scores logged along an API run


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


def train(mixture: str = "ring8", method: str = "nonsaturating", seed: int = 0, steps: int = 1000) -> dict:
    """Train one method from scratch for 1..STEPS[method] iterations -> the final scores, their history
    (measured 10 times along the way) and 500 samples from the fixed evaluation noise."""
    try:
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; known: {', '.join(METHODS)}")
        if not all(isinstance(v, (int, float)) and float(v).is_integer() for v in (steps, seed)):
            raise ValueError("steps and seed must be whole numbers")
        steps, seed = int(steps), int(seed)
        if not 1 <= steps <= STEPS[method]:
            raise ValueError(f"steps must be 1 to {STEPS[method]:,} for {method}")
        trainer = view.pair(dict(mixture=mixture, method=method, seed=seed))[0].lines[0].trainer
    except (ValueError, TypeError, OverflowError) as error:
        return {"error": str(error)}
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
