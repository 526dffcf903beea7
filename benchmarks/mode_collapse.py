"""Mode collapse, every method on ring8 and grid25 over 5 seeds, with VEEGAN's protocol (papers.md §1.2):
2,500 samples from each trained model; a sample is high quality within 3 standard deviations of its
nearest mode; modes = centres nearest to at least one high-quality sample; reverse KL of the
high-quality samples' mode histogram against uniform. Mean ± standard error over the seeds.

Targets (issue 15): one run of any method takes at most 60 s on one core; the plain GAN collapses or
hops on ring8 in at least 3 of 5 seeds (judged on the page's film strip: a snapshot every 500
iterations); PacGAN4 reaches ring8 >= 7.5 modes at >= 85 % HQ and grid25 >= 23 at >= 80 %; unrolled,
minibatch discrimination, minibatch std-dev and WGAN-GP reach ring8 >= 7.5 modes at >= 70 % HQ, and
on grid25 as many modes as the plain GAN at >= 60 % HQ. `--methods` reruns some methods and keeps the
others' results from the last run.
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import time
from multiprocessing import get_context

import numpy as np

from benchmarks.common import RESULTS, write

MIXTURES = ("ring8", "grid25")
SEEDS = (0, 1, 2, 3, 4)
EVERY = 500  # the page's film strip: a snapshot every 500 iterations (demos/mode_collapse/view.py)
KEYS = ("seconds", "modes", "hq", "reverse_kl", "collapsed")


def collapsed(snapshots: list[dict], modes: int) -> bool:
    """The film strip shows collapse or hopping: from iteration 1,000 on, some snapshot's high-quality samples
    cover at most half the modes, or twice the fullest mode, holding at least twice its share, moves to another
    mode that holds at least twice its share in the next snapshot."""
    later = [s for s in snapshots if s["iteration"] >= 1000]
    piled = [s["fullest"] if s["share"] >= 2 / modes else None for s in later]
    hops = sum(a is not None and b is not None and a != b for a, b in zip(piled, piled[1:]))
    return any(0 < s["modes"] <= modes // 2 for s in later) or hops >= 2


def run(task: tuple[str, str, int]) -> dict:
    """One method on one mixture from one seed, STEPS[method] iterations -> its scores, film strip and CPU seconds
    (time.process_time() of this worker, on one torch thread: training and measuring, not the waits of a shared
    machine, which wall seconds would count)."""
    import torch

    from core.mode_collapse import STEPS
    from core.trainers import make

    torch.set_num_threads(1)
    mixture, method, seed = task
    trainer = make("mode_collapse", mixture=mixture, method=method, seed=seed)
    start, snapshots = time.process_time(), []
    while trainer.iterations < STEPS[method]:
        trainer.step(min(EVERY, STEPS[method] - trainer.iterations))
        found = trainer.measure()
        counts = found["counts"]
        snapshots.append({"iteration": trainer.iterations, "modes": found["modes"], "fullest": int(np.argmax(counts)),
                          "share": float(counts.max() / max(counts.sum(), 1))})
    seconds = time.process_time() - start
    return {"mixture": mixture, "method": method, "seed": seed, "steps": STEPS[method], "seconds": seconds,
            "settings": settings(method),
            "modes": found["modes"], "hq": found["hq"], "reverse_kl": found["reverse_kl"],
            "collapsed": collapsed(snapshots, len(trainer.mixture.centers)), "film": snapshots}


def settings(method: str) -> dict:
    """The method's settings now (core.mode_collapse: BASE with its TUNED), recorded beside its results."""
    from dataclasses import asdict

    from core.mode_collapse import ModeCollapseConfig

    return {k: v for k, v in asdict(ModeCollapseConfig(method=method)).items() if k not in ("mixture", "seed")}


def mean_se(values: list[float], scale: float = 1.0, digits: int = 1) -> str:
    values = np.asarray(values, dtype=float) * scale
    if not np.isfinite(values).all():  # reverse KL is infinite when a run has no high-quality sample at all
        return f"∞ in {int((~np.isfinite(values)).sum())} of {len(values)}"
    se = values.std(ddof=1) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return f"{values.mean():.{digits}f} ± {se:.{digits}f}"


def previous(methods: list[str], mixtures: list[str]) -> dict:
    """The last run's cells for the methods and mixtures not rerun now."""
    try:
        old = json.loads((RESULTS / "mode_collapse.json").read_text())["methods"]
    except (OSError, ValueError, KeyError):
        return {}
    return {m: {mix: cell for mix, cell in cells.items() if m not in methods or mix not in mixtures}
            for m, cells in old.items()}


