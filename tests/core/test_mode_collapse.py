"""core.mode_collapse: every method trains, is seeded, and is judged by VEEGAN's protocol."""
import numpy as np
import pytest

from core.mode_collapse import EVAL, METHODS, ModeCollapseConfig
from core.trainers import TrainingDiverged, make


@pytest.mark.parametrize("method", METHODS)
def test_every_method_trains_and_is_measured(method):
    trainer = make("mode_collapse", mixture="grid25", method=method, seed=3)
    before = [p.detach().clone() for p in trainer.G.parameters()]
    metrics = trainer.step(3)
    assert metrics["iteration"] == 3 and len(trainer.history["g_loss"]) == 3
    assert np.isfinite(trainer.history["d_loss"]).all() and np.isfinite(trainer.history["g_loss"]).all()
    assert any(not (a == b).all() for a, b in zip(before, trainer.G.parameters()))  # G moved
    found = trainer.measure()
    assert 0 <= found["modes"] <= 25 and 0 <= found["hq"] <= 1 and trainer.sample().shape == (EVAL, 2)


@pytest.mark.parametrize("method", ["unrolled", "pacgan", "labels"])
def test_the_same_seed_gives_the_same_run(method):
    runs = [make("mode_collapse", mixture="ring8", method=method, seed=5) for _ in range(2)]
    for trainer in runs:
        trainer.step(5)
    assert np.array_equal(runs[0].sample(), runs[1].sample())
    other = make("mode_collapse", mixture="ring8", method=method, seed=6)
    other.step(5)
    assert not np.array_equal(runs[0].sample(), other.sample())


def test_label_supervision_finds_every_mode_of_the_ring():
    trainer = make("mode_collapse", mixture="ring8", method="labels", seed=0)
    trainer.step(4000)
    found = trainer.measure()
    assert found["modes"] == 8 and found["hq"] > 0.8 and found["reverse_kl"] < 0.05


def test_a_diverging_run_is_rolled_back():
    trainer = make("mode_collapse", mixture="ring8", method="nonsaturating", seed=0)
    trainer.step(2)
    trainer.D.head.weight.data.fill_(float("nan"))  # as if an update had blown up
    g_before = [p.detach().clone() for p in trainer.G.parameters()]
    with pytest.raises(TrainingDiverged, match="diverged"):
        trainer.step(3)
    assert trainer.iterations == 2 and len(trainer.history["d_loss"]) == 2  # nothing of the failed chunk kept
    assert all((a == b).all() for a, b in zip(g_before, trainer.G.parameters()))  # G is back where it was


@pytest.mark.parametrize("config, message", [(dict(method="adam"), "unknown method"),
                                             (dict(method="pacgan", batch_size=30, pack=4), "multiple of pack"),
                                             (dict(depth=0), "depth")])
def test_bad_settings_are_refused_with_a_message(config, message):
    with pytest.raises(ValueError, match=message):
        ModeCollapseConfig(**config)


def test_the_other_mixtures_and_a_drawn_one():
    from core import data

    unbalanced = data.mixture("ring8_unbalanced")
    assert np.isclose(unbalanced.weights.sum(), 1) and unbalanced.weights[0] > 5 * unbalanced.weights[-1]
    assert len(data.mixture("ring5").centers) == 5
    drawn = make("mode_collapse", centers=np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]), method="labels")
    assert drawn.config.mixture == "drawn" and drawn.modes == 3
    with pytest.raises(ValueError, match="2 to 50 finite"):
        data.drawn_mixture(np.array([[0.0, np.nan], [1.0, 1.0]]))


def test_unrolling_with_a_zero_step_is_the_plain_gan_draw_for_draw():
    """unroll_lr = 0: G looks at today's D, so the run must be the non-saturating GAN's exactly. The unrolled
    steps once drew fresh real batches, shifting every later draw: with 5 steps the run found 0 modes."""
    from dataclasses import asdict

    plain = make("mode_collapse", mixture="ring8", method="nonsaturating", seed=1)
    same = {k: v for k, v in asdict(plain.config).items() if k not in ("method", "unroll_steps", "unroll_lr")}
    unrolled = make("mode_collapse", **same, method="unrolled", unroll_steps=5, unroll_lr=0.0)
    looking = make("mode_collapse", **same, method="unrolled", unroll_steps=5)
    for trainer in (plain, unrolled, looking):
        trainer.step(20)
    assert np.array_equal(plain.sample(), unrolled.sample())
    assert not np.array_equal(plain.sample(), looking.sample())  # with D's own step size, G's updates differ


def test_one_unrolled_step_is_d_s_own_adam_update():
    """The oracle: D's parameters after one unrolled step equal torch's Adam step from D's optimiser state."""
    import copy

    import torch

    from core.losses import d_loss

    trainer = make("mode_collapse", mixture="ring8", method="unrolled", seed=2, unroll_steps=1)
    trainer.step(3)
    fake = trainer._generate(trainer._noise(trainer.config.batch_size), None)
    unrolled = trainer._unrolled(fake)
    d = copy.deepcopy(trainer.D)
    adam = torch.optim.Adam(d.parameters(), lr=trainer.config.d_lr, betas=(trainer.config.beta1, trainer.config.beta2))
    adam.load_state_dict(trainer.opt_d.state_dict())
    real, _ = trainer._batch
    d_loss(trainer.loss, d(real), d(fake.detach())).backward()
    adam.step()
    for name, param in d.named_parameters():
        assert torch.allclose(unrolled[name], param, atol=1e-6)


def test_each_method_has_its_own_settings_and_an_explicit_one_wins():
    from core.mode_collapse import BASE, STEPS, TUNED

    for method in METHODS:
        config = ModeCollapseConfig(method=method)
        assert config.steps == STEPS[method]
        assert all(getattr(config, k) == v for k, v in {**BASE, **TUNED.get(method, {})}.items())
    assert ModeCollapseConfig(method="wgan_gp").beta2 == 0.9 and ModeCollapseConfig().beta2 == 0.999
    assert ModeCollapseConfig(method="wgan_gp", beta2=0.99).beta2 == 0.99
