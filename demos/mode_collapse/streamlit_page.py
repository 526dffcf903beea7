"""Streamlit UI of the Mode collapse page: the same controls and outputs as gradio_page.py."""
import streamlit as st

from demos import live
from demos.mode_collapse import methods, table, view
from demos.streamlit_ui import live_frame, play_buttons

ss = st.session_state
SETTINGS = ["mixture", "method", "versus", "seed", "every", "modes"]
CHOICES = {"mixture": methods.MIXTURE_LABELS, "method": methods.METHOD_LABELS, "versus": methods.VERSUS_LABELS}
TITLES = {"mixture": "Mixture", "method": "Method", "versus": "Compare with"}


def _settings() -> dict:
    return {key: ss[f"mc_{key}"] for key in SETTINGS}


def _reset() -> None:
    """A control changed (or Reset): the run stops, fresh runs from the settings; a bad setting keeps the old
    runs and says why."""
    live.stop(ss.mc_session.run)
    ss.mc_note = view.rebuild(ss.mc_session, _settings())


def _controls() -> None:
    for key, value in view.DEFAULTS.items():
        ss.setdefault(f"mc_{key}", value)
    for key, names in CHOICES.items():
        labels = {v: k for k, v in names.items()}
        st.selectbox(TITLES[key], list(labels), key=f"mc_{key}", format_func=labels.get, on_change=_reset,
                     help=methods.HINTS[key])
    left, right = st.columns(2)
    left.number_input("Seed", 0, 10_000, step=1, key="mc_seed", on_change=_reset, help=methods.HINTS["seed"])
    right.slider("Snapshot every N iterations", 50, 2000, step=50, key="mc_every", on_change=_reset,
                 help=methods.HINTS["every"])
    st.text_input("Your own modes (pick 'Your own modes' above)", key="mc_modes", on_change=_reset,
                  help=methods.HINTS["modes"])
    st.markdown(view.notes(ss.mc_session))


def _buttons() -> None:
    cols = st.columns(3)
    if cols[2].button("↺ Reset", key="mc_reset", width="stretch"):
        _reset()
    play_buttons(ss.mc_session.run, key="mc", columns=cols[:2])


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
