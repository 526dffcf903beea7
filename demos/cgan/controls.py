"""The Conditional GAN page's controls, declared once and framework-free (demos.controls.Control).

Both UIs build their widgets from these declarations, so the two front ends offer the same knobs with the
same words, ranges and defaults; view.py takes its ranges and defaults from here, and every value a control
is given passes through Control.take: kept, or clipped with a one-line note beside the control.
"""
from __future__ import annotations

from demos.controls import Control

MODELS = {"cGAN: D sees the label": "cgan_mnist", "AC-GAN: D names the class": "acgan_mnist"}
KINDS = {"cGAN: D sees the label": False, "AC-GAN: D names the class": True}  # the live section's: label -> auxiliary
CLASSES = {str(c): c for c in range(10)}
MAX_SEED = 2**31 - 1
MAX_COLUMNS = 12  # the style grid's noise vectors

MODEL = Control("model", "Model", "cgan_mnist",
                "how the label reaches D: as an input (cGAN) or as a question D must answer (AC-GAN)", choices=MODELS)
CLASS = Control("y", "Digit class y", 3, "the digit G is asked for", choices=CLASSES)
SEED = Control("seed", "Noise seed", 0, "fixes z ~ N(0, I): the style", 0, MAX_SEED, 1)
COLUMNS = Control("columns", "Noise vectors (columns)", 8, "column j uses the noise of seed s + j", 1, MAX_COLUMNS, 1)
OTHER_SEED = Control("other_seed", "To seed", 1, "the noise at the strip's right end", 0, MAX_SEED, 1)
SPHERICAL = Control("slerp", "Spherical (slerp)", False, "a great circle instead of a straight line",
                    choices={"off": False, "on": True})
OTHER_CLASS = Control("other_class", "To class", 8, "the label at the class strip's right end", choices=CLASSES)
LIVE_KIND = Control("live", "Train", "cGAN: D sees the label",
                    "choosing one starts a new run of that kind, from scratch", choices={k: k for k in KINDS})
CONTROLS = [MODEL, CLASS, SEED, COLUMNS, OTHER_SEED, SPHERICAL, OTHER_CLASS, LIVE_KIND]
