"""Autoencoder page: x -> encoder -> z -> decoder -> x', against PCA with as many components.

What the student must see: a narrow code reconstructs a digit (better than the best linear code,
PCA), noise is dropped by the bottleneck, and random codes decode to non-digits because the
training codes fill only part of the latent space ("how to make AEs generative?" -> the VAE page).

Framework-free: plain numbers and arrays in; uint8 images, plotly figures and Markdown out.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
import torch

from demos import mnist, pages, plots

TITLE, SLUG = pages.AUTOENCODER.title, pages.AUTOENCODER.slug
INTRO = r"""An autoencoder learns two maps: an **encoder** $z = f(x)$ squeezes a 784-pixel digit into a
code of a few numbers, and a **decoder** $x' = g(z)$ rebuilds the digit from the code. Training
minimises the reconstruction error $\mathcal{L}(x, g(f(x)))$ on unlabelled digits (here binary
cross-entropy, summed over pixels). The convolutional models encode with strided convolutions
and decode with **transposed convolutions**.
**Look for:** how much of the digit survives a code of 2, 8 or 32 numbers, and how the
non-linear autoencoder compares with PCA, the best *linear* code of the same size."""
PCA_NOTE = r"""PCA keeps the top $k$ principal directions $W$ of the training digits:
$z = W^\top(x-\bar x)$, $x' = Wz + \bar x$. It is the optimal **linear** autoencoder, so the gap
between the two errors is what the non-linear bottleneck buys."""
LATENT_NOTE = r"""Every test digit encoded by the **2-D** autoencoder of the same kind, coloured by its label
(click a legend entry to hide a class). The ✕ is your digit. Codes form clusters with gaps
between and around them: nothing in the loss asks the code space to be filled."""
SAMPLE_NOTE = r"""Draw $z$ uniformly from the box that the training codes span and decode it. With 8 or 32
numbers most samples are not digits: the decoder was only trained on codes of real digits, and
those fill a small part of the box (with 2 numbers the box is small and nearly full, so the MLP
still gets digit-like blurs). *How to make AEs a generative model?* Make the codes follow a
known distribution we can sample from: that is the **VAE** (next page)."""

MODELS = {  # label shown in the UI -> pretrained name
    "Conv, z = 2": "ae_mnist_conv_z2",
    "Conv, z = 8": "ae_mnist_conv_z8",
    "Conv, z = 32": "ae_mnist_conv_z32",
    "MLP, z = 2": "ae_mnist_mlp_z2",
    "MLP, z = 8": "ae_mnist_mlp_z8",
    "MLP, z = 32": "ae_mnist_mlp_z32",
}
DEFAULT_MODEL = "Conv, z = 8"
NOISE_MAX = 1.0  # std of the Gaussian noise added to the input, on the [0, 1] pixel scale
SCALE = 7  # 28 px -> 196 px, nearest-neighbour
N_SAMPLES = 16


@dataclass(frozen=True)
class Reconstruction:
    x: np.ndarray  # the (noisy) input, uint8 upscaled
    x_hat: np.ndarray  # the autoencoder's reconstruction
    error: np.ndarray  # |x - x'| as a heat map, RGB uint8
    pca: np.ndarray  # PCA's reconstruction with as many components
    code: go.Figure | None  # bar chart of z (None when asked for no figures)
    latent_map: go.Figure | None  # the 2-D autoencoder's map of the test set, this digit marked (or None)
    summary: str  # Markdown: errors and labels


def _codes(label: str, split: str) -> np.ndarray:
    return mnist.codes(MODELS[label], split)


def model_label(label: str | None) -> str:
    return label if label in MODELS else DEFAULT_MODEL


def default_digit() -> np.ndarray:
    return mnist.gallery_digit(0)


# ---------------------------------------------------------------------------- outputs


def add_noise(digit: np.ndarray, noise: float | None, seed: int = 0) -> np.ndarray:
    """Gaussian noise of std `noise` (clamped to [0, NOISE_MAX]; None or NaN is 0), then clipped to
    [0, 1]. Fixed seed, so moving the slider scales one noise pattern instead of redrawing it."""
    noise = float(np.clip(np.nan_to_num(float(noise or 0.0)), 0.0, NOISE_MAX))
    pattern = np.random.default_rng(seed).standard_normal(digit.shape).astype(np.float32)
    return np.clip(digit + noise * pattern, 0.0, 1.0)


@torch.no_grad()
def reconstruct(digit: np.ndarray | None, label: str | None = DEFAULT_MODEL, noise: float = 0.0,
                figures: bool = True) -> Reconstruction:
    """A (28, 28) digit in [0, 1] -> everything the page shows about its trip through the bottleneck.
    figures=False: no code chart and no latent map (None), which cost more than the rest (figures() draws them)."""
    label = model_label(label)
    clean = default_digit() if digit is None else np.asarray(digit, dtype=np.float32).reshape(28, 28)
    noisy = add_noise(clean, noise)
    model = mnist.model(MODELS[label])
    x = torch.from_numpy(noisy).view(1, 1, 28, 28)
    z = model.encode(x)
    x_hat = model.decode(z)[0, 0].numpy()
    pca_hat = mnist.pca(model.latent_dim)(x)[0, 0].numpy()
    codes = _codes(label, "train")
    limit = float(np.abs(codes).max()) * 1.05
    return Reconstruction(
        x=plots.upscale(noisy, SCALE),
        x_hat=plots.upscale(x_hat, SCALE),
        error=plots.upscale(plots.heat(np.abs(noisy - x_hat)), SCALE),
        pca=plots.upscale(pca_hat, SCALE),
        code=plots.bar_chart(z[0].numpy(), limit, f"the code z = f(x): {model.latent_dim} numbers") if figures else None,
        latent_map=latent_map(noisy, label) if figures else None,
        summary=_summary(label, clean, noisy, x_hat, pca_hat),
    )


@torch.no_grad()
def figures(digit: np.ndarray | None, label: str | None = DEFAULT_MODEL, noise: float = 0.0) -> tuple[go.Figure, go.Figure]:
    """The code chart and the latent map that reconstruct() draws, alone."""
    label = model_label(label)
    noisy = add_noise(default_digit() if digit is None else np.asarray(digit, dtype=np.float32).reshape(28, 28), noise)
    model = mnist.model(MODELS[label])
    z = model.encode(torch.from_numpy(noisy).view(1, 1, 28, 28))
    limit = float(np.abs(_codes(label, "train")).max()) * 1.05
    return (plots.bar_chart(z[0].numpy(), limit, f"the code z = f(x): {model.latent_dim} numbers"),
            latent_map(noisy, label))


def _summary(label: str, clean: np.ndarray, noisy: np.ndarray, x_hat: np.ndarray, pca_hat: np.ndarray) -> str:
    k = mnist.model(MODELS[label]).latent_dim
    ae_mse, pca_mse = float(np.mean((noisy - x_hat) ** 2)), float(np.mean((noisy - pca_hat) ** 2))
    labels, confidence = mnist.model("classifier_mnist").predict(torch.from_numpy(np.stack([noisy, x_hat, pca_hat])).unsqueeze(1))
    said = [f"**{int(d)}** ({100 * p:.0f}\u202f%)" for d, p in zip(labels, confidence)]  # no break before %
    rows = [
        "| | input x | autoencoder x' | PCA |",
        "|---|---|---|---|",
        f"| per-pixel MSE to the input | — | **{ae_mse:.4f}** | {pca_mse:.4f} |",
        f"| classifier reads | {said[0]} | {said[1]} | {said[2]} |",
    ]
    if not np.array_equal(noisy, clean):
        rows.append(f"| per-pixel MSE to the *clean* digit | {np.mean((noisy - clean) ** 2):.4f} | "
                    f"{np.mean((x_hat - clean) ** 2):.4f} | {np.mean((pca_hat - clean) ** 2):.4f} |")
    verdict = ("the autoencoder's error is **{:.0f} %** of PCA's" if ae_mse < pca_mse
               else "PCA does better on this digit (**{:.0f} %**): on average over the test set it does not")
    ratio = 100 * ae_mse / max(pca_mse, 1e-12)
    return "\n".join(rows) + f"\n\n{label} vs PCA with {k} components: " + verdict.format(ratio)


def latent_map(digit: np.ndarray | None = None, label: str = DEFAULT_MODEL) -> go.Figure:
    """The test set in the 2-D code space of `label`'s architecture, with the digit marked."""
    map_label = model_label(label).split(",")[0] + ", z = 2"  # the 2-D model of the same architecture
    traces, layout = _latent_base(map_label)
    if digit is not None:
        with torch.no_grad():
            z = mnist.model(MODELS[map_label]).encode(torch.from_numpy(np.asarray(digit, np.float32)).view(1, 1, 28, 28))
        traces = [*traces, plots.cross(float(z[0, 0]), float(z[0, 1]), "your digit")]
    return go.Figure(dict(data=traces, layout=layout))


