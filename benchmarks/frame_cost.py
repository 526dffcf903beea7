"""The server's cost of one live frame, per page: what every streaming student costs 3-4 times a second.

For each live page's frame, the median over `--rounds` frames of
- queries: the time the frame spends inside the trainer's methods (D over the grid, G's samples, the
  measurements, ...), timed by wrapping those methods;
- figures: the rest of the view's frame(): drawing its figures (and its status line);
- serialise: turning its figures into what Gradio sends (`gr.Plot().postprocess(fig)` for each figure,
  which calls fig.to_json(); Streamlit's st.plotly_chart calls fig.to_dict() and plotly's to_json);
and the JSON bytes of its figures and how many of their traces use WebGL.

Before and after in the same run: "before" draws the same frame, on the same trainer state, with the
figure modules as they were at BASELINE (read from git: demos/gan/canvas.py, demos/mode_collapse/figures.py,
demos/cyclegan/figures.py), swapped into the view for that frame; "after" uses today's. The two
alternate frame by frame, so load from other processes hits both alike. Without git (or if the old
modules no longer load) "before" is today's figures rebuilt as validated go.Figure objects, which is
what the old modules did, less their numpy work.

Between frames the trainer takes a few untimed steps, as in a stream, so nothing is served from a cache
a real frame wouldn't have. Torch runs on one thread (as the GAN and CycleGAN views do; on a loaded
machine its second thread only adds noise).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import time
import types
from contextlib import contextmanager

from benchmarks.common import ROOT, median, write

BASELINE = "3749d3c"  # the last commit before the live figures became demos.plots.LiveFigure
OLD_MODULES = {"gan": "demos/gan/canvas.py", "mode_collapse": "demos/mode_collapse/figures.py",
               "cyclegan": "demos/cyclegan/figures.py"}
FPS, CLASS = 3, 60  # the class: 60 students at 3 frames a second each


def old_module(page: str) -> types.ModuleType | None:
    """The page's figure module as it was at BASELINE, or None when git or the old code can't give it."""
    try:
        code = subprocess.run(["git", "show", f"{BASELINE}:{OLD_MODULES[page]}"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
        module = types.ModuleType(f"baseline_{page}_figures")
        exec(compile(code, f"{BASELINE}:{OLD_MODULES[page]}", "exec"), module.__dict__)
        return module
    except Exception as error:  # any failure: fall back to the validated-figure reference
        print(f"baseline {page}: {error!r}; using validated go.Figure objects as 'before'")
        return None


@contextmanager
def swapped(view, name: str, module):
    """view.<name> replaced by module (the old figure module) for the frames drawn inside."""
    if module is None:
        yield
        return
    current = getattr(view, name)
    setattr(view, name, module)
    try:
        yield
    finally:
        setattr(view, name, current)


def figures_of(frame) -> list:
    return [part for part in frame if hasattr(part, "to_json")]


def validated(frame) -> list:
    """The 'before' reference without git: each figure rebuilt as a validated go.Figure."""
    import plotly.graph_objects as go

    return [go.Figure(fig.to_dict()) for fig in figures_of(frame)]


def serialise(figures: list) -> tuple[float, int]:
    """-> (seconds, bytes) to turn the figures into Gradio's payload."""
    import gradio as gr

    plot = gr.Plot()
    start = time.perf_counter()
    sent = [plot.postprocess(fig).plot for fig in figures]
    return time.perf_counter() - start, sum(len(s) for s in sent)


def webgl_traces(figures: list) -> int:
    return sum(trace["type"].endswith("gl") for fig in figures for trace in json.loads(fig.to_json())["data"])


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


class Clock:
    """Time spent inside a trainer's methods (the queries), counted once when one calls another."""

    def __init__(self):
        self.seconds, self.depth = 0.0, 0

    def watch(self, obj, *names: str) -> None:
        for name in names:
            method = getattr(obj, name)

            def wrapper(*args, _method=method, **kwargs):
                self.depth += 1
                start = time.perf_counter()
                try:
                    return _method(*args, **kwargs)
                finally:
                    self.depth -= 1
                    if not self.depth:
                        self.seconds += time.perf_counter() - start

            setattr(obj, name, wrapper)

    def take(self) -> float:
        seconds, self.seconds = self.seconds, 0.0
        return seconds


def measure_page(label: str, draw, clock: Clock, advance, old, rounds: int) -> dict:
    """draw(old: bool) -> a frame, its trainer queries timed by `clock`; advance(): a few untimed steps.

    Each variant's frame comes after its own advance(), so each measures afresh, as in a stream."""
    samples = {"queries": [], "before": [], "after": [], "ser_before": [], "ser_after": []}
    size, gl = {}, {}
    for i in range(rounds + 2):  # two warm-up rounds
        for variant in (("before", "after") if i % 2 else ("after", "before")):
            advance()
            clock.take()
            t_frame, frame = timed(lambda: draw(variant == "before"))
            t_queries = clock.take()
            figs = figures_of(frame)
            if variant == "before" and old is None:
                t_valid, figs = timed(lambda: validated(frame))
                t_frame += t_valid
            t_ser, size[variant] = serialise(figs)
            if i == rounds + 1:
                gl[variant] = webgl_traces(figs)
            if i >= 2:
                samples["queries"].append(t_queries)
                samples[variant].append(t_frame - t_queries)
                samples[f"ser_{variant}"].append(t_ser)
    ms = {k: 1000 * median(v) for k, v in samples.items()}
    out = {"page": label, "queries_ms": ms["queries"],
           "figures_ms": {"before": ms["before"], "after": ms["after"]},
           "serialise_ms": {"before": ms["ser_before"], "after": ms["ser_after"]},
           "json_bytes": size, "webgl_traces": gl, "baseline": BASELINE if old is not None else "validated go.Figure"}
    out["total_ms"] = {v: ms["queries"] + out["figures_ms"][v] + out["serialise_ms"][v] for v in ("before", "after")}
    out["speedup"] = out["total_ms"]["before"] / out["total_ms"]["after"]
    out["drawing_speedup"] = ((out["figures_ms"]["before"] + out["serialise_ms"]["before"])
                              / (out["figures_ms"]["after"] + out["serialise_ms"]["after"]))
    print(f"{label}: {out['total_ms']['before']:.1f} -> {out['total_ms']['after']:.1f} ms "
          f"({out['speedup']:.1f}x; drawing and serialising {out['drawing_speedup']:.1f}x), "
          f"{size['before'] / 1e3:.0f} -> {size['after'] / 1e3:.0f} kB", flush=True)
    return out


