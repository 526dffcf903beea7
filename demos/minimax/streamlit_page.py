"""Streamlit UI of the Minimax page: the same controls and outputs as gradio_page.py."""
import streamlit as st

from demos.minimax import code, controls, panels, view
from demos.scene_streamlit_ui import link, scene
from demos.streamlit_ui import code_download, control

ss = st.session_state


def _apply_preset() -> None:
    """on_change of the preset box: move every control to the preset's value before the widgets are drawn."""
    for name, value in zip(view.CONTROLS, view.preset(ss.mm_preset)):
        ss[f"mm_{name}"] = value


def _controls():
    if "mm_methods" not in ss:  # first visit: the default preset (value= as well would make Streamlit warn)
        ss.mm_preset = view.DEFAULT_PRESET
        _apply_preset()
    scene(controls.SCENE, "mm")  # a link's setup (/minimax?methods=simultaneous,alternating&lr=0.5), first time here
    control(controls.PRESET, key="mm_preset", on_change=_apply_preset)
    for c in controls.SCENE:  # methods, lr, steps, x0, y0, gamma, beta, c
        control(c, key=f"mm_{c.name}")
    link(controls.SCENE, "mm")
    s, message = view.read(*(ss[f"mm_{name}"] for name in view.CONTROLS))
    if s is not None:
        code_download((code.filename(s), code.script(s)), key="mm")  # the script of the run on screen
    return s, message


def _buttons(s) -> None:
    """Start / Play / Pause / Step +1: each moves the step t or starts and stops the animation."""
    start, play, pause, step = st.columns(4)
    if start.button("↺ Start", key="mm_rewind", width="stretch"):
        ss.mm_t, ss.mm_playing = 0, False
    if play.button("▶ Play", key="mm_play", type="primary", width="stretch") and not ss.mm_playing:
        ss.mm_t, ss.mm_playing = (0 if ss.mm_t >= s.steps else ss.mm_t), True
        st.rerun()  # a full rerun: run_every is read when the fragment is declared
    if pause.button("Pause", key="mm_pause", width="stretch") and ss.mm_playing:
        ss.mm_playing = False
        st.rerun()
    if step.button("Step +1", key="mm_step", width="stretch"):
        ss.mm_t, ss.mm_playing = min(ss.mm_t + 1, s.steps), False


@st.fragment(run_every=1 / view.FPS if st.session_state.get("mm_playing") else None)
def _animated(s, summary: str) -> None:
    """Everything that depends on the step t; while playing, each tick moves t one frame on."""
    if ss.mm_playing:
        frames = view.play_frames(ss.mm_t, s)
        ss.mm_t = frames[0]
        if ss.mm_t >= s.steps:
            ss.mm_playing = False
            st.rerun()
    st.markdown(view.PLANE_NOTE)
    plane_box = st.container()  # drawn after the buttons have moved t, shown above them
    _buttons(s)
    t = view.frame(ss.mm_t, s)
    plane, table, caption = panels.plane(s, t), *panels.state_table(s, t)
    if not ss.mm_playing:  # while playing, the distance plot stays as it was (one plotly redraw less per frame)
        ss._mm_distance_t = t
    distance = panels.distance(s, ss.get("_mm_distance_t", t))
    plane_box.plotly_chart(plane, key="mm_plane", theme=None)
    st.slider(controls.FRAME.label, 0, s.steps, key="mm_t", help=controls.FRAME.hint)
    st.markdown(summary)
    st.markdown(view.DISTANCE_NOTE)
    st.plotly_chart(distance, key="mm_distance", theme=None)
    st.subheader("The lecture's table, live")
    st.markdown(view.TABLE_NOTE)
    st.markdown(caption)
    st.html(table)


def render() -> None:
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    left, right = st.columns([1, 2])
    with left:
        s, message = _controls()
    if s is None:
        right.warning(message)
        return
    if ss.get("_mm_settings") != s:  # new settings: show the whole run, stop any animation
        ss._mm_settings, ss.mm_t, ss.mm_playing = s, s.steps, False
    ss.mm_t = view.frame(ss.get("mm_t"), s)  # within the slider's range, whatever happened before
    ss.setdefault("mm_playing", False)
    stability, summary, notes = panels.run_panels(s)
    if notes:
        left.warning(notes)
    with right:
        _animated(s, summary)
    st.markdown(view.STABILITY_NOTE)
    st.plotly_chart(stability, key="mm_stability", theme=None)
    st.markdown(view.METHODS_NOTE)


render()
