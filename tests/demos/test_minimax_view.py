"""The Minimax page's view and panels: presets that say what they claim, the lecture's table of states,
closed forms drawn on the simulation, divergence reported instead of NaN, and bad input turned into a
message (never an exception)."""
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from core import games
from demos.api_contract import Refused
from demos.minimax import panels, view


def settings(**changes) -> view.Settings:
    values = dict(zip(view.CONTROLS, view.preset(view.DEFAULT_PRESET)))
    values.update(changes)
    s, message = view.read(*(values[name] for name in view.CONTROLS))
    assert s is not None, message
    return s


def test_every_preset_reads_back_to_itself_and_draws_every_panel():
    for name, preset in view.PRESETS.items():
        s, message = view.read(*view.preset(name))
        assert message == "" and s == preset, name
        plane, distance, table, caption = panels.frame_panels(s, s.steps)
        stability, summary, notes = panels.run_panels(s)
        assert all(isinstance(f, go.Figure) for f in (plane, distance, stability)) and "<table" in table
        assert "turn" in caption and summary.count("\n|") == len(s.methods) + 2, name
        json.loads(plane.to_json())  # what Gradio sends: valid JSON, hence no NaN
    assert view.preset("no such preset") == view.preset(view.DEFAULT_PRESET)


def test_the_presets_show_what_their_names_promise():
    verdicts = {name: {m: view.verdict(r) for m, r in view.run(s).items()} for name, s in view.PRESETS.items()}
    lecture = verdicts[view.DEFAULT_PRESET]
    assert lecture == {"simultaneous": "spirals out"}
    assert verdicts["Alternating GDA: bounded orbits, no convergence"]["alternating"] == "circles, never converges"
    for name, fixed in [("Extragradient, from (2, 0.5) (Gidel et al. 2019, ICLR)", "extragradient"),
                        ("Optimistic GDA, η = 0.1 (Daskalakis et al. 2018)", "optimistic"),
                        ("Consensus optimization, γ = 1 (Mescheder et al. 2017)", "consensus"),
                        ("Negative momentum, β = −0.5 (Gidel et al. 2019, AISTATS)", "negative_momentum"),
                        ("Curvature c = 0.3: now plain GDA converges", "simultaneous")]:
        assert verdicts[name][fixed] == "converges", name
    six = view.run(view.PRESETS["All six methods"])
    assert set(six) == set(games.METHODS)


def test_simulated_and_closed_form_distances_coincide_on_the_distance_plot():
    s = view.PRESETS["All six methods"]
    fig = panels.distance(s, s.steps)
    by_name = {}
    for trace in fig.data:
        by_name.setdefault(trace.legendgroup, []).append(np.asarray(trace.y, dtype=float))
    for method in s.methods:
        simulated, closed, _ = by_name[method]
        np.testing.assert_allclose(closed, simulated, rtol=1e-8)
        assert fig.data[[t.legendgroup for t in fig.data].index(method) + 1].line.dash == "dash"
    assert fig.layout.yaxis.type == "log"


def test_lecture_table_cycles_through_states_1_to_4_with_the_slides_signs():
    s = view.PRESETS[view.DEFAULT_PRESET]  # simultaneous GDA from (1, 1)
    rows = panels.states(view.run(s)["simultaneous"].path)
    cycle = [r["state"] for r in rows][:9]
    assert cycle == [1, 2, 3, 4, 1, 2, 3, 4, 1]
    first = rows[0]["key"]  # state 1: x > 0, y > 0, V > 0; x decreases, y increases
    assert first == (1, 1, 1, -1, 1)
    turns = [r["turn"] for r in rows if r["turn"]]
    assert turns == list(range(1, len(turns) + 1)) and len(turns) >= 3
    # each turn ends a little farther out: simultaneous GDA spirals outwards
    at_returns = [r["distance"] for r in rows if r["turn"]]
    assert all(b > a for a, b in zip(at_returns, at_returns[1:]))


def test_table_and_caption_follow_the_step_shown():
    s = view.PRESETS[view.DEFAULT_PRESET]
    early, caption = panels.state_table(s, 5)
    late, late_caption = panels.state_table(s, s.steps)
    assert "<td style='" + panels.CELL + "'>0–5</td>" in early and "↺" not in early  # one row so far: state 1
    assert "steps 0–5" in caption and "0 full turns" in caption
    assert "3 full turns" in late_caption and late.count("↺") == 2  # the last 8 rows hold two returns to 1
    assert early.count("<tr") == late.count("<tr") == panels.TABLE_ROWS + 1  # the height stays put while playing


