"""The CycleGAN page's levels 1 and 2, framework-free: the live 2-D run (settings, frames, the engine driving it)
and the digit translations both ways (crisp strips, the classifier's readings, refusals with a reason).
No test depends on a number the shipped weights happen to give, only on what the page promises."""
import math
import time

import numpy as np
import pytest
import torch
from PIL import Image

from core.trainers import TrainingDiverged
from demos import images, live, mnist
from demos.cyclegan import figures, toy, zebra

# ---------------------------------------------------------------------------- level 1: the live 2-D run


@pytest.fixture
def session():
    return toy.new_session()


def played(session: toy.Session, turns: int = 3, frames: int = 1) -> list[tuple[toy.Frame, bool]]:
    """Train pressed, then `frames` times: `turns` slices on a private scheduler and the next frame."""
    scheduler = live.Scheduler(threaded=False)
    assert live.play(session.run, scheduler) == ""
    shown = []
    for _ in range(frames):
        time.sleep(0.01)
        for _ in range(turns):
            if session.run.playing:
                scheduler.serve_once()
        shown.append(live.tick(session.run))
    return shown


@pytest.mark.parametrize("raw, expected", [
    (dict(), dict(pair="moons_turned", lam=10.0, identity=False, seed=0)),
    (dict(pair="two moons ↔ a ring", lam=0, identity=1, seed=3.0),
     dict(pair="moons_ring", lam=0.0, identity=True, seed=3)),
    (dict(pair="cats", lam=math.nan, seed="x"), dict(pair="moons_turned", lam=10.0, identity=False, seed=0)),
])
def test_control_values_become_valid_settings(raw, expected):
    assert toy.clean(**raw)[0] == expected


def test_out_of_range_values_are_clipped_and_the_note_says_so():
    settings, note = toy.clean("moons_ring", 250, False, -4)
    assert settings["lam"] == 100 and settings["seed"] == 0
    assert "250 became 100" in note and "-4 became 0" in note
    assert toy.clean("moons_ring", 10, False, 7)[1] == ""


def test_a_changed_setting_starts_a_new_run_and_an_unchanged_one_does_nothing(session):
    session.trainer.step(5)
    assert toy.apply(session, "moons_turned", 10, False, 0) == "" and session.trainer.iterations == 5
    note = toy.apply(session, "moons_turned", 0, False, 0)
    assert session.trainer.iterations == 0 and session.trainer.config.lam == 0
    assert note.startswith("A new run") and "no cycle loss" in note
    note = toy.reset(session, "moons_ring", 5, True, 2)
    assert (session.trainer.config.pair, session.trainer.config.identity, session.trainer.config.seed) == \
        ("moons_ring", True, 2) and "identity loss on" in note


def trace_names(figure) -> set[str]:
    return {trace.name for trace in figure.data if trace.name}


def test_a_frame_draws_both_directions_over_the_judging_discriminator(session):
    frame = toy.frame(session)
    assert {"x", "G(x)", "x → G(x)", "G(x) → F(G(x))", "y (real Y)"} <= trace_names(frame.forward)
    assert {"y", "F(y)", "y → F(y)", "F(y) → G(F(y))", "x (real X)"} <= trace_names(frame.backward)
    for figure, judge in ((frame.forward, "D<sub>Y</sub>"), (frame.backward, "D<sub>X</sub>")):
        heat = next(t for t in figure.data if t.type == "heatmap")
        assert heat.name == judge and judge in figure.layout.title.text and (heat.zmin, heat.zmax) == (0, 1)
        lo, hi = session.trainer.bounds
        assert list(figure.layout.xaxis.range) == list(figure.layout.yaxis.range) == [lo, hi]  # fixed axes
    assert frame.status.startswith("iteration 0") and "cycle error" in frame.status
    assert frame.losses is not None


