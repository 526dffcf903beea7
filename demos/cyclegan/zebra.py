"""The CycleGAN page, level 2: plain digits <-> "zebra digits", two pretrained CycleGANs side by side (λ = 10, λ = 0).

Framework-free: a digit in (a test digit, a drawing, an upload: demos.digits makes it MNIST-style), crisp
uint8 strips and Markdown out. The project's MNIST classifier reads x, G(x)'s luminance and F(G(x)): with the
cycle loss the digit survives the round trip; without it F(G(x)) is a digit, but not always the same one.
"""
from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from core import data, pretrained
from core.cyclegan_digits import luminance
from core.cyclegan_official import to_rgb
from core.threads import one_thread
from demos import mnist
from demos.images import open_image

MODELS = {"cyclegan_digits_lam10": "λ = 10, identity 0.5 λ", "cyclegan_digits_lam0": "λ = 0: no cycle loss"}
CLASSIFIER = "classifier_mnist"
SCALE = 6  # 28 x 28 tiles shown 168 x 168, nearest neighbour
DEFAULT_POSITION = 7  # the gallery's first 7
FORWARD_TILES = "x · G(x) · G(x)'s luminance · F(G(x))"
REVERSE_TILES = "y · F(y) · G(F(y))"
HINT = r"""## Level 2: digits ↔ zebra digits (pretrained)
$X$: plain MNIST digits. $Y$: digits painted with coloured stripes on a tinted ground, made from the *other*
half of the training digits, so no zebra digit is a painted copy of a plain one: there are no pairs. Each model
is the official recipe scaled down (ResNet generators, PatchGAN discriminators, LSGAN, an image pool of 50);
one with $\lambda = 10$ and identity weight $0.5\lambda$, one with $\lambda = 0$. Under each model, what the
MNIST classifier reads in $x$, in $G(x)$'s luminance and in $F(G(x))$. **Look for:** both models paint
convincing stripes, but without the cycle loss nothing forces $F(G(x))$ to be *your* digit."""
REVERSE_HINT = r"""### The other way: a zebra digit $y \to F(y) \to G(F(y))$
Pick a painted test digit (or upload a striped one). $F$ washes the paint off; $G$ paints it back on."""


@lru_cache(maxsize=1)
def test_domains() -> dict:
    """The 1,000 test digits, plain and painted (y[i] is x[i] painted: for showing, never for training)."""
    return data.cyclegan_domains("test")


@lru_cache(maxsize=1)
@torch.no_grad()
def failures() -> tuple[int, ...]:
    """Test digits that come back as another digit through the λ = 0 model but as themselves with λ = 10
    (judged once per process, on first use: 1,000 digits through both models)."""
    x, labels = test_domains()["x"], test_domains()["x_labels"]
    with one_thread():
        kept = {name: mnist.model(CLASSIFIER).predict(mnist.model(name).cycle(x)["back"])[0] == labels
                for name in MODELS}
    return tuple(torch.nonzero(kept["cyclegan_digits_lam10"] & ~kept["cyclegan_digits_lam0"])[:, 0].tolist())


def failure(k: int | None) -> tuple[np.ndarray | None, str]:
    """The k-th of failures() (wrapping around) as (28, 28), and where it comes from."""
    if missing():
        return None, _missing_note()
    found = failures()
    if not found:
        return None, "The λ = 0 model keeps every test digit's label: nothing to show."
    index = found[int(k or 0) % len(found)]
    label = int(test_domains()["x_labels"][index])
    return test_domains()["x"][index, 0].numpy(), (
        f"Test digit #{index} (a {label}), one of the {len(found)} of 1,000 that λ = 0 brings back as another "
        f"digit while λ = 10 keeps it ({int(k or 0) % len(found) + 1} of {len(found)}).")


def missing() -> list[str]:
    have = set(pretrained.names())
    return [name for name in (*MODELS, CLASSIFIER) if name not in have]


def _missing_note() -> str:
    return ("⚠️ The pretrained models are not here: run " +
            " and ".join(f"`python -m core.train {name}`" for name in missing()) + ".")


def zebra_gallery() -> list[tuple[np.ndarray, str]]:
    """The painted versions of mnist.gallery()'s digits, same order, small and crisp."""
    y, labels = test_domains()["y"], test_domains()["y_labels"]
    return [(_rgb(y[i]), f"zebra test digit #{i} (a {int(labels[i])})") for i in mnist.gallery_indices()]


def zebra_digit(position: int | None) -> np.ndarray:
    """The gallery's position-th zebra digit, (3, 28, 28) float32; positions wrap around."""
    indices = mnist.gallery_indices()
    return test_domains()["y"][indices[int(position or 0) % len(indices)]].numpy()


def _rgb(image: torch.Tensor | np.ndarray, scale: int = 3) -> np.ndarray:
    """(1 or 3, 28, 28) in [0, 1] -> (28 s, 28 s, 3) uint8."""
    image = np.asarray(image, dtype=np.float32)
    image = np.repeat(image, 3, axis=0) if image.shape[0] == 1 else image
    pixels = (np.clip(image.transpose(1, 2, 0), 0, 1) * 255).round().astype(np.uint8)
    return pixels.repeat(scale, axis=0).repeat(scale, axis=1)


def strip(images: list, scale: int = SCALE, gap: int = 8) -> np.ndarray:
    """Tiles side by side on white, crisp."""
    tiles = [_rgb(image, scale) for image in images]
    white = np.full((tiles[0].shape[0], gap, 3), 255, dtype=np.uint8)
    return np.hstack([part for tile in tiles for part in (tile, white)][:-1])


