"""The 2-D CycleGAN (issue 8, level 1): the domains, the trainer contract, and what the cycle loss buys."""
import numpy as np
import pytest

from core import trainers
from core.cyclegan2d import DOMAINS, EVAL, domain
from core.gan2d import TrainingDiverged


@pytest.mark.parametrize("name", DOMAINS)
def test_domains_are_seeded_point_clouds(name):
    a, b = (domain(name, 100, np.random.default_rng(3)) for _ in range(2))
    assert a.shape == (100, 2) and np.array_equal(a, b)
    assert not np.array_equal(a, domain(name, 100, np.random.default_rng(4)))


def test_the_turned_moons_are_the_moons_turned_and_grown():
    rng = np.random.default_rng(0)
    moons, turned = domain("moons", 2000, rng), domain("moons_turned", 2000, rng)
    assert np.ptp(turned[:, 1]) == pytest.approx(1.5 * np.ptp(moons[:, 0]), rel=0.1)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="unknown pair"):
        trainers.make("cyclegan2d", pair="cats_dogs")
    with pytest.raises(ValueError, match="lambda"):
        trainers.make("cyclegan2d", lam=-1)


def test_the_trainer_is_seeded_keeps_history_and_rolls_back():
    a, b = (trainers.make("cyclegan2d", seed=2) for _ in range(2))
    a.step(20)
    b.step(20)
    assert a.history == b.history and len(a.history["cycle"]) == 20
    state = a.state_dict()
    before = a.translate()["G(x)"]
    a.step(10)
    a.load_state_dict(state)
    assert a.iterations == 20 and np.array_equal(a.translate()["G(x)"], before)
    shown = a.translate()
    assert set(shown) == {"x", "G(x)", "F(G(x))", "y", "F(y)", "G(F(y))"}
    assert all(v.shape == (EVAL, 2) for v in shown.values())


def test_a_non_finite_loss_stops_the_step_and_keeps_the_count():
    trainer = trainers.make("cyclegan2d")
    trainer.step(2)
    next(trainer.G.parameters()).data.fill_(float("nan"))
    with pytest.raises(TrainingDiverged, match="diverged"):
        trainer.step(3)
    assert trainer.iterations == 2 and len(trainer.history["cycle"]) == 2


def test_the_cycle_loss_keeps_the_correspondence_that_lambda_zero_loses():
    """Both runs move X onto Y; only with lambda = 10 does F(G(x)) come back to x (a third of the error, or less)."""
    results = {}
    for lam in (10.0, 0.0):
        trainer = trainers.make("cyclegan2d", pair="moons_turned", lam=lam)
        trainer.step(1500)
        results[lam] = trainer.measure()
    assert results[10.0]["off_y"] < 0.15 and results[0.0]["off_y"] < 0.15  # G(x) lands on the turned moons
    assert results[10.0]["cycle_error"] < results[0.0]["cycle_error"] / 3
