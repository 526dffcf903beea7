"""Streamlit UI of the Conditional GAN page's live section, a cGAN or AC-GAN trained from scratch:
the same as gradio_live_page.py."""
import streamlit as st

from demos.cgan import code, controls, live
from demos.streamlit_ui import code_download, control, live_frame, play_buttons

ss = st.session_state
CHART = dict(theme=None, config={"displayModeBar": False})


def _show(view) -> None:
    grid, losses, status = view
    st.markdown(status)
    if grid is not None:
        left, right = st.columns(2)
        left.image(grid, caption=live.GRID_CAPTION, output_format="PNG")
        right.plotly_chart(losses, key="cgan_live_losses", **CHART)


def _restart() -> None:
    ss.cgan_live_note = live.start(ss.cgan_live_session, ss.cgan_live)


def section() -> None:
    """A cGAN or AC-GAN trained from scratch, live (the engine's Streamlit adapter, as on the live GAN page)."""
    session = ss.cgan_live_session = ss.get("cgan_live_session") or live.new_session()  # not setdefault, which
    live.choose(session, ss.get("cgan_live"))  # builds its default every time; before any run: the kind shown
    st.markdown(live.HINT)
    control(controls.LIVE_KIND, key="cgan_live", widget="radio", horizontal=True, on_change=_restart)
    cols = st.columns(3)
    play_buttons(session.run, key="cgan_live", columns=cols[:2], labels=("▶ Train", "■ Stop"),
                 ready=lambda: live.ready(session))  # a run of the chosen kind first, if none yet
    cols[2].button("↺ New run", key="cgan_restart", on_click=_restart, width="stretch")
    live_frame(session.run, _show, key="cgan_live")
    code_download(code.of_session(session), key="cgan_live")  # the script of the kind chosen
