"""Streamlit UI of the Mode collapse page: the same controls and outputs as gradio_page.py."""
import streamlit as st

from demos import history, live
from demos.mode_collapse import code, controls, methods, rewind, table, view
from demos.scene_streamlit_ui import link, scene
from demos.streamlit_ui import code_download, control, live_frame, play_buttons

ss = st.session_state
SETTINGS = ["mixture", "method", "versus", "seed", "every", "modes"]


def _settings() -> dict:
    return {key: ss[f"mc_{key}"] for key in SETTINGS}


def _reset() -> None:
    """A control changed (or Reset): the run stops, fresh runs from the settings; a bad setting keeps the old
    runs and says why."""
    live.stop(ss.mc_session.run)
    ss.mc_note = view.rebuild(ss.mc_session, _settings())
    if not ss.mc_note.startswith("⚠️"):
        ss.mc_timeline = 100.0  # fresh runs: the timeline is at now


def _controls() -> None:
    for c in controls.CONTROLS[:3]:
        control(c, key=f"mc_{c.name}", on_change=_reset)
    left, right = st.columns(2)
    control(controls.SEED, key="mc_seed", container=left, on_change=_reset)
    control(controls.EVERY, key="mc_every", container=right, on_change=_reset)
    st.text_input(controls.MODES_LABEL, key="mc_modes", on_change=_reset, help=methods.HINTS["modes"])
    link(controls.CONTROLS, "mc")
    code_download(code.of_session(ss.mc_session), key="mc")  # the script of the runs on screen
    st.markdown(view.notes(ss.mc_session))


def _buttons() -> None:
    cols = st.columns(3)
    if cols[2].button("↺ Reset", key="mc_reset", width="stretch"):
        _reset()
    play_buttons(ss.mc_session.run, key="mc", columns=cols[:2])
    _timeline(ss.mc_session.run)


def _timeline(run) -> None:
    """The run's history (demos/history.py): dragging back shows both panels at that iteration; the run stops."""
    if run.playing or "mc_timeline" not in ss:
        ss.mc_timeline = 100.0  # the timeline follows a playing run
    st.slider("Timeline", 0.0, 100.0, step=0.5, key="mc_timeline", help=rewind.TIMELINE_HINT,
              on_change=lambda: history.scrub(run, ss.mc_timeline))


def _show(frame: view.Frame) -> None:
    chart = dict(theme=None, config={"displayModeBar": False})
    st.plotly_chart(frame.samples, key="mc_samples", **chart)
    st.markdown(frame.status)
    st.plotly_chart(frame.film, key="mc_film", **chart)
    left, right = st.columns(2)
    left.plotly_chart(frame.histogram, key="mc_histogram", **chart)
    right.plotly_chart(frame.curves, key="mc_curves", **chart)


def render() -> None:
    ss.mc_session = ss.get("mc_session") or view.new_session()  # not setdefault, which builds its default every time
    ss.setdefault("mc_modes", view.DEFAULTS["modes"])
    if scene(controls.CONTROLS, "mc"):  # a link's setup: runs from it, not from the defaults
        _reset()
    st.title(view.TITLE)
    st.markdown(methods.INTRO)
    left, right = st.columns([3, 2])
    with right:
        _controls()
    with left:
        _buttons()
        live_frame(ss.mc_session.run, _show, key="mc")
    st.markdown(methods.LOOK)
    with st.expander("Benchmark: every method on ring8 and grid25, next to the papers"):
        st.html(table.html())
    with st.expander("All eight methods: the idea, the formula, what to look for"):
        st.markdown(methods.all_markdown())


render()
