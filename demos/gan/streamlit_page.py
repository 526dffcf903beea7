"""Streamlit UI of the live GAN page: the same controls and outputs as gradio_page.py."""
import time

import streamlit as st

from demos.gan import canvas, code, controls, rewind, streamlit_digits_page, view
from demos.scene_streamlit_ui import link, scene
from demos.streamlit_ui import code_download, control, live_frame, play_buttons, sketchpad, timeline

ss = st.session_state
CANVAS_HEIGHT = 430  # px: at 1280 x 900 the canvas ends in the first screenful, under Play (the column is 484 px wide)


def _load_preset() -> None:
    """Preset picked: every control takes the preset's value and the trainer starts over."""
    settings = controls.preset_settings(ss.gan_preset)
    for key in controls.SETTINGS:
        ss[f"gan_{key}"] = settings[key]
    view.rebuild(ss.gan_session, settings)
    ss.gan_note = controls.PRESET_NOTES[ss.gan_preset][1]


def _controls() -> dict:
    """Every setting, each drawn from its declaration (demos/gan/controls.py) under the key gan_<field>."""
    control(controls.PRESET, key="gan_preset", on_change=_load_preset)
    settings = {key: control(controls.CONTROLS[key], key=f"gan_{key}") for key in ("data", "loss")}
    with st.expander("Hyperparameters (optimiser, k, batch: live; the rest resets)"):
        columns = st.columns(2)
        for i, key in enumerate(controls.HYPERPARAMETERS):
            radio = dict(widget="radio", horizontal=True) if key in ("d_optimizer", "g_optimizer", "noise") else {}
            settings[key] = control(controls.CONTROLS[key], key=f"gan_{key}", container=columns[i % 2], **radio)
    return settings


def _buttons(settings: dict) -> None:
    session = ss.gan_session
    # rows that wrap, not st.columns: on a phone columns stack, and seven stacked buttons pushed the canvas off screen
    row = st.container(horizontal=True)
    play_buttons(session.run, key="gan", columns=[row, row])
    if row.button("↺ Reset", key="gan_reset"):
        ss.gan_note = view.rebuild(session, settings)
    row = st.container(horizontal=True)
    for label, phase in (("Step D", "d"), ("Step G", "g"), ("Step both", "both")):
        if row.button(label, key=f"gan_step_{phase}"):
            view.step_once(session, phase)
            ss.gan_note = f"{label}: done"
    if row.button("Slow motion", key="gan_slow_btn"):
        _slow_motion(session)
    timeline(session.run, key="gan", film=lambda: rewind.film(session))


def _drawing(settings: dict) -> None:
    """Beside the canvas, as in Gradio. A drawing taken sets the Data box on a rerun (it is drawn by then): else the
    next run's apply() read the old data there and threw the drawing away."""
    with st.expander("Draw your own distribution"):
        drawing = sketchpad(key="gan_sketch")
        if st.button("Train on my drawing", key="gan_use_drawing"):
            ss.gan_note = view.use_drawing(ss.gan_session, drawing, settings)
            if ss.gan_session.trainer.config.data == "drawing":
                ss.gan_drawn = True
                st.rerun()


def _slow_motion(session) -> None:
    holder = st.empty()
    for frame in view.slow_motion(session):
        with holder.container():
            _show(frame, charts=False)
        time.sleep(view.SLOW_SECONDS)
    holder.empty()


def _show(frame: view.Frame, charts: bool = True) -> None:
    if frame.charts is not None:  # a playing run redraws them every view.CHARTS_EVERY frames
        ss.gan_charts_shown = (frame.charts, frame.signal)
    st.plotly_chart(frame.canvas, key=None if not charts else "gan_canvas", theme=None,
                    config={"displayModeBar": False})
    st.markdown(frame.status)
    if not charts:
        return
    # one under the other: side by side in the canvas's column, each was 234 px wide at 1280 (issue 17)
    charts, signal = ss.gan_charts_shown
    st.plotly_chart(charts, key="gan_charts", theme=None)
    st.caption(view.CHARTS_HINT)
    st.plotly_chart(signal, key="gan_signal", theme=None)
    st.markdown(view.SIGNAL)


def render() -> None:
    ss.gan_session = ss.get("gan_session") or view.new_session()  # not setdefault, which builds its default every time
    ss.gan_session.canvas_height = CANVAS_HEIGHT
    if ss.pop("gan_drawn", False):
        ss.gan_data = "drawing"
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    left, right = st.columns([3, 2])  # the formula and the drawing on the right: at 1280 x 900 Play and the canvas fit
    scene(controls.SCENE, "gan")  # a link's setup (/gan?data=ring8&seed=3), first time here: apply() runs from it
    with right:
        st.markdown(view.MINIMAX)
        settings = _controls()
        ss.gan_note = view.apply(ss.gan_session, settings) or ss.get("gan_note", "")
        ss.gan_session.layers = tuple(st.multiselect("Layers", canvas.LAYERS, default=list(canvas.LAYERS),
                                                     key="gan_layer_pick", help=view.CANVAS_HINT))
        _drawing(settings)
        link(controls.SCENE, "gan")
        code_download(code.of_session(ss.gan_session), key="gan")  # the script of the run on screen
    with left:
        _buttons(settings)
        live_frame(ss.gan_session.run, _show, key="gan")
    streamlit_digits_page.section(ss.gan_session)


render()
