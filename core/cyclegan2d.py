"""CycleGAN on 2-D point clouds (issue 8, level 1), small enough to train live.

Two unpaired clouds X and Y. Two generators, G: X -> Y and F: Y -> X, and two discriminators, D_Y
(is this a real y?) and D_X, with the official recipe's losses (papers.md §5): least squares for the
adversarial terms, L1 for the cycle, weighted by lambda, and an optional identity term, 0.5 lambda
||G(y) - y||_1 + ||F(x) - x||_1. With lambda = 0 nothing ties G(x) to x: G may send many x to one y,
and F(G(x)) need not come back to x; the cycle loss is what keeps the correspondence.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from core.toy2d import toy
from core.training import LiveTrainer, mlp, seeded

DOMAINS = ("moons", "ring", "moons_turned")
PAIRS = {"moons_ring": ("moons", "ring"), "moons_turned": ("moons", "moons_turned")}
EVAL = 500  # fixed points of each domain that the page shows and the metrics use


def domain(name: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, 2) points of a domain: two moons, a ring, or the moons turned 90 degrees and grown by half."""
    if name == "moons":
        return toy("moons").sampler(n, rng)
    if name == "ring":
        angle = 2 * np.pi * rng.random(n)
        return 0.8 * np.stack([np.cos(angle), np.sin(angle)], 1) + 0.04 * rng.standard_normal((n, 2))
    if name == "moons_turned":
        return 1.5 * domain("moons", n, rng) @ np.array([[0.0, 1.0], [-1.0, 0.0]])
    raise ValueError(f"unknown domain {name!r}; known: {', '.join(DOMAINS)}")


@dataclass(frozen=True)
class CycleGAN2DConfig:
    pair: str = "moons_ring"
    lam: float = 10.0  # the cycle loss's weight; 0 switches it off
    identity: bool = False  # add 0.5 lam * (||G(y) - y||_1 + ||F(x) - x||_1)
    width: int = 64
    depth: int = 3
    lr: float = 1e-3
    batch_size: int = 256
    seed: int = 0

    def __post_init__(self):
        if self.pair not in PAIRS:
            raise ValueError(f"unknown pair {self.pair!r}; known: {', '.join(PAIRS)}")
        if not 0 <= self.lam <= 100:
            raise ValueError("lambda lies in 0..100")


def _leaky() -> nn.Module:
    return nn.LeakyReLU(0.2)


def discriminator(width: int, depth: int, generator: torch.Generator) -> nn.Sequential:
    """A generator's body with a one-unit head. (Its two-unit output layer is built and dropped, as it always
    was, so that a seed gives the same initial weights as before.)"""
    body = list(mlp(2, width, depth, 2, generator, _leaky))[:-1]
    return nn.Sequential(*body, seeded(lambda: nn.Linear(width, 1), generator))


