"""The live GAN page's controls, framework-free: every setting's label, hint and range, and the presets.

Both UIs build their widgets from CONTROLS, so the two front ends offer the same knobs with the same words.
"""
from __future__ import annotations

from dataclasses import asdict

from core.gan2d import NOISE, OPTIMIZERS, GAN2DConfig
from core.toy2d import DISTRIBUTIONS
from core.trainers import PRESETS

DATA = {toy.title: name for name, toy in DISTRIBUTIONS.items()} | {"Your drawing (draw it below)": "drawing"}
LOSSES = {"non-saturating (−log D(G(z)))": "nonsaturating", "minimax (saturating)": "minimax",
          "least squares (LSGAN)": "least_squares", "WGAN-GP": "wgan_gp", "hinge": "hinge"}
LEARNING_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]  # GAN Lab's list, and two smaller
_PRESETS = {  # label -> (core preset, what to look for, iterations to watch: tests/demos/test_gan_presets.py checks each)
    "Converges: two Gaussians": ("gaussians", "SGD, two hidden layers: the fakes split between both modes.", 2000),
    "GAN Lab's default": ("ganlab", "GAN Lab's defaults (1×8 networks, SGD 0.1, k_D = 2): slow and rough.", 3000),
    "Converges: ring": ("ring", "The fakes spread around the ring; D fades to grey.", 2000),
    "Converges: line": ("line", "Adam: G folds its 2-D noise onto a line.", 2000),
    "Converges: three disjoint Gaussians": ("disjoint", "G must tear its noise into three pieces.", 2000),
    "Converges: 8 Gaussians on a ring": ("ring8", "Deeper networks; watch for modes being dropped.", 2000),
    "Hard: 25 Gaussians on a grid": ("grid25", "Usually misses modes: see the Mode collapse page.", 1000),
    "Converges: spiral": ("spiral", "A curved 1-D shape from 2-D noise.", 2000),
    "Converges: two moons": ("moons", "Two crescents; the manifold stretches between them.", 2000),
    "Fails: saturating loss": ("saturating", "G starts in the corner, and a fast D rejects it at once: D(G(z)) ≈ 0, "
                               "where log(1 − D(G(z))) is flat. The arrows vanish and G stalls; the gradient-signal "
                               "panel shows the pull. Switch Loss to non-saturating and G sets off at once (with this loss, a few fakes "
                               "only catch D's edge after about 1,500 iterations).", 300),
    "Fails: learning rate too high": ("lr_too_high", "Adam at 0.1: the first steps overshoot so far that G's units die: "
                                      "the fakes freeze in one clump and never move again.", 500),
    "Fails: linear generator": ("linear_generator", "No hidden layer: G can only make an ellipse, never a ring: "
                                "the hole fills with fakes.", 1000),
    "Fails: frozen discriminator (k_D = 0)": ("frozen_discriminator", "G chases a D that never learns: the fakes "
                                             "run off toward D's random 'real' side and never come back; KL grows.", 500),
    "Fails: 1-D noise for a 2-D blob": ("one_d_noise", "A curve cannot fill an area: G draws a line through the data.",
                                       1000),
}
PRESET_ITERATIONS = {label: iterations for label, (_, _, iterations) in _PRESETS.items()}
PRESET_NOTES = {  # label -> (core preset, what to look for, with the iterations to watch)
    label: (name, f"{note} (Watch about {iterations:,} iterations.)") for label, (name, note, iterations) in _PRESETS.items()}
DEFAULT_PRESET = "Converges: two Gaussians"
CONTROLS = {  # GAN2DConfig field -> (label, hint, choices or (low, high, step)); laid out two to a row
    "d_optimizer": ("D optimiser", "applies live", OPTIMIZERS),
    "g_optimizer": ("G optimiser", "applies live", OPTIMIZERS),
    "d_lr": ("D learning rate", "applies live", LEARNING_RATES),
    "g_lr": ("G learning rate", "applies live", LEARNING_RATES),
    "k_d": ("k_D", "D steps per iteration", (0, 10, 1)),
    "k_g": ("k_G", "G steps per iteration", (0, 10, 1)),
    "batch_size": ("Batch size", "samples per step", (10, 500, 10)),
    "noise": ("Noise", "uniform on [-1, 1] or Gaussian; resets", NOISE),
    "g_layers": ("G hidden layers", "resets", (0, 5, 1)),
    "g_width": ("G units per layer", "resets", (1, 100, 1)),
    "d_layers": ("D hidden layers", "resets", (0, 5, 1)),
    "d_width": ("D units per layer", "resets", (1, 100, 1)),
    "noise_dim": ("Noise dimension", "1 draws a curve; resets", (1, 4, 1)),
    "seed": ("Seed", "same seed, same run; resets", (0, 10_000, 1)),
}
SETTINGS = ["data", "loss", *CONTROLS]  # every control, in the order the UIs pass them


def preset_settings(label: str) -> dict:
    """Every GAN2DConfig field for a preset, to set the controls from."""
    return asdict(GAN2DConfig(**PRESETS[PRESET_NOTES[label][0]]))


def is_range(allowed) -> bool:
    """A CONTROLS entry's third item is a (low, high, step) range of ints, or else a list of choices."""
    return isinstance(allowed, tuple) and all(isinstance(v, int) for v in allowed)
