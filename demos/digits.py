"""Turn whatever a user gives us into an MNIST-style digit, or a clear message saying why not.

MNIST-style: (28, 28) float32 in [0, 1], white ink on black, the digit's bounding box fitted into
20x20 (aspect kept) and its centre of mass at the centre of the 28x28 frame (LeCun et al.'s recipe).

Framework-free, shared by every page that takes a digit from a user: uploads (any size and
format), sketchpad canvases, and arrays. Nothing here raises for bad input: from_upload,
from_bytes and from_sketch return (digit, what was done) or (None, why not).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from demos.images import MAX_UPLOAD_BYTES, open_image

DIGIT_SIDE = 256  # an upload is decoded to at most twice this on its longer side: ample for a 20 x 20 digit
MIN_CONTRAST = 0.08  # ink and paper closer than this (on a 0..1 scale) means a blank image

Result = tuple[np.ndarray | None, str | None]
CONVERTED = "Converted MNIST-style: grey, inverted if needed, cropped, fitted into 20x20, centred."
DRAWN = "Your drawing, converted MNIST-style."


def from_upload(path: str | Path | None) -> Result:
    """An uploaded file (any image format PIL reads) -> MNIST-style digit, or a message."""
    if path is None:
        return None, "Upload an image of a single digit (PNG, JPEG, ...)."
    image, message = open_image(path, longest=DIGIT_SIDE)
    if image is None:
        return None, message
    digit, message = from_grey(to_grey(image), ink_is_dark=None)
    return digit, message or CONVERTED


def from_bytes(content: bytes) -> Result:
    """Same as from_upload, for bytes already in memory (Streamlit's uploader)."""
    if len(content) > MAX_UPLOAD_BYTES:
        return None, f"The file is {len(content) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB."
    with tempfile.NamedTemporaryFile(suffix=".img") as f:
        f.write(content)
        f.flush()
        return from_upload(f.name)


def from_sketch(value: dict | np.ndarray | None) -> Result:
    """A drawing pad value ({"composite": (H, W) uint8, 255 = paper}; demos/sketch_ui.py) -> digit, or a message."""
    composite = value.get("composite") if isinstance(value, dict) else value
    if composite is None:
        return None, "The canvas is empty: draw a digit on it."
    grey = np.asarray(composite, dtype=np.float32)
    if grey.ndim == 3:  # RGB(A) canvases: drop alpha, average the colours
        grey = grey[..., :3].mean(axis=2)
    digit, message = from_grey(grey / 255.0, ink_is_dark=True)
    if digit is None and message == BLANK:
        return None, "The canvas is empty: draw a digit on it."
    return digit, message or DRAWN


def to_grey(image: Image.Image) -> np.ndarray:
    """Any PIL mode -> (H, W) float32 in [0, 1]; transparency is composited onto white paper."""
    image.load()
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        values = np.asarray(image, dtype=np.float64)
        low, high = values.min(), values.max()
        return ((values - low) / (high - low) if high > low else np.zeros_like(values)).astype(np.float32)
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, image.convert("RGBA"))
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


BLANK = "The image is blank (one flat shade): there is no digit to find."


def from_grey(grey: np.ndarray, ink_is_dark: bool | None) -> Result:
    """(H, W) in [0, 1] -> MNIST-style digit. ink_is_dark=None decides from the border (the paper)."""
    grey = np.nan_to_num(np.asarray(grey, dtype=np.float32), nan=0.0)
    if grey.ndim != 2 or min(grey.shape) < 2:
        return None, "Expected a two-dimensional image."
    if float(grey.max() - grey.min()) < MIN_CONTRAST:
        return None, BLANK
    if ink_is_dark is None:
        border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
        ink_is_dark = float(np.median(border)) > float(np.median(grey[1:-1, 1:-1])) or np.median(border) > 0.5
    ink = 1.0 - grey if ink_is_dark else grey.copy()
    paper = float(np.median(np.concatenate([ink[0], ink[-1], ink[:, 0], ink[:, -1]])))
    ink = np.clip((ink - paper) / max(float(ink.max()) - paper, 1e-6), 0.0, 1.0)
    ink[ink < 0.15] = 0.0  # photo noise and paper texture are not ink
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(rows) == 0:
        return None, BLANK
    return fit_to_mnist(ink[rows[0]: rows[-1] + 1, cols[0]: cols[-1] + 1]), None


def fit_to_mnist(crop: np.ndarray) -> np.ndarray:
    """A tight crop of ink (h, w) in [0, 1] -> (28, 28): fitted into 20x20, centred by mass."""
    h, w = crop.shape
    scale = 20.0 / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = Image.fromarray((crop * 255).astype(np.uint8)).resize(size, Image.Resampling.LANCZOS)
    small = np.asarray(small, dtype=np.float32) / 255.0
    mass = small.sum()
    ys, xs = np.indices(small.shape)
    cy, cx = ((ys * small).sum() / mass, (xs * small).sum() / mass) if mass > 0 else (h * scale / 2, w * scale / 2)
    top = int(np.clip(round(14 - cy), 0, 28 - small.shape[0]))
    left = int(np.clip(round(14 - cx), 0, 28 - small.shape[1]))
    out = np.zeros((28, 28), dtype=np.float32)
    out[top: top + small.shape[0], left: left + small.shape[1]] = small
    return out