def test_the_arrows_join_each_arrowed_point_to_its_translation_and_back(session):
    session.trainer.step(30)
    shown = session.trainer.translate()
    frame = toy.frame(session)
    first = next(t for t in frame.forward.data if t.name == "x → G(x)")
    segments = np.asarray(first.x, dtype=float).reshape(-1, 3)  # start, end, NaN break
    assert len(segments) == figures.ARROWS and np.isnan(segments[:, 2]).all()
    starts = segments[:, 0]
    assert np.isin(starts.astype(np.float32), shown["x"][:, 0].astype(np.float32)).all()
    back = next(t for t in frame.forward.data if t.name.startswith("F(G(x))"))
    assert len(back.x) == figures.ARROWS


def test_the_losses_figure_shows_the_identity_curve_only_when_it_is_trained(session):
    session.trainer.step(3)
    assert "identity L1" not in trace_names(figures.losses_figure(session.trainer.history, identity=False))
    names = trace_names(figures.losses_figure(session.trainer.history, identity=True))
    assert {"cycle L1", "identity L1", "D_X and D_Y (LSGAN)"} <= names


def test_training_frames_advance_and_redraw_the_losses_every_few_frames(session):
    toy.frame(session)  # the page as it opens
    shown = played(session, frames=toy.LOSSES_EVERY)
    assert all(going for _, going in shown) and session.trainer.iterations > 0
    assert [frame.losses is None for frame, _ in shown] == [True] * (toy.LOSSES_EVERY - 1) + [False]
    assert f"iteration {session.trainer.iterations:,}" in shown[-1][0].status
    assert session.run.rate > 0 and "it/s" in shown[-1][0].status and "the only run" in shown[-1][0].status
    assert toy.frame(session).losses is not None  # a frame drawn outside the run has every figure


def test_a_changed_setting_while_playing_goes_on_from_the_new_start(session):
    played(session)
    assert not toy.reset(session, "moons_ring", 10, False, 0).endswith("Press ▶ Train.")
    (frame, going), = played(session, turns=1)
    assert going and session.trainer.config.pair == "moons_ring" and session.trainer.iterations > 0
    assert frame.losses is not None  # the old run's losses are not kept on show


def test_a_diverging_run_stops_with_a_message_and_the_model_kept(session, monkeypatch):
    session.trainer.step(2)

    def diverge(n):
        raise TrainingDiverged("training diverged within iterations 3–27; the model is back where it was.")
    monkeypatch.setattr(session.trainer, "step", diverge)
    (frame, going), = played(session)
    assert not going and "⚠️ training diverged" in frame.status and session.trainer.iterations == 2
    assert frame.losses is not None


# ---------------------------------------------------------------------------- level 2: digits <-> zebra digits

NEEDS_MODELS = pytest.mark.skipif(bool(zebra.missing()), reason="the digit CycleGANs are not in pretrained/")


@NEEDS_MODELS
def test_a_digit_goes_both_models_round_trip_in_crisp_strips():
    digit = mnist.gallery_digit(zebra.DEFAULT_POSITION)
    ten, zero, table = zebra.forward(digit, "From the gallery.")
    for strip in (ten, zero):
        assert strip.dtype == np.uint8 and strip.shape == (28 * zebra.SCALE, 4 * 28 * zebra.SCALE + 3 * 8, 3)
        tile = strip[:, :28 * zebra.SCALE]
        assert np.array_equal(tile[::zebra.SCALE, ::zebra.SCALE].repeat(zebra.SCALE, 0).repeat(zebra.SCALE, 1), tile)
        assert np.array_equal(tile[::zebra.SCALE, ::zebra.SCALE, 0], (digit * 255).round().astype(np.uint8))
        painted = strip[:, 28 * zebra.SCALE + 8: 2 * 28 * zebra.SCALE + 8].astype(int)
        assert np.abs(painted[..., 0] - painted[..., 2]).mean() > 5  # G(x) is in colour, x is grey
    assert table.startswith("From the gallery.") and "| F(G(x)) |" in table and "cycle error (L1)" in table
    assert all(label in table for label in zebra.MODELS.values())
    assert np.array_equal(zebra.forward(digit)[0], ten)  # deterministic


