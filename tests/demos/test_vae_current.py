"""The VAE page's per-visitor digit (demos/vae/current.py, issue 17): the page's load, arriving after a digit was
picked while the page loaded, keeps the pick; it never sends the sliders the page was built with, so a z set while
the page loaded (Sample, Reset, a slider) stays; a new model redraws them; each visitor's copy is their own."""
from copy import deepcopy

import numpy as np
import pytest

from demos import mnist
from demos.vae import elbo, view
from demos.vae.current import Current, opening


def test_the_pages_load_draws_the_default_digits_panels_and_leaves_its_mu_to_the_page_as_built():
    """The sliders and decoded digit are built at opening(): the load never sends them, so a Sample, Reset or
    slider move made while the page loaded stays, whenever its answer lands."""
    current = deepcopy(Current())
    mu, image, panels = current.draw(None, view.DEFAULT_MODEL)
    assert mu is None and image is None and len(panels) == elbo.N_PANELS
    assert np.array_equal(current.digit, view.default_digit()) and current.shown == view.DEFAULT_MODEL
    built_mu, built_image = opening()
    assert np.allclose(built_mu, view.encode(view.default_digit())[0]) and len(built_mu) == 8
    assert np.array_equal(built_image, view.decode(built_mu))
    assert current.draw(None, view.DEFAULT_MODEL) is None  # then on screen: nothing to redraw


def test_a_first_draw_with_another_model_sends_its_mu():
    """A link's model (say z = 2): the page was built with z = 8's sliders, so the first draw brings z = 2's."""
    mu, image, _ = deepcopy(Current()).draw(None, "z = 2")
    assert len(mu) == 2 and image.ndim >= 2


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
