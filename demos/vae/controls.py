"""The VAE page's controls, declared once for both UIs (demos/controls.py): label, hint, range, default.
The interpolation's ends are test digits by gallery position; "Spherical (slerp)" is a plain checkbox."""
from demos import mnist
from demos.controls import Control
from demos.vae import view

MODEL = Control("model", "Model", view.DEFAULT_MODEL, "latent size of the pretrained VAE (β = 1)",
                choices={label: label for label in view.MODELS})
SEED = Control("seed", "Seed", 0, "for z ~ N(0, I)", low=0, high=10_000, step=1)
Z = [Control(f"z{i}", f"z{i}", 0.0, low=-view.Z_MAX, high=view.Z_MAX, step=0.05) for i in range(view.MAX_LATENT)]
GRID_N = Control("grid_n", "Grid size", 15, "cells per side", low=5, high=25, step=1)
TEMPERATURE = Control("temperature", "Temperature T", 1.0, low=0.0, high=2.0, step=0.1)
_ENDS = {mnist.gallery_caption(i): i for i in range(30)}
END_A = Control("end_a", "From", 1, choices=_ENDS)
END_B = Control("end_b", "To", 7, choices=_ENDS)
SPHERICAL_LABEL, SPHERICAL_HINT = "Spherical (slerp)", "great circle instead of a line"
CONTROLS = [MODEL, SEED, GRID_N, TEMPERATURE, END_A, END_B]


def next_seed(used) -> int:
    """The seed after `used` (clipped first), as Sample moves it on: back to the lowest after the highest."""
    used = SEED.take(used)[0]
    return SEED.low if used >= SEED.high else used + 1