def paper(method: str) -> str:
    """The method's own paper figure, ring8; grid25 (demos/mode_collapse/table.py)."""
    from demos.mode_collapse.table import PAPER_FIGURES

    if method not in PAPER_FIGURES:
        return "— (no table on these mixtures)"
    source, figures = PAPER_FIGURES[method]
    return "; ".join(f"{figures[m][0]} / {figures[m][1]} %" for m in MIXTURES) + f" ({source})"


def row(method: str, table: dict) -> list[str]:
    """A cell measured with other settings than the method's present ones is marked '(older settings)'."""
    from demos.mode_collapse.table import verdict

    ring, grid = table[method]["ring8"], table[method]["grid25"]
    flagged = ring.get("collapsed")

    def cells(cell: dict) -> list[str]:
        old = "" if cell.get("settings") == settings(method) else " (older settings)"
        return [mean_se(cell["modes"]) + old, mean_se(cell["hq"], 100), mean_se(cell["reverse_kl"], digits=2)]

    return [f"`{method}`", *cells(ring), *cells(grid), paper(method),
            f"{sum(flagged)} of {len(flagged)}" if flagged is not None else "—",
            verdict(method, {"methods": table}), f"{ring['steps']:,}", seconds(ring, grid)]


def seconds(*cells: dict) -> str:
    """The slowest run's CPU seconds; a row kept from a run before CPU time was measured says it gives wall time."""
    slowest = f"{max(s for cell in cells for s in cell['seconds']):.0f}"
    return slowest if all(cell.get("clock") == "cpu" for cell in cells) else f"{slowest} (wall s, older run)"


def main() -> None:
    from core.mode_collapse import METHODS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--methods", nargs="*", default=list(METHODS))
    parser.add_argument("--mixtures", nargs="*", default=list(MIXTURES), choices=MIXTURES)
    args = parser.parse_args()
    tasks = list(itertools.product(args.mixtures, args.methods, SEEDS))
    with get_context("spawn").Pool(args.jobs) as pool:
        results = pool.map(run, tasks, chunksize=1)
    table: dict = {m: {mix: {k: [] for k in (*KEYS, "film")} for mix in args.mixtures} for m in args.methods}
    for r in results:
        cell = table[r["method"]][r["mixture"]]
        cell["steps"], cell["clock"], cell["settings"] = r["steps"], "cpu", r["settings"]
        for key in (*KEYS, "film"):
            cell[key].append(r[key])
    kept = previous(args.methods, args.mixtures)
    merged = {m: {**kept.get(m, {}), **table.get(m, {})} for m in {*kept, *table}}
    table = {m: merged[m] for m in METHODS if m in merged and all(mix in merged[m] for mix in MIXTURES)}
    write("mode_collapse", {"methods": table, "seeds": list(SEEDS), "jobs": args.jobs},
          [["method", "ring8 modes (of 8)", "ring8 HQ %", "ring8 reverse KL", "grid25 modes (of 25)", "grid25 HQ %",
            "grid25 reverse KL", "paper (ring8; grid25)", "ring8 runs that collapse or hop", "target (issue 15)",
            "iterations", "slowest run (CPU s on one core)"], *[row(m, table) for m in table]],
          "Mode collapse on ring8 and grid25, mean ± standard error over 5 seeds "
          "(`python -m benchmarks.mode_collapse`; each run on one torch thread). "
          "VEEGAN's protocol: 2,500 samples from each trained model; high quality (HQ) = within 3 std of the nearest "
          "mode. The papers' figures use their own mixtures (radius 1 and std 0.01 on the ring, where ours has "
          "radius 2 and std 0.02), networks and training lengths (PacGAN: 400 epochs of 100,000 points). "
          "'Collapse or hop': from iteration 1,000 on, a film-strip snapshot (every 500 iterations) covers at most "
          "half the modes, or twice the pile (a mode with twice its share) moves to another mode. A row without it was "
          "measured before that column existed; '(older settings)': measured with settings other than the "
          "method's present ones (`--mixtures` reruns one mixture). Seconds are CPU seconds on one core "
          "(time.process_time() of the run's worker, one torch thread, training and measuring): wall time on a "
          "shared machine counts the waits too. "
          "A busy machine still slows a core (shared caches), so they are an upper bound for a quiet one.")


if __name__ == "__main__":
    main()
