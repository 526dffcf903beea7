"""The Minimax page from outside: /minimax_simulate through gradio_client against the app launched
in-process, and the Streamlit page through AppTest (controls, presets, play / pause / step, bad input)."""
import math

import pytest
from gradio_client.exceptions import AppError

PAGE = "demos/minimax/streamlit_page.py"


def test_minimax_simulate_returns_the_trajectories_as_json(client):
    assert "/minimax_simulate" in client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    out = client.predict(["simultaneous", "optimistic"], [1.7, 1.4], 0.1, 1000, 1.0, -0.5, 0.0,
                         api_name="/minimax_simulate")
    sim, opt = out["methods"]["simultaneous"], out["methods"]["optimistic"]
    assert len(sim["trajectory"]) == len(opt["trajectory"]) == 1001 and sim["trajectory"][0] == [1.7, 1.4]
    start = math.hypot(1.7, 1.4)
    assert sim["distance"][-1] == pytest.approx(start * 1.01**500, rel=1e-9)  # papers.md §2.1
    assert opt["spectral_radius"] == pytest.approx(0.994936, abs=1e-6) and opt["verdict"] == "converges"
    assert out["settings"]["steps"] == 1000


def test_minimax_simulate_reports_divergence_and_bad_input(client):
    out = client.predict(["simultaneous"], [1.0, 1.0], 2.5, 1000, 1.0, -0.5, 0.0, api_name="/minimax_simulate")
    diverged = out["methods"]["simultaneous"]["diverged_after"]
    assert 0 < diverged < 1000 and len(out["methods"]["simultaneous"]["trajectory"]) == diverged + 1
    with pytest.raises(AppError, match="steps must be a whole number from 1 to 2,000"):
        client.predict(["simultaneous"], [1.0, 1.0], 0.1, 10**7, 1.0, -0.5, 0.0, api_name="/minimax_simulate")
    with pytest.raises(AppError, match="methods\\[0\\]: got 'adam'; methods must be a list of one or more of"):
        client.predict(["adam"], [1.0, 1.0], 0.1, 10, 1.0, -0.5, 0.0, api_name="/minimax_simulate")



def test_streamlit_page_shows_the_lecture_example_first(app_test):
    assert app_test.session_state["mm_methods"] == ["simultaneous"] and app_test.session_state["mm_t"] == 200
    assert any("3 full turns" in m for m in app_test.markdown.values)
    assert len(app_test.get("plotly_chart")) == 3  # plane, distance, stability (the table is HTML)


def test_streamlit_presets_and_controls_redraw_the_page(app_test):
    app_test.selectbox(key="mm_preset").set_value("All six methods").run()
    assert not app_test.exception and len(app_test.session_state["mm_methods"]) == 6
    assert any("negative momentum (β)" in m and "converges" in m for m in app_test.markdown.values)
    app_test.slider(key="mm_lr").set_value(2.5).run()
    assert not app_test.exception
    assert any("simultaneous GDA diverged after" in w.value for w in app_test.warning)


def test_streamlit_step_play_and_pause(app_test):
    app_test.button(key="mm_rewind").click().run()
    assert app_test.session_state["mm_t"] == 0
    app_test.button(key="mm_step").click().run()
    assert app_test.session_state["mm_t"] == 1
    app_test.slider(key="mm_t").set_value(50).run()
    assert any("steps 0–50" in m for m in app_test.markdown.values)
    app_test.button(key="mm_play").click().run()
    assert not app_test.exception and app_test.session_state["mm_playing"] and app_test.session_state["mm_t"] > 50
    app_test.button(key="mm_pause").click().run()
    assert not app_test.session_state["mm_playing"]


def test_streamlit_says_what_is_wrong_when_no_method_is_chosen(app_test):
    app_test.multiselect(key="mm_methods").set_value([]).run()
    assert not app_test.exception and "at least one method" in app_test.warning[0].value
