"""A DCGAN for 28x28 MNIST digits, small enough to train live on 2 CPU cores.

Radford et al.'s recipe at MNIST size (pytorch/examples `dcgan/main.py`, scaled down): G is a linear
layer to 7x7 feature maps and two stride-2 transposed convolutions with batch norm and ReLU; D is two
stride-2 convolutions with leaky ReLU and a linear read-out; Adam with beta1 = 0.5; weights N(0, 0.02);
the generator's non-saturating loss. Images are in [0, 1] outside the networks, in [-1, 1] inside.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F

from core.training import LiveTrainer, seeded, update_average


@dataclass(frozen=True)
class DCGANConfig:
    latent_dim: int = 64
    channels: int = 16  # G's last hidden maps and D's first; the next layer doubles (D) or quadruples (G) it


class Generator(nn.Module):
    def __init__(self, config: DCGANConfig):
        super().__init__()
        c, self.latent_dim = config.channels, config.latent_dim
        self.project = nn.Sequential(nn.Linear(config.latent_dim, 4 * c * 7 * 7, bias=False),
                                     nn.BatchNorm1d(4 * c * 7 * 7), nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(4 * c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.ReLU(),  # 14x14
            nn.ConvTranspose2d(2 * c, 1, 4, 2, 1), nn.Tanh(),  # 28x28
        )

    def forward(self, z: Tensor) -> Tensor:
        """z (B, latent_dim) -> images (B, 1, 28, 28) in [0, 1]."""
        maps = self.project(z).view(len(z), -1, 7, 7)
        return (self.up(maps) + 1) / 2


class Discriminator(nn.Module):
    def __init__(self, config: DCGANConfig):
        super().__init__()
        c = config.channels
        self.features = nn.Sequential(
            nn.Conv2d(1, c, 4, 2, 1), nn.LeakyReLU(0.2),  # 14x14
            nn.Conv2d(c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.LeakyReLU(0.2),  # 7x7
        )
        self.read_out = nn.Linear(2 * c * 7 * 7, 1)

    def forward(self, x: Tensor) -> Tensor:
        """images (B, 1, 28, 28) in [0, 1] -> logits (B,): real if positive."""
        return self.read_out(self.features(x * 2 - 1).flatten(1)).squeeze(1)


class DCGAN(nn.Module):
    """Both players; what `core.pretrained.load` returns for kind "gan", with the generators' `.sample`."""

    def __init__(self, config: DCGANConfig | None = None,
                 players: Callable[[], tuple[nn.Module, nn.Module]] | None = None,
                 generator: torch.Generator | None = None):
        """`players()` builds (G, D) in place of the unconditional pair (core/cgan.py); initialisation and EMA
        stay. The initial weights come from `generator` (a fixed one when None: a checkpoint overwrites them)."""
        super().__init__()
        self.config = config = config or DCGANConfig()
        self.latent_dim = config.latent_dim
        generator = generator if generator is not None else torch.Generator().manual_seed(0)
        self.G, self.D = seeded(players or (lambda: (Generator(config), Discriminator(config))), generator)
        for module in self.modules():  # DCGAN's initialisation (biases keep torch's default)
            if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
                nn.init.normal_(module.weight, 0.0, 0.02, generator=generator)
            elif isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                nn.init.normal_(module.weight, 1.0, 0.02, generator=generator)
                nn.init.zeros_(module.bias)
        self.G_ema = copy.deepcopy(self.G).requires_grad_(False)  # the average of G's recent weights: what we show

    @torch.no_grad()
    def update_ema(self, decay: float) -> None:
        """G_ema <- decay * G_ema + (1 - decay) * G; batch-norm statistics are copied."""
        update_average(self.G_ema, self.G, decay)

    @torch.no_grad()
    def sample(self, n: int, labels: Tensor | None = None, seed: int | None = None) -> Tensor:
        """n digits (n, 1, 28, 28) in [0, 1] from the averaged generator; labels are ignored (unconditional)."""
        generator = torch.Generator().manual_seed(seed) if seed is not None else None
        return self.G_ema.eval()(torch.randn(n, self.latent_dim, generator=generator))


@dataclass(frozen=True)
class DCGANTrainerConfig:
    model: DCGANConfig = DCGANConfig()
    batch_size: int = 64
    lr: float = 2e-3
    beta1: float = 0.5
    ema: float = 0.99  # G_ema's decay (Karras et al. 2018); samples come from G_ema
    seed: int = 0


class DCGANTrainer(LiveTrainer):
    """`make("dcgan_mnist", **config)`: trains a DCGAN on the shipped training digits, `step(n)` at a time."""

    MODEL = DCGAN  # what a fresh trainer builds from config.model
    SERIES = ("d_loss", "g_loss", "d_real", "d_fake")

    def __init__(self, config: DCGANTrainerConfig, images: Tensor, gan: DCGAN | None = None):
        self.config = config
        self._start(config.seed)
        # the initial weights draw from a generator of their own, seeded like training's
        self.gan = gan or self.MODEL(config.model, generator=torch.Generator().manual_seed(config.seed))
        self.gan.train()
        self.images = images
        self.fixed_noise = torch.randn(64, config.model.latent_dim, generator=self._rng)
        betas = (config.beta1, 0.999)
        self.opt_d = torch.optim.Adam(self.gan.D.parameters(), lr=config.lr, betas=betas)
        self.opt_g = torch.optim.Adam(self.gan.G.parameters(), lr=config.lr, betas=betas)

    def _one_step(self) -> Tensor:
        """Algorithm 1 with k = 1: D on a real and a fake batch, then G on the same fakes (non-saturating)."""
        n = self.config.batch_size
        real = self.images[torch.randint(len(self.images), (n,), generator=self._rng)]
        fake = self.gan.G(torch.randn(n, self.config.model.latent_dim, generator=self._rng))
        out_real, out_fake = self.gan.D(real), self.gan.D(fake.detach())
        d_loss = F.softplus(-out_real).mean() + F.softplus(out_fake).mean()
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()
        g_loss = F.softplus(-self.gan.D(fake)).mean()
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        self.gan.update_ema(self.config.ema)
        return torch.stack([d_loss, g_loss, torch.sigmoid(out_real).mean(), torch.sigmoid(out_fake).mean()]).detach()

    @torch.no_grad()
    def fixed_samples(self) -> Tensor:
        """The averaged G on the fixed noise: the 8x8 grid that refreshes as training goes on."""
        return self.gan.G_ema.eval()(self.fixed_noise)

    def noise(self, n: int, seed: int | None = None) -> Tensor:
        """(n, latent_dim) z: seeded, or from the trainer's sampling generator (never training's)."""
        generator = torch.Generator().manual_seed(seed) if seed is not None else self._sampling
        return torch.randn(n, self.config.model.latent_dim, generator=generator)

    @torch.no_grad()
    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        """(n, 1, 28, 28) float32 digits in [0, 1] from the averaged G; the same as gan.sample(n, seed=seed)."""
        return self.gan.G_ema.eval()(self.noise(n, seed)).numpy()

    def _parts(self) -> dict:
        return {"gan": self.gan, "opt_d": self.opt_d, "opt_g": self.opt_g}
