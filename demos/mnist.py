"""Read-only MNIST resources shared by the digit pages, each loaded once per process and cached:
the shipped digits, pretrained models, PCA fits, the classifier's judgement and a gallery of test
digits to pick from. Framework-free; nothing here is mutated after loading, so sessions share it.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from core import data, pretrained
from core.ae import PCA
from demos import plots

CONFIDENT = 0.99  # "recognised as a digit": the classifier's top probability above this
REDRAWER = "ae_mnist_conv_z32"  # the autoencoder that tells digit-like images from blanks and smudges
GALLERY_PER_CLASS = 3


@lru_cache(maxsize=3)
def digits(split: str) -> tuple[torch.Tensor, np.ndarray]:
    """-> images (N,1,28,28) float32 in [0, 1], labels (N,) int64 ndarray."""
    x, y = data.load_mnist(split)
    return x, y.numpy()


@lru_cache(maxsize=None)
def model(name: str) -> torch.nn.Module:
    return pretrained.load(name)


def card_metrics(name: str) -> dict:
    """The held-out metrics recorded on a pretrained model's card."""
    return pretrained.card(name)["metrics"]


@lru_cache(maxsize=None)
@torch.no_grad()
def codes(name: str, split: str) -> np.ndarray:
    """Every digit's code under model `name`: z = f(x) for an autoencoder, the posterior mean for a VAE."""
    out = model(name).encode(digits(split)[0])
    return (out[0] if isinstance(out, tuple) else out).numpy()


@lru_cache(maxsize=None)
def pca(k: int) -> PCA:
    """PCA with k components of the 4,000 training digits."""
    return PCA.fit(digits("train")[0], k)


@torch.no_grad()
def recognised(images: torch.Tensor) -> torch.Tensor:
    """(B,1,28,28) -> (B,) bool: does the project's classifier see a digit with confidence > CONFIDENT?"""
    _, confidence = model("classifier_mnist").predict(images)
    return confidence > CONFIDENT


@lru_cache(maxsize=1)
def real_recognised_rate() -> float:
    """The fraction of real test digits `recognised` (0.91 for the shipped classifier)."""
    return float(recognised(digits("test")[0]).float().mean())


@torch.no_grad()
def redraw_error(images: torch.Tensor) -> torch.Tensor:
    """(B,1,28,28) -> (B,) per-pixel MSE of the REDRAWER autoencoder's reconstruction."""
    return ((model(REDRAWER)(images) - images) ** 2).flatten(1).mean(1)


@lru_cache(maxsize=1)
def redraw_limit() -> float:
    """The redraw error that 99 % of real test digits stay under."""
    return float(torch.quantile(redraw_error(digits("test")[0]), 0.99))


def digit_like(images: torch.Tensor) -> torch.Tensor:
    """(B,1,28,28) -> (B,) bool: redrawn by the autoencoder as well as 99 % of real digits are.

    The classifier alone is fooled by what no one would call a digit: an untrained generator's flat
    grey image is "a 0" with probability above 0.9. An autoencoder trained on digits cannot redraw it.
    """
    return redraw_error(images) <= redraw_limit()


@lru_cache(maxsize=1)
def gallery_indices() -> tuple[int, ...]:
    """The first GALLERY_PER_CLASS test digits of each class, ordered 0, 1, ..., 9, 0, 1, ..."""
    labels = digits("test")[1]
    firsts = [np.flatnonzero(labels == d)[:GALLERY_PER_CLASS] for d in range(10)]
    return tuple(int(firsts[d][i]) for i in range(GALLERY_PER_CLASS) for d in range(10))


def gallery() -> list[tuple[np.ndarray, str]]:
    """(image, caption) for each gallery digit, small and crisp."""
    x = digits("test")[0]
    return [(plots.upscale(x[i, 0].numpy(), 3), gallery_caption(p)) for p, i in enumerate(gallery_indices())]


def gallery_caption(position: int) -> str:
    index = gallery_indices()[int(position) % len(gallery_indices())]
    return f"test digit #{index} (a {digits('test')[1][index]})"


def gallery_digit(position: int | None) -> np.ndarray:
    """The gallery's position-th digit as (28, 28) float32; out-of-range positions wrap around."""
    indices = gallery_indices()
    return digits("test")[0][indices[int(position or 0) % len(indices)], 0].numpy()
