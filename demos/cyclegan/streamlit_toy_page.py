"""Streamlit UI of the CycleGAN page's level 1, two point clouds trained live: the same as gradio_toy_page.py."""
import streamlit as st

from demos.cyclegan import toy, view
from demos.gan import runs

ss = st.session_state
CHART = dict(theme=None, config={"displayModeBar": False})
LABELS = {name: label for label, name in toy.PAIRS.items()}


def _settings() -> tuple:
    return ss.cg_pair, ss.cg_lambda, ss.cg_identity, ss.cg_seed


def _changed() -> None:
    ss.cg_note = toy.apply(ss.cg_toy, *_settings())


def _reset() -> None:
    ss.cg_note = toy.reset(ss.cg_toy, *_settings())


def _live() -> None:
    """One frame: a training chunk while running (a fragment rerun every frame), else the current view."""
    session = ss.cg_toy
    if ss.cg_running:
        try:
            with runs.slot():
                frame, going = toy.train_frame(session)
        except runs.Busy as busy:
            session.stop_note, going = f"⚠️ {busy}", False
        if not going:
            ss.cg_running, ss.cg_note = False, session.stop_note
            st.rerun()
    else:
        frame = toy.frame(session, ss.pop("cg_note", ""))
    st.markdown(frame.status)
    left, right = st.columns(2)
    left.plotly_chart(frame.forward, key="cg_forward", **CHART)
    right.plotly_chart(frame.backward, key="cg_backward", **CHART)
    st.plotly_chart(session.losses, key="cg_losses", **CHART)  # frame.losses is None between redraws


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
    """Level 1 (the fragment pattern of the live GAN page)."""
    ss.cg_toy = ss.get("cg_toy") or toy.new_session()  # not setdefault, which builds its default every time
    ss.setdefault("cg_running", False)
    st.markdown(view.TOY_HINT)
    _controls()
    cols = st.columns(3)
    play = cols[0].button("▶ Train", type="primary", key="cg_train", disabled=ss.cg_running, width="stretch")
    if play or cols[1].button("■ Stop", key="cg_stop", disabled=not ss.cg_running, width="stretch"):
        ss.cg_running, ss.cg_toy.run_started, ss.cg_toy.rate = play, 0.0, 0.0
        st.rerun()  # a full rerun: the fragment's run_every is read where it is declared
    cols[2].button("↺ Reset", key="cg_reset", on_click=_reset, width="stretch")
    # declared on every full run: this module is imported once, so a decorator at its top level would keep
    # the first run's run_every (None) and ▶ Train would tick once
    st.fragment(_live, run_every=runs.FRAME_SECONDS + 0.05 if ss.cg_running else None)()
    st.markdown(view.TOY_FACTS)