@lru_cache(maxsize=None)
def _latent_base(map_label: str) -> tuple[list[dict], dict]:
    train = _codes(map_label, "train")
    low, high = train.min(0), train.max(0)
    pad = 0.08 * (high - low)
    return plots.class_scatter(_codes(map_label, "test"), mnist.digits("test")[1], [low[0] - pad[0], high[0] + pad[0]],
                               [low[1] - pad[1], high[1] + pad[1]], f"the 2-D code space ({map_label})")


@torch.no_grad()
def random_samples(label: str | None = DEFAULT_MODEL, seed: float | None = 0) -> tuple[np.ndarray, str, int]:
    """Decode N_SAMPLES codes drawn uniformly from the training codes' box -> (grid, verdict, seed used).
    A missing, negative or non-finite seed is read as 0; a huge one is clipped."""
    label = model_label(label)
    seed = int(np.clip(np.nan_to_num(float(seed or 0), posinf=0, neginf=0), 0, 2**31 - 2))
    codes = _codes(label, "train")
    low, high = codes.min(0), codes.max(0)
    z = np.random.default_rng(seed).uniform(low, high, size=(N_SAMPLES, len(low))).astype(np.float32)
    images = mnist.model(MODELS[label]).decode(torch.from_numpy(z))
    verdict = (f"The classifier recognises a digit (confidence > {mnist.CONFIDENT:.0%}) in "
               f"**{int(mnist.recognised(images).sum())} of {N_SAMPLES}** random decodes, against "
               f"**{mnist.real_recognised_rate():.0%}** of real test digits ({label}, seed {seed}).")
    return plots.image_grid(images[:, 0].numpy(), ncol=8, scale=4), verdict, seed
