"""Mode collapse on a Gaussian mixture, and the slides' fixes, each a Trainer on the same small MLPs.

`make("mode_collapse", mixture="ring8", method="unrolled", seed=0)`. Methods:
- minimax: the saturating loss log(1 - D(G(z))) (Goodfellow et al. 2014);
- nonsaturating: -log D(G(z)), the usual GAN;
- minibatch_discrimination: D sees how close each sample is to the rest of its batch (Salimans et al. 2016);
- minibatch_stddev: D sees the batch's mean feature standard deviation (Karras et al. 2018);
- unrolled: G is scored against D after k more of D's own Adam updates, differentiated through them
  (Metz et al. 2017);
- pacgan: D judges m samples at once, concatenated (Lin et al. 2018);
- wgan_gp: a critic with the gradient penalty (Gulrajani et al. 2017);
- labels: G and D are told the mode index, one-hot (supervision with labels, Mirza & Osindero 2014).
Judged by core.metrics.mode_coverage on 2,500 samples from a fixed noise batch (VEEGAN's protocol).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn
from torch.func import functional_call
from torch.nn import functional as F

from core import data
from core.losses import d_loss, g_loss, gradient_penalty
from core.metrics import mode_coverage
from core.training import LiveTrainer, anneal, mlp, seeded, update_average

METHODS = ("minimax", "nonsaturating", "minibatch_discrimination", "minibatch_stddev", "unrolled", "pacgan",
           "wgan_gp", "labels")
EVAL = 2500  # samples per measurement, as in VEEGAN and PacGAN


# Each remedy's own settings, tuned as its paper tunes them (papers.md §1, §6); anything not named here is BASE's.
BASE = dict(width=128, depth=3, noise_dim=16, batch_size=128, g_lr=1e-3, d_lr=1e-3, beta1=0.5, beta2=0.999,
            d_steps=1, unroll_steps=5, unroll_lr=None, pack=4, gp_weight=0.1, kernels=5, kernel_dim=3, group=0,
            steps=10000, decay=0.1, ema=0.9)
TUNED: dict[str, dict] = {
    # each G step looks through 5 more D steps (about 5x a plain step's cost), so it stops at 3,000; with BASE's
    # lr decay and G_ema it keeps all 8 ring8 modes (2,000 iterations: 54-64 % HQ, 3,000: 75 %)
    "unrolled": dict(steps=3000),
    # gan_toy.py's Adam (1e-4 there), beta = (0.5, 0.9); grid25, seed 0: 20 % HQ after 10,000 iterations, 85 %
    # after 20,000 (of a 30,000-iteration decay)
    "wgan_gp": dict(beta2=0.9, steps=20000),
    # G sharpens its clusters once the lrs are low; 64 packs a batch. Its worst ring8 seed: 72 % HQ after 10,000
    # iterations, 94 % after 20,000; grid25, seed 0: 5 % after 10,000, 50 % after 30,000
    "pacgan": dict(batch_size=256, decay=0.01, steps=20000),
    "minibatch_discrimination": dict(steps=6000),  # its B x B closeness costs about 2.5x a plain step
}
# iterations in one run of each method, on the page and in the benchmark (its CPU seconds per run: README)
STEPS = {method: TUNED.get(method, {}).get("steps", BASE["steps"]) for method in METHODS}


@dataclass(frozen=True)
class ModeCollapseConfig:
    """A field left None takes its method's tuned value (TUNED), else BASE's."""
    mixture: str = "ring8"
    method: str = "nonsaturating"
    seed: int = 0
    width: int | None = None  # hidden units per layer, G and D
    depth: int | None = None  # hidden layers, G and D
    noise_dim: int | None = None  # with 2 (PacGAN's choice) our plain GAN keeps all of ring8; with 16 it collapses
    batch_size: int | None = None
    g_lr: float | None = None  # Adam, G
    d_lr: float | None = None  # Adam, D
    beta1: float | None = None
    beta2: float | None = None
    d_steps: int | None = None  # D (critic) updates per G update
    unroll_steps: int | None = None  # unrolled: D's Adam updates G looks through (Metz et al.: 5-10)
    unroll_lr: float | None = None  # unrolled: their step size; None = D's own lr (0: G sees today's D)
    pack: int | None = None  # pacgan: samples D judges together
    gp_weight: float | None = None  # wgan_gp: lambda
    kernels: int | None = None  # minibatch discrimination: B kernels of dimension C
    kernel_dim: int | None = None
    group: int | None = None  # minibatch stddev: samples per group (ProGAN's mbstd_group_size: 4); 0: all
    steps: int | None = None  # the run's length (STEPS): the learning rates reach `decay` of their value there
    decay: float | None = None  # linear decay to this fraction of the lrs at `steps`; 1: constant
    ema: float | None = None  # G_ema <- ema * G_ema + (1 - ema) * G after each G update; samples come from G_ema

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown method {self.method!r}; known: {', '.join(METHODS)}")
        for name, value in {**BASE, **TUNED.get(self.method, {})}.items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)
        if self.batch_size % self.pack and self.method == "pacgan":
            raise ValueError("pacgan: the batch size must be a multiple of pack")
        if not (1 <= self.depth <= 6 and 1 <= self.width <= 1024 and 1 <= self.noise_dim <= 256):
            raise ValueError("depth 1..6, width 1..1024, noise_dim 1..256")
        if not (1 <= self.d_steps <= 10 and 0 <= self.unroll_steps <= 20):
            raise ValueError("d_steps 1..10, unroll_steps 0..20")
        if not 0 <= self.ema < 1:
            raise ValueError("ema must be in [0, 1): 0 shows G itself")


class Critic(nn.Module):
    """D: an MLP body, optionally a batch-level feature (minibatch discrimination or stddev), a linear head."""

    def __init__(self, inputs: int, c: ModeCollapseConfig, generator: torch.Generator):
        super().__init__()
        self.batch_feature = c.method if c.method in ("minibatch_discrimination", "minibatch_stddev") else None
        self.body = mlp(inputs, c.width, c.depth, None, generator, lambda: nn.LeakyReLU(0.2))
        extra = {"minibatch_discrimination": c.kernels, "minibatch_stddev": 1}.get(c.method, 0)
        if c.method == "minibatch_discrimination":
            self.T = nn.Parameter(0.1 * torch.randn(c.width, c.kernels * c.kernel_dim, generator=generator))
            self.kernels = c.kernels
        self.group = c.group
        self.head = seeded(lambda: nn.Linear(c.width + extra, 1), generator)

    def forward(self, x: Tensor) -> Tensor:
        h = self.body(x)
        if self.batch_feature == "minibatch_discrimination":  # o_b(x_i) = sum_j exp(-||M_i,b - M_j,b||_1)
            m = (h @ self.T).view(len(h), self.kernels, -1)
            closeness = torch.exp(-(m[:, None] - m[None]).abs().sum(3)).sum(1) - 1  # minus the sample itself
            h = torch.cat([h, closeness], 1)
        elif self.batch_feature == "minibatch_stddev" and not self.group:  # the whole batch's mean feature std
            h = torch.cat([h, h.std(0).mean().expand(len(h), 1)], 1)
        elif self.batch_feature == "minibatch_stddev":  # ProGAN: groups of `group`, sample n in group n % M
            g = min(self.group, len(h)) if len(h) % min(self.group, len(h)) == 0 else 1
            s = h.view(g, -1, h.shape[1]).var(0, unbiased=False).add(1e-8).sqrt().mean(1)  # one scalar per group
            h = torch.cat([h, s.repeat(g)[:, None]], 1)
        return self.head(h).squeeze(1)


class ModeCollapseGAN(LiveTrainer):
    """One method on one mixture: step(n) of one D update then one G update; measure() scores 2,500 samples."""

    SERIES = ("d_loss", "g_loss")
    MEASURED = ("modes", "hq", "reverse_kl")
    ONE_THREAD = True

    def __init__(self, config: ModeCollapseConfig, mixture: data.Mixture | None = None):
        self.config = c = config
        self.mixture = mixture or data.mixture(c.mixture)
        self.modes = len(self.mixture.centers)
        self.labelled = c.method == "labels"
        self._start(c.seed)
        weights = torch.Generator().manual_seed(c.seed)  # the initial weights' own generator
        self.G = nn.Sequential(mlp(c.noise_dim + self.modes * self.labelled, c.width, c.depth, None, weights),
                               seeded(lambda: nn.Linear(c.width, 2), weights))
        # What is shown and scored: an average of G's recent weights, which damps G's orbit around the modes
        # (Yazıcı et al. 2019 on these mixtures); it never feeds back into training
        self.G_ema = copy.deepcopy(self.G).requires_grad_(False)
        d_inputs = 2 * c.pack if c.method == "pacgan" else 2 + self.modes * self.labelled
        self.D = Critic(d_inputs, c, weights)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=c.g_lr, betas=(c.beta1, c.beta2))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=c.d_lr, betas=(c.beta1, c.beta2))
        self.loss = {"minimax": "minimax", "wgan_gp": "wgan_gp"}.get(c.method, "nonsaturating")
        self.centers = torch.as_tensor(self.mixture.centers, dtype=torch.float32)
        weights = self.mixture.weights if self.mixture.weights is not None else [1 / self.modes] * self.modes
        self.weights = torch.as_tensor(weights, dtype=torch.float32)
        self._eval_noise, self._eval_modes = self._noise(EVAL), self._pick_modes(EVAL)

    # ------------------------------------------------------------------ batches

    def _pick_modes(self, n: int) -> Tensor:
        return torch.multinomial(self.weights, n, replacement=True, generator=self._rng)

    def _noise(self, n: int) -> Tensor:
        return torch.randn(n, self.config.noise_dim, generator=self._rng)

    def _real(self, n: int) -> tuple[Tensor, Tensor]:
        modes = self._pick_modes(n)
        noise = torch.randn(n, 2, generator=self._rng)
        return self.centers[modes] + self.mixture.std * noise, modes

    def _generate(self, z: Tensor, modes: Tensor, G: nn.Module | None = None) -> Tensor:
        G = self.G if G is None else G
        return G(torch.cat([z, F.one_hot(modes, self.modes).float()], 1) if self.labelled else z)

    def _judge(self, x: Tensor, modes: Tensor, params: dict | None = None) -> Tensor:
        """D's outputs: per sample, per pack of `pack` samples (pacgan), or with the mode one-hot (labels)."""
        if self.config.method == "pacgan":
            x = x.reshape(len(x) // self.config.pack, -1)
        elif self.labelled:
            x = torch.cat([x, F.one_hot(modes, self.modes).float()], 1)
        return self.D(x) if params is None else functional_call(self.D, params, (x,))

    # ------------------------------------------------------------------ training

    def _d_loss(self, real: Tensor, fake: Tensor, modes: Tensor, params: dict | None = None) -> Tensor:
        return d_loss(self.loss, self._judge(real, modes, params), self._judge(fake, modes, params))

    def step_d(self) -> Tensor:
        real, modes = self._batch = self._real(self.config.batch_size)  # the unrolled G looks at this batch too
        with torch.no_grad():
            fake = self._generate(self._noise(len(real)), modes)
        loss = self._d_loss(real, fake, modes)
        if self.loss == "wgan_gp":
            loss = loss + self.config.gp_weight * gradient_penalty(self.D, real, fake, self._rng)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return loss.detach()

    def _unrolled(self, fake: Tensor) -> dict:
        """D's parameters after unroll_steps more of its own Adam updates (its moments and step count carried on),
        on D's latest real batch and these fakes, as a graph G differentiates through (Metz et al. 2017).
        unroll_lr = 0 leaves D as it is, so the run is the plain non-saturating GAN's, draw for draw."""
        (real, modes), c = self._batch, self.config
        group = self.opt_d.param_groups[0]
        lr = group["lr"] if c.unroll_lr is None else c.unroll_lr
        (b1, b2), eps = group["betas"], group["eps"]
        params = dict(self.D.named_parameters())
        state = [self.opt_d.state.get(p, {}) for p in params.values()]
        m = [s.get("exp_avg", torch.zeros_like(p)) for s, p in zip(state, params.values())]
        v = [s.get("exp_avg_sq", torch.zeros_like(p)) for s, p in zip(state, params.values())]
        t = float(state[0].get("step", 0)) if state else 0.0
        for _ in range(c.unroll_steps):
            grads = torch.autograd.grad(self._d_loss(real, fake, modes, params), list(params.values()),
                                        create_graph=True)
            t += 1
            m = [b1 * mi + (1 - b1) * g for mi, g in zip(m, grads)]
            v = [b2 * vi + (1 - b2) * g * g for vi, g in zip(v, grads)]
            params = {name: p - lr * (mi / (1 - b1 ** t)) / ((vi / (1 - b2 ** t)).clamp_min(1e-30).sqrt() + eps)
                      for (name, p), mi, vi in zip(params.items(), m, v)}
        return params

    def step_g(self) -> Tensor:
        modes = self._pick_modes(self.config.batch_size)
        fake = self._generate(self._noise(len(modes)), modes)
        params = self._unrolled(fake) if self.config.method == "unrolled" else None
        loss = g_loss(self.loss, self._judge(fake, modes, params))
        grads = torch.autograd.grad(loss, list(self.G.parameters()))
        for param, grad in zip(self.G.parameters(), grads):
            param.grad = grad
        self.opt_g.step()
        return loss.detach()

    def _one_step(self) -> Tensor:
        done = self.opt_g.state[self.opt_g.param_groups[0]["params"][0]].get("step", 0)  # G updates so far
        anneal([(self.opt_g, self.config.g_lr), (self.opt_d, self.config.d_lr)], float(done), self.config.steps,
               self.config.decay)
        d = [self.step_d() for _ in range(self.config.d_steps)][-1]  # WGAN-GP: n_critic updates per G update
        g = self.step_g()
        update_average(self.G_ema, self.G, self.config.ema)
        return torch.stack([d, g])

    # ------------------------------------------------------------------ samples and scores

    @torch.no_grad()
    def sample(self, n: int = EVAL, seed: int | None = None) -> np.ndarray:
        """(n, 2) float32 samples of G_ema; the fixed evaluation batch by default (n <= 2,500), fresh noise with a
        seed."""
        if seed is None and n <= EVAL:
            return self._generate(self._eval_noise[:n], self._eval_modes[:n], self.G_ema).numpy()
        generator = torch.Generator().manual_seed(seed) if seed is not None else self._sampling
        z = torch.randn(n, self.config.noise_dim, generator=generator)
        modes = torch.multinomial(self.weights, n, replacement=True, generator=generator)
        return self._generate(z, modes, self.G_ema).numpy()

    def measure(self) -> dict:
        """modes, hq and reverse_kl of the 2,500 fixed-noise samples (core.metrics.mode_coverage), logged."""
        found = mode_coverage(self.sample(), self.mixture.centers, self.mixture.std)
        self.history.log(self.iterations, found)
        return found

    def _parts(self) -> dict:
        return {"G": self.G, "G_ema": self.G_ema, "D": self.D, "opt_g": self.opt_g, "opt_d": self.opt_d}
