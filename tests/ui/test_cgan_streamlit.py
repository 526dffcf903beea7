"""The Conditional GAN page in Streamlit through AppTest: the controls and both buttons redraw the digit."""
from streamlit.testing.v1 import AppTest

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
    assert not app_test.exception and app_test.session_state["cgan_class"] == 4
    assert status(app_test).startswith("Asked for a **4** (seed 0)") and digit_url(app_test) != first
    app_test.button(key="cgan_new_noise").click().run()
    assert not app_test.exception and app_test.session_state["cgan_seed"] == 1
    assert status(app_test).startswith("Asked for a **4** (seed 1)")


def test_streamlit_controls_pick_class_model_and_grid(app_test):
    app_test.radio(key="cgan_class").set_value(7).run()
    assert not app_test.exception and status(app_test).startswith("Asked for a **7**")
    app_test.radio(key="cgan_model").set_value("acgan_mnist").run()
    assert not app_test.exception and any(m.startswith("**AC-GAN") for m in app_test.markdown.values)
    app_test.slider(key="cgan_columns").set_value(3).run()
    app_test.radio(key="cgan_other_class").set_value(0).run()
    assert not app_test.exception and any("y = 7 → 0" in m for m in app_test.markdown.values)


def test_streamlit_live_training_runs_a_frame_and_stop_stops(app_test):
    assert any(m.startswith("Press **▶ Train**") for m in app_test.markdown.values)
    app_test.button(key="cgan_train").click().run()  # AppTest has no timer: this run is one fragment tick
    assert not app_test.exception and app_test.session_state["cgan_running"]
    assert app_test.session_state["cgan_live"].trainer.iterations > 0
    app_test.button(key="cgan_stop").click().run()
    assert not app_test.session_state["cgan_running"]
    app_test.radio(key="cgan_live_kind").set_value("AC-GAN: D names the class").run()
    assert not app_test.exception and app_test.session_state["cgan_live"].trainer.gan.config.auxiliary