def gan_case(rounds: int) -> dict:
    from core.threads import one_thread
    from demos.gan import view

    old = old_module("gan")
    session = view.new_session()
    trainer = session.trainer
    with one_thread():
        trainer.step(500)

    clock = Clock()
    clock.watch(trainer, "measure", "fakes", "decision", "manifold", "fake_gradients", "d_of", "grid", "metrics")

    def draw(before: bool):
        with swapped(view, "canvas", old if before else None):
            return view.frame(session)

    def advance():
        with one_thread():
            trainer.step(5)

    return measure_page("live GAN 2-D (canvas, charts, signal)", draw, clock, advance, old, rounds)


def mode_collapse_case(rounds: int, versus: str) -> dict:
    from demos.mode_collapse import view

    old = old_module("mode_collapse")
    session = view.new_session()
    if versus:
        view.rebuild(session, {"versus": versus, "every": 50})
    else:
        view.rebuild(session, {"every": 50})

    def step(n: int):
        trainer = session.run.trainer if hasattr(session, "run") else None
        if trainer is not None and hasattr(trainer, "lines"):
            trainer.step(n)
        else:  # an older or newer session shape: every run's trainer
            for run in session.runs:
                run.trainer.step(n)

    step(400)  # eight film snapshots at every=50
    clock = Clock()
    for run in session.runs:
        clock.watch(run.trainer, "sample", "measure")

    def draw(before: bool):
        with swapped(view, "figures", old if before else None):
            return view.frame(session)

    label = "mode collapse, " + (f"two runs (versus {versus})" if versus else "one run")
    return measure_page(label, draw, clock, lambda: step(5), old, rounds)


def cyclegan_case(rounds: int, losses: bool) -> dict:
    from core.threads import one_thread
    from demos.cyclegan import toy

    old = old_module("cyclegan")
    session = toy.new_session()
    trainer = session.trainer
    with one_thread():
        trainer.step(500)

    clock = Clock()
    clock.watch(trainer, "translate", "decision", "measure")

    def draw(before: bool):
        with swapped(toy, "figures", old if before else None):
            return toy.frame(session, losses=losses)

    def advance():
        with one_thread():
            trainer.step(5)

    label = "CycleGAN 2-D, " + ("with the losses (every 4th frame)" if losses else "clouds only")
    return measure_page(label, draw, clock, advance, old, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="frames timed per page and variant")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    cases = [gan_case(args.rounds), mode_collapse_case(args.rounds, ""), mode_collapse_case(args.rounds, "pacgan"),
             cyclegan_case(args.rounds, True), cyclegan_case(args.rounds, False)]
    report(cases, args.rounds)


def report(cases: list[dict], rounds: int) -> None:
    rows = []
    for c in cases:
        b, a = c["total_ms"]["before"], c["total_ms"]["after"]
        rows.append([c["page"], f"{c['queries_ms']:.1f}",
                     f"{c['figures_ms']['before']:.1f} → {c['figures_ms']['after']:.1f}",
                     f"{c['serialise_ms']['before']:.1f} → {c['serialise_ms']['after']:.1f}",
                     f"{b:.1f} → {a:.1f}", f"**{c['speedup']:.1f}×** ({c['drawing_speedup']:.0f}×)",
                     f"{c['json_bytes']['before'] / 1e3:.0f} → {c['json_bytes']['after'] / 1e3:.0f}",
                     f"{c['webgl_traces']['before']} → {c['webgl_traces']['after']}",
                     f"{CLASS * FPS * b / 1e3:.2f} → {CLASS * FPS * a / 1e3:.2f}"])
    write("frame_cost", {"cases": cases, "rounds": rounds, "baseline": BASELINE, "class": CLASS, "fps": FPS},
          [["live frame", "queries (ms)", "figures (ms)", "serialise (ms)", "total (ms)", "cheaper (figures + serialise)",
            "JSON (kB)", "WebGL traces", f"CPU cores for {CLASS} students at {FPS} fps"], *rows],
          f"Server cost of one live frame (`python -m benchmarks.frame_cost`): medians over {rounds} "
          f"frames, before (the figure modules at {BASELINE}, validated go.Figure objects) → after "
          f"(demos.plots.LiveFigure), on the same trainer states in the same run, torch on one thread. "
          f"Queries: time inside the trainer's methods during the frame (core's work, the same code in both). "
          f"Figures: the rest of the frame. Serialise: Gradio's gr.Plot "
          f"postprocess of every figure of the frame. The last column is total × {CLASS} × {FPS} / 1000. "
          f"Times are inflated on a loaded machine; the ratios are what to read.")


if __name__ == "__main__":
    main()
