"""`make(name, **config) -> Trainer`: every model the pages train live, behind one contract (`Trainer`).

The UIs advance a trainer a chunk of steps at a time and redraw between chunks. Every name in NAMES
keeps the contract; tests/core/test_trainers.py checks each. core/training.py keeps it once
(`LiveTrainer`: the checked step, the bounded history, the state), so a model's file holds only its
networks and its one iteration.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from core import data, pretrained
from core.cgan import CGAN, CGANConfig, CGANTrainer, CGANTrainerConfig
from core.cyclegan2d import CycleGAN2D, CycleGAN2DConfig
from core.cyclegan_digits import CycleGAN, CycleGANConfig, CycleGANTrainer, CycleGANTrainerConfig
from core.dcgan import DCGAN, DCGANConfig, DCGANTrainer, DCGANTrainerConfig
from core.gan2d import GAN2D, GAN2DConfig
from core.mode_collapse import ModeCollapseConfig, ModeCollapseGAN
from core.training import CAP, TrainingDiverged

__all__ = ["Trainer", "TrainingDiverged", "make", "make_gan2d", "NAMES", "PRESETS", "CAP"]

PRESETS: dict[str, dict] = {
    # GAN Lab's defaults (demo/ganlab.html): 1x8 G and D, 2-D uniform noise, SGD 0.1, k_D = 2, k_G = 1, batch 150
    "ganlab": dict(data="gaussians", g_layers=1, g_width=8, d_layers=1, d_width=8, noise_dim=2, noise="uniform",
                   g_output="tanh", loss="nonsaturating", real_label=0.95, d_optimizer="sgd", g_optimizer="sgd",
                   d_lr=0.1, g_lr=0.1, k_d=2, k_g=1, batch_size=150),
}
_SGD = dict(g_layers=2, d_layers=2, g_width=16, d_width=16, noise="gaussian", d_lr=0.1, g_lr=0.03, k_d=2)
_ADAM = dict(g_layers=2, d_layers=2, g_width=32, d_width=32, noise="gaussian", d_optimizer="adam",
             g_optimizer="adam", d_lr=1e-3, g_lr=1e-3, k_d=1)
_DEEP = {**_ADAM, "g_layers": 3, "d_layers": 3, "g_width": 64, "d_width": 64}
PRESETS |= {  # settings that converge on each distribution (measured by KL on the grid, tests/core/test_gan2d.py)
    "gaussians": dict(data="gaussians", **_SGD), "ring": dict(data="ring", **_SGD),
    "line": dict(data="line", **_ADAM), "disjoint": dict(data="disjoint", **_ADAM),
    "spiral": dict(data="spiral", **_ADAM), "moons": dict(data="moons", **_ADAM),
    "ring8": dict(data="ring8", **_DEEP), "grid25": dict(data="grid25", **_DEEP),
}
PRESETS |= {  # settings that fail instructively (the page says what goes wrong)
    # G starts far from the data and a fast Adam D rejects it at once: log(1 - D(G(z))) is flat there, G stalls
    "saturating": dict(data="gaussians", **{**_SGD, "loss": "minimax", "g_start": "corner", "d_optimizer": "adam",
                                           "d_lr": 0.03, "d_width": 32, "k_d": 5, "g_lr": 0.0003}),
    "lr_too_high": dict(data="ring", **{**_ADAM, "d_lr": 0.1, "g_lr": 0.1}),
    "linear_generator": dict(data="ring", **{**_SGD, "g_layers": 0}),
    "frozen_discriminator": dict(data="gaussians", **{**_SGD, "k_d": 0}),
    "one_d_noise": dict(data="gaussians", **{**_SGD, "noise_dim": 1}),
}


@runtime_checkable
class Trainer(Protocol):
    """What every live model is, to a page. All randomness, initial weights included, comes from the
    trainer's own torch.Generators, seeded by its config's `seed`: never from torch's global generator.

    step(n=1): n iterations -> the latest metrics: "iteration" (the count) and the newest value of every
        series. If a loss or a weight becomes NaN or inf, raises TrainingDiverged with the trainer restored
        to where it was before the call.
    iterations: iterations done so far.
    history: dict[str, list[float]], bounded (core.training.History, CAP entries a series): the
        per-iteration series (losses ...) line up with history["iteration"], the iteration each entry is
        from, which is the x axis to plot them against; past CAP entries only every 2nd, then 4th, ...
        iteration is kept. Measured series (kl, js; modes, hq, reverse_kl), logged by a trainer's
        measure(), line up with history["measured_at"]; past CAP every other one is dropped.
    sample(n): a float32 ndarray: (n, 2) points for the 2-D models; (n, C, 28, 28) images in [0, 1] for the
        digit models; for the CycleGANs, G applied to n samples of domain X. Draws from a sampling
        generator of the trainer's own, never from training's: sampling does not change a run.
    state_dict() / load_state_dict(state): everything training changes, copied. After a load, stepping
        gives exactly what stepping from that point gave the first time; the history forgets whatever
        came after the restored iteration.
    """

    history: dict[str, list[float]]
    iterations: int

    def step(self, n: int = 1) -> dict[str, float]: ...
    def sample(self, n: int) -> np.ndarray: ...
    def state_dict(self) -> dict: ...
    def load_state_dict(self, state: dict) -> None: ...


def make_gan2d(preset: str | None = None, points: np.ndarray | None = None, **config) -> GAN2D:
    """The GAN Lab default with preset="ganlab"; keyword arguments override it (or the plain defaults)."""
    if preset is not None:
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
        config = {**PRESETS[preset], **config}
    return GAN2D(GAN2DConfig(**config), points=points)


def _checkpoint(name: str, kind: type, what: str):
    """The pretrained model `name`, refused with a clear message unless it is a `kind`."""
    model = pretrained.load(name)
    if not isinstance(model, kind):
        raise ValueError(f"{name!r} is not {what} checkpoint")
    return model


def _dcgan_mnist(pretrained_name: str | None = None, latent_dim: int = 64, channels: int = 16,
                 **config) -> DCGANTrainer:
    """From scratch, or continuing from a pretrained checkpoint (`pretrained_name="dcgan_mnist"`)."""
    gan = None
    if pretrained_name is not None:
        gan = _checkpoint(pretrained_name, DCGAN, "a DCGAN")
        latent_dim, channels = gan.config.latent_dim, gan.config.channels
    trainer_config = DCGANTrainerConfig(model=DCGANConfig(latent_dim, channels), **config)
    images, _ = data.load_mnist("train")
    return DCGANTrainer(trainer_config, images, gan=gan)


def _cgan_mnist(pretrained_name: str | None = None, auxiliary: bool = False, latent_dim: int = 64,
                channels: int = 16, **config) -> CGANTrainer:
    """A cGAN (or an AC-GAN, `auxiliary=True`) from scratch, or continuing from `pretrained_name="cgan_mnist"`."""
    gan = None
    if pretrained_name is not None:
        gan = _checkpoint(pretrained_name, CGAN, "a conditional GAN")
        model = gan.config
    else:
        model = CGANConfig(latent_dim=latent_dim, channels=channels, auxiliary=auxiliary)
    images, labels = data.load_mnist("train")
    return CGANTrainer(CGANTrainerConfig(model=model, **config), images, labels, gan=gan)


def _cyclegan_digits(pretrained_name: str | None = None, model: CycleGANConfig | None = None,
                     **config) -> CycleGANTrainer:
    """Plain <-> zebra digits from scratch (`lam=10.0`, `identity=0.5`, ...), or continuing from a checkpoint
    (`pretrained_name="cyclegan_digits_lam10"`)."""
    network = None
    if pretrained_name is not None:
        network = _checkpoint(pretrained_name, CycleGAN, "a CycleGAN")
        model = network.config
    domains = data.cyclegan_domains("train")
    return CycleGANTrainer(CycleGANTrainerConfig(model=model or CycleGANConfig(), **config),
                           domains["x"], domains["y"], model=network)


def _mode_collapse(centers: np.ndarray | None = None, **config) -> ModeCollapseGAN:
    """One method of core.mode_collapse.METHODS on one mixture (`mixture="ring8"`, `method=...`, `seed=...`);
    `centers` ((K, 2) points) trains on a mixture with a mode at each instead."""
    mixture = data.drawn_mixture(centers) if centers is not None else None
    return ModeCollapseGAN(ModeCollapseConfig(**{**config, **({"mixture": "drawn"} if mixture else {})}), mixture)


def _acgan_mnist(**config) -> CGANTrainer:
    """The AC-GAN: make("cgan_mnist", auxiliary=True, ...)."""
    return _cgan_mnist(auxiliary=True, **config)


NAMES = {"gan2d": make_gan2d, "dcgan_mnist": _dcgan_mnist, "cgan_mnist": _cgan_mnist, "acgan_mnist": _acgan_mnist,
         "mode_collapse": _mode_collapse, "cyclegan2d": lambda **config: CycleGAN2D(CycleGAN2DConfig(**config)),
         "cyclegan_digits": _cyclegan_digits}


def make(name: str, **config) -> Trainer:
    """make("gan2d", preset="ganlab") is GAN Lab's default; make("dcgan_mnist") a digit GAN from scratch."""
    if name not in NAMES:
        raise ValueError(f"unknown trainer {name!r}; known: {', '.join(NAMES)}")
    return NAMES[name](**config)
