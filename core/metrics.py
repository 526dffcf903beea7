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


def nearest_modes(samples: np.ndarray, centers: np.ndarray, std: float,
                  threshold: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """-> (each sample's nearest centre, whether it lies within `threshold` std of it: VEEGAN's high quality)."""
    samples, centers = np.asarray(samples, dtype=np.float64), np.asarray(centers, dtype=np.float64)
    distance = np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=2) / std  # (n, K)
    nearest = distance.argmin(axis=1)
    return nearest, distance[np.arange(len(samples)), nearest] < threshold


def mode_coverage(samples: np.ndarray, centers: np.ndarray, std: float, threshold: float = 3.0) -> dict:
    """VEEGAN's mode-collapse measures, as PacGAN's MetricLogger computes them.

    Each sample is assigned to its nearest centre. It is *high quality* if that distance is under
    `threshold` standard deviations. -> modes: the centres nearest to at least one high-quality sample;
    hq: the share of samples that are high quality (about 0.989 for a perfect sampler with isotropic
    2-D modes, since P(chi2_2 <= 9) = 1 - e^-4.5); reverse_kl: KL(p || uniform) = ln K - H(p) in nats,
    where p is the mode histogram of the high-quality samples (inf if there are none); counts: that
    histogram.
    """
    nearest, good = nearest_modes(samples, centers, std, threshold)
    counts = np.bincount(nearest[good], minlength=len(centers))
    if not counts.sum():
        return {"modes": 0, "hq": 0.0, "reverse_kl": float("inf"), "counts": counts}
    p = counts[counts > 0] / counts.sum()
    return {"modes": int((counts > 0).sum()), "hq": float(good.mean()),
            "reverse_kl": float(np.log(len(centers)) + np.sum(p * np.log(p))), "counts": counts}
