"""Conditional GAN page: ask for a digit, get that digit; the same noise across classes keeps the style.

What the student must see: G(z | y) draws the class y asked for, z alone sets the style (slant, stroke
thickness, width), so one column of the style grid is one handwriting across all ten digits. The
measurements (confusion matrix, unconditional DCGAN's histogram) live in measures.py.
Framework-free: plain values in; uint8 images, Markdown and dicts out.
"""
from __future__ import annotations

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

from core import pretrained
from core.cgan import N_CLASSES
from demos import mnist, pages, plots
from demos.cgan import controls
from demos.cgan.controls import MAX_COLUMNS, MAX_SEED, MODELS

TITLE, SLUG = pages.CGAN.title, pages.CGAN.slug
INTRO = r"""Give both players the label $y$. The generator draws $x = G(z \mid y)$ from noise $z \sim \mathcal{N}(0, I)$
and a class $y$; the discriminator judges pairs, $D(x \mid y)$: *is this a real image of class $y$?*
(Mirza & Osindero, 2014)

$$\min_G \max_D\; \mathbb{E}_{x, y}[\log D(x \mid y)]$$

$$+\ \mathbb{E}_{z, y}[\log(1 - D(G(z \mid y) \mid y))]$$

with $(x, y)$ a real digit and its label, and $z \sim \mathcal{N}(0, I)$, $y$ drawn from the labels for the fakes.

The **AC-GAN** (Odena et al., 2017) keeps $D$ blind to the label but makes it name the class: it outputs
$P(\text{real} \mid x)$ and $P(C \mid x)$, and both players add the log-likelihood of the right class,

$$L_C = \mathbb{E}[\log P(C = y \mid x_\text{real})]$$

$$+\ \mathbb{E}[\log P(C = y \mid G(z \mid y))]$$

$D$ maximises $L_S + L_C$ and $G$ maximises $L_C - L_S$, where $L_S$ is the usual real-or-fake log-likelihood.
Our AC-GAN's $D$ learns $L_C$ on real digits only: trained on fakes too, it learnt to read $G$'s own code
rather than digits. Here $y$ reaches $G$ as a learned embedding $e(y)$ of 16 numbers beside the 64 of $z$;
the cGAN's $D$ sees $e(y)$ as a second image channel.
**Look for:** the digit you ask for, in the style the noise gives it."""
DIGIT_NOTE = r"""The seed fixes the noise $z$. **New noise** draws another $z$ for the same class; **Same noise,
next class** keeps $z$ and moves $y$ on by one: the handwriting stays, the digit changes."""
GRID_NOTE = r"""## The style grid
Row $y$ is the class asked for (0 at the top); column $j$ is the noise of seed $s + j$ ($s$ = the seed
above), the same $z$ all the way down. Along a row the digit stays and the handwriting changes; down a
column the handwriting (slant, stroke thickness, width) stays and the digit changes:
**$z$ carries the style, $y$ the identity.**"""
DIGIT_CAPTION = "G(z | y), 28 × 28 shown 10× larger"
GRID_CAPTION = "Rows: y = 0 (top) to 9; columns: seeds s, s + 1, …; the same z down each column."
INTERPOLATION_NOTE = r"""## Interpolation
Top: at the class above, the noise moves from this seed's $z$ to another seed's, along a straight line
(or a great circle, *slerp*): the style morphs, the digit stays. Bottom: at this seed's noise, the label
embedding blends from the class above to another, $G(z, (1-t)\,e(a) + t\,e(b))$: the style stays, the
identity morphs. Under each strip, what the classifier reads in each frame: watch where it flips."""

DEFAULT_MODEL, DEFAULT_CLASS, DEFAULT_SEED = controls.MODEL.default, controls.CLASS.default, controls.SEED.default
DEFAULT_OTHER_SEED, DEFAULT_OTHER_CLASS = controls.OTHER_SEED.default, controls.OTHER_CLASS.default
COLUMNS = controls.COLUMNS.default  # the style grid's noise vectors, MAX_COLUMNS at most
FRAMES = 10  # per interpolation strip
SCALE = 10  # the digit, 280 x 280
CLASSIFIER = "classifier_mnist"


def model_name(name: str | None) -> str:
    """A checkpoint name or a label of MODELS -> the checkpoint name; anything else -> the default."""
    return MODELS.get(name, name) if MODELS.get(name, name) in MODELS.values() else DEFAULT_MODEL


def model_label(name: str | None) -> str:
    return {v: k for k, v in MODELS.items()}[model_name(name)]


def clean_seed(seed, control=controls.SEED) -> int:
    """A seed box's value (None, a float, NaN, negative, huge) -> a seed in 0..MAX_SEED (Control.take)."""
    return control.take(seed)[0]


def clean_class(y, default: int = DEFAULT_CLASS) -> int:
    """A class control's value -> 0..9 (None or junk -> the default)."""
    try:
        return int(np.clip(np.nan_to_num(float(y), nan=default), 0, N_CLASSES - 1))
    except (TypeError, ValueError):
        return default


def next_seed(seed) -> int:
    return (clean_seed(seed) + 1) % (MAX_SEED + 1)


def next_class(y) -> int:
    return (clean_class(y) + 1) % N_CLASSES


