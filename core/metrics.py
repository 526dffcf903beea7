"""Numbers that judge generated samples against the data they imitate. numpy only."""
from __future__ import annotations

import numpy as np


def histogram(points: np.ndarray, bins: int, lo: float, hi: float, eps: float = 1e-4) -> np.ndarray:
    """(n, 2) points -> a bins x bins histogram on [lo, hi]^2 as probabilities, eps-smoothed (as GAN Lab)."""
    cells = np.clip(((points - lo) / (hi - lo) * bins).astype(np.int64), 0, bins - 1)
    inside = ((points >= lo) & (points <= hi)).all(axis=1)
    counts = np.bincount(cells[inside, 0] * bins + cells[inside, 1], minlength=bins * bins)
    probs = counts / max(len(points), 1) + eps
    return probs / probs.sum()


def grid_divergences(real: np.ndarray, fake: np.ndarray, lo: float, hi: float, bins: int = 30) -> dict[str, float]:
    """KL(real || fake) and JS(real, fake) between histograms on a grid, in bits: GAN Lab's estimate."""
    p, q = histogram(real, bins, lo, hi), histogram(fake, bins, lo, hi)
    m = (p + q) / 2
    return {"kl": float(np.sum(p * np.log2(p / q))),
            "js": float(0.5 * np.sum(p * np.log2(p / m)) + 0.5 * np.sum(q * np.log2(q / m)))}
