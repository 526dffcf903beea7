"""Streamlit UI of the live GAN page's digit section, a DCGAN trained live: the same as gradio_digits_page.py."""
import streamlit as st

from demos.gan import digits, runs

ss = st.session_state


def _live(session) -> None:
    if ss.dcgan_running:
        try:
            with runs.slot():
                (grid, charts, histogram, status), going = digits.train_view(session)
        except runs.Busy as busy:
            (grid, charts, histogram, status), going = digits.view(session, f"⚠️ {busy}"), False
        if not going:
            ss.dcgan_running = False
            st.rerun()
    else:
        grid, charts, histogram, status = digits.view(session, ss.pop("dcgan_note", ""))
    st.markdown(status)
    if grid is not None:
        cols = st.columns([1, 1.3, 1])
        cols[0].image(grid, caption="fixed-noise samples")
        cols[1].plotly_chart(charts, key="dcgan_charts", theme=None)
        cols[2].plotly_chart(histogram, key="dcgan_histogram", theme=None)


def section(session) -> None:
    """The digit section; it shares the page's per-user session."""
    ss.setdefault("dcgan_running", False)
    st.header("Digits: a DCGAN trained live")
    st.markdown(digits.HINT)
    if session.digits is None:
        ss.dcgan_note = digits.start(session, False)
    cols = st.columns(4)
    if cols[0].button("Start from scratch", key="dcgan_scratch"):
        ss.dcgan_note = digits.start(session, False)
    if cols[1].button("Continue the pretrained DCGAN", key="dcgan_pretrained"):
        ss.dcgan_note = digits.start(session, True)
    if cols[2].button("▶ Train", type="primary", key="dcgan_train", disabled=ss.dcgan_running):
        ss.dcgan_running = True
        st.rerun()  # a full rerun: the fragment's run_every is read where it is declared
    if cols[3].button("■ Stop", key="dcgan_stop", disabled=not ss.dcgan_running):
        ss.dcgan_running = False
        st.rerun()
    # declared on every run: this module is imported once, so a decorator at module level would keep
    # the first run's run_every (None) and Train would tick once
    st.fragment(_live, run_every=runs.FRAME_SECONDS + 0.05 if ss.dcgan_running else None)(session)
