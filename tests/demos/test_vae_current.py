"""The VAE page's per-visitor digit (demos/vae/current.py, issue 17): the page's load, arriving after a digit was
picked while the page loaded, keeps the pick, and after a z was set (Sample, Reset, a slider) keeps that z; a new
model redraws it; each visitor's copy is their own."""
from copy import deepcopy

import numpy as np
import pytest

from demos import mnist
from demos.vae import elbo, view
from demos.vae.current import Current


def test_the_first_draw_of_the_current_digit_shows_the_default_one():
    current = deepcopy(Current())
    mu, image, panels = current.draw(None, view.DEFAULT_MODEL)
    assert np.array_equal(current.digit, view.default_digit()) and len(mu) == view.latent_dim(view.DEFAULT_MODEL)
    assert image.ndim >= 2 and len(panels) == elbo.N_PANELS


def test_the_load_after_an_early_pick_changes_nothing_and_a_new_model_redraws_the_pick():
    current, picked = deepcopy(Current()), mnist.gallery_digit(4)
    mu, _, _ = current.draw(picked, view.DEFAULT_MODEL)  # the pick, sent before the page's load
    assert current.draw(None, view.DEFAULT_MODEL) is None  # the load: the pick is on screen already
    assert current.digit is picked
    again, _, _ = current.draw(None, "z = 2")  # a new model: the pick, through it
    assert current.digit is picked and len(again) == 2 and len(mu) == view.latent_dim(view.DEFAULT_MODEL)


def test_the_load_after_an_early_z_draws_the_panels_only_and_a_new_model_redraws_the_sliders():
    current, z = deepcopy(Current()), [0.5, -1.0, 0.0, 2.5, 0.0, 0.0, 0.0, 0.0]
    image = current.set_z(z, view.DEFAULT_MODEL)  # a Sample, Reset or slider, sent before the page's load
    assert np.array_equal(image, view.decode(z, view.DEFAULT_MODEL))
    mu, decoded, panels = current.draw(None, view.DEFAULT_MODEL)  # the load: the default digit's panels, not its μ
    assert mu is None and decoded is None and len(panels) == elbo.N_PANELS
    assert current.draw(None, view.DEFAULT_MODEL) is None  # then on screen, as after a pick
    mu, decoded, _ = current.draw(None, "z = 2")  # a new model: the sliders at μ(x) again
    assert len(mu) == 2 and decoded.ndim >= 2


def test_a_z_set_while_the_loads_draw_runs_is_kept_too(monkeypatch):
    """The Sample's handler may start while the load's draw computes, and its answer land before the load's."""
    current, panels = deepcopy(Current()), elbo.digit_panels

    def a_sample_meanwhile(digit, label):
        current.set_z([0.0] * 8, view.DEFAULT_MODEL)
        return panels(digit, label)
    monkeypatch.setattr(elbo, "digit_panels", a_sample_meanwhile)
    mu, decoded, _ = current.draw(None, view.DEFAULT_MODEL)
    assert mu is None and decoded is None


def test_a_z_set_after_the_first_draw_or_for_another_model_is_not_kept_nor_is_it_over_a_later_pick():
    late = deepcopy(Current())
    late.draw(None, view.DEFAULT_MODEL)  # the load first
    late.set_z([0.0] * 8, view.DEFAULT_MODEL)  # then a Sample
    assert late.draw(None, "z = 16")[0] is not None  # a new model: the sliders at its μ(x)
    other = deepcopy(Current())
    other.set_z([0.0] * 2, "z = 2")  # a z of another model than the one the load draws with
    assert other.draw(None, view.DEFAULT_MODEL)[0] is not None
    picked = deepcopy(Current())
    picked.set_z([0.0] * 8, view.DEFAULT_MODEL)
    assert picked.draw(mnist.gallery_digit(4), view.DEFAULT_MODEL)[0] is not None  # a pick after the z: its μ(x)
    assert picked.draw(None, view.DEFAULT_MODEL) is None  # and the load after both keeps the pick


def test_each_visitor_gets_a_fresh_copy_and_a_visitors_digit_is_never_copied():
    default = Current()
    first, second = deepcopy(default), deepcopy(default)
    assert first is not second and first.lock is not second.lock
    first.draw(mnist.gallery_digit(4), view.DEFAULT_MODEL)
    assert second.shown is None and np.array_equal(second.digit, view.default_digit())
    with pytest.raises(TypeError, match="only a fresh Current"):
        deepcopy(first)
    second.set_z([0.0] * 8, view.DEFAULT_MODEL)  # a visitor's z, before any draw: theirs too
    with pytest.raises(TypeError, match="only a fresh Current"):
        deepcopy(second)
