"""Streamlit UI of the live GAN page's digit section, a DCGAN trained live: the same as gradio_digits_page.py."""
import streamlit as st

from demos.gan import code, digits, rewind
from demos.streamlit_ui import code_download, live_frame, play_buttons, timeline

ss = st.session_state


def _show(view) -> None:
    grid, charts, histogram, status = view
    st.markdown(status)
    if grid is not None:
        cols = st.columns([1, 1.3, 1])
        cols[0].image(grid, caption="fixed-noise samples")
        cols[1].plotly_chart(charts, key="dcgan_charts", theme=None)
        cols[2].plotly_chart(histogram, key="dcgan_histogram", theme=None)


def section(session) -> None:
    """The digit section; it shares the page's per-user session."""
    st.header("Digits: a DCGAN trained live")
    st.markdown(digits.HINT)
    digits.attach(session)  # the DCGAN itself is made when first used: Train, or one of the two buttons
    cols = st.columns(4)
    if cols[0].button("Start from scratch", key="dcgan_scratch"):
        ss.dcgan_note = digits.start(session, False)
    if cols[1].button("Continue the pretrained DCGAN", key="dcgan_pretrained"):
        ss.dcgan_note = digits.start(session, True)
    play_buttons(session.digits, key="dcgan", columns=cols[2:], labels=("▶ Train", "■ Stop"),
                 ready=lambda: digits.ready(session))
    timeline(session.digits, key="dcgan", film=lambda: rewind.digit_film(session))
    live_frame(session.digits, _show, key="dcgan")
    code_download(code.digits_of_session(session), key="dcgan")  # the DCGAN's script
