import math

import numpy as np
import plotly.graph_objects as go
import pytest

from demos import mnist
from demos.autoencoder import view


def test_reconstruct_returns_crisp_images_figures_and_a_summary():
    r = view.reconstruct(mnist.gallery_digit(0), view.DEFAULT_MODEL, 0.0)
    side = 28 * view.SCALE
    for image in (r.x, r.x_hat, r.pca):
        assert image.shape == (side, side) and image.dtype == np.uint8
    assert r.error.shape == (side, side, 3) and r.error.dtype == np.uint8
    assert isinstance(r.code, go.Figure) and len(r.code.data[0].y) == 8
    assert isinstance(r.latent_map, go.Figure)
    assert "per-pixel MSE" in r.summary and "PCA with 8 components" in r.summary


@pytest.mark.parametrize("label", list(view.MODELS))
def test_every_model_reconstructs_a_test_digit_better_than_chance(label):
    digit = mnist.gallery_digit(3)
    r = view.reconstruct(digit, label, 0.0)
    x_hat = r.x_hat[:: view.SCALE, :: view.SCALE] / 255.0
    assert np.mean((x_hat - digit) ** 2) < np.mean((digit.mean() - digit) ** 2)
    assert len(r.code.data[0].y) == mnist.model(view.MODELS[label]).latent_dim


@pytest.mark.parametrize("noise", [-5.0, math.nan, math.inf, 100.0, None])
def test_extreme_noise_values_are_clamped_not_fatal(noise):
    r = view.reconstruct(mnist.gallery_digit(1), view.DEFAULT_MODEL, noise)
    assert r.x.shape == (28 * view.SCALE, 28 * view.SCALE)


def test_noise_corrupts_the_input_and_the_summary_compares_with_the_clean_digit():
    clean = mnist.gallery_digit(2)
    assert np.array_equal(view.add_noise(clean, 0.0), clean)
    noisy = view.add_noise(clean, 0.5)
    assert np.abs(noisy - clean).mean() > 0.1 and np.array_equal(noisy, view.add_noise(clean, 0.5))
    assert "*clean* digit" in view.reconstruct(clean, view.DEFAULT_MODEL, 0.5).summary


def test_unknown_model_and_missing_digit_fall_back_to_defaults():
    r = view.reconstruct(None, "no such model", 0.0)
    assert len(r.code.data[0].y) == mnist.model(view.MODELS[view.DEFAULT_MODEL]).latent_dim


def test_gallery_has_every_class_and_wraps_positions():
    items = mnist.gallery()
    assert len(items) == 10 * mnist.GALLERY_PER_CLASS
    assert [caption[-2] for _, caption in items[:10]] == [str(d) for d in range(10)]
    assert np.array_equal(mnist.gallery_digit(len(items)), mnist.gallery_digit(0))
    assert np.array_equal(mnist.gallery_digit(None), view.default_digit())


def test_latent_map_axes_are_fixed_whatever_the_digit():
    a, b = view.latent_map(mnist.gallery_digit(0)), view.latent_map(mnist.gallery_digit(7))
    assert a.layout.xaxis.range == b.layout.xaxis.range and a.layout.yaxis.range == b.layout.yaxis.range
    assert [t.name for t in a.data][:10] == [str(d) for d in range(10)] and a.data[-1].name == "your digit"


def test_random_codes_mostly_decode_to_non_digits_and_are_seeded():
    grid, verdict, _ = view.random_samples("MLP, z = 32", seed=3)
    again, _, _ = view.random_samples("MLP, z = 32", seed=3)
    other, _, _ = view.random_samples("MLP, z = 32", seed=4)
    assert grid.dtype == np.uint8 and np.array_equal(grid, again) and not np.array_equal(grid, other)
    recognised = int(verdict.split("**")[1].split(" of ")[0])
    real = float(verdict.split("**")[3].rstrip("%")) / 100
    assert recognised / view.N_SAMPLES < real  # the page's claim: random codes are worse than real digits


def test_latent_map_uses_the_2d_model_of_the_chosen_architecture():
    assert "MLP, z = 2" in view.reconstruct(None, "MLP, z = 32").latent_map.layout.title.text
    assert "Conv, z = 2" in view.reconstruct(None, "Conv, z = 8").latent_map.layout.title.text


@pytest.mark.parametrize("seed, used", [(None, 0), (-3, 0), (math.nan, 0), (math.inf, 0), (1e30, 2**31 - 2), (7.0, 7)])
def test_any_seed_a_user_can_type_gives_samples(seed, used):
    grid, _, seed_used = view.random_samples(view.DEFAULT_MODEL, seed)
    assert seed_used == used and grid.dtype == np.uint8


def test_a_reconstruction_without_figures_then_its_figures_equal_the_whole():
    """A stroke shows the images at once and the two plots after (issue 17): split, they are the same as whole."""
    digit = mnist.gallery_digit(3)
    whole = view.reconstruct(digit, "MLP, z = 8", 0.2)
    quick = view.reconstruct(digit, "MLP, z = 8", 0.2, figures=False)
    assert quick.code is None and quick.latent_map is None and quick.summary == whole.summary
    np.testing.assert_array_equal(quick.x_hat, whole.x_hat)
    code, latent = view.figures(digit, "MLP, z = 8", 0.2)
    assert code.to_json() == whole.code.to_json() and latent.to_json() == whole.latent_map.to_json()
