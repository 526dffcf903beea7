"""VAE page: latent sliders, the 2-D manifold, the posterior, the ELBO's two terms, β, interpolation.

What the student must see: every point of the latent space decodes to a digit (the prior is
N(0, I) and the KL term keeps the codes there), moving along a latent direction morphs the digit
smoothly, and β trades sharp reconstructions (small β) for a well-behaved latent space (large β).
Framework-free: plain numbers and arrays in; uint8 images, plotly figures and Markdown out.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
import torch

from demos import mnist, pages, plots
from demos.api_contract import Refused, checked, grid, numbers, one_of

TITLE, SLUG = pages.VAE.title, pages.VAE.slug
INTRO = r"""The encoder no longer outputs a point but a distribution, $q(z\mid x)=\mathcal{N}(\mu(x), \sigma^2(x))$;
the decoder gives $p(x\mid z)$, here a Bernoulli per pixel. Training maximises the evidence lower bound

$$\mathrm{ELBO}(x) = \mathbb{E}_{q}[\log p(x\mid z)] - \beta\,\mathrm{KL}(q\,\|\,p(z))$$

$$\mathrm{KL} = -\tfrac12\textstyle\sum_j (1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2)$$

with the prior $p(z) = \mathcal{N}(0, I)$ and $\beta = 1$ for the true ELBO.
**Look for:** every slider position gives a digit."""
SLIDERS_NOTE = r"""Each slider is one coordinate of $z$; the decoder shows $\mathbb{E}[x \mid z]$. The prior puts
95 % of its mass within ±2 on each axis, so the sliders span ±3. Pick, draw or upload a digit to set
the sliders to its posterior mean $\mu(x)$."""
MANIFOLD_NOTE = r"""Kingma & Welling's figure: a grid on the unit square mapped through the Gaussian inverse
CDF, $z = \Phi^{-1}(u)$, and decoded. Beside it, the test digits' posterior means: a round,
filled cloud, unlike the autoencoder's scattered clusters with holes."""
POSTERIOR_NOTE = r"""Reparameterisation: $z = \mu + \sigma \odot \varepsilon$, $\varepsilon \sim \mathcal{N}(0, I)$.
The same digit, encoded once, decoded from several such $z$: the noise sits outside the gradient path."""
ELBO_NOTE = r"""The two terms for this digit, in nats. KL per dimension shows which units the model uses:
an inactive unit has $\mu \approx 0$, $\sigma \approx 1$ and costs nothing."""
INTERPOLATION_NOTE = r"""## Interpolation
From one gallery digit to another: a straight (or great-circle, *slerp*) path between the posterior
means decodes to digits all the way; cross-fading the pixels gives ghosts of both."""
PRIOR_NOTE = r"""## Samples from the prior
$z \sim \mathcal{N}(0, T^2 I)$: a temperature $T < 1$ gives typical, blurrier digits; $T > 1$ reaches
regions the encoder rarely used. Blurrier than a GAN's samples: the price of a principled model."""

MODELS = {"z = 8": "vae_mnist_z8", "z = 16": "vae_mnist_z16", "z = 2": "vae_mnist_z2"}
BETAS = {"β = 0.5": "vae_mnist_z8_beta0.5", "β = 1": "vae_mnist_z8", "β = 4": "vae_mnist_z8_beta4"}
DEFAULT_MODEL = "z = 8"
# (model, title) of the two code spaces; short, to fit a third of 1280 px beside the legend, or a phone
VAE_MAP = ("vae_mnist_z2", "VAE posterior means (z = 2)")
AE_MAP = ("ae_mnist_mlp_z2", "autoencoder codes (MLP, z = 2)")
MAX_LATENT = 16
Z_MAX = 3.0
SCALE = 7
Model, ZValues, Digit = one_of(*MODELS), numbers(1, MAX_LATENT, -Z_MAX, Z_MAX), grid(28, 28, 0, 1)  # for the API


def model_label(label: str | None) -> str:
    return label if label in MODELS else DEFAULT_MODEL


