"""The live GAN page's controls, framework-free: every setting declared once (demos.controls.Control), and the presets.

Both UIs build their widgets from PRESET and CONTROLS, so the two front ends offer the same knobs with the same
words, ranges and defaults, and the URL's query string sets them by the same names.
"""
from __future__ import annotations

from dataclasses import asdict, replace

from core.gan2d import NOISE, OPTIMIZERS, GAN2DConfig
from core.toy2d import DISTRIBUTIONS
from core.trainers import PRESETS
from demos.controls import Control, take_all

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


def preset_settings(label: str) -> dict:
    """Every GAN2DConfig field for a preset, to set the controls from."""
    return asdict(GAN2DConfig(**PRESETS[PRESET_NOTES[label][0]]))


def _named(values) -> dict:
    return {f"{v:g}" if isinstance(v, float) else str(v): v for v in values}


_D = preset_settings(DEFAULT_PRESET)  # every control's default is the default preset's value
PRESET = Control("preset", "Preset", DEFAULT_PRESET, "settings that converge, and settings that fail instructively",
                 choices={label: label for label in PRESET_NOTES})
CONTROLS = {c.name: c for c in [  # GAN2DConfig fields, in the order the UIs pass them; the accordion's two to a row
    Control("data", "Data", _D["data"], "the real distribution (green)", choices=DATA),
    Control("loss", "Loss", _D["loss"], "changes apply while training", choices=LOSSES),
    Control("d_optimizer", "D optimiser", _D["d_optimizer"], "applies live", choices=_named(OPTIMIZERS)),
    Control("g_optimizer", "G optimiser", _D["g_optimizer"], "applies live", choices=_named(OPTIMIZERS)),
    Control("d_lr", "D learning rate", _D["d_lr"], "applies live", choices=_named(LEARNING_RATES)),
    Control("g_lr", "G learning rate", _D["g_lr"], "applies live", choices=_named(LEARNING_RATES)),
    Control("k_d", "k_D", _D["k_d"], "D steps per iteration", 0, 10, 1),
    Control("k_g", "k_G", _D["k_g"], "G steps per iteration", 0, 10, 1),
    Control("batch_size", "Batch size", _D["batch_size"], "samples per step", 10, 500, 10),
    Control("noise", "Noise", _D["noise"], "uniform on [-1, 1] or Gaussian; resets", choices=_named(NOISE)),
    Control("g_layers", "G hidden layers", _D["g_layers"], "resets", 0, 5, 1),
    Control("g_width", "G units per layer", _D["g_width"], "resets", 1, 100, 1),
    Control("d_layers", "D hidden layers", _D["d_layers"], "resets", 0, 5, 1),
    Control("d_width", "D units per layer", _D["d_width"], "resets", 1, 100, 1),
    Control("noise_dim", "Noise dimension", _D["noise_dim"], "1 draws a curve; resets", 1, 4, 1),
    Control("seed", "Seed", _D["seed"], "same seed, same run; resets", 0, 10_000, 1),
]}
SETTINGS = list(CONTROLS)  # every setting, in the order the UIs pass them
# what a link sets (/gan?data=ring8&loss=wgan_gp&d_lr=0.001&seed=3): every setting, but a link cannot carry a
# drawing, so data=drawing takes the default and says so. The preset is not in it: it only fills these controls
# (a linked page shows the preset box at its default).
SCENE = [replace(CONTROLS["data"], choices={k: v for k, v in DATA.items() if v != "drawing"}),
         *list(CONTROLS.values())[1:]]
HYPERPARAMETERS = SETTINGS[2:]  # in the accordion (data and loss sit above it)


def take(values: dict) -> tuple[dict, str]:
    """Control values as typed -> the values to use (each clipped to its range) and one line saying what changed."""
    taken, notes = take_all(list(CONTROLS.values()), values)
    return taken, "; ".join(notes)
