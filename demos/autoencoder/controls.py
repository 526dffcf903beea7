"""The Autoencoder page's controls, declared once for both UIs (demos/controls.py): label, hint, range, default."""
from demos.autoencoder import view
from demos.controls import Control

MODEL = Control("model", "Model", view.DEFAULT_MODEL, "architecture and code size (the bottleneck)",
                choices={label: label for label in view.MODELS})
NOISE = Control("noise", "Input noise σ", 0.0, "Gaussian noise added to the digit before encoding",
                low=0.0, high=view.NOISE_MAX, step=0.05)
SEED = Control("seed", "Seed", 0, "same seed, same samples", low=0, high=10_000, step=1)
CONTROLS = [MODEL, NOISE, SEED]


def next_seed(used) -> int:
    """The seed after `used` (clipped first), as Sample moves it on: back to the lowest after the highest."""
    used = SEED.take(used)[0]
    return SEED.low if used >= SEED.high else used + 1
