"""The shipped digit CycleGANs (issue 8, level 2) on the 1,000 test digits, and one digit's trip both ways.

Quality: cycle error (mean L1 of F(G(x)) - x, pixels in [0, 1]) with lambda = 10 against the same network
trained with lambda = 0, the baseline; and how often the MNIST classifier gives F(G(x)) the label of x.
Targets: lambda = 10's cycle error at most a third of lambda = 0's; the label kept for >= 90 %.
Speed: one digit x -> G(x) -> F(G(x)) on 2 threads, median of --runs, beside the MNIST classifier on one
digit (the baseline, in the same run). Target: under 50 ms.
"""
from __future__ import annotations

import argparse
import os

import torch

from benchmarks.common import median_seconds, write
from core import data, pretrained
from core.cyclegan_digits import cycle_metrics

TARGET_MS = 50.0
NAMES = {10: "cyclegan_digits_lam10", 0: "cyclegan_digits_lam0"}


def milliseconds(fn, runs: int) -> float:
    return 1000 * median_seconds(fn, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed single-digit runs, after one warm-up")
    args = parser.parse_args()
    torch.set_num_threads(2)
    classifier, test = pretrained.load("classifier_mnist"), data.cyclegan_domains("test")
    models = {lam: pretrained.load(name) for lam, name in NAMES.items()}
    quality = {lam: cycle_metrics(model, classifier, test) for lam, model in models.items()}
    digit = test["x"][:1]
    with torch.no_grad():
        baseline_ms = milliseconds(lambda: classifier(digit), args.runs)
        both_ways_ms = milliseconds(lambda: models[10].cycle(digit), args.runs)
        reverse_ms = milliseconds(lambda: models[10].cycle_reverse(test["y"][:1]), args.runs)
    ratio = quality[10]["cycle_l1"] / quality[0]["cycle_l1"]
    percent = lambda q, key: f"{100 * q[key]:.1f} %"  # noqa: E731
    rows = [[f"λ = {lam}" + (" (baseline)" if lam == 0 else ""), f"{q['cycle_l1']:.4f}", f"{q['reverse_cycle_l1']:.4f}",
             percent(q, "label_kept"), percent(q, "label_kept_zebra"), percent(q, "plain_accuracy")]
            for lam, q in quality.items()]
    rows += [["one digit x → G(x) → F(G(x)), λ = 10", f"**{both_ways_ms:.1f} ms**",
              f"{reverse_ms:.1f} ms (y → F(y) → G(F(y)))",
              f"baseline: the classifier on one digit, {baseline_ms:.1f} ms", "", ""]]
    write("cyclegan_digits", {"quality": {str(k): v for k, v in quality.items()}, "cycle_ratio": ratio,
                              "both_ways_ms": both_ways_ms, "reverse_ms": reverse_ms, "classifier_ms": baseline_ms,
                              "runs": args.runs, "threads": torch.get_num_threads(), "target_ms": TARGET_MS,
                              "load_average": os.getloadavg()},
          [["shipped model", "cycle L1, x → F(G(x))", "cycle L1, y → G(F(y))", "label of F(G(x)) = label of x",
            "label of G(x)'s luminance = label of x", "label of F(y) = label of y"], *rows],
          f"Plain ↔ zebra digits on the 1,000 test digits (`python -m benchmarks.cyclegan_digits`): with the cycle "
          f"loss, F(G(x)) comes back {1 / ratio:.1f}× closer to x than without it (target: ≥ 3×) and keeps its label "
          f"for {100 * quality[10]['label_kept']:.1f} % of digits (target: ≥ 90 %). Times: median of {args.runs} runs "
          f"on 2 threads (target: under {TARGET_MS:.0f} ms).")


if __name__ == "__main__":
    main()