def default_digit() -> np.ndarray:
    return mnist.gallery_digit(0)


def latent_dim(label: str | None) -> int:
    return mnist.model(MODELS[model_label(label)]).latent_dim


def clip_z(values, label: str | None) -> tuple[np.ndarray, str]:
    """Slider values -> a z of the model's size within ±Z_MAX; NaN/inf/None become 0. -> (z, note)."""
    k = latent_dim(label)
    raw = np.array([np.nan if v is None else v for v in list(values)[:k]] + [0.0] * (k - len(values[:k])), dtype=float)
    z = np.clip(np.nan_to_num(raw, nan=0.0, posinf=Z_MAX, neginf=-Z_MAX), -Z_MAX, Z_MAX).astype(np.float32)
    changed = ~np.isclose(z, raw)
    said = f"{int(changed.sum())} value(s) outside ±{Z_MAX:g} or not a number were clipped."
    return z, (said if changed.any() else "")


@torch.no_grad()
def decode(values, label: str | None = DEFAULT_MODEL) -> np.ndarray:
    """Latent values (one per dimension) -> the decoded digit, (28*SCALE, 28*SCALE) uint8."""
    z, _ = clip_z(values, label)
    x = mnist.model(MODELS[model_label(label)]).decode(torch.from_numpy(z)[None])
    return plots.upscale(x[0, 0].numpy(), SCALE)


@torch.no_grad()
def encode(digit: np.ndarray, label: str | None = DEFAULT_MODEL) -> tuple[list[float], list[float]]:
    """A (28, 28) digit -> (mu, logvar) as lists, one value per latent dimension."""
    x = torch.from_numpy(np.asarray(digit, np.float32).reshape(1, 1, 28, 28))
    mu, logvar = mnist.model(MODELS[model_label(label)]).encode(x)
    return mu[0].tolist(), logvar[0].tolist()


def prior_sample(label: str | None, seed: float | None = 0) -> tuple[list[float], int]:
    """z ~ N(0, I), clipped to the sliders' range -> (z, the seed used: a missing or bad seed is 0)."""
    seed = int(np.clip(np.nan_to_num(float(seed or 0), posinf=0, neginf=0), 0, 2**31 - 2))
    z = np.random.default_rng(seed).standard_normal(latent_dim(label))
    return clip_z(z, label)[0].tolist(), seed


@torch.no_grad()
def prior_grid(label: str | None, temperature: float = 1.0, seed: int = 0, n: int = 32) -> np.ndarray:
    """A grid of n digits decoded from z ~ N(0, temperature^2 I)."""
    temperature = float(np.clip(np.nan_to_num(float(temperature or 0)), 0.0, 3.0))
    g = torch.Generator().manual_seed(int(seed))
    z = temperature * torch.randn(n, latent_dim(label), generator=g)
    return plots.image_grid(mnist.model(MODELS[model_label(label)]).decode(z)[:, 0].numpy(), ncol=8, scale=3)


MANIFOLD_CELL = 28 * 2  # pixels per grid cell in manifold()'s image


def _grid_z(n: int) -> torch.Tensor:
    """(n*n, 2) codes z = Phi^-1(u), u on an n x n grid in [0.05, 0.95]^2, row by row, z1 growing upwards."""
    axis = torch.special.ndtri(torch.linspace(0.05, 0.95, n))
    return torch.stack([axis.repeat(n), axis.flip(0).repeat_interleave(n)], dim=1)


def _grid_size(n) -> int:
    return int(np.clip(np.nan_to_num(float(n or 15)), 3, 30))


