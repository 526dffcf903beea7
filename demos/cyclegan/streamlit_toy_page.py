"""Streamlit UI of the CycleGAN page's level 1, two point clouds trained live: the same as gradio_toy_page.py."""
import streamlit as st

from demos.cyclegan import code, controls, toy, view
from demos.scene_streamlit_ui import link, scene
from demos.streamlit_ui import code_download, control, live_frame, play_buttons

ss = st.session_state
CHART = dict(theme=None, config={"displayModeBar": False})


def _reset(settings: tuple) -> None:
    ss.cg_note = toy.reset(ss.cg_toy, *settings)


def _show(frame: toy.Frame) -> None:
    st.markdown(frame.status)
    left, right = st.columns(2)
    left.plotly_chart(frame.forward, key="cg_forward", **CHART)
    right.plotly_chart(frame.backward, key="cg_backward", **CHART)
    losses = ss.cg_toy.losses if frame.losses is None else frame.losses  # None: unchanged between redraws
    st.plotly_chart(losses, key="cg_losses", **CHART)


def _controls() -> tuple:
    """The four settings, each drawn from its declaration (demos/cyclegan/controls.py); a changed one starts a new run."""
    left, right = st.columns(2)
    pair = control(controls.PAIR, key="cg_pair", container=left, widget="radio")
    lam = control(controls.LAMBDA, key="cg_lam", container=right)
    a, b = right.columns(2)
    identity = a.checkbox(controls.IDENTITY.label, controls.IDENTITY.default, key="cg_identity",
                          help=controls.IDENTITY.hint)
    seed = control(controls.SEED, key="cg_seed", container=b)
    link(controls.SCENE, "cg", container=left)
    return pair, lam, identity, seed


def section() -> None:
    """Level 1 (the engine's Streamlit adapter, as on the live GAN page)."""
    ss.cg_toy = ss.get("cg_toy") or toy.new_session()  # not setdefault, which builds its default every time
    scene(controls.SCENE, "cg")  # a link's setup (/cyclegan?lam=0), the session's first time here: a run from it
    st.markdown(view.TOY_HINT)
    settings = _controls()
    ss.cg_note = toy.apply(ss.cg_toy, *settings) or ss.get("cg_note", "")
    cols = st.columns(3)
    play_buttons(ss.cg_toy.run, key="cg", columns=cols[:2], labels=("▶ Train", "■ Stop"))
    cols[2].button("↺ Reset", key="cg_reset", on_click=_reset, args=(settings,), width="stretch")
    live_frame(ss.cg_toy.run, _show, key="cg")
    code_download(code.of_session(ss.cg_toy), key="cg")
    st.markdown(view.TOY_FACTS)
