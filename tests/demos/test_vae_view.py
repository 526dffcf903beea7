import math

import numpy as np
import plotly.graph_objects as go
import pytest

from demos import mnist
from demos.api_contract import Refused
from demos.vae import elbo, view


def test_decode_gives_a_crisp_digit_for_every_model():
    for label in view.MODELS:
        image = view.decode([0.0] * view.latent_dim(label), label)
        assert image.shape == (28 * view.SCALE, 28 * view.SCALE) and image.dtype == np.uint8
        assert image.max() > 60 and image.std() > 10  # the prior's mean decodes to a (blurry) stroke, not a blank


def test_moving_one_slider_changes_the_digit_smoothly():
    images = [view.decode([v] + [0.0] * 7).astype(float) for v in np.linspace(-2, 2, 9)]
    steps = [np.abs(a - b).mean() for a, b in zip(images, images[1:])]
    assert min(steps) > 0 and max(steps) < 25  # every step changes it, none jumps


@pytest.mark.parametrize("values, note", [([math.nan] * 8, "8 value(s)"), ([9.0, -9.0], "2 value(s)"),
                                          ([None, math.inf], "2 value(s)"), ([0.5] * 20, "")])
def test_slider_values_outside_the_range_are_clipped_with_a_note(values, note):
    z, message = view.clip_z(values, "z = 8")
    assert z.shape == (8,) and np.isfinite(z).all() and np.abs(z).max() <= view.Z_MAX
    assert (note in message) if note else message == ""


def test_encode_returns_one_mu_and_logvar_per_dimension_and_start_from_a_digit_round_trips():
    digit = mnist.gallery_digit(3)
    mu, logvar = view.encode(digit, "z = 16")
    assert len(mu) == len(logvar) == 16
    decoded = view.decode(mu, "z = 16")[:: view.SCALE, :: view.SCALE] / 255.0
    assert np.mean((decoded - digit) ** 2) < np.mean((digit.mean() - digit) ** 2) / 2


def test_manifold_grid_size_is_clamped_and_decodes_every_cell():
    assert view.manifold(5).shape == (5 * 28 * 2, 5 * 28 * 2)
    assert view.manifold(1000).shape == view.manifold(30).shape
    assert view.manifold(None).shape == view.manifold(15).shape


def test_vae_codes_fill_a_round_cloud_the_autoencoder_codes_do_not():
    vae, ae = mnist.codes(view.VAE_MAP[0], "test"), mnist.codes(view.AE_MAP[0], "test")
    assert np.abs(vae.mean(0)).max() < 1 and np.all((0.5 < vae.std(0)) & (vae.std(0) < 2))  # near N(0, I)
    assert np.all(ae.std(0) > 3 * vae.std(0))  # the autoencoder's codes sprawl, nothing holds them
    fig = view.code_space(*view.VAE_MAP, mnist.gallery_digit(0))
    assert isinstance(fig, go.Figure) and fig.data[-1].name == "your digit" and fig.data[-2].name == "q(z|x), 2σ"


def test_prior_samples_and_temperature():
    assert view.prior_sample("z = 8", 3) == view.prior_sample("z = 8", 3) != view.prior_sample("z = 8", 4)
    assert view.prior_sample("z = 8", math.nan)[1] == view.prior_sample("z = 8", None)[1] == 0
    cold, hot = view.prior_grid("z = 8", 0.0), view.prior_grid("z = 8", 2.0)
    assert cold.dtype == np.uint8 and not np.array_equal(cold, hot)
    assert view.prior_grid("z = 8", math.nan).shape == cold.shape


def test_elbo_terms_add_up_and_match_the_card_on_average():
    x = mnist.digits("test")[0][::5, 0].numpy()  # 200 digits, every class
    terms = [elbo.elbo_terms(d, "vae_mnist_z8", seed=i) for i, d in enumerate(x)]
    assert all(abs(t["kl"] - t["kl_per_dim"].sum()) < 1e-3 for t in terms)
    mean = np.mean([t["recon"] + t["kl"] for t in terms])
    assert mean == pytest.approx(mnist.card_metrics("vae_mnist_z8")["test_neg_elbo"], rel=0.1)


