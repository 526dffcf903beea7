"""Conditional GANs: does the label work, are the classes varied, is the style grid fast (issue 7).

For each shipped conditional model, 100 samples per class from fixed noise (core.cgan.judge):
- conditioning accuracy: the project's classifier names the class asked for (target: >= 95 % for the best);
- diversity: mean pairwise distance within a class over that of the real test digits of that class
  (target: >= 0.5; the mean over classes and the lowest class are given).
Baselines in the same run: the classifier's accuracy on the 1,000 real test digits (the ceiling), and the
unconditional DCGAN of the live GAN page, whose classes can only be counted, not asked for.

Speed: the page's 10 x 8 style grid (demos.cgan.view.style_grid: 80 digits through G, tiled, labelled),
median of `--runs` after a warm-up, on 2 threads (target: under 150 ms). Baseline: the unconditional
DCGAN drawing 80 digits in the same run.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from benchmarks.common import median, write

MODELS = ["cgan_mnist", "acgan_mnist"]
GRID_TARGET_MS = 150.0


def timed_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def main() -> None:
    from core import data, pretrained
    from core.cgan import judge
    from demos.cgan import view

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    torch.set_num_threads(2)
    classifier = pretrained.load("classifier_mnist")
    x, y = data.load_mnist("test")
    with torch.no_grad():
        real_predicted, _ = classifier.predict(x)
    real_accuracy = float((real_predicted == y).float().mean())
    dcgan = pretrained.load("dcgan_mnist")
    with torch.no_grad():
        counts = np.bincount(classifier.predict(dcgan.sample(1000, seed=0))[0].numpy(), minlength=10)
    results = {}
    for name in MODELS:
        judged = judge(pretrained.load(name), classifier, x, y)
        grid_ms = timed_ms(lambda: view.style_grid(name, 0), args.runs)
        results[name] = {**judged, "grid_ms": grid_ms}
        print(f"{name}: accuracy {judged['accuracy']:.3f}, diversity {judged['diversity']:.2f}, grid {grid_ms:.1f} ms")
    baseline_ms = timed_ms(lambda: dcgan.sample(80, seed=0), args.runs)
    best = max(MODELS, key=lambda n: results[n]["accuracy"])
    rows = [["model", "conditioning accuracy", "lowest class", "diversity (mean / lowest class)",
             "10 × 8 grid (ms)"]]
    for name in MODELS:
        r = results[name]
        rows.append([f"`{name}`" + (" (best)" if name == best else ""), f"**{100 * r['accuracy']:.1f} %**",
                     f"{100 * min(r['accuracy_per_class']):.0f} % (digit {int(np.argmin(r['accuracy_per_class']))})",
                     f"**{r['diversity']:.2f}** / {r['diversity_min']:.2f}", f"{r['grid_ms']:.1f}"])
    rows.append(["baseline: real test digits", f"{100 * real_accuracy:.1f} % (the classifier's own)", "", "1.00",
                 ""])
    rows.append(["baseline: unconditional DCGAN, 80 digits", "— (classes: "
                 + ", ".join(f"{d}: {c / 10:.0f} %" for d, c in enumerate(counts)) + ")", "", "", f"{baseline_ms:.1f}"])
    write("cgan", {"models": results, "real_accuracy": real_accuracy, "dcgan_class_counts": counts.tolist(),
                   "dcgan_80_ms": baseline_ms, "targets": {"accuracy": 0.95, "diversity": 0.5,
                                                            "grid_ms": GRID_TARGET_MS}, "runs": args.runs},
          rows, "Conditional GANs (`python -m benchmarks.cgan`): 1,000 samples, 100 per class; targets ≥ 95 % "
                "accuracy for the best model, diversity ≥ 0.5 of real digits, the 10 × 8 grid under 150 ms.")


if __name__ == "__main__":
    main()
