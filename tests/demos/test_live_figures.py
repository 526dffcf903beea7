"""The live pages' figures (demos.plots.LiveFigure from canvas.py, mode_collapse/figures.py, cyclegan/figures.py):
what Gradio's gr.Plot and Streamlit's st.plotly_chart receive, no WebGL, and charts over a bounded history."""
import copy
import json
import pickle

import numpy as np
import plotly.graph_objects as go
import pytest

from core.data import mixture
from demos import plots
from demos.cyclegan import figures as cycle_figures
from demos.gan import canvas
from demos.mode_collapse import figures as mode_figures


@pytest.fixture(scope="module")
def gan():
    from core.trainers import make_gan2d
    from demos.gan.controls import DEFAULT_PRESET, preset_settings

    trainer = make_gan2d(**preset_settings(DEFAULT_PRESET))
    trainer.step(20)
    trainer.measure()
    return trainer


@pytest.fixture(scope="module")
def cycle():
    from core.cyclegan2d import CycleGAN2D, CycleGAN2DConfig

    trainer = CycleGAN2D(CycleGAN2DConfig(pair="moons_turned", lam=10.0, identity=True, seed=0))
    trainer.step(20)
    return trainer


def live_figures(gan, cycle) -> list[go.Figure]:
    ring = mixture("ring8")
    samples = ring.sample(2500, seed=0).astype(np.float32)
    history = {"modes": [3, 5], "hq": [0.5, float("nan")], "reverse_kl": [1.0, 0.5], "measured_at": [0, 50]}
    shown, decision = cycle.translate(), cycle.decision()
    return [canvas.canvas_figure(gan), canvas.charts_figure(gan.history), canvas.signal_figure(gan),
            mode_figures.samples_figure(ring, [("a", samples, "#7c3aed"), ("b", samples[::-1], "#ea580c")]),
            mode_figures.film_figure(ring, [("a", [(0, samples[:500]), (50, samples[500:1000])], "#7c3aed")]),
            mode_figures.histogram_figure(ring, [("a", (np.arange(8), 2500), "#7c3aed")]),
            mode_figures.curves_figure(ring, [("a", history, "#7c3aed")], 4000),
            cycle_figures.cycle_figure(shown, decision, cycle.bounds, "X"),
            cycle_figures.cycle_figure(shown, decision, cycle.bounds, "Y"),
            cycle_figures.losses_figure(cycle.history, identity=True)]


def test_gradio_gets_the_json_plotly_would_write_after_validating_the_figure(gan, cycle):
    import gradio as gr

    for fig in live_figures(gan, cycle):
        sent = gr.Plot().postprocess(fig)
        assert sent.type == "plotly" and not fig._built()  # nothing validated or deep-copied on the way
        validated = go.Figure(fig.to_dict())  # raises on any property plotly.js doesn't know
        assert json.loads(sent.plot) == json.loads(validated.to_json())
        assert '"colorway"' not in sent.plot  # no named template travels with the frame


def test_streamlit_draws_the_same_figure(gan):
    from streamlit.testing.v1 import AppTest

    def app():
        import streamlit as st

        from core.trainers import make_gan2d
        from demos.gan import canvas
        from demos.gan.controls import DEFAULT_PRESET, preset_settings

        trainer = make_gan2d(**preset_settings(DEFAULT_PRESET))
        st.plotly_chart(canvas.canvas_figure(trainer), theme=None)

    at = AppTest.from_function(app).run(timeout=60)
    assert not at.exception
    from core.trainers import make_gan2d
    from demos.gan.controls import DEFAULT_PRESET, preset_settings

    expected = json.loads(canvas.canvas_figure(make_gan2d(**preset_settings(DEFAULT_PRESET))).to_json())
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"] == expected["data"] and spec["layout"]["height"] == expected["layout"]["height"]


def test_a_live_figure_reads_copies_and_changes_like_any_figure(gan):
    fig = canvas.canvas_figure(gan)
    sent = fig.to_json()
    for twin in (copy.deepcopy(fig), pickle.loads(pickle.dumps(fig))):
        assert json.loads(twin.to_json()) == json.loads(sent)
    before = fig.to_dict()
    before["layout"]["height"] = 10  # a copy, as plotly's to_dict gives: the figure and its cached layout keep theirs
    assert json.loads(canvas.canvas_figure(gan).to_json())["layout"]["height"] == 460
    fake = next(t for t in fig.data if t.name == "fake")
    assert np.allclose(fake.x, gan.fakes()[:, 0])
    fig.update_layout(height=300)
    assert json.loads(fig.to_json())["layout"]["height"] == 300
    assert json.loads(canvas.canvas_figure(gan).to_json())["layout"]["height"] == 460  # shared parts untouched


