"""The 2-D GAN trainer: GAN Lab's preset, learning, determinism, live edits, divergence, and the canvas queries."""
import math

import numpy as np
import pytest
import torch

from core import trainers
from core.gan2d import GAN2DConfig, TrainingDiverged
from core.losses import d_loss, g_loss
from core.trainers import PRESETS, make_gan2d
from core.toy2d import DISTRIBUTIONS, from_drawing, toy


@pytest.mark.parametrize("name", list(DISTRIBUTIONS))
def test_every_distribution_is_seeded_and_mostly_on_its_canvas(name):
    distribution = toy(name)
    a, b = distribution.sample(2000, seed=3), distribution.sample(2000, seed=3)
    assert a.shape == (2000, 2) and a.dtype == np.float32 and np.array_equal(a, b)
    lo, hi = distribution.bounds
    inside = ((a >= lo) & (a <= hi)).all(axis=1).mean()
    assert inside > 0.98  # GAN Lab's mixture has a tail (std 0.2 at y = 0.4) past the unit square


def test_gan_lab_distributions_follow_its_definitions():
    disjoint = toy("disjoint").sample(6000, seed=0)
    centers = np.array([[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]])
    nearest = np.linalg.norm(disjoint[:, None] - centers[None], axis=2).min(axis=1)
    assert np.quantile(nearest, 0.99) < 0.1  # three tight blobs (std 0.025)
    ring = toy("ring").sample(6000, seed=0) - np.array([0.5, 0.45])
    assert abs(np.mean((ring[:, 0] / 0.3) ** 2 + (ring[:, 1] / 0.25) ** 2) - 1) < 0.1


def test_a_drawing_becomes_a_distribution_and_an_empty_one_is_refused():
    stroke = np.stack([np.linspace(0.2, 0.8, 50), np.full(50, 0.5)], axis=1)
    points = from_drawing(stroke).sample(1000, seed=0)
    assert abs(points[:, 1].mean() - 0.5) < 0.01 and points[:, 0].min() > 0.1
    with pytest.raises(ValueError, match="Draw"):
        from_drawing(np.empty((0, 2)))
    trainer = make_gan2d(data="drawing", points=stroke)
    assert trainer.data.name == "drawing"


def test_the_ganlab_preset_is_gan_labs_default():
    config = trainers.make("gan2d", preset="ganlab").config
    assert (config.data, config.g_layers, config.g_width, config.d_layers, config.d_width) == ("gaussians", 1, 8, 1, 8)
    assert (config.noise_dim, config.noise, config.batch_size) == (2, "uniform", 150)
    assert (config.d_optimizer, config.g_optimizer, config.d_lr, config.g_lr) == ("sgd", "sgd", 0.1, 0.1)
    assert (config.k_d, config.k_g) == (2, 1)


def test_losses_at_the_equilibrium_and_the_saturation_of_the_minimax_generator():
    half = torch.zeros(10)  # logit 0: D = 1/2
    assert d_loss("minimax", half, half).item() == pytest.approx(math.log(4))
    rejected = torch.full((1,), -6.0, requires_grad=True)  # D(G(z)) ~ 0.0025: D is sure it is fake
    sat, = torch.autograd.grad(g_loss("minimax", rejected), rejected)
    nonsat, = torch.autograd.grad(g_loss("nonsaturating", rejected), rejected)
    assert abs(sat.item()) < 0.01 < 0.9 < abs(nonsat.item())  # the slide: log(1 - D) is flat there


def test_training_brings_the_fakes_to_the_data():
    trainer = make_gan2d(preset="ring8")
    before = trainer.measure()
    trainer.step(3000)
    after = trainer.measure()
    assert before["js"] > 0.8 and after["kl"] < 0.3 * before["kl"] and after["js"] < 0.3
    assert len(trainer.history["d_loss"]) == 3000 and trainer.history["measured_at"] == [0, 3000]


