"""The Conditional GAN page's scripting API (gr.api: /cgan_generate), framework-free.

It answers plain JSON; bad input gets {"error": ...} with a clear message, never an exception.
"""
from __future__ import annotations

import torch

from core.cgan import N_CLASSES
from demos import mnist
from demos.cgan import view

MAX_IMAGES = 64


def _whole(value, what: str, low: int, high: int) -> int:
    """A JSON number that must be a whole number in low..high, or a ValueError saying so."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer() \
            or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high:,}, got {value!r}")
    return int(value)


@torch.no_grad()
def generate(digit_class: int = view.DEFAULT_CLASS, seed: int = view.DEFAULT_SEED, n: int = 8,
             model: str = view.DEFAULT_MODEL) -> dict:
    """n digits of one class from noise(n, seed) -> {"images": n x 28 x 28 in [0, 1], "labels": the class asked
    for, "predicted": the classifier's labels, "confidence"}, or {"error": ...} for bad input."""
    try:
        y, seed = _whole(digit_class, "digit_class", 0, N_CLASSES - 1), _whole(seed, "seed", 0, view.MAX_SEED)
        n = _whole(n, "n", 1, MAX_IMAGES)
        if model not in view.MODELS.values():
            raise ValueError(f"unknown model {model!r}; known: {', '.join(view.MODELS.values())}")
    except ValueError as error:
        return {"error": str(error)}
    images = mnist.model(model).sample(n, labels=y, seed=seed)
    predicted, confidence = view.read(images)
    return {"model": model, "seed": seed, "images": images[:, 0].numpy().round(4).tolist(), "labels": [y] * n,
            "predicted": predicted.tolist(), "confidence": confidence.round(4).tolist()}
