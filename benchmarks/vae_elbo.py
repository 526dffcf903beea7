"""Held-out -ELBO (nats per image, one z per digit, Bernoulli decoder, the fixed 1,000 test digits) of
each beta = 1 VAE recipe against the pytorch/examples VAE (784-400-20 MLP, Adam 1e-3, batch 128, no
schedule), trained on the same 4,000 digits for the same number of epochs, all in this one run.
Target (issue 3): every beta = 1 recipe below the baseline.
"""
from __future__ import annotations

import time

import torch

from benchmarks.common import write
from core import data, train
from core.vae import VAE, VAEConfig, loss_terms

RECIPES = ["vae_mnist_z2", "vae_mnist_z8", "vae_mnist_z16"]


def pytorch_examples_baseline(steps: int, seed: int = 1) -> tuple[dict, float]:
    """vae/main.py's model and optimiser, on our 4,000 training digits, no augmentation, no schedule."""
    x_train, _ = data.load_mnist("train")
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = VAE(VAEConfig(arch="mlp", latent_dim=20, hidden=400))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    start = time.perf_counter()
    for _ in range(steps):
        batch = x_train[torch.randint(len(x_train), (128,), generator=generator)]
        loss = loss_terms(model, batch, generator)["loss"]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - start
    return train.vae_metrics(model.eval(), data.load_mnist("test")[0]), seconds


def main() -> None:
    torch.set_num_threads(2)
    steps = train.RECIPES[RECIPES[0]].steps
    epochs = steps * train.RECIPES[RECIPES[0]].batch_size / 4000
    baseline, baseline_seconds = pytorch_examples_baseline(steps)
    results = {"pytorch/examples VAE (z = 20)": {**baseline, "seconds": baseline_seconds}}
    for name in RECIPES:
        card = train.train(name, save=False, progress=False)
        results[name] = {**card["metrics"], "seconds": card["seconds"]}
    rows = [[f"`{name}`" if name.startswith("vae") else name, f"{m['test_neg_elbo']:.1f}", f"{m['test_recon']:.1f}",
             f"{m['test_kl']:.1f}", "—" if not name.startswith("vae") else
             ("yes" if m["test_neg_elbo"] < baseline["test_neg_elbo"] else "**no**"), f"{m['seconds']:.0f}"]
            for name, m in results.items()]
    write("vae_elbo", {"epochs": epochs, "steps": steps, "results": results},
          [["model", "−ELBO (nats)", "reconstruction", "KL", "below the baseline?", "train (s)"], *rows],
          f"Held-out −ELBO per image on the 1,000 test digits, each model trained for {epochs:.0f} epochs of the "
          "4,000 training digits in this run (`python -m benchmarks.vae_elbo`).")


if __name__ == "__main__":
    main()
