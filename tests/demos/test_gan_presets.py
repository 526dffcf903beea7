"""Each preset of the live GAN page does what its name says, by a measured criterion, within the iterations
the page tells the student to watch (controls.PRESET_ITERATIONS): the "Converges" ones reach their KL bound,
the "Fails" ones show their named failure."""
import numpy as np
import pytest

from core.data import mixture
from core.metrics import mode_coverage
from core.trainers import make_gan2d
from demos.gan import canvas, controls

KL_BOUND = {  # bits, on the 30 x 30 grid; each preset starts at 4-7 bits
    "gaussians": 1.5, "ring": 1.5, "line": 1.5, "disjoint": 2.5, "ring8": 2.0, "spiral": 1.0, "moons": 1.2}


def trained(label: str, every: int = 250, **changes):
    """The preset trained for the iterations its note suggests -> (trainer, KL at 0, every, 2 * every, ...)."""
    trainer = make_gan2d(**{**controls.preset_settings(label), **changes})
    kls = [trainer.measure()["kl"]]
    while trainer.iterations < controls.PRESET_ITERATIONS[label]:
        trainer.step(every)
        kls.append(trainer.measure()["kl"])
    return trainer, kls


def test_every_note_says_how_long_to_watch():
    for label, (_, note) in controls.PRESET_NOTES.items():
        assert f"{controls.PRESET_ITERATIONS[label]:,} iterations" in note


@pytest.mark.parametrize("label", list(controls.PRESET_NOTES))
def test_real_and_fake_share_the_canvas_from_the_first_frame(label):
    """G's N(0, 1/fan_in) weights once put 98 % of the fakes off the two Gaussians' canvas at iteration 0."""
    trainer = make_gan2d(**controls.preset_settings(label))
    off, _ = canvas.off_canvas(trainer)
    assert off <= 0.05 * len(trainer.fakes())


@pytest.mark.parametrize("label", [label for label in controls.PRESET_NOTES if label.startswith("Converges")])
def test_each_converging_preset_reaches_its_kl_bound(label):
    trainer, kls = trained(label)
    bound = KL_BOUND[controls.PRESET_NOTES[label][0]]
    assert kls[0] > 2 * bound and min(kls[1:]) <= bound, kls


def test_saturating_loss_d_wins_at_once_and_g_stalls_for_want_of_gradient():
    label = "Fails: saturating loss"
    start = make_gan2d(**controls.preset_settings(label)).fakes()
    trainer, kls = trained(label, every=100)
    assert np.mean(np.array(trainer.history["d_fake"][50:]) < 0.01) > 0.95  # D wins early and keeps winning
    assert np.abs(trainer.fakes() - start).mean() < 0.02 and kls[-1] > 0.95 * kls[0]  # G stalls
    minimax, nonsaturating = trainer.pull(), trainer.pull("nonsaturating")
    assert minimax < 0.001 * nonsaturating  # why: log(1 - D) is flat where D(G(z)) ~ 0, -log D is steep
    title = canvas.signal_figure(trainer)["layout"]["title"]["text"]
    assert f"<b>log(1 − D) {minimax:.2g}</b>" in title and f"−log D {nonsaturating:.2g}" in title
    control, control_kls = trained(label, every=100, loss="nonsaturating")  # the same start, the other loss
    assert np.abs(control.fakes() - start).mean() > 0.2 and control_kls[-1] < 0.7 * control_kls[0]


def test_frozen_discriminator_sends_the_fakes_away_and_kl_says_so():
    label = "Fails: frozen discriminator (k_D = 0)"
    d_before = [p.clone() for p in make_gan2d(**controls.preset_settings(label)).D.parameters()]
    trainer, kls = trained(label, every=100)
    assert all((a == b).all() for a, b in zip(d_before, trainer.D.parameters()))
    off, place = canvas.off_canvas(trainer)
    assert off >= 0.9 * len(trainer.fakes()) and kls[-1] > kls[0]  # gone, and KL grew: never "better"
    figure = canvas.canvas_figure(trainer)
    assert "fake, off the canvas" in [trace["name"] for trace in figure["data"]]
    assert f"{off} of 150 fakes off the canvas" in figure["layout"]["annotations"][0]["text"]


def test_learning_rate_too_high_kills_the_units_and_freezes_the_fakes():
    label = "Fails: learning rate too high"
    trainer, kls = trained(label)
    fakes, real = trainer.sample(2000, seed=1), trainer.data.sample(2000, seed=1)
    assert fakes.std(axis=0).max() < 0.01 * real.std(axis=0).min()  # one clump
    before = trainer.fakes()
    trainer.step(100)
    assert np.abs(trainer.fakes() - before).max() < 1e-3 and min(kls[1:]) > 4  # frozen, far from the ring


def test_linear_generator_fills_the_rings_hole():
    label = "Fails: linear generator"
    trainer, kls = trained(label)

    def in_hole(points):
        return (((points - [0.5, 0.45]) / [0.3, 0.25]) ** 2).sum(axis=1) < 0.25  # the inner half of the ellipse

    assert in_hole(trainer.sample(2000, seed=1)).mean() > 0.05 > 100 * in_hole(trainer.data.sample(2000, seed=1)).mean()


def test_one_d_noise_never_fills_the_blobs():
    trainer, kls = trained("Fails: 1-D noise for a 2-D blob")
    assert min(kls[1:]) > 2.0 > KL_BOUND["gaussians"]  # the two-Gaussian preset gets below 1.5 bits


def test_the_grid_of_25_misses_modes():
    trainer, kls = trained("Hard: 25 Gaussians on a grid")
    grid = mixture("grid25")
    assert mode_coverage(trainer.sample(2500, seed=1), grid.centers, grid.std)["modes"] < 25
