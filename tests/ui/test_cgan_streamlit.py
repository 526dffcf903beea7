"""The Conditional GAN page in Streamlit through AppTest: the controls and both buttons redraw the digit;
the live section trains in the background between reruns, stops, and trains again after its time box."""
import time

from streamlit.testing.v1 import AppTest

from demos import live
from demos.cgan.view import DIGIT_CAPTION

PAGE = "demos/cgan/streamlit_page.py"


def status(at: AppTest) -> str:
    return next(m for m in at.markdown.values if m.startswith("Asked for a"))


def digit_url(at: AppTest) -> str:
    return next(image.value[0] for image in at.image if image.captions == [DIGIT_CAPTION])


def test_streamlit_page_opens_on_a_digit_and_the_measurements(app_test):
    assert status(app_test).startswith("Asked for a **3** (seed 0)")
    assert any("of 1,000 samples" in m for m in app_test.markdown.values)  # the conditioning summary
    assert len(app_test.get("plotly_chart")) == 3  # confusion, accuracy, the DCGAN histogram (no live run yet)


def test_streamlit_buttons_move_the_seed_and_the_class(app_test):
    first = digit_url(app_test)
    app_test.button(key="cgan_next_class").click().run()
    assert not app_test.exception and app_test.session_state["cgan_y"] == 4
    assert status(app_test).startswith("Asked for a **4** (seed 0)") and digit_url(app_test) != first
    app_test.button(key="cgan_new_noise").click().run()
    assert not app_test.exception and app_test.session_state["cgan_seed"] == 1
    assert status(app_test).startswith("Asked for a **4** (seed 1)")


def test_streamlit_controls_pick_class_model_and_grid(app_test):
    app_test.radio(key="cgan_y").set_value(7).run()
    assert not app_test.exception and status(app_test).startswith("Asked for a **7**")
    app_test.radio(key="cgan_model").set_value("acgan_mnist").run()
    assert not app_test.exception and any(m.startswith("**AC-GAN") for m in app_test.markdown.values)
    app_test.slider(key="cgan_columns").set_value(3).run()
    app_test.radio(key="cgan_other_class").set_value(0).run()
    assert not app_test.exception and any("y = 7 → 0" in m for m in app_test.markdown.values)


def trained(at: AppTest, run, above: int, seconds: float = 10.0) -> int:
    """Rerun (AppTest has no timer) until the scheduler's thread has trained `run` past `above`. -> iterations."""
    deadline = time.monotonic() + seconds
    while run.trainer.iterations <= above and time.monotonic() < deadline:
        time.sleep(0.2)
    at.run()
    assert not at.exception
    return run.trainer.iterations


def test_streamlit_live_training_trains_in_the_background_and_stop_stops(app_test):
    assert any(m.startswith("Press **▶ Train**") for m in app_test.markdown.values)
    app_test.button(key="cgan_live_play").click().run()  # the trainer is made on this first Train
    run = app_test.session_state["cgan_live_session"].run
    assert not app_test.exception and run.playing and app_test.button(key="cgan_live_play").disabled
    first = trained(app_test, run, 0)
    assert first > 0 and any(m.startswith("iteration") and "it/s" in m for m in app_test.markdown.values)
    assert trained(app_test, run, first) > first
    app_test.button(key="cgan_live_stop").click().run()
    assert not run.playing and not app_test.button(key="cgan_live_play").disabled
    app_test.radio(key="cgan_live").set_value("AC-GAN: D names the class").run()
    assert not app_test.exception and app_test.session_state["cgan_live_session"].trainer.gan.config.auxiliary


def test_streamlit_a_run_stopped_and_trained_again_after_its_time_box_trains(app_test):
    app_test.button(key="cgan_live_play").click().run()
    run = app_test.session_state["cgan_live_session"].run
    trained(app_test, run, 0)
    run.started -= live.MAX_RUN_SECONDS + 1  # the first Train was longer ago than the time box
    app_test.button(key="cgan_live_stop").click().run()
    before = run.trainer.iterations
    app_test.button(key="cgan_live_play").click().run()
    assert trained(app_test, run, before) > before and run.playing
    assert not any("paused after" in m for m in app_test.markdown.values)
    app_test.button(key="cgan_live_stop").click().run()