def test_same_seed_same_run_different_seed_different_run():
    runs = [make_gan2d(preset="ring", seed=s) for s in (7, 7, 8)]
    for run in runs:
        run.step(100)
    assert runs[0].history["g_loss"] == runs[1].history["g_loss"]
    assert runs[0].history["g_loss"] != runs[2].history["g_loss"]
    assert np.array_equal(runs[0].fakes(), runs[1].fakes())


def test_a_saved_state_resumes_exactly():
    trainer = make_gan2d(preset="line", k_g=2)
    trainer.step(30)
    state = trainer.state_dict()
    trainer.step(20)
    expected = trainer.fakes()
    trainer.load_state_dict(state)
    assert trainer.iterations == 30 and len(trainer.history["d_loss"]) == 30
    trainer.step(20)
    assert np.array_equal(trainer.fakes(), expected)


@pytest.mark.parametrize("loss", ["minimax", "nonsaturating", "least_squares", "wgan_gp", "hinge"])
def test_every_loss_trains_with_adam(loss):
    trainer = make_gan2d(preset="disjoint", loss=loss)
    metrics = trainer.step(50)
    assert metrics["iteration"] == 50 and all(math.isfinite(v) for v in metrics.values())
    assert trainer.probabilistic == (loss in ("minimax", "nonsaturating"))


def test_live_changes_apply_and_architecture_changes_are_refused():
    trainer = make_gan2d(preset="gaussians")
    trainer.step(5)
    trainer.configure(d_lr=0.01, k_d=1)
    assert trainer.opt_d.param_groups[0]["lr"] == 0.01 and trainer.config.k_d == 1
    with pytest.raises(ValueError, match="reset"):
        trainer.configure(g_layers=3)
    with pytest.raises(ValueError, match="batch size"):
        GAN2DConfig(batch_size=1)


def test_one_player_at_a_time():
    trainer = make_gan2d(preset="gaussians")
    g_before = [p.clone() for p in trainer.G.parameters()]
    d_before = [p.clone() for p in trainer.D.parameters()]
    trainer.step(1, phase="d")
    assert all(torch.equal(a, b) for a, b in zip(g_before, trainer.G.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(d_before, trainer.D.parameters()))
    d_now = [p.clone() for p in trainer.D.parameters()]
    trainer.step(1, phase="g")
    assert all(torch.equal(a, b) for a, b in zip(d_now, trainer.D.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(g_before, trainer.G.parameters()))


def test_a_diverging_run_says_so_and_is_restored():
    trainer = make_gan2d(data="ring8", loss="least_squares", d_lr=10.0, g_lr=10.0, g_width=64, d_width=64)
    with pytest.raises(TrainingDiverged, match="diverged"):
        for _ in range(50):
            trainer.step(20)
    assert all(torch.isfinite(p).all() for p in trainer.G.parameters())
    assert len(trainer.history["d_loss"]) == trainer.iterations
    trainer.configure(d_lr=0.001, g_lr=0.001)
    trainer.step(5)  # still usable


def test_canvas_queries_have_the_shapes_the_page_draws():
    trainer = make_gan2d(preset="gaussians")
    assert trainer.decision(30).shape == (30, 30) and ((0 <= trainer.decision(30)) & (trainer.decision(30) <= 1)).all()
    assert trainer.manifold(20).shape == (21, 21, 2)
    assert make_gan2d(preset="one_d_noise").manifold(20).shape == (101, 1, 2)
    assert trainer.fakes().shape == (150, 2) and trainer.sample(7, seed=1).shape == (7, 2)
    assert np.array_equal(trainer.sample(7, seed=1), trainer.sample(7, seed=1))


def test_gradient_arrows_point_uphill_on_d_for_the_nonsaturating_loss():
    trainer = make_gan2d(preset="gaussians")
    trainer.step(200)
    fakes, arrows = trainer.fakes(), trainer.fake_gradients()
    moved = fakes + 1e-3 * arrows / np.linalg.norm(arrows, axis=1, keepdims=True)
    assert (trainer.d_of(moved) > trainer.d_of(fakes)).mean() > 0.95


def test_every_preset_builds():
    for name in PRESETS:
        assert make_gan2d(preset=name).step(2)["iteration"] == 2
