"""Streamlit UI of the Conditional GAN page: the same controls and outputs as gradio_page.py."""
import streamlit as st

from demos.cgan import controls, measures, streamlit_live_page, view
from demos.scene_streamlit_ui import link, scene
from demos.streamlit_ui import control

ss = st.session_state
CHART = dict(theme=None, config={"displayModeBar": False})


def _new_noise() -> None:
    ss.cgan_seed = view.next_seed(ss.cgan_seed)


def _next_class() -> None:
    ss.cgan_y = view.next_class(ss.cgan_y)


def _controls() -> tuple[str, int, int]:
    """Model, class and seed; the buttons change the class or seed before their widgets are drawn (callbacks)."""
    name = control(controls.MODEL, key="cgan_model", widget="radio")
    y = control(controls.CLASS, key="cgan_y", widget="radio", horizontal=True)
    seed = control(controls.SEED, key="cgan_seed")  # clipped to its range, with a note beside it
    left, right = st.columns(2)
    left.button("↻ New noise", type="primary", key="cgan_new_noise", on_click=_new_noise, width="stretch")
    right.button("Same noise, next class", key="cgan_next_class", on_click=_next_class, width="stretch")
    st.markdown(view.DIGIT_NOTE)
    return name, y, seed


def _interpolation(name: str, y: int, seed: int) -> None:
    st.markdown(view.INTERPOLATION_NOTE)
    left, right = st.columns(2, vertical_alignment="bottom")
    other_seed = control(controls.OTHER_SEED, key="cgan_other_seed", container=left)
    spherical = right.checkbox(controls.SPHERICAL.label, controls.SPHERICAL.default, key="cgan_slerp",
                               help=controls.SPHERICAL.hint)
    strip, readout = view.noise_strip(name, y, seed, other_seed, spherical)
    st.image(strip, output_format="PNG")
    st.markdown(readout)
    other_class = control(controls.OTHER_CLASS, key="cgan_other_class", widget="radio", horizontal=True)
    strip, readout = view.class_strip(name, y, other_class, seed)
    st.image(strip, output_format="PNG")
    st.markdown(readout)


def _measurements(name: str) -> None:
    st.header("How well does conditioning work?")
    confusion, accuracy, summary, histogram, histogram_note = measures.panels(name)
    left, right = st.columns(2)
    left.plotly_chart(confusion, key="cgan_confusion", **CHART)
    left.markdown(measures.CONFUSION_NOTE)
    right.plotly_chart(accuracy, key="cgan_accuracy", **CHART)
    right.markdown(measures.ACCURACY_NOTE)
    st.markdown(summary)
    st.markdown(measures.COMPARE_NOTE)
    st.plotly_chart(histogram, key="cgan_histogram", **CHART)
    st.markdown(histogram_note)


def render() -> None:
    scene(controls.CONTROLS, "cgan")  # a link's setup (/cgan?y=7&seed=42), the session's first time here
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    left, right = st.columns([3, 2])
    with left:
        name, y, seed = _controls()
    image, status = view.digit(name, y, seed)
    with left:
        st.markdown(status)
        link(controls.CONTROLS, "cgan")
    right.image(image, caption=view.DIGIT_CAPTION, width=280, output_format="PNG")  # PNG: JPEG blurs the pixels
    st.markdown(view.GRID_NOTE)
    k = control(controls.COLUMNS, key="cgan_columns")
    st.image(view.style_grid(name, seed, k), caption=view.GRID_CAPTION, output_format="PNG")
    _interpolation(name, y, seed)
    _measurements(name)
    streamlit_live_page.section()


render()
