"""A GAN on 2-D points, trained live: GAN Lab's model and loop, fast enough to run 600+ iterations a second.

One iteration is Algorithm 1 of Goodfellow et al. (2014): k_D discriminator steps on a real and a fake
batch, then k_G generator steps. G and D are small ReLU MLPs; D outputs a logit (or a critic score for
least squares, WGAN-GP and hinge losses). Besides training, the trainer answers the questions the
page's canvas asks: D over a grid, G's warped noise grid, the pull of G's loss on each fake sample,
and the KL and JS divergences between real and fake histograms (as GAN Lab estimates them).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import Tensor, nn

from core.losses import LOG_LOSSES, LOSSES, d_loss, g_loss, gradient_penalty
from core.metrics import grid_divergences
from core.toy2d import Toy2D, from_drawing, toy
from core.training import LiveTrainer, TrainingDiverged, mlp

__all__ = ["GAN2D", "GAN2DConfig", "TrainingDiverged", "LIVE", "NOISE", "OPTIMIZERS"]

OPTIMIZERS = ("sgd", "adam")
NOISE = ("uniform", "gaussian")
LIVE = frozenset({"loss", "d_optimizer", "g_optimizer", "d_lr", "g_lr", "k_d", "k_g", "batch_size"})
ATLAS = 12_000  # real samples drawn once; batches are slices of it (as in GAN Lab)
SHOWN = 150  # the fixed noise batch drawn as fake dots, so they move smoothly
EVAL = 2_000  # samples per side for the KL / JS estimate

@dataclass(frozen=True)
class GAN2DConfig:
    data: str = "gaussians"  # a core.toy2d name, or "drawing" (pass points=)
    g_layers: int = 1
    g_width: int = 8
    d_layers: int = 1
    d_width: int = 8
    noise_dim: int = 2
    noise: str = "uniform"  # uniform on [-1, 1]^n, or standard Gaussian
    g_output: str = "linear"  # or "tanh", GAN Lab's (its data lives in the unit square)
    g_start: str = "data"  # G's first fakes: a blob on the data, half its size; or in the canvas's lower-left "corner"
    loss: str = "nonsaturating"
    real_label: float = 1.0  # GAN Lab weighs log D(x) by 0.95 (one-sided label smoothing)
    gp_weight: float = 10.0  # WGAN-GP's lambda
    d_optimizer: str = "sgd"
    g_optimizer: str = "sgd"
    d_lr: float = 0.1
    g_lr: float = 0.1
    k_d: int = 2
    k_g: int = 1
    batch_size: int = 150
    seed: int = 0

    def __post_init__(self):
        _check(self.loss in LOSSES, f"loss must be one of {', '.join(LOSSES)}")
        _check(self.noise in NOISE, "noise must be 'uniform' or 'gaussian'")
        _check(self.d_optimizer in OPTIMIZERS and self.g_optimizer in OPTIMIZERS, "optimizers: 'sgd' or 'adam'")
        _check(self.g_output in ("linear", "tanh"), "g_output must be 'linear' or 'tanh'")
        _check(self.g_start in ("data", "corner"), "g_start must be 'data' or 'corner'")
        _check(0 <= self.g_layers <= 5 and 0 <= self.d_layers <= 5, "G and D have 0 to 5 hidden layers")
        _check(1 <= self.g_width <= 256 and 1 <= self.d_width <= 256, "layers have 1 to 256 units")
        _check(1 <= self.noise_dim <= 16, "the noise has 1 to 16 dimensions")
        _check(0 < self.d_lr <= 10 and 0 < self.g_lr <= 10, "learning rates must lie in (0, 10]")
        _check(0 <= self.k_d <= 10 and 0 <= self.k_g <= 10 and self.k_d + self.k_g > 0,
               "k_D and k_G lie in 0..10, not both 0")
        _check(2 <= self.batch_size <= 2048, "the batch size lies in 2..2048")


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


class GAN2D(LiveTrainer):
    """`make("gan2d", **config)`; `step(n)` trains n iterations and returns the latest metrics."""

    SERIES = ("d_loss", "d_real", "d_fake", "g_loss")
    MEASURED = ("kl", "js")
    ONE_THREAD = True

    def __init__(self, config: GAN2DConfig, points: np.ndarray | None = None):
        self.config = config
        self.data: Toy2D = from_drawing(points) if config.data == "drawing" else toy(config.data)
        self._start(config.seed)  # one generator: GAN Lab's N(0, 1/fan_in) weights, then the noise
        self.G = mlp(config.noise_dim, config.g_width, config.g_layers, 2, self._rng, init="normal")
        if config.g_output == "tanh":
            self.G.append(nn.Tanh())
        self.D = mlp(2, config.d_width, config.d_layers, 1, self._rng, init="normal")
        self.atlas = torch.from_numpy(self.data.sample(ATLAS, seed=config.seed))
        self.shown_real = self.atlas[:450].numpy()
        self.fixed_noise = self.noise(SHOWN)
        self._eval_real = self.data.sample(EVAL, seed=config.seed + 1)
        self._eval_noise = self.noise(EVAL)
        self._start_near_data()
        self._make_optimizers()

    @torch.no_grad()
    def _start_near_data(self) -> None:
        """Rescale G's last layer so its first fakes are a blob on the canvas: at the data's centre, half the data's
        size (or, g_start="corner", a quarter of it in the lower-left corner, where D can tell them apart at once).

        N(0, 1/fan_in) weights alone put the fakes around the origin, off most canvases (2 % on it for the two
        Gaussians): now real and fake share the canvas from the first frame, and G still has to find the shape.
        """
        last = [m for m in self.G if isinstance(m, nn.Linear)][-1]
        body = self.G[:-1] if self.config.g_output == "tanh" else self.G
        out = body(self.fixed_noise)
        (lo, hi), size = self.data.bounds, self.atlas.std(0).pow(2).mean().sqrt()
        corner = self.config.g_start == "corner"
        centre = torch.full((2,), lo + 0.15 * (hi - lo)) if corner else self.atlas.mean(0)
        if self.config.g_output == "tanh":
            centre = torch.atanh(centre.clamp(-0.9, 0.9))
        scale = (0.25 if corner else 0.5) * size / out.std(0).pow(2).mean().sqrt().clamp_min(1e-6)
        last.weight.mul_(scale)
        last.bias.mul_(scale).add_(centre - scale * out.mean(0))

    # ------------------------------------------------------------------ configuration

    def configure(self, **changes) -> None:
        """Change hyperparameters while training; the others (architecture, noise, data) need a new trainer."""
        frozen = set(changes) - LIVE
        _check(not frozen, f"{', '.join(sorted(frozen))} can only change with a reset")
        old, self.config = self.config, replace(self.config, **changes)
        if (old.d_optimizer, old.g_optimizer, old.d_lr, old.g_lr) != \
                (self.config.d_optimizer, self.config.g_optimizer, self.config.d_lr, self.config.g_lr):
            self._make_optimizers()

    def _make_optimizers(self) -> None:
        c = self.config
        make = {"sgd": lambda p, lr: torch.optim.SGD(p, lr=lr),
                "adam": lambda p, lr: torch.optim.Adam(p, lr=lr, betas=(0.5, 0.999))}
        self.opt_d = make[c.d_optimizer](self.D.parameters(), c.d_lr)
        self.opt_g = make[c.g_optimizer](self.G.parameters(), c.g_lr)

    @property
    def probabilistic(self) -> bool:
        """Whether D's output reads as a probability (log losses) or as a score (the others)."""
        return self.config.loss in LOG_LOSSES

    # ------------------------------------------------------------------ training

    def noise(self, n: int) -> Tensor:
        shape = (n, self.config.noise_dim)
        if self.config.noise == "uniform":
            return torch.rand(shape, generator=self._rng) * 2 - 1
        return torch.randn(shape, generator=self._rng)

    def _real(self, n: int) -> Tensor:
        start = int(torch.randint(0, ATLAS - n + 1, (1,), generator=self._rng))
        return self.atlas[start:start + n]

    def step_d(self) -> tuple[Tensor, Tensor, Tensor]:
        """One discriminator update on a real and a fake batch. -> (loss, mean D(real), mean D(fake))."""
        c = self.config
        real = self._real(c.batch_size)
        with torch.no_grad():
            fake = self.G(self.noise(c.batch_size))
        out = self.D(torch.cat([real, fake]))
        out_real, out_fake = out[:c.batch_size], out[c.batch_size:]
        loss = d_loss(c.loss, out_real, out_fake, c.real_label)
        if c.loss == "wgan_gp":
            loss = loss + c.gp_weight * gradient_penalty(self.D, real, fake, self._rng)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        read = torch.sigmoid if self.probabilistic else (lambda t: t)
        return loss.detach(), read(out_real.detach()).mean(), read(out_fake.detach()).mean()

    def step_g(self) -> Tensor:
        """One generator update; only G's parameters get gradients."""
        fake_out = self.D(self.G(self.noise(self.config.batch_size)))
        loss = g_loss(self.config.loss, fake_out)
        params = list(self.G.parameters())
        for param, grad in zip(params, torch.autograd.grad(loss, params)):
            param.grad = grad
        self.opt_g.step()
        return loss.detach()

    def step(self, n: int = 1, phase: str = "both") -> dict[str, float]:
        """n iterations of k_D D-steps then k_G G-steps (phase "d" or "g": only that player's steps).

        Raises TrainingDiverged, with the trainer restored to where it was, if a loss becomes NaN or inf.
        """
        _check(phase in ("both", "d", "g"), "phase is 'both', 'd' or 'g'")
        carried = torch.tensor([self.latest.get(key, math.nan) for key in self.SERIES])
        self._phase, self._computed, self._carried = phase, [], carried
        self._d_row, self._g_row = carried[:3], carried[3:]
        return super().step(n)

    def _one_step(self) -> Tensor:
        """One iteration; a player that does not move (k = 0, or the other phase) repeats its last values."""
        for _ in range(self.config.k_d if self._phase != "g" else 0):
            self._d_row = torch.stack(self.step_d())
            self._computed.append(self._d_row)
        for _ in range(self.config.k_g if self._phase != "d" else 0):
            self._g_row = self.step_g()[None]
            self._computed.append(self._g_row)
        return torch.cat([self._d_row, self._g_row])

    def _finite(self, values: Tensor) -> bool:
        """A player that has never moved repeats NaN, which is no divergence: its columns count only where computed."""
        moved, computed = ~torch.isnan(self._carried), torch.cat([torch.zeros(1), *self._computed])
        return bool(torch.isfinite(values[:, moved]).all() and torch.isfinite(computed).all())

    # ------------------------------------------------------------------ what the canvas shows

    @torch.no_grad()
    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        """(n, 2) generated points; seed fixes the noise without touching the training stream."""
        generator = torch.Generator().manual_seed(seed) if seed is not None else self._sampling
        shape = (n, self.config.noise_dim)
        z = torch.rand(shape, generator=generator) * 2 - 1 if self.config.noise == "uniform" \
            else torch.randn(shape, generator=generator)
        return self.G(z).numpy()

    @torch.no_grad()
    def fakes(self) -> np.ndarray:
        """G applied to the fixed noise batch: the fake dots, which move smoothly from frame to frame."""
        return self.G(self.fixed_noise).numpy()

    def grid(self, cells: int) -> tuple[np.ndarray, np.ndarray]:
        """Cell centres along each axis of the canvas, and the (cells*cells, 2) points."""
        lo, hi = self.data.bounds
        axis = lo + (np.arange(cells) + 0.5) * (hi - lo) / cells
        xx, yy = np.meshgrid(axis, axis)
        return axis, np.stack([xx.ravel(), yy.ravel()], axis=1).astype(np.float32)

    @torch.no_grad()
    def d_of(self, points: np.ndarray) -> np.ndarray:
        """D at (n, 2) points: a probability for the log losses, a score otherwise."""
        out = self.D(torch.as_tensor(points, dtype=torch.float32))[:, 0]
        return (torch.sigmoid(out) if self.probabilistic else out).numpy()

    def decision(self, cells: int = 30) -> np.ndarray:
        """(cells, cells) D over the canvas, row = y."""
        return self.d_of(self.grid(cells)[1]).reshape(cells, cells)

    @torch.no_grad()
    def manifold(self, cells: int = 20) -> np.ndarray:
        """G's image of a grid in noise space: (cells+1, cells+1, 2) for 2-D noise, a (cells*5+1, 1, 2) curve for 1-D.

        For more than 2 noise dimensions the grid spans the first two, the rest held at 0.
        """
        lo, hi = (-1.0, 1.0) if self.config.noise == "uniform" else (-2.0, 2.0)
        if self.config.noise_dim == 1:
            return self.G(torch.linspace(lo, hi, cells * 5 + 1)[:, None]).numpy()[:, None, :]
        axis = torch.linspace(lo, hi, cells + 1)
        zz = torch.zeros((cells + 1) ** 2, self.config.noise_dim)
        zz[:, 0], zz[:, 1] = axis.repeat(cells + 1), axis.repeat_interleave(cells + 1)
        return self.G(zz).reshape(cells + 1, cells + 1, 2).numpy()

    def fake_gradients(self, loss: str | None = None) -> np.ndarray:
        """-dL_G/dx at each fixed fake sample: the direction G's loss (or `loss`) pushes it, per sample."""
        points = torch.from_numpy(self.fakes()).requires_grad_(True)
        total = g_loss(loss or self.config.loss, self.D(points)) * len(points)
        grad, = torch.autograd.grad(total, points)
        return -grad.numpy()

    def pull(self, loss: str | None = None) -> float:
        """How hard G's loss (or `loss`) pulls the fakes: the mean length of -dL_G/dx over the fixed batch."""
        return float(np.linalg.norm(self.fake_gradients(loss), axis=1).mean())

    def measure(self, bins: int = 30) -> dict[str, float]:
        """KL(real || fake) and JS between 30x30 histograms on the canvas, in bits (GAN Lab's estimate), logged."""
        with torch.no_grad():
            fake = self.G(self._eval_noise).numpy()
        found = grid_divergences(self._eval_real, fake, *self.data.bounds, bins=bins)
        self.history.log(self.iterations, found)
        return {"kl": found["kl"], "js": found["js"]}

    # ------------------------------------------------------------------ state

    def _parts(self) -> dict:
        return {"G": self.G, "D": self.D, "opt_d": self.opt_d, "opt_g": self.opt_g}

    def load_state_dict(self, state: dict) -> None:
        """Back to `state`, hyperparameters included (configure() may have changed them since)."""
        self.config = GAN2DConfig(**state["config"])
        self._make_optimizers()
        super().load_state_dict(state)
