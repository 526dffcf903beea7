"""The Conditional GAN page's scripting API (gr.api: /cgan_generate), framework-free.

Its parameters are declared once, below (demos/api_contract.py checks every call against them); it answers JSON.
"""
from __future__ import annotations

import torch

from core.cgan import N_CLASSES
from demos import mnist
from demos.api_contract import Seed, checked, one_of, whole
from demos.cgan import view

MAX_IMAGES = 64
DigitClass, Images, Model = whole(0, N_CLASSES - 1), whole(1, MAX_IMAGES), one_of(*view.MODELS.values())


@checked
@torch.no_grad()
def generate(digit_class: DigitClass = view.DEFAULT_CLASS, seed: Seed = view.DEFAULT_SEED, n: Images = 8,
             model: Model = view.DEFAULT_MODEL) -> dict:
    """n digits of one class from noise(n, seed) -> {"images": n x 28 x 28 in [0, 1], "labels": the class asked
    for, "predicted": the classifier's labels, "confidence"}."""
    y = digit_class
    images = mnist.model(model).sample(n, labels=y, seed=seed)
    predicted, confidence = view.read(images)
    return {"model": model, "seed": seed, "images": images[:, 0].numpy().round(4).tolist(), "labels": [y] * n,
            "predicted": predicted.tolist(), "confidence": confidence.round(4).tolist()}
