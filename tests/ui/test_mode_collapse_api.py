"""The Mode collapse page from outside: /mode_collapse_train and /mode_collapse_table through gradio_client
against the app launched in-process, and the Streamlit page through AppTest (controls, a streamed tick, Stop)."""
import time

import numpy as np
import pytest
from gradio_client.exceptions import AppError
from streamlit.testing.v1 import AppTest

PAGE = "demos/mode_collapse/streamlit_page.py"


def test_mode_collapse_train_returns_scores_history_and_samples(client):
    names = set(client.view_api(return_format="dict", print_info=False)["named_endpoints"])
    assert {"/mode_collapse_train", "/mode_collapse_table"} <= names
    out = client.predict("grid25", "pacgan", 1, 30, api_name="/mode_collapse_train")
    assert out["iterations"] == 30 and len(out["counts"]) == 25 and np.asarray(out["samples"]).shape == (500, 2)
    assert 0 <= out["modes"] <= 25 and 0 <= out["hq"] <= 1 and out["history"]["measured_at"][-1] == 30
    again = client.predict("grid25", "pacgan", 1, 30, api_name="/mode_collapse_train")
    assert again["samples"] == out["samples"]  # seeded: scripts get the same run twice


def test_mode_collapse_api_answers_bad_input_with_an_error(client):
    for args, message in [(("ring8", "nope", 0, 10), "method must be one of"), (("nope", "pacgan", 0, 10),
                          "mixture must be one of 'ring8'"), (("ring8", "pacgan", 0, 10 ** 7), "steps must be")]:
        with pytest.raises(AppError, match=message):
            client.predict(*args, api_name="/mode_collapse_train")
    table = client.predict(api_name="/mode_collapse_table")
    assert "methods" in table or "python -m benchmarks.mode_collapse" in table["error"]


def status(at: AppTest) -> str:
    return next(m for m in at.markdown.values if m.startswith("iteration"))


def test_streamlit_play_trains_both_runs_and_stop_stops(app_test):
    assert status(app_test).startswith("iteration 0 / ")
    app_test.selectbox(key="mc_versus").set_value("unrolled").run()
    session = app_test.session_state["mc_session"]
    assert not app_test.exception and len(session.runs) == 2
    app_test.button(key="mc_play").click().run()  # AppTest has no timer: this run is one fragment tick
    assert not app_test.exception and session.run.playing and app_test.button(key="mc_play").disabled
    deadline = time.monotonic() + 30
    while session.run.trainer.iterations < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # the live engine's scheduler trains between two frames
    app_test.run()  # the next frame
    with session.lock:
        a, b = session.runs
        assert a.trainer.iterations == b.trainer.iterations > 0
    assert not app_test.exception and "Unrolled GAN:" in status(app_test) and "it/s" in status(app_test)
    app_test.button(key="mc_stop").click().run()
    assert not session.run.playing and app_test.button(key="mc_stop").disabled
    stopped = session.run.trainer.iterations
    time.sleep(0.3)
    assert session.run.trainer.iterations == stopped
    app_test.button(key="mc_play").click().run()
    app_test.selectbox(key="mc_versus").set_value("").run()  # new settings stop the run and start over
    assert not app_test.exception and not session.run.playing and len(session.runs) == 1
    assert status(app_test).startswith("iteration 0 / ") and "Ready: press Play." in status(app_test)


def test_streamlit_own_modes_and_a_bad_one(app_test):
    app_test.selectbox(key="mc_mixture").set_value("drawn").run()
    assert len(app_test.session_state["mc_session"].runs[0].trainer.mixture.centers) == 5
    app_test.text_input(key="mc_modes").set_value("0, 0").run()
    assert not app_test.exception and "⚠️ give 2 to 50 modes" in status(app_test)
