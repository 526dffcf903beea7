"""The Mode collapse page's scripting API (gr.api: /mode_collapse_train, /mode_collapse_table), framework-free.

Both answer plain JSON; bad input gets {"error": ...}, never an exception.
"""
from __future__ import annotations

import math

from core.mode_collapse import METHODS, STEPS
from core.trainers import TrainingDiverged
from demos.mode_collapse import table, view

MEASURES = 10  # scores logged along an API run


def _finite(values):
    """JSON has no infinity (reverse KL with no high-quality sample): None instead."""
    return [v if math.isfinite(v) else None for v in values]


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
        trainer = view.build(dict(mixture=mixture, method=method, seed=seed)).runs[0].trainer
    except (ValueError, TypeError, OverflowError) as error:
        return {"error": str(error)}
    chunk = -(-steps // MEASURES)
    try:
        while trainer.iterations < steps:
            trainer.step(min(chunk, steps - trainer.iterations))
            final = trainer.measure()
    except TrainingDiverged as error:
        return {"error": str(error), "iterations": trainer.iterations}
    history = {key: _finite(trainer.history[key]) for key in ("modes", "hq", "reverse_kl")}
    return {"mixture": mixture, "method": method, "seed": seed, "iterations": trainer.iterations,
            "modes": final["modes"], "hq": final["hq"], "reverse_kl": _finite([final["reverse_kl"]])[0],
            "counts": final["counts"].tolist(), "history": {"measured_at": trainer.history["measured_at"], **history},
            "samples": trainer.sample()[:view.POINTS].tolist()}


def benchmark_table() -> dict:
    """The benchmark JSON (benchmarks/results/mode_collapse.json), or {"error": ...} saying how to make it."""
    return table.load()
