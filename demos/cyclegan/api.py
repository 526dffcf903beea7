"""The CycleGAN page's scripting API (gr.api: /cyclegan_translate), framework-free.

Its parameters are declared once, in translate's signature (demos/api_contract.py checks every call against
them); the image's shape, which depends on the direction, is checked here. It answers JSON.
"""
from __future__ import annotations

import numpy as np
import torch

from core.threads import one_thread
from demos.api_contract import Refused, checked, declared, one_of
from demos.cyclegan import zebra

DIRECTIONS = {"to_zebra": (1, "x -> G(x) -> F(G(x))"), "to_plain": (3, "y -> F(y) -> G(F(y))")}
Model, Direction = one_of(*zebra.MODELS), one_of(*DIRECTIONS)
Pixels = declared(list, "28 x 28 grey levels (to_zebra) or 28 x 28 x 3 RGB values (to_plain), in 0..1 or 0..255")


def _image(values, channels: int) -> np.ndarray:
    """JSON pixels -> (channels, 28, 28) float32 in [0, 1]; 0..255 values are scaled; anything else: Refused."""
    shape = "28 x 28 grey levels" if channels == 1 else "28 x 28 x 3 RGB values"
    try:
        image = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise Refused(f"image must be {shape} (numbers in 0..1 or 0..255)") from None
    if image.shape != ((28, 28) if channels == 1 else (28, 28, 3)) or not np.isfinite(image).all():
        raise Refused(f"image must be {shape} (finite numbers in 0..1 or 0..255), got shape {image.shape}")
    if image.min() < 0 or image.max() > 255:
        raise Refused("image: pixel values must lie in 0..1 or 0..255")
    image = image / 255.0 if image.max() > 1 else image
    return (image[None] if channels == 1 else image.transpose(2, 0, 1)).astype(np.float32)


def _pixels(image: torch.Tensor) -> list:
    """(1, 28, 28) -> 28 x 28, (3, 28, 28) -> 28 x 28 x 3, rounded to 4 decimals."""
    array = image.numpy()
    return (array[0] if array.shape[0] == 1 else array.transpose(1, 2, 0)).round(4).tolist()


@checked
def translate(image: Pixels, model: Model = "cyclegan_digits_lam10", direction: Direction = "to_zebra") -> dict:
    """One digit through a pretrained digit CycleGAN and back.

    direction "to_zebra": image is a plain digit, 28 x 28 (white ink on black); -> "translated" = G(x) as
    28 x 28 x 3, "back" = F(G(x)) as 28 x 28. "to_plain": image is a zebra digit, 28 x 28 x 3; -> "translated"
    = F(y), "back" = G(F(y)). Values in 0..1 (0..255 is accepted). Also: "cycle_error" (mean L1 of back vs
    input) and "labels" / "confidence": the MNIST classifier's reading of input, translated and back (colour
    images read through their luminance). A bad value is refused, saying what is allowed.
    """
    if zebra.missing():
        return {"error": f"the pretrained models are missing here: {', '.join(zebra.missing())}"}
    pixels = _image(image, DIRECTIONS[direction][0])
    with one_thread():
        run = zebra.cycle if direction == "to_zebra" else zebra.cycle_reverse
        result = run(model, torch.from_numpy(pixels)[None])
    shown = result["images"] if direction == "to_plain" else [result["images"][i] for i in (0, 1, 3)]
    return {"model": model, "direction": direction, "path": DIRECTIONS[direction][1],
            "input": _pixels(shown[0]), "translated": _pixels(shown[1]), "back": _pixels(shown[2]),
            "cycle_error": round(result["error"], 5), "labels": list(result["labels"]),
            "confidence": [round(c, 4) for c in result["confidence"]]}