def test_the_plane_draws_each_path_up_to_the_step_and_keeps_its_axes():
    s = settings(methods=["simultaneous", "extragradient"])
    first, later = panels.plane(s, 10), panels.plane(s, 150)
    scatters = [t for t in later.data if t.type == "scatter"]
    lines = [t for t in scatters if t.mode == "lines" and t.name in (view.LABELS["simultaneous"],
                                                                      view.LABELS["extragradient"])]
    assert [len(t.x) for t in lines] == [151, 151]
    assert first.layout.xaxis.range == later.layout.xaxis.range  # fixed: the plot must not jump while playing
    arrows = max((t for t in scatters if t.mode == "lines" and t.showlegend is False), key=lambda t: len(t.x))
    assert len(arrows.x) > 1000  # the direction field
    positive, negative = (t for t in scatters if t.fill == "toself")  # V > 0 in quadrants 1 and 3 when c = 0
    assert positive.fillcolor.startswith("rgba(254") and max(positive.x[1:17]) > 0 and max(positive.y[1:17]) > 0


def test_stability_panel_marks_the_current_lr_on_each_curve():
    s = settings(methods=["optimistic", "extragradient"], lr=0.4)
    fig = panels.stability(s)
    markers = [t for t in fig.data if t.mode == "markers"]
    assert [m.x[0] for m in markers] == [0.4, 0.4]
    assert markers[0].y[0] == pytest.approx(games.spectral_radius("extragradient", 0.4)[0])
    assert any(shape.x0 == 0.4 for shape in fig.layout.shapes)


def test_a_diverging_run_says_after_how_many_steps_and_plots_only_finite_numbers():
    s = settings(methods=["simultaneous", "extragradient"], lr=2.5, steps=1000)
    notes = panels.divergence_notes(s)
    assert "simultaneous GDA diverged after" in notes and "extragradient" in notes
    n = len(view.run(s)["simultaneous"].path) - 1
    assert f"after {n} steps" in notes and n < 1000
    for fig in (*panels.frame_panels(s, s.steps)[:2], panels.stability(s)):
        text = fig.to_json()
        assert "NaN" not in text and "Infinity" not in text
    assert "diverged after" in panels.summary(s)
    assert panels.divergence_notes(settings()) == ""


@pytest.mark.parametrize("changes, message", [
    ({"methods": []}, "at least one method"),
    ({"methods": ["adam"]}, "Unknown method 'adam'"),
    ({"lr": 0.0}, "lr must be between 0.01 and 2.5"),
    ({"lr": math.nan}, "lr must be between"),
    ({"lr": None}, "lr must be a number"),
    ({"steps": 10**6}, "steps must be between 1 and 2000"),
    ({"x0": "far"}, "x0 must be a number"),
    ({"beta": 1.0}, "beta must be between -0.9 and 0.9"),
    ({"c": -3}, "c must be between"),
])
def test_bad_control_values_give_a_message_not_an_exception(changes, message):
    values = dict(zip(view.CONTROLS, view.preset(view.DEFAULT_PRESET)))
    values.update(changes)
    s, text = view.read(*(values[name] for name in view.CONTROLS))
    assert s is None and message in text


def test_frames_stay_in_range_and_play_reaches_the_end():
    s = settings(steps=200)
    assert view.frame(-5, s) == 0 and view.frame(10**9, s) == 200 and view.frame(None, s) == 200
    assert view.frame(math.nan, s) == 200 and view.frame("7", s) == 7
    frames = view.play_frames(200, s)  # at the end: play again from the start
    assert frames[0] > 0 and frames[-1] == 200 and len(frames) <= view.PLAY_FRAMES + 1
    assert frames == sorted(frames)
    assert view.play_frames(199, s) == [200]


def test_api_simulate_returns_json_trajectories_and_errors():
    out = view.api_simulate(["simultaneous", "alternating"], [1.0, 0.0], 0.5, 100)
    json.dumps(out)
    sim = out["methods"]["simultaneous"]
    assert len(sim["trajectory"]) == 101 and sim["trajectory"][0] == [1.0, 0.0]
    assert sim["distance"][100] == pytest.approx(70064.92, rel=1e-6)  # papers.md: 1.25^50
    assert sim["spectral_radius"] == pytest.approx(math.sqrt(1.25)) and sim["diverged_after"] is None
    assert out["methods"]["alternating"]["verdict"] == "circles, never converges"
    assert view.api_simulate(["simultaneous"], [1, 1], 2.5, 1000)["methods"]["simultaneous"]["diverged_after"] < 1000
    with pytest.raises(Refused, match=r"z0: got \[1.0\]; z0 must be a list of 2 finite numbers from -3 to 3"):
        view.api_simulate(["simultaneous"], [1.0], 0.1, 10)
    with pytest.raises(Refused, match="lr: got 99; lr must be a finite number from 0.01 to 2.5"):
        view.api_simulate(["simultaneous"], [1.0, 1.0], 99, 10)
    with pytest.raises(Refused, match="methods: got 'simultaneous'; methods must be a list of one or more of"):
        view.api_simulate("simultaneous", [1, 1], 0.1, 10)
