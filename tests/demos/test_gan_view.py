"""The live GAN page without a UI: the session, every control's effect, the frames, the caps, the digit section."""
import copy
import time

import numpy as np
import pytest

from demos import live
from demos.api_contract import Refused
from demos.gan import api, canvas, controls, digits, view


@pytest.fixture
def session():
    return view.new_session()


def trained(run: live.Run, turns: int = 5):
    """Play `run` on a private scheduler for `turns` slices, then its frame. -> (frame, going)."""
    scheduler = live.Scheduler(threaded=False)
    live.play(run, scheduler)
    time.sleep(0.01)
    for _ in range(turns):
        if not run.playing:
            break
        scheduler.serve_once()
    return live.tick(run)


def trace_names(figure) -> list[str]:
    return [trace.name for trace in figure.data]


def test_the_first_frame_shows_every_layer_on_fixed_axes(session):
    frame = view.frame(session)
    assert {"real", "fake", "G's manifold", "G's gradient"} <= set(trace_names(frame.canvas))
    assert any(trace.type == "heatmap" for trace in frame.canvas.data)
    assert list(frame.canvas.layout.xaxis.range) == [0.0, 1.0] == list(frame.canvas.layout.yaxis.range)
    assert frame.status.startswith("iteration 0")


def test_layers_can_be_switched_off(session):
    session.layers = ("real samples", "fake samples")
    assert trace_names(view.frame(session).canvas) == ["real", "fake"]


def test_a_playing_run_draws_its_progress_rate_and_share(session):
    frame, going = trained(session.run)
    assert going and session.trainer.iterations > 0
    assert f"iteration {session.trainer.iterations:,}" in frame.status
    assert f"{session.run.rate:,.0f} it/s" in frame.status and "the only run on this server" in frame.status
    curves = trace_names(frame.charts)
    assert {"D loss", "G loss", "mean D(real)", "mean D(fake)"} <= set(curves)


def test_a_reset_while_playing_goes_on_from_the_new_start(session):
    trained(session.run)
    assert view.rebuild(session, {"g_width": 12}).startswith("Reset")
    frame, going = trained(session.run, turns=1)
    assert going and session.trainer.config.g_width == 12 and 0 < session.trainer.iterations


def test_hyperparameters_apply_live_and_architecture_resets(session):
    session.trainer.step(10)
    assert view.apply(session, {"d_lr": 0.01, "k_d": 3}) == "changed d_lr, k_d on the fly"
    assert session.trainer.iterations == 10
    assert view.apply(session, {"g_width": 20}).startswith("Reset")
    assert session.trainer.iterations == 0 and session.trainer.config.g_width == 20
    assert view.apply(session, {"g_width": 20}) == ""


def test_bad_settings_get_a_message_and_keep_the_trainer(session):
    trainer = session.trainer
    assert view.apply(session, {"batch_size": 0}).startswith("⚠️")
    assert view.rebuild(session, {"noise_dim": 0}).startswith("⚠️")
    assert session.trainer is trainer


def test_every_preset_sets_valid_controls():
    for label, (name, note) in controls.PRESET_NOTES.items():
        settings = controls.preset_settings(label)
        for key, control in controls.CONTROLS.items():  # each preset's value is one its control allows, unchanged
            assert control.take(settings[key]) == (settings[key], None), (label, key)
            assert control.hint, key
        assert note and set(controls.SETTINGS) <= set(settings)


def test_a_typed_value_outside_its_range_is_clipped_and_named():
    taken, note = controls.take({"k_d": 99, "seed": -3, "batch_size": 150})
    assert taken["k_d"] == 10 and taken["seed"] == 0 and taken["batch_size"] == 150
    assert note == "k_D: 99 became 10 (allowed 0..10); Seed: -3 became 0 (allowed 0..10,000)"


def test_a_drawing_becomes_the_data_and_an_empty_canvas_is_refused(session):
    paper = np.full((300, 300), 255, np.uint8)
    assert view.use_drawing(session, paper, {}).startswith("⚠️")
    assert view.use_drawing(session, None, {}).startswith("⚠️")
    paper[140:150, 30:270] = 0
    assert view.use_drawing(session, paper, {}).startswith("Reset: Your drawing")
    real = session.trainer.shown_real
    assert abs(real[:, 1].mean() - (1 - 145 / 299)) < 0.03


def test_stepping_by_hand_and_slow_motion(session):
    assert "D stepped" in view.step_once(session, "d").status
    frames = list(view.slow_motion(session))
    assert len(frames) == len(view.SUBSTEPS) and frames[-1].status.endswith(view.SUBSTEPS[-1][0])
    assert "G's gradient" in trace_names(frames[3].canvas) and "G's gradient" not in trace_names(frames[0].canvas)


def test_a_diverging_run_stops_with_a_message():
    session = view.new_session()
    view.rebuild(session, dict(data="ring8", loss="least_squares", d_lr=10.0, g_lr=10.0, g_width=64, d_width=64))
    frame, going = trained(session.run, turns=400)
    assert not going and "diverged" in frame.status