def test_larger_beta_costs_reconstruction_and_saves_kl():
    m = {label: mnist.card_metrics(name) for label, name in view.BETAS.items()}
    assert m["β = 0.5"]["test_recon"] < m["β = 1"]["test_recon"] < m["β = 4"]["test_recon"]
    assert m["β = 0.5"]["test_kl"] > m["β = 1"]["test_kl"] > m["β = 4"]["test_kl"]
    images, table = elbo.beta_comparison(mnist.gallery_digit(0))
    assert len(images) == 3 and table.count("\n|") == 4


def test_digit_panels_fill_every_panel_the_pages_show():
    assert len(elbo.digit_panels(mnist.gallery_digit(0), "z = 8")) == elbo.N_PANELS


def test_posterior_and_interpolation_panels():
    fig, strip = elbo.posterior(mnist.gallery_digit(2), "z = 8")
    assert len(fig.data[0].y) == 8 and fig.data[0].error_y.array is not None and strip.dtype == np.uint8
    a, b = mnist.gallery_digit(1), mnist.gallery_digit(7)
    latent, fade = elbo.interpolate(a, b, "z = 8")
    slerp, _ = elbo.interpolate(a, b, "z = 8", spherical=True)
    assert latent.shape == fade.shape == slerp.shape and not np.array_equal(latent, slerp)


def test_json_api_functions():
    image = view.api_decode([0.0] * 8)
    assert np.asarray(image).shape == (28, 28) and 0 <= np.min(image) and np.max(image) <= 255
    result = view.api_encode(mnist.gallery_digit(0).tolist(), "z = 16")
    assert len(result["mu"]) == len(result["logvar"]) == 16
    for bad in ([[0.0] * 5] * 5, "not an image", [[float("nan")] * 28] * 28):
        with pytest.raises(Refused, match="image must be 28 lists of 28 finite numbers from 0 to 1"):
            view.api_encode(bad)
    for z, message in [([0.0] * 9, "for model 'z = 8' z must be a list of 8"), ([], "z must be a list of 1 to 16"),
                       ([5.0] * 8, r"z\[0\]: got 5.0"), ([0.0] * 8, "model must be one of")]:
        with pytest.raises(Refused, match=message):
            view.api_decode(z, None if z == [0.0] * 8 else "z = 8")


def test_clicking_a_manifold_cell_decodes_that_cell():
    n = 5
    grid = view.manifold(n)
    image, caption = view.manifold_cell(n, 3.5 * view.MANIFOLD_CELL, 0.5 * view.MANIFOLD_CELL)
    assert caption.startswith("cell (1, 4)")
    cell = grid[: view.MANIFOLD_CELL, 3 * view.MANIFOLD_CELL: 4 * view.MANIFOLD_CELL][::2, ::2]
    np.testing.assert_array_equal(image[:: view.SCALE, :: view.SCALE], cell)
    assert view.manifold_cell(n, 1e9, -5)[1].startswith("cell (1, 5)")  # clicks off the grid clamp to it


@pytest.mark.parametrize("active, says, never", [([8, 8, 8], "all 8 units stay active", "fewer units"),
                                                 ([8, 7, 5], "fewer units stay active (8 / 7 / 5", "all 8")])
def test_the_beta_text_says_what_the_table_measures(monkeypatch, active, says, never):
    """Issue 17: the text said large β leaves fewer units active beside a table of 8 / 8 / 8."""
    counts = dict(zip(view.BETAS.values(), active))
    monkeypatch.setattr(mnist, "card_metrics", lambda name: {"active_units": counts[name]})
    note = elbo.beta_note()
    assert says in note and never not in note


def test_the_shipped_beta_text_agrees_with_the_shipped_table():
    _, table = elbo.beta_comparison(view.default_digit())
    active = [line.rstrip(" |").rsplit("|", 1)[-1].strip() for line in table.splitlines()[2:5]]
    assert (("fewer units" in elbo.BETA_NOTE) == (int(active[-1]) < int(active[0])))


@pytest.mark.parametrize("n", [5, 15, 25])
def test_the_centre_cell_is_the_grids_middle_cell(n):
    """Shown before any click (issue 17: 'that cell, large' was empty until one)."""
    image, caption = view.centre_cell(n)
    middle = n // 2 + 1
    assert image.shape[0] > 28 and caption.startswith(f"cell ({middle}, {middle}): z = (")