@torch.no_grad()
def manifold(n: int = 15) -> np.ndarray:
    """The 2-D VAE decoded over an n x n grid z = Phi^-1(u) (Kingma & Welling's figure)."""
    n = _grid_size(n)
    images = mnist.model(MODELS["z = 2"]).decode(_grid_z(n))[:, 0].numpy()
    return plots.image_grid(images, ncol=n, scale=MANIFOLD_CELL // 28, pad=0)


@torch.no_grad()
def manifold_cell(n: int, x: float, y: float) -> tuple[np.ndarray, str]:
    """The grid cell under pixel (x, y) of manifold(n)'s image, decoded large, and its z."""
    n = _grid_size(n)
    row, col = (int(np.clip(v // MANIFOLD_CELL, 0, n - 1)) for v in (np.nan_to_num(y), np.nan_to_num(x)))
    z = _grid_z(n)[row * n + col]
    image = mnist.model(MODELS["z = 2"]).decode(z[None])[0, 0].numpy()
    return plots.upscale(image, SCALE), f"cell ({row + 1}, {col + 1}): z = ({z[0]:.2f}, {z[1]:.2f})"


def centre_cell(n: int) -> tuple[np.ndarray, str]:
    """manifold_cell of the grid's middle cell: what the page shows before a click (z near 0, the prior's mean)."""
    middle = (_grid_size(n) // 2 + 0.5) * MANIFOLD_CELL
    return manifold_cell(n, middle, middle)


def manifold_view(n: int) -> tuple[np.ndarray, np.ndarray, str]:
    """The manifold and its centre cell, large, with its z: the manifold section as it opens."""
    return (manifold(n), *centre_cell(n))


@torch.no_grad()
def code_space(model_name: str, title: str, digit: np.ndarray | None = None) -> go.Figure:
    """Test digits in a 2-D code space (VAE: posterior means), coloured by label; the digit marked,
    with its posterior's 2-sigma ellipse for a VAE."""
    traces, layout = _code_space_base(model_name, title)
    if digit is not None:
        out = mnist.model(model_name).encode(torch.from_numpy(np.asarray(digit, np.float32)).view(1, 1, 28, 28))
        mu, logvar = (out[0][0], out[1][0]) if isinstance(out, tuple) else (out[0], None)
        if logvar is not None:
            t = np.linspace(0, 2 * np.pi, 60)
            sigma = torch.exp(0.5 * logvar).detach().numpy()
            traces = [*traces, dict(type="scatter", x=float(mu[0]) + 2 * sigma[0] * np.cos(t), mode="lines",
                                    y=float(mu[1]) + 2 * sigma[1] * np.sin(t), name="q(z|x), 2σ",
                                    line=dict(color="black", width=2))]
        traces = [*traces, plots.cross(float(mu[0]), float(mu[1]), "your digit")]
    return go.Figure(dict(data=traces, layout=layout))


@lru_cache(maxsize=None)
def _code_space_base(model_name: str, title: str) -> tuple[list[dict], dict]:
    train = mnist.codes(model_name, "train")
    low, high = np.percentile(train, 0.5, axis=0), np.percentile(train, 99.5, axis=0)
    pad = 0.15 * (high - low)
    return plots.class_scatter(mnist.codes(model_name, "test"), mnist.digits("test")[1],
                               [low[0] - pad[0], high[0] + pad[0]], [low[1] - pad[1], high[1] + pad[1]], title)


def pixels(image: np.ndarray) -> list[list[int]]:
    """An upscaled uint8 digit -> its 28 x 28 grey levels (0..255), for JSON clients."""
    return image[::SCALE, ::SCALE].astype(int).tolist()


@checked
def api_decode(z: ZValues, model: Model = DEFAULT_MODEL) -> list[list[int]]:
    """Latent vector (as long as the model's z, each in ±3) -> the decoded digit's 28 x 28 grey levels (0..255)."""
    if len(z) != latent_dim(model):
        raise Refused(f"z: got {len(z)} values; for model {model!r} z must be a list of {latent_dim(model)}")
    return pixels(decode(z, model))


@checked
def api_encode(image: Digit, model: Model = DEFAULT_MODEL) -> dict:
    """A 28 x 28 digit in [0, 1] (white ink on black) -> {"mu": [...], "logvar": [...]}."""
    return dict(zip(("mu", "logvar"), encode(np.asarray(image, np.float32), model)))