def read(images: torch.Tensor) -> list[tuple[int, float]]:
    """(N, 1, 28, 28) -> the classifier's (label, confidence) for each."""
    labels, confidence = mnist.model(CLASSIFIER).predict(images)
    return list(zip(labels.tolist(), confidence.tolist()))


@torch.no_grad()
def cycle(name: str, x: torch.Tensor) -> dict:
    """One model, one plain digit (1, 1, 28, 28): the images of the cycle and what the classifier reads."""
    out = mnist.model(name).cycle(x)
    (lx, cx), (lg, cg), (lb, cb) = read(torch.cat([x, luminance(out["zebra"]), out["back"]]))
    return {"images": [x[0], out["zebra"][0], luminance(out["zebra"])[0], out["back"][0]],
            "error": float(out["error"][0]), "labels": (lx, lg, lb), "confidence": (cx, cg, cb)}


@torch.no_grad()
def cycle_reverse(name: str, y: torch.Tensor) -> dict:
    """One model, one zebra digit (1, 3, 28, 28): y -> F(y) -> G(F(y)) and what the classifier reads."""
    out = mnist.model(name).cycle_reverse(y)
    (ly, cy), (lf, cf), (lb, cb) = read(torch.cat([luminance(y), out["plain"], luminance(out["back"])]))
    return {"images": [y[0], out["plain"][0], out["back"][0]],
            "error": float(out["error"][0]), "labels": (ly, lf, lb), "confidence": (cy, cf, cb)}


def _a(label: int) -> str:
    return f"an {label}" if label == 8 else f"a {label}"


def _verdict(result: dict) -> str:
    first, _, last = result["labels"]
    return "✓ the same digit" if first == last else f"✗ {_a(first)} came back as {_a(last)}"


def _table(readings: tuple[str, str, str], results: dict) -> str:
    """One column per model (narrow enough for a phone): the classifier's three readings, the error, the verdict."""
    rows = [f"| {what} | " + " | ".join(f"{r['labels'][i]} (p = {r['confidence'][i]:.2f})" for r in results.values())
            + " |" for i, what in enumerate(readings)]
    rows.append("| cycle error (L1) | " + " | ".join(f"{r['error']:.3f}" for r in results.values()) + " |")
    rows.append("| identity | " + " | ".join(_verdict(r) for r in results.values()) + " |")
    head = "| the classifier reads | " + " | ".join(MODELS[n] for n in results) + " |\n|---|---|---|\n"
    return head + "\n".join(rows)


def _both(run, image: torch.Tensor, readings: tuple[str, str, str], message: str | None) -> tuple:
    with one_thread():  # networks this small: torch's second thread only spins against the UI's
        results = {name: run(name, image) for name in MODELS}
    strips = [strip(r["images"]) for r in results.values()]
    return (*strips, (f"{message}\n\n" if message else "") + _table(readings, results))


def forward(digit: np.ndarray | None, message: str | None = "") -> tuple:
    """A plain digit (28, 28) in [0, 1] -> (λ = 10 strip, λ = 0 strip, the readings table); None: say why."""
    if digit is None or missing():
        return None, None, f"⚠️ {message}" if digit is None else _missing_note()
    x = torch.as_tensor(np.asarray(digit, dtype=np.float32)).reshape(1, 1, 28, 28).clamp(0, 1)
    return _both(cycle, x, ("x", "G(x)'s luminance", "F(G(x))"), message)


def reverse(zebra: np.ndarray | None, message: str | None = "") -> tuple:
    """A zebra digit (3, 28, 28) in [0, 1] -> (λ = 10 strip, λ = 0 strip, the readings table)."""
    if zebra is None or missing():
        return None, None, f"⚠️ {message}" if zebra is None else _missing_note()
    y = torch.as_tensor(np.asarray(zebra, dtype=np.float32)).reshape(1, 3, 28, 28).clamp(0, 1)
    return _both(cycle_reverse, y, ("y's luminance", "F(y)", "G(F(y))'s luminance"), message)


def card_numbers() -> str:
    """The cards' held-out numbers, one column per model: cycle L1 and label kept over the 1,000 test digits."""
    if missing():
        return _missing_note()
    cards = [pretrained.card(name) for name in MODELS]
    rows = [("cycle L1, x → G(x) → F(G(x))", lambda c: f"{c['metrics']['cycle_l1']:.3f}"),
            ("label kept by F(G(x))", lambda c: f"{c['metrics']['label_kept']:.1%}"),
            ("training iterations", lambda c: f"{c['steps']:,}")]
    return ("**Measured on the 1,000 test digits** (the models' cards): the cycle error, and how often the "
            "classifier gives F(G(x)) the label of x.\n\n| | " + " | ".join(MODELS.values()) + " |\n|---|---|---|\n"
            + "\n".join(f"| {what} | " + " | ".join(show(c) for c in cards) + " |" for what, show in rows))


def zebra_from_upload(path: str | Path | None) -> tuple[np.ndarray | None, str]:
    """A colour image of one striped digit -> (3, 28, 28) in [0, 1] (squashed to 28 x 28), or why not."""
    if path is None:
        return None, "Upload an image of a striped digit."
    image, message = open_image(path, longest=28)
    if image is None:
        return None, message
    rgb = to_rgb(image).resize((28, 28), Image.Resampling.LANCZOS)
    return np.asarray(rgb, dtype=np.float32).transpose(2, 0, 1) / 255.0, "Your image, squashed to 28 × 28."


def zebra_from_bytes(content: bytes | None) -> tuple[np.ndarray | None, str]:
    if content is None:
        return zebra_from_upload(None)
    with tempfile.NamedTemporaryFile(suffix=".img") as f:
        f.write(content)
        f.flush()
        return zebra_from_upload(f.name)