def test_no_live_figure_uses_webgl(gan, cycle):
    """A WebGL trace takes a browser WebGL context on every redraw: 'Too many active WebGL contexts'."""
    for fig in live_figures(gan, cycle):
        types = {trace["type"] for trace in json.loads(fig.to_json())["data"]}
        assert not any(t.endswith("gl") or t in ("pointcloud", "splom", "parcoords") for t in types), types


def test_mode_collapse_draws_a_fair_subset_of_the_samples_and_says_so():
    ring = mixture("ring8")
    samples = ring.sample(2500, seed=1).astype(np.float32)
    fig = mode_figures.samples_figure(ring, [("a", samples, "#7c3aed")])
    dots = [t for t in fig.data if t.mode == "markers"]
    drawn = np.concatenate([np.stack([t.x, t.y], 1) for t in dots])
    assert len(drawn) <= mode_figures.SHOWN and np.isin(drawn[:, 0], samples[:, 0]).all()
    assert len(drawn) >= 0.2 * mode_figures.SHOWN  # still enough dots to see every mode
    assert f"{len(drawn):,} of its 2,500 samples drawn" in fig.layout.annotations[0].text
    good = sum(len(t.x) for t in dots if t.name.endswith("high quality"))
    assert abs(good / len(drawn) - mode_figures.high_quality(samples, ring).mean()) < 0.05
    film = mode_figures.film_figure(ring, [("a", [(0, samples[:500])], "#7c3aed")])
    assert max(len(t.x) for t in film.data) <= mode_figures.FILM_SHOWN


def bounded_history(n: int, keys, stride: int = 4) -> dict:
    """A history that kept every `stride`-th iteration, as core.training.History does once long."""
    rng = np.random.default_rng(0)
    return {"iteration": list(range(0, n * stride, stride)), **{k: rng.random(n).tolist() for k in keys}}


@pytest.mark.parametrize("draw, keys, limit", [
    (lambda h: canvas.charts_figure(h, rows=2), ("d_loss", "g_loss", "d_real", "d_fake"), canvas.MAX_POINTS),
    (lambda h: cycle_figures.losses_figure(h, identity=True), ("g_loss", "d_loss", "cycle", "identity"),
     cycle_figures.MAX_POINTS)])
def test_per_iteration_charts_use_the_historys_iterations_and_stay_small(draw, keys, limit):
    history = bounded_history(4000, keys)
    fig = draw(history)
    assert len(fig.data) == len(keys)
    for trace in fig.data:
        x = np.asarray(trace.x)
        assert len(x) <= limit and x[0] == 0 and x[-1] == 4 * 3999  # the newest point is always shown
        assert np.all(np.diff(x) > 0) and np.isin(x, history["iteration"]).all()
    short = {k: v[:50] for k, v in history.items() if k != "iteration"}  # no "iteration": 1..n as before
    assert list(draw(short).data[0].x) == list(range(1, 51))


def test_the_kept_points_stay_put_while_a_curve_grows():
    """The stride is a power of two: a noisy curve doesn't shimmer from one frame to the next."""
    history = bounded_history(2000, ("d_loss", "g_loss"), stride=1)
    a = canvas.charts_figure(history, rows=1).data[0]
    grown = {k: v + v[:7] if k != "iteration" else v + list(range(2000, 2007)) for k, v in history.items()}
    b = canvas.charts_figure(grown, rows=1).data[0]
    assert set(np.asarray(a.x)[:-1]) <= set(np.asarray(b.x))


def test_mode_collapse_curves_are_thinned_at_their_measurements():
    ring = mixture("ring8")
    n = 1000
    history = {"modes": [8] * n, "hq": [0.9] * n, "reverse_kl": [0.1] * n, "measured_at": list(range(0, 5 * n, 5))}
    fig = mode_figures.curves_figure(ring, [("a", history, "#7c3aed")], 5000)
    for trace in fig.data:
        assert len(trace.x) <= mode_figures.MAX_POINTS and trace.x[-1] == 5 * (n - 1)
    assert np.allclose(fig.data[1].y, 90.0)  # % high quality


def test_typed_arrays_round_trip():
    for array in (np.array([0.5, np.nan, -2.25], np.float32), np.arange(5), np.arange(70_000), np.zeros((2, 3))):
        spec = plots.typed(array)
        assert np.array_equal(plots.values(spec), array.astype(plots.values(spec).dtype), equal_nan=True)
    assert plots.typed(np.arange(5))["dtype"] == "i1" and plots.typed([]) == []
