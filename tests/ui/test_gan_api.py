"""The live GAN page from outside: /gan2d_train and /dcgan_sample through gradio_client against the app
launched in-process, and the Streamlit page through AppTest (controls, steps, a streamed tick, digits)."""
import time

import numpy as np
import pytest
from gradio_client.exceptions import AppError
from streamlit.testing.v1 import AppTest

PAGE = "demos/gan/streamlit_page.py"


def test_gan2d_train_returns_history_samples_and_divergences(client):
    assert {"/gan2d_train", "/dcgan_sample"} <= set(client.view_api(return_format="dict", print_info=False)
                                                    ["named_endpoints"])
    out = client.predict("ring", 300, 2, api_name="/gan2d_train")
    assert out["iterations"] == 300 and np.asarray(out["samples"]).shape == (200, 2)
    assert len(out["history"]["g_loss"]) == 300 and out["kl"] > 0 and 0 <= out["js"] <= 1
    again = client.predict("ring", 300, 2, api_name="/gan2d_train")
    assert again["samples"] == out["samples"]  # seeded: scripts get the same run twice
    with pytest.raises(AppError, match="preset: got 'nope'; preset must be one of 'ganlab', 'gaussians'"):
        client.predict("nope", 10, 0, api_name="/gan2d_train")


def test_dcgan_sample_returns_digits(client):
    out = client.predict(3, 0, api_name="/dcgan_sample")
    assert np.asarray(out["images"]).shape == (3, 28, 28) and all(0 <= label <= 9 for label in out["labels"])



def status(at: AppTest) -> str:
    return next(m for m in at.markdown.values if m.startswith("iteration"))


def test_streamlit_steps_presets_and_live_changes(app_test):
    assert status(app_test).startswith("iteration 0")
    app_test.button(key="gan_step_both").click().run()
    assert not app_test.exception and status(app_test).startswith("iteration 1")
    app_test.selectbox(key="gan_preset").set_value("Fails: linear generator").run()
    assert not app_test.exception and app_test.session_state["gan_g_layers"] == 0
    assert app_test.session_state["gan_session"].trainer.config.data == "ring"
    app_test.selectbox(key="gan_loss").set_value("hinge").run()
    assert not app_test.exception and app_test.session_state["gan_session"].trainer.config.loss == "hinge"


def test_streamlit_play_trains_between_reruns_and_stop_stops(app_test):
    app_test.button(key="gan_play").click().run()  # AppTest has no timer: the scheduler trains meanwhile
    run = app_test.session_state["gan_session"].run
    assert not app_test.exception and run.playing
    time.sleep(0.5)
    app_test.run()
    assert run.trainer.iterations > 0 and "it/s" in status(app_test)
    app_test.button(key="gan_stop").click().run()
    assert not run.playing and not app_test.button(key="gan_play").disabled


def test_streamlit_digits_start_from_the_checkpoint(app_test):
    app_test.button(key="dcgan_pretrained").click().run()
    assert not app_test.exception and any("recognisable" in m for m in app_test.markdown.values)
    assert app_test.session_state["gan_session"].digits.trainer is not None
    assert any(m.startswith("iteration 0") and "recognisable" in m for m in app_test.markdown.values)