def _noise(gan, seeds) -> torch.Tensor:
    """One z per seed, (len(seeds), latent_dim): z of seed s is the same wherever it is drawn."""
    return torch.cat([gan.noise(1, s) for s in seeds])


def read(images: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """(B,1,28,28) -> the classifier's labels and confidences."""
    labels, confidence = mnist.model(CLASSIFIER).predict(images)
    return labels.numpy(), confidence.numpy()


@torch.no_grad()
def digit(name: str | None, y, seed) -> tuple[np.ndarray, str]:
    """G(z | y) for the seed's z, (28*SCALE, 28*SCALE) uint8, and what the classifier reads in it."""
    (used, note), gan, y = controls.SEED.take(seed), mnist.model(model_name(name)), clean_class(y)
    image = gan.generate(_noise(gan, [used]), torch.tensor([y]))
    (label,), (confidence,) = read(image)
    verdict = "a hit" if label == y else "a miss"
    status = (f"Asked for a **{y}** (seed {used}): the classifier reads **{label}** "
              f"(p = {confidence:.2f}), {verdict}.")
    if seed is not None and note:
        status += f" {note}."
    return plots.upscale(image[0, 0].numpy(), SCALE), status


def _row_labels(grid: np.ndarray, labels: list[str], row_height: int, top: int, width: int = 30) -> np.ndarray:
    """Put a white margin left of a grid image with one label per row, centred on the row."""
    margin = Image.new("L", (width, grid.shape[0]), 255)
    draw, font = ImageDraw.Draw(margin), ImageFont.load_default(size=row_height // 2)
    for i, text in enumerate(labels):
        draw.text((width // 2, top + i * row_height + row_height // 2), text, fill=40, font=font, anchor="mm")
    return np.hstack([np.asarray(margin), grid])


@torch.no_grad()
def style_grid(name: str | None, seed, k=COLUMNS) -> np.ndarray:
    """Rows: classes 0..9; columns: the noise of seeds s, s+1, ..., s+k-1, the same z down each column."""
    gan, seed = mnist.model(model_name(name)), clean_seed(seed)
    k = controls.COLUMNS.take(k)[0]
    z = _noise(gan, [(seed + j) % (MAX_SEED + 1) for j in range(k)])
    images = gan.generate(z.repeat(N_CLASSES, 1), torch.arange(N_CLASSES).repeat_interleave(k))  # row by row
    scale = 3
    grid = plots.image_grid(images[:, 0].numpy(), ncol=k, scale=scale)
    return _row_labels(grid, [str(c) for c in range(N_CLASSES)], 29 * scale, scale)


def _slerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Points along the great circle from a to b (radius blended linearly); a straight line if they are parallel."""
    omega = torch.arccos(torch.clamp(torch.dot(a / a.norm(), b / b.norm()), -1.0, 1.0))
    if omega < 1e-4:
        return torch.lerp(a, b, t[:, None])
    weights = torch.stack([torch.sin((1 - t) * omega), torch.sin(t * omega)], 1) / torch.sin(omega)
    return weights @ torch.stack([a, b])


def _strip(images: torch.Tensor, caption: str) -> tuple[np.ndarray, str]:
    labels, _ = read(images)
    readings = " · ".join(str(label) for label in labels)
    return plots.image_grid(images[:, 0].numpy(), ncol=len(images), scale=3), f"{caption}. Classifier reads: {readings}"


@torch.no_grad()
def noise_strip(name: str | None, y, seed, other_seed, spherical: bool = False) -> tuple[np.ndarray, str]:
    """At class y, G along the path from the seed's z to other_seed's z -> (strip image, the classifier's readings)."""
    gan, y = mnist.model(model_name(name)), clean_class(y)
    a, b = _noise(gan, [clean_seed(seed), clean_seed(other_seed, controls.OTHER_SEED)])
    t = torch.linspace(0, 1, FRAMES)
    z = _slerp(a, b, t) if spherical else torch.lerp(a, b, t[:, None])
    path = "great circle" if spherical else "straight line"
    return _strip(gan.generate(z, torch.full((FRAMES,), y)), f"**Noise interpolation** at y = {y}: seed "
                  f"{clean_seed(seed)} → {clean_seed(other_seed, controls.OTHER_SEED)} along a {path}")


@torch.no_grad()
def class_strip(name: str | None, y, other_class, seed) -> tuple[np.ndarray, str]:
    """At the seed's z, G with the label embedding blended from class y to other_class -> (strip, readings)."""
    gan = mnist.model(model_name(name))
    z = _noise(gan, [clean_seed(seed)])[0]
    a, b = clean_class(y), clean_class(other_class, DEFAULT_OTHER_CLASS)
    return _strip(gan.generate_between(z, a, b, torch.linspace(0, 1, FRAMES)),
                  f"**Class interpolation** at seed {clean_seed(seed)}: y = {a} → {b}, the label embedding blended")


def trained_for(name: str | None) -> str:
    """'N iterations, S s of training' from the checkpoint's card (the weights may be rebuilt at any time)."""
    card = pretrained.card(model_name(name))
    return f"{card['steps']:,} iterations, {card['seconds']:.0f} s of training"