class CycleGAN2D(LiveTrainer):
    """`make("cyclegan2d", pair=..., lam=..., identity=...)`: step(n), history, translate, measure, state."""

    SERIES = ("g_loss", "d_loss", "cycle", "identity")

    def __init__(self, config: CycleGAN2DConfig | None = None):
        self.config = c = config or CycleGAN2DConfig()
        self._start(c.seed)
        weights = torch.Generator().manual_seed(c.seed)  # the initial weights' own generator
        self.G, self.F = (mlp(2, c.width, c.depth, 2, weights, _leaky) for _ in range(2))  # X -> Y, Y -> X
        self.D_X, self.D_Y = (discriminator(c.width, c.depth, weights) for _ in range(2))
        betas = (0.5, 0.999)
        self.opt_g = torch.optim.Adam([*self.G.parameters(), *self.F.parameters()], lr=c.lr, betas=betas)
        self.opt_d = torch.optim.Adam([*self.D_X.parameters(), *self.D_Y.parameters()], lr=c.lr, betas=betas)
        self.x_name, self.y_name = PAIRS[c.pair]
        fixed = np.random.default_rng(10_000 + c.seed)
        self.x_eval = torch.from_numpy(domain(self.x_name, EVAL, fixed)).float()
        self.y_eval = torch.from_numpy(domain(self.y_name, EVAL, fixed)).float()

    def _batch(self, name: str, n: int | None = None, generator: torch.Generator | None = None) -> Tensor:
        """(n, 2) points of a domain, drawn with numpy seeded from the trainer's generator."""
        seed = int(torch.randint(2**62, (), generator=generator or self._rng))
        return torch.from_numpy(domain(name, n or self.config.batch_size, np.random.default_rng(seed))).float()

    def _one_step(self) -> Tensor:
        """The official order: G and F with D frozen (LSGAN + lam * cycle [+ identity]), then both D."""
        c, x, y = self.config, self._batch(self.x_name), self._batch(self.y_name)
        fake_y, fake_x = self.G(x), self.F(y)
        adversarial = ((self.D_Y(fake_y) - 1) ** 2).mean() + ((self.D_X(fake_x) - 1) ** 2).mean()
        cycle = (self.F(fake_y) - x).abs().mean() + (self.G(fake_x) - y).abs().mean()
        identity = (self.G(y) - y).abs().mean() + (self.F(x) - x).abs().mean() if c.identity else torch.zeros(())
        g_loss = adversarial + c.lam * cycle + 0.5 * c.lam * identity
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        d_loss = sum(((D(real) - 1) ** 2).mean() + (D(fake.detach()) ** 2).mean()
                     for D, real, fake in ((self.D_Y, y, fake_y), (self.D_X, x, fake_x))) / 2
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()
        return torch.stack([adversarial, d_loss, cycle, identity]).detach()

    @torch.no_grad()
    def sample(self, n: int) -> np.ndarray:
        """(n, 2) float32: G applied to n fresh points of domain X (drawn without disturbing training)."""
        return self.G(self._batch(self.x_name, n, self._sampling)).numpy()

    @torch.no_grad()
    def translate(self) -> dict[str, np.ndarray]:
        """The fixed points both ways: x, G(x), F(G(x)) and y, F(y), G(F(y)), each (EVAL, 2)."""
        gx, fy = self.G(self.x_eval), self.F(self.y_eval)
        return {"x": self.x_eval.numpy(), "G(x)": gx.numpy(), "F(G(x))": self.F(gx).numpy(),
                "y": self.y_eval.numpy(), "F(y)": fy.numpy(), "G(F(y))": self.G(fy).numpy()}

    @property
    def bounds(self) -> tuple[float, float]:
        """A square window [lo, hi] on both axes that holds both clouds with room to spare, fixed per trainer."""
        reach = float(torch.cat([self.x_eval, self.y_eval]).abs().max())
        return -1.3 * reach, 1.3 * reach

    @torch.no_grad()
    def decision(self, cells: int = 40) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """D_X and D_Y over the window: (cell centres along each axis, D_X (cells, cells), D_Y), row = y.
        LSGAN scores: 1 is "real", 0 is "fake"; they may stray outside [0, 1]."""
        lo, hi = self.bounds
        axis = lo + (np.arange(cells) + 0.5) * (hi - lo) / cells
        xx, yy = np.meshgrid(axis, axis)
        grid = torch.from_numpy(np.stack([xx.ravel(), yy.ravel()], 1)).float()
        return axis, *(D(grid)[:, 0].reshape(cells, cells).numpy() for D in (self.D_X, self.D_Y))

    @torch.no_grad()
    def measure(self) -> dict[str, float]:
        """Cycle error (mean L1 both ways) and how far translated points land from the other cloud."""
        t = self.translate()
        def off(points, cloud):  # mean distance to the nearest point of the other cloud
            return float(np.linalg.norm(points[:, None] - cloud[None], axis=2).min(1).mean())
        return {"cycle_error": float(np.abs(t["F(G(x))"] - t["x"]).sum(1).mean() / 2
                                     + np.abs(t["G(F(y))"] - t["y"]).sum(1).mean() / 2),
                "off_y": off(t["G(x)"], t["y"]), "off_x": off(t["F(y)"], t["x"])}

    def _parts(self) -> dict:
        return {"G": self.G, "F": self.F, "D_X": self.D_X, "D_Y": self.D_Y, "opt_g": self.opt_g, "opt_d": self.opt_d}
