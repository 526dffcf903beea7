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


def test_grid_divergences_count_fakes_off_the_grid_as_a_miss_that_never_looks_better():
    """The frozen-D GAN's fakes flew to (40..170, 50..170) while the grid's KL fell from 3.6 to 1.5 bits: the
    off-grid mass used to be dropped, and the eps smoothing then spread the fakes evenly over the grid."""
    real = data.mixture("ring8").sample(2000, seed=0)
    on_grid_but_wrong = metrics.grid_divergences(real, np.full((2000, 2), 2.9), -3, 3)
    beside = metrics.grid_divergences(real, real + np.array([7.0, 0.0]), -3, 3)  # just off the grid
    far = metrics.grid_divergences(real, real + 100.0, -3, 3)
    half_off = metrics.grid_divergences(real, np.concatenate([real[:1000], real[1000:] + 100.0]), -3, 3)
    assert far["kl"] >= on_grid_but_wrong["kl"] - 1e-9 and far["js"] >= on_grid_but_wrong["js"] - 1e-9
    assert far == pytest.approx(beside) and far["kl"] > 7 and far["js"] > 0.9
    assert 0.5 < half_off["kl"] < far["kl"]  # half the fakes lost: KL(p || q) >= log2(1 / 0.5) = 1 bit, roughly