@NEEDS_MODELS
def test_the_readings_and_the_verdict_follow_the_classifier():
    x = torch.from_numpy(mnist.gallery_digit(3)).reshape(1, 1, 28, 28)
    result = zebra.cycle("cyclegan_digits_lam10", x)
    labels, _ = mnist.model("classifier_mnist").predict(torch.cat([x, result["images"][3][None]]))
    assert (result["labels"][0], result["labels"][2]) == tuple(labels.tolist())
    assert len(result["images"]) == 4 and result["images"][1].shape == (3, 28, 28)
    assert 0 <= result["error"] == pytest.approx(float((result["images"][3] - x[0]).abs().mean()), abs=1e-6)


@NEEDS_MODELS
def test_failures_are_digits_that_lambda_zero_changes_and_lambda_ten_keeps():
    found = zebra.failures()
    assert found, "the shipped lambda = 0 model keeps every label: the button would have nothing to show"
    digit, message = zebra.failure(0)
    table = zebra.forward(digit, message)[2]
    assert f"#{found[0]}" in message and "✓ the same digit" in table and "came back as" in table
    assert zebra.failure(len(found))[1] == message  # wraps around


@NEEDS_MODELS
def test_a_zebra_digit_goes_back_to_plain_and_is_painted_again():
    zebra_digit = zebra.zebra_digit(5)
    assert zebra_digit.shape == (3, 28, 28)
    ten, zero, table = zebra.reverse(zebra_digit)
    assert ten.shape == zero.shape == (168, 3 * 168 + 2 * 8, 3)
    plain = ten[:, 168 + 8: 2 * 168 + 8].astype(int)
    assert np.array_equal(plain[..., 0], plain[..., 2])  # F(y) is grey
    assert "| F(y) |" in table and "G(F(y))'s luminance" in table
    gallery = zebra.zebra_gallery()
    assert len(gallery) == 30 and gallery[5][1].startswith("zebra test digit #")


@NEEDS_MODELS
def test_the_cards_numbers_are_shown_per_model():
    text = zebra.card_numbers()
    for name in zebra.MODELS:
        metrics = mnist.card_metrics(name)
        assert f"{metrics['cycle_l1']:.3f}" in text and f"{metrics['label_kept']:.1%}" in text


@pytest.mark.parametrize("digit, message", [(None, "The canvas is empty: draw a digit on it.")])
def test_no_digit_gives_the_reason_and_no_images(digit, message):
    assert zebra.forward(digit, message) == (None, None, f"⚠️ {message}")
    assert zebra.reverse(None, "Upload an image.") == (None, None, "⚠️ Upload an image.")


def test_missing_models_are_named_with_the_command_that_makes_them(monkeypatch):
    monkeypatch.setattr(zebra.pretrained, "names", lambda: ["classifier_mnist"])
    first, second, text = zebra.forward(np.zeros((28, 28), np.float32))
    assert first is None and "python -m core.train cyclegan_digits_lam10" in text and "cyclegan_digits_lam0" in text


def save(image: Image.Image, path, **kwargs):
    image.save(path, **kwargs)
    return path


@pytest.mark.parametrize("make", [
    lambda p: save(Image.new("RGBA", (56, 40), (200, 30, 30, 128)), p / "a.png"),
    lambda p: save(Image.fromarray(np.arange(64 * 64, dtype=np.uint16).reshape(64, 64) * 16), p / "b.png"),
    lambda p: save(Image.new("CMYK", (30, 30), (0, 120, 120, 0)), p / "c.jpg"),
], ids=["rgba", "16-bit", "cmyk"])
def test_a_zebra_upload_of_any_mode_becomes_a_28_by_28_colour_digit(tmp_path, make):
    image, message = zebra.zebra_from_upload(make(tmp_path))
    assert image.shape == (3, 28, 28) and image.dtype == np.float32 and 0 <= image.min() <= image.max() <= 1
    assert "28 × 28" in message


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (b"not an image at all", "not an image"),
                                             (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "not an image")])
def test_a_bad_zebra_upload_gets_a_reason(content, reason):
    image, message = zebra.zebra_from_bytes(content)
    assert image is None and reason in message


def test_a_huge_zebra_upload_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 10)
    image, message = zebra.zebra_from_upload(save(Image.new("RGB", (20, 20)), tmp_path / "x.png"))
    assert image is None and "the limit is" in message