def test_the_gradient_signal_panel_marks_the_current_fakes(session):
    names = trace_names(canvas.signal_figure(session.trainer))
    assert "current fakes" in names
    view.apply(session, {"loss": "wgan_gp"})
    assert "current fakes" not in trace_names(canvas.signal_figure(session.trainer))


def test_the_api_trains_a_preset_and_refuses_unknown_ones():
    out = api.api_train("ring", 200, seed=1)
    assert out["iterations"] == 200 and len(out["samples"]) == 200 and len(out["history"]["d_loss"]) == 200
    with pytest.raises(Refused, match="preset: got 'nope'; preset must be one of"):
        api.api_train("nope")
    for iterations in (float("inf"), 2**63, 0, 1.5):
        with pytest.raises(Refused, match="iterations must be a whole number from 1 to 5,000"):
            api.api_train("ring", iterations)


def test_the_digit_section_is_built_when_first_used_then_trains_and_judges(session):
    grid, charts, histogram, status = digits.opened(session)  # the page opens on an invitation: nothing built
    assert (grid, charts, histogram) == (None, None, None) and status == digits.INVITATION
    assert session.digits.trainer is None and not session.digits_quality
    frame = session.digits.frame()  # a front end may draw the section before it is used
    assert frame[0] is None and "▶ Train" in frame[3]
    run = digits.ready(session)  # ▶ Train before anything else: a DCGAN from scratch, at iteration 0
    assert run is session.digits and run.trainer.iterations == 0
    assert digits.ready(session).trainer is run.trainer  # a second Train goes on with the same one
    grid, charts, histogram, status = digits.view(session)
    assert grid is not None and status.startswith("iteration 0")
    assert session.digits_quality["recognisable"] < 0.5  # noise is not digits
    digits.start(session, from_checkpoint=True)
    grid, charts, histogram, status = digits.view(session)
    assert grid.shape == (8 * 29 * 3 + 3, 8 * 29 * 3 + 3) and "recognisable" in status
    assert session.digits_quality["recognisable"] > 0.5
    ((grid, *_), going) = trained(session.digits, turns=2)
    assert going and session.digits.trainer.iterations > 0


def test_a_click_before_the_page_has_loaded_finds_a_session_and_trains():
    """Issue 17: Gradio's Play and Train met None when pressed before the load event made the session. Now
    gr.State's default is a blank Session, which Gradio deep-copies for each visitor at their first event,
    and the handlers make its trainer when it has none."""
    default = view.blank()
    page, other = copy.deepcopy(default), copy.deepcopy(default)  # what two visitors' first events get
    assert page is not other and page.run is not other.run and page.run.trainer is None
    run = view.ready(page)  # the Play handler's run_of: the default preset's GAN, at iteration 0
    assert run is page.run and run.trainer.iterations == 0 and view.ready(page).trainer is run.trainer
    (frame, going) = trained(run)
    assert going and page.trainer.iterations > 0 and frame.status.startswith("iteration")
    live.stop(run)
    assert other.run.trainer is None and other.digits.trainer is None  # nobody else's page was touched
    assert digits.ready(other).trainer.iterations == 0  # the digits' Train on a blank page: a DCGAN from scratch
    assert view.frame(copy.deepcopy(default)).status.startswith("iteration 0")  # any handler, first
    with pytest.raises(TypeError, match="only a blank Session"):
        copy.deepcopy(page)  # a visitor's page is never copied


def test_the_sample_api_returns_digits_and_their_readings():
    out = api.api_sample(4, seed=2)
    assert np.asarray(out["images"]).shape == (4, 28, 28) and len(out["labels"]) == 4


def test_a_frame_drawn_while_the_scheduler_trains_does_not_break(session):
    """D's gradient arrows were once drawn while Adam updated D in place, and autograd raised: the run's lock
    keeps the scheduler's slices and the handlers' frames apart."""
    live.play(session.run)
    try:
        for _ in range(10):
            view.frame(session)
            view.step_once(session, "d")
            live.play(session.run)
    finally:
        live.stop(session.run)
    assert session.trainer.iterations > 10


def test_a_playing_run_redraws_its_charts_every_few_frames_and_its_canvas_every_frame(session):
    trained(session.run, turns=1)
    frames = [live.tick(session.run)[0] for _ in range(2 * view.CHARTS_EVERY)]
    assert all(frame.canvas is not None for frame in frames)
    redrawn = [frame.charts is not None and frame.signal is not None for frame in frames]
    assert sum(redrawn) == 2 and redrawn.count(False) == 2 * view.CHARTS_EVERY - 2
    live.stop(session.run)
    assert live.tick(session.run)[0].charts is not None  # a stopped run's frame is whole


def test_the_digit_gan_is_time_boxed_like_every_live_run(session):
    """The old digit section had no time limit: it trained for as long as the tab stayed open."""
    run = digits.ready(session)
    trained(run, turns=1)
    run.started -= live.MAX_RUN_SECONDS + 1
    (*_, status), going = live.tick(run)
    assert not going and "paused after 5 minutes" in status
