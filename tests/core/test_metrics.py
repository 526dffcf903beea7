"""core.metrics: the mode-collapse measures of VEEGAN and PacGAN (papers.md §1.2-1.3), and GAN Lab's grid
divergences."""
import math

import numpy as np
import pytest

from core import data, metrics

PERFECT_HQ = 1 - math.exp(-4.5)  # P(chi2_2 <= 9): a 2-D Gaussian sample within 3 std of its centre


@pytest.mark.parametrize("name", ["ring8", "grid25"])
def test_a_perfect_sampler_covers_every_mode_with_989_permille_high_quality(name):
    mixture = data.mixture(name)
    found = metrics.mode_coverage(mixture.sample(2500, seed=1), mixture.centers, mixture.std)
    assert found["modes"] == len(mixture.centers)
    assert found["hq"] == pytest.approx(PERFECT_HQ, abs=0.007)  # 3 binomial standard errors at n = 2500
    assert 0 <= found["reverse_kl"] < 0.02 and found["counts"].sum() == round(found["hq"] * 2500)


def test_a_one_mode_sampler_covers_one_mode_and_its_reverse_kl_is_log_k():
    mixture = data.mixture("grid25")
    one = mixture.centers[7] + mixture.std * np.random.default_rng(0).standard_normal((2500, 2))
    found = metrics.mode_coverage(one, mixture.centers, mixture.std)
    assert found["modes"] == 1 and found["counts"][7] == found["counts"].sum()
    assert found["reverse_kl"] == pytest.approx(math.log(25))


def test_samples_between_the_modes_are_not_high_quality():
    centers, std = np.array([[0.0, 0.0], [1.0, 0.0]]), 0.1
    samples = np.array([[0.29, 0.0], [0.31, 0.0], [0.5, 0.0], [0.95, 0.0]])  # 2.9, 3.1, 5 and 0.5 std away
    found = metrics.mode_coverage(samples, centers, std)
    assert found["hq"] == 0.5 and found["counts"].tolist() == [1, 1] and found["reverse_kl"] == pytest.approx(0)
    nothing = metrics.mode_coverage(np.full((10, 2), 9.0), centers, std)
    assert nothing["modes"] == 0 and nothing["hq"] == 0 and nothing["reverse_kl"] == math.inf


def test_grid_divergences_vanish_for_the_same_points_and_grow_when_they_part():
    points = data.mixture("ring8").sample(2000, seed=0)
    same = metrics.grid_divergences(points, points, -3, 3)
    apart = metrics.grid_divergences(points, points + 1.0, -3, 3)
    assert same["kl"] == pytest.approx(0, abs=1e-12) and same["js"] == pytest.approx(0, abs=1e-12)
    assert apart["kl"] > 5 and 0.8 < apart["js"] <= 1.0  # at most 1 bit; the eps smoothing keeps it below
