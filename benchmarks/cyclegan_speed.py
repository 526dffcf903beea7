"""A 256 x 256 photo through the official-size CycleGAN generator (ngf 64, 9 residual blocks,
11.4 M parameters; random weights, which cost the same as trained ones) on 2 threads.
Target (issue 8): under 3 s.

Baseline, measured in the same run: float32 matrix products (1024 x 1024 by 1024 x 1024) with as many
multiply-adds as the generator's convolutions at that size (about 50 G). That is the work the machine
would do if every convolution ran as one large, perfectly shaped GEMM, so "generator / baseline" says
how far the real network is from the machine's own arithmetic speed, and carries over to machines of
other speeds. Times are medians of --runs runs after one warm-up run.
"""
from __future__ import annotations

import argparse
import os

import numpy as np
import torch
from PIL import Image
from torch import nn

from benchmarks.common import median_seconds as seconds, write
from core.cyclegan_official import ResnetGenerator, translate

TARGET_SECONDS = 3.0
SIDE = 256
GEMM = 1024


@torch.no_grad()
def multiply_adds(model: nn.Module, x: torch.Tensor) -> int:
    """Multiply-adds of every convolution (transposed ones too) for input x, counted with forward hooks."""
    total = []

    def count(module, inputs, output):
        kernel = module.weight[0].numel()  # in/groups x kh x kw for Conv2d; out x kh x kw for ConvTranspose2d
        total.append(output.numel() * kernel if isinstance(module, nn.Conv2d) else inputs[0].numel() * kernel)

    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]
    model(x)
    for hook in hooks:
        hook.remove()
    return sum(total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case, after one warm-up")
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    generator = ResnetGenerator().eval()  # the official defaults: 3 -> 3 channels, ngf 64, 9 blocks
    x = torch.rand(1, 3, SIDE, SIDE) * 2 - 1
    macs = multiply_adds(generator, x)
    a, b = torch.randn(GEMM, GEMM), torch.randn(GEMM, GEMM)
    n_gemm = round(macs / GEMM**3)

    def baseline() -> None:
        for _ in range(n_gemm):
            torch.mm(a, b)

    rng = np.random.default_rng(0)
    photo = Image.fromarray(rng.integers(0, 256, (SIDE, SIDE, 3), dtype=np.uint8))
    large = Image.fromarray(rng.integers(0, 256, (384, 512, 3), dtype=np.uint8))
    with torch.no_grad():
        gemm_s = seconds(baseline, args.runs)
        forward_s = seconds(lambda: generator(x), args.runs)
    translate_s = seconds(lambda: translate(generator, photo), args.runs)
    large_s = seconds(lambda: translate(generator, large), args.runs)
    results = {"generator_forward_s": forward_s, "translate_256_s": translate_s, "translate_512x384_s": large_s,
               "baseline_gemm_s": gemm_s, "ratio_forward_to_baseline": forward_s / gemm_s,
               "generator_gmacs": macs / 1e9, "baseline_gemms": n_gemm, "effective_gflops": 2 * macs / forward_s / 1e9}
    rows = [[f"same multiply-adds as {n_gemm} GEMMs {GEMM}³ (baseline)", f"{gemm_s:.2f}", "1.00", "—"],
            [f"generator forward, {SIDE}×{SIDE}", f"{forward_s:.2f}", f"{forward_s / gemm_s:.2f}",
             "yes" if forward_s < TARGET_SECONDS else "**no**"],
            [f"`translate()` of a {SIDE}×{SIDE} photo (uint8 in and out)", f"{translate_s:.2f}",
             f"{translate_s / gemm_s:.2f}", "yes" if translate_s < TARGET_SECONDS else "**no**"],
            ["`translate()` of a 512×384 photo (the largest it sends through)", f"{large_s:.2f}",
             f"{large_s / gemm_s:.2f}", "—"]]
    write("cyclegan_speed", {"results": results, "runs": args.runs, "threads": torch.get_num_threads(),
                             "target_s": TARGET_SECONDS, "load_average": os.getloadavg()},
          [["official CycleGAN generator (ngf 64, 9 blocks), 2 threads", "median (s)", "÷ baseline",
            f"under {TARGET_SECONDS:.0f} s?"], *rows],
          f"The official-size CycleGAN generator on a photo (`python -m benchmarks.cyclegan_speed`): "
          f"{macs / 1e9:.1f} G multiply-adds at {SIDE}×{SIDE}, {2 * macs / forward_s / 1e9:.0f} GFLOP/s achieved. "
          f"Baseline: float32 GEMMs with the same number of multiply-adds, in the same run. "
          f"Target: under {TARGET_SECONDS:.0f} s.")


if __name__ == "__main__":
    main()
