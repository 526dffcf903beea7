"""Streamlit UI of the Conditional GAN page's live section, a cGAN or AC-GAN trained from scratch:
the same as gradio_live_page.py."""
import streamlit as st

from demos.cgan import live
from demos.gan import runs

ss = st.session_state
CHART = dict(theme=None, config={"displayModeBar": False})


def _live_frame() -> None:
    """One frame: a training chunk while running (a fragment rerun every frame), else the current view."""
    session = ss.cgan_live
    if ss.cgan_running:
        try:
            with runs.slot():
                (grid, losses, status), going = live.train_view(session)
        except runs.Busy as busy:
            (grid, losses, status), going = live.view(session, f"⚠️ {busy}"), False
        if not going:
            ss.cgan_running, ss.cgan_live_note = False, session.stop_note
            st.rerun()
    else:
        grid, losses, status = live.view(session, ss.pop("cgan_live_note", ""))
    st.markdown(status)
    if grid is not None:
        left, right = st.columns(2)
        left.image(grid, caption=live.GRID_CAPTION, output_format="PNG")
        right.plotly_chart(losses, key="cgan_live_losses", **CHART)


def _restart() -> None:
    ss.cgan_running = False
    ss.cgan_live_note = live.start(ss.cgan_live, ss.cgan_live_kind)


def section() -> None:
    """A cGAN or AC-GAN trained from scratch, live (the fragment pattern of the live GAN page)."""
    ss.cgan_live = ss.get("cgan_live") or live.new_session()  # not setdefault, which builds its default every time
    ss.setdefault("cgan_running", False)
    st.markdown(live.HINT)
    st.radio("Train", list(live.KINDS), key="cgan_live_kind", on_change=_restart, horizontal=True,
             help="choosing one starts a new run of that kind, from scratch")
    cols = st.columns(3)
    play = cols[0].button("▶ Train", type="primary", key="cgan_train", disabled=ss.cgan_running, width="stretch")
    if play or cols[1].button("■ Stop", key="cgan_stop", disabled=not ss.cgan_running, width="stretch"):
        ss.cgan_running = play
        st.rerun()  # a full rerun: the fragment's run_every is read where it is declared
    cols[2].button("↺ New run", key="cgan_restart", on_click=_restart, width="stretch")
    # decorated on every full run: run_every is read where the fragment is declared, and this module is
    # imported once (a decorator at its top level would keep the first run's value for good)
    st.fragment(_live_frame, run_every=runs.FRAME_SECONDS + 0.05 if ss.cgan_running else None)()
