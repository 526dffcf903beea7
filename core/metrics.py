"""Numbers that judge generated samples against the data they imitate. numpy only."""
from __future__ import annotations

import numpy as np


def histogram(points: np.ndarray, bins: int, lo: float, hi: float, eps: float = 1e-4) -> np.ndarray:
    """(n, 2) points -> probabilities of bins x bins cells on [lo, hi]^2 (flattened), then one more cell for
    everything off the grid; eps-smoothed (as GAN Lab). Off-grid mass stays a miss: dropping it and
    renormalising would spread it evenly over the grid, and fakes that fly away would look better."""
    cells = np.clip(((points - lo) / (hi - lo) * bins).astype(np.int64), 0, bins - 1)
    inside = ((points >= lo) & (points <= hi)).all(axis=1)
    counts = np.bincount(cells[inside, 0] * bins + cells[inside, 1], minlength=bins * bins)
    probs = np.append(counts, len(points) - inside.sum()) / max(len(points), 1) + eps
    return probs / probs.sum()


def grid_divergences(real: np.ndarray, fake: np.ndarray, lo: float, hi: float, bins: int = 30) -> dict[str, float]:
    """KL(real || fake) and JS(real, fake) between histograms on a grid (plus an off-grid cell), in bits:
    GAN Lab's estimate."""
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


def confusion(requested: np.ndarray, predicted: np.ndarray, classes: int = 10) -> np.ndarray:
    """(classes, classes) counts: row = the class asked for (or the true label), column = the classifier's answer."""
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(requested), np.asarray(predicted)), 1)
    return counts


def conditioning_accuracy(requested: np.ndarray, predicted: np.ndarray, classes: int = 10) -> dict:
    """How often a classifier names the class a conditional generator was asked for: overall and per class."""
    counts = confusion(requested, predicted, classes)
    per_class = np.diag(counts) / np.maximum(counts.sum(axis=1), 1)
    return {"accuracy": float(np.trace(counts) / max(counts.sum(), 1)), "per_class": per_class.tolist()}


def mean_pairwise_distance(images: np.ndarray) -> float:
    """Mean Euclidean distance between all pairs of (n, ...) images: within one class, a collapse shows as ~0."""
    flat = np.asarray(images, dtype=np.float64).reshape(len(images), -1)
    if len(flat) < 2:
        raise ValueError("need at least two images")
    squared = (flat ** 2).sum(1)
    d2 = np.maximum(squared[:, None] + squared[None, :] - 2 * flat @ flat.T, 0)
    n = len(flat)
    return float(np.sqrt(d2)[np.triu_indices(n, 1)].mean())


def diversity_ratio(generated: np.ndarray, generated_labels: np.ndarray, real: np.ndarray,
                    real_labels: np.ndarray, classes: int = 10) -> dict:
    """Per class, the mean pairwise distance of generated digits over that of real ones; and their mean.

    1 means as varied as real digits of that class; the conditional GAN issue asks for at least 0.5.
    """
    ratios = [mean_pairwise_distance(generated[generated_labels == c]) / mean_pairwise_distance(real[real_labels == c])
              for c in range(classes)]
    return {"ratio": float(np.mean(ratios)), "per_class": ratios, "min": float(np.min(ratios))}
