"""Autoencoder quality: held-out per-pixel MSE of every pretrained autoencoder against PCA with as
many components (fitted on the same 4,000 training digits), on the 1,000 test digits.
Also the server-side cost of one Autoencoder-page update (view.reconstruct), median of 50.
"""
from __future__ import annotations

import time

import torch

from benchmarks.common import median, write
from core import data, pretrained
from core.ae import PCA, per_pixel_mse
from demos.autoencoder import view


@torch.no_grad()
def main() -> None:
    torch.set_num_threads(2)
    x_train, _ = data.load_mnist("train")
    x_test, _ = data.load_mnist("test")
    rows, results = [], {}
    for label, name in sorted(view.MODELS.items(), key=lambda item: (item[0].split(",")[0], pretrained.card(item[1])["latent_dim"])):
        model = pretrained.load(name)
        k = model.latent_dim
        ae = per_pixel_mse(x_test, model(x_test)).mean().item()
        pca = per_pixel_mse(x_test, PCA.fit(x_train, k)(x_test)).mean().item()
        digit = x_test[0, 0].numpy()
        view.reconstruct(digit, label, 0.3)  # warm the caches
        seconds = []
        for i in range(50):
            start = time.perf_counter()
            view.reconstruct(x_test[i, 0].numpy(), label, 0.3)
            seconds.append(time.perf_counter() - start)
        update_ms = 1000 * median(seconds)
        results[name] = {"latent_dim": k, "test_mse": ae, "pca_test_mse": pca, "ratio": ae / pca,
                         "params": sum(p.numel() for p in model.parameters()), "update_ms": update_ms}
        rows.append([f"`{name}`", str(k), f"{ae:.4f}", f"{pca:.4f}", f"{ae / pca:.2f}",
                     f"{results[name]['params']:,}", f"{update_ms:.0f}"])
    write("ae_quality", {"models": results, "test_digits": len(x_test)},
          [["model", "k", "AE test MSE", "PCA test MSE", "AE / PCA", "parameters", "page update (ms)"], *rows],
          "Autoencoders vs PCA at the same size, per-pixel MSE on the 1,000 held-out digits "
          "(`python -m benchmarks.ae_quality`). *Page update*: one `view.reconstruct` call, median of 50.")


if __name__ == "__main__":
    main()
