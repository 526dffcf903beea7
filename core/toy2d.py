"""2-D data distributions for the live GAN: GAN Lab's four, the mode-collapse mixtures, spiral, moons, a drawing.

Every distribution is a `Toy2D`: a sampler plus the square window the canvas shows it in, so the
page's axes never move while a GAN trains. GAN Lab's distributions live in the unit square
(definitions from poloclub/ganlab `demo/ganlab_input_providers.ts`); ring8 and grid25 are
`core.data.mixture`'s, in their own coordinates.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.data import mixture

Sampler = Callable[[int, np.random.Generator], np.ndarray]


@dataclass(frozen=True)
class Toy2D:
    name: str
    title: str
    sampler: Sampler
    bounds: tuple[float, float]  # the canvas shows [lo, hi] on both axes

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        """-> (n, 2) float32 points."""
        return self.sampler(n, np.random.default_rng(seed)).astype(np.float32)


def _line(n: int, rng: np.random.Generator) -> np.ndarray:
    u = rng.random(n)
    return np.stack([0.8 - 0.75 * u, 0.6 + 0.3 * u], axis=1) + 0.01 * rng.standard_normal((n, 2))


def _gaussians(n: int, rng: np.random.Generator) -> np.ndarray:
    first = rng.random(n) < 0.5
    a = np.array([0.3, 0.7]) + 0.1 * rng.standard_normal((n, 2))
    b = np.array([0.7, 0.4]) + np.array([0.05, 0.2]) * rng.standard_normal((n, 2))
    return np.where(first[:, None], a, b)


def _ring(n: int, rng: np.random.Generator) -> np.ndarray:
    angle = 2 * np.pi * rng.random(n)
    ellipse = np.stack([0.5 + 0.3 * np.cos(angle), 0.45 + 0.25 * np.sin(angle)], axis=1)
    return ellipse + 0.025 * rng.standard_normal((n, 2))


def _disjoint(n: int, rng: np.random.Generator) -> np.ndarray:
    centers = np.array([[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]])
    return centers[rng.integers(0, 3, n)] + 0.025 * rng.standard_normal((n, 2))


def _spiral(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.sqrt(rng.random(n)) * 3 * np.pi  # sqrt: even density along the arm
    arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * np.pi)
    return arm + 0.03 * rng.standard_normal((n, 2))


def _moons(n: int, rng: np.random.Generator) -> np.ndarray:
    upper = rng.random(n) < 0.5
    angle = np.pi * rng.random(n)
    top = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    bottom = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    points = np.where(upper[:, None], top, bottom) - np.array([0.5, 0.25])
    return points / 1.5 + 0.04 * rng.standard_normal((n, 2))


def _mixture(name: str) -> Sampler:
    mix = mixture(name)
    return lambda n, rng: mix.sample(n, seed=int(rng.integers(2**31)))


DISTRIBUTIONS: dict[str, Toy2D] = {toy.name: toy for toy in [
    Toy2D("gaussians", "Mixture of two Gaussians (GAN Lab's default)", _gaussians, (0.0, 1.0)),
    Toy2D("line", "Simple line", _line, (0.0, 1.0)),
    Toy2D("ring", "Ring", _ring, (0.0, 1.0)),
    Toy2D("disjoint", "Three disjoint Gaussians", _disjoint, (0.0, 1.0)),
    Toy2D("ring8", "8 Gaussians on a ring", _mixture("ring8"), (-3.0, 3.0)),
    Toy2D("grid25", "25 Gaussians on a grid", _mixture("grid25"), (-5.5, 5.5)),
    Toy2D("spiral", "Spiral", _spiral, (-1.2, 1.2)),
    Toy2D("moons", "Two moons", _moons, (-1.2, 1.2)),
]}


def toy(name: str) -> Toy2D:
    if name not in DISTRIBUTIONS:
        raise ValueError(f"unknown 2-D distribution {name!r}; known: {', '.join(DISTRIBUTIONS)}, or a drawing")
    return DISTRIBUTIONS[name]


def from_drawing(points: np.ndarray, jitter: float = 0.02) -> Toy2D:
    """A drawn distribution: stroke points in the unit square, each sample one of them plus N(0, jitter²) noise.

    As in GAN Lab's "draw one by yourself". Raises ValueError when there is nothing to learn from.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) < 3:
        raise ValueError("Draw at least a short stroke on the canvas first: the drawing is the data.")
    points = np.clip(points, 0.0, 1.0)

    def sampler(n: int, rng: np.random.Generator) -> np.ndarray:
        return points[rng.integers(0, len(points), n)] + jitter * rng.standard_normal((n, 2))

    return Toy2D("drawing", "Your drawing", sampler, (0.0, 1.0))
