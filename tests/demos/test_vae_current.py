"""The VAE page's per-visitor digit (demos/vae/current.py, issue 17): the page's load, arriving after a digit was
picked while the page loaded, keeps the pick; a new model redraws it; each visitor's copy is their own."""
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


def test_each_visitor_gets_a_fresh_copy_and_a_visitors_digit_is_never_copied():
    default = Current()
    first, second = deepcopy(default), deepcopy(default)
    assert first is not second and first.lock is not second.lock
    first.draw(mnist.gallery_digit(4), view.DEFAULT_MODEL)
    assert second.shown is None and np.array_equal(second.digit, view.default_digit())
    with pytest.raises(TypeError, match="only a fresh Current"):
        deepcopy(first)
