"""Streamlit UI of the CycleGAN page's level 1, two point clouds trained live: the same as gradio_toy_page.py."""
import streamlit as st

from demos.cyclegan import toy, view
from demos.streamlit_ui import live_frame, play_buttons

ss = st.session_state
CHART = dict(theme=None, config={"displayModeBar": False})
LABELS = {name: label for label, name in toy.PAIRS.items()}


def _settings() -> tuple:
    return ss.cg_pair, ss.cg_lambda, ss.cg_identity, ss.cg_seed


def _changed() -> None:
    ss.cg_note = toy.apply(ss.cg_toy, *_settings())


def _reset() -> None:
    ss.cg_note = toy.reset(ss.cg_toy, *_settings())


def _show(frame: toy.Frame) -> None:
    st.markdown(frame.status)
    left, right = st.columns(2)
    left.plotly_chart(frame.forward, key="cg_forward", **CHART)
    right.plotly_chart(frame.backward, key="cg_backward", **CHART)
    losses = ss.cg_toy.losses if frame.losses is None else frame.losses  # None: unchanged between redraws
    st.plotly_chart(losses, key="cg_losses", **CHART)


def _controls() -> None:
    for key, value in (("cg_pair", toy.DEFAULTS["pair"]), ("cg_lambda", toy.DEFAULTS["lam"]),
                       ("cg_identity", toy.DEFAULTS["identity"]), ("cg_seed", toy.DEFAULTS["seed"])):
        ss.setdefault(key, value)
    left, right = st.columns(2)
    left.radio("Domains X ↔ Y", list(LABELS), format_func=LABELS.get, key="cg_pair", on_change=_changed,
               help="two unpaired point clouds; changing a setting starts a new run")
    right.slider("λ (cycle loss weight)", 0.0, toy.MAX_LAMBDA, step=0.5, key="cg_lambda", on_change=_changed,
                 help=view.LAMBDA_HINT)
    a, b = right.columns(2)
    a.checkbox("Identity loss (0.5 λ)", key="cg_identity", on_change=_changed, help="G(y) ≈ y and F(x) ≈ x")
    b.number_input("Seed", 0, toy.MAX_SEED, step=1, key="cg_seed", on_change=_changed, help="same seed, same run")


def section() -> None:
    """Level 1 (the engine's Streamlit adapter, as on the live GAN page)."""
    ss.cg_toy = ss.get("cg_toy") or toy.new_session()  # not setdefault, which builds its default every time
    st.markdown(view.TOY_HINT)
    _controls()
    cols = st.columns(3)
    play_buttons(ss.cg_toy.run, key="cg", columns=cols[:2], labels=("▶ Train", "■ Stop"))
    cols[2].button("↺ Reset", key="cg_reset", on_click=_reset, width="stretch")
    live_frame(ss.cg_toy.run, _show, key="cg")
    st.markdown(view.TOY_FACTS)
