"""Minimax page: how long the server takes to answer each control, for 1,000 steps of all six methods.

Each row calls the handler that the control's Gradio event calls (demos/minimax/gradio_page.py) with a
new value, then serialises its figures to JSON as Gradio's Plot does; every run cache is cleared first,
so each answer simulates and draws from scratch. Baseline in the same run: a bare handler that builds
one plotly figure of a 1,000-point line and serialises it, the least any plot update costs.
Target (issue 5): every control under 100 ms.
"""
from __future__ import annotations

import argparse
import json
import time

import numpy as np
import plotly.graph_objects as go

from benchmarks.common import median, write
from demos.minimax import gradio_page as page
from demos.minimax import panels, view

STEPS = 1000
BASE = dict(methods=list(view.PRESETS["All six methods"].methods), lr=0.3, steps=STEPS, x0=1.0, y0=1.0,
            gamma=1.0, beta=-0.5, c=0.0)


def controls(**changes) -> list:
    values = {**BASE, **changes}
    return [values[name] for name in view.CONTROLS]


def bare(i: int) -> go.Figure:
    y = np.random.default_rng(i).random(STEPS + 1)
    return go.Figure(dict(data=[dict(type="scatter", x=np.arange(STEPS + 1), y=y, mode="lines")], layout={}))


# (label, handler(i) -> outputs): i varies the value, so no two calls ask the same thing
CASES = [
    ("methods (tick one more box)", lambda i: page.redraw(*controls(methods=BASE["methods"][: 2 + i % 5]))),
    ("learning rate η", lambda i: page.redraw(*controls(lr=0.2 + 0.01 * (i % 30)))),
    ("steps", lambda i: page.redraw(*controls(steps=STEPS - i % 2))),
    ("start x₀, y₀", lambda i: page.redraw(*controls(x0=1.0 - 0.1 * (i % 10)))),
    ("γ (consensus)", lambda i: page.redraw(*controls(gamma=0.5 + 0.1 * (i % 20)))),
    ("β (negative momentum)", lambda i: page.redraw(*controls(beta=-0.1 - 0.05 * (i % 15)))),
    ("curvature c", lambda i: page.redraw(*controls(c=0.05 * (i % 10)))),
    ("preset", lambda i: page.apply_preset(list(view.PRESETS)[i % len(view.PRESETS)])),
    ("scrub step t", lambda i: page.show_step(10 * i % STEPS, *controls())),
    ("Step +1", lambda i: page.step_on(i, *controls())),
    ("Play: one animation frame", lambda i: page.tick(10 * i % STEPS, *controls())),
    ("`/minimax_simulate` (JSON)", lambda i: json.dumps(view.api_simulate(BASE["methods"], [1.0, 1.0 - 0.01 * i],
                                                                        0.3, STEPS))),
]


def serialised(outputs) -> int:
    """What Gradio sends: figures as JSON (Plot calls to_json), strings as they are. -> bytes."""
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    return sum(len(o.to_json()) if isinstance(o, go.Figure) else len(o) if isinstance(o, str) else 0 for o in outputs)


def clear_caches() -> None:
    view.run.cache_clear()
    panels._plane_base.cache_clear()
    panels._stability_curves.cache_clear()


def time_case(handler, runs: int) -> tuple[list[float], int]:
    times, size = [], 0
    for i in range(runs + 2):
        clear_caches()
        start = time.perf_counter()
        size = serialised(handler(i))
        times.append((time.perf_counter() - start) * 1000)
    return times[2:], size  # the first two warm imports and numpy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    results = {"bare handler: one 1,000-point line figure": time_case(bare, args.runs)}
    for label, handler in CASES:
        results[label] = time_case(handler, args.runs)
    base = median(results["bare handler: one 1,000-point line figure"][0])
    rows = [[label, f"{median(ms):.1f}", f"{np.percentile(ms, 95):.1f}", f"{median(ms) / base:.1f}",
             f"{size / 1e3:.0f}"] for label, (ms, size) in results.items()]
    worst = max(median(ms) for label, (ms, _) in results.items())
    write("minimax_latency", {"runs": args.runs, "steps": STEPS, "methods": BASE["methods"], "target_ms": 100,
                              "ms": {label: ms for label, (ms, _) in results.items()}, "worst_median_ms": worst},
          [["control (1,000 steps, six methods)", "median (ms)", "95th pct (ms)", "× bare", "sent (kB)"], *rows],
          "Minimax page, server-side answer per control (`python -m benchmarks.minimax_latency`): the Gradio handler "
          "plus figure serialisation, caches cleared, 1,000 steps of all six methods. Target: under 100 ms.")


if __name__ == "__main__":
    main()
