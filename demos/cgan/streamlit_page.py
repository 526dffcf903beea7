"""Streamlit UI of the Conditional GAN page: the same controls and outputs as gradio_page.py."""
import streamlit as st

from demos.cgan import measures, streamlit_live_page, view

ss = st.session_state
LABELS = {name: label for label, name in view.MODELS.items()}
CHART = dict(theme=None, config={"displayModeBar": False})


def _new_noise() -> None:
    ss.cgan_seed = view.next_seed(ss.cgan_seed)


def _next_class() -> None:
    ss.cgan_class = view.next_class(ss.cgan_class)


def _controls() -> tuple[str, int, int]:
    """Model, class and seed; the buttons change the class or seed before their widgets are drawn (callbacks)."""
    ss.setdefault("cgan_class", view.DEFAULT_CLASS)
    ss.setdefault("cgan_seed", view.DEFAULT_SEED)
    name = st.radio("Model", list(LABELS), format_func=LABELS.get, key="cgan_model",
                    help="how the label reaches D: as an input (cGAN) or as a question D must answer (AC-GAN)")
    y = st.radio("Digit class y", range(10), horizontal=True, key="cgan_class", help="the digit G is asked for")
    seed = st.number_input("Noise seed", 0, view.MAX_SEED, step=1, key="cgan_seed",
                           help="fixes z ~ N(0, I): the style")
    left, right = st.columns(2)
    left.button("↻ New noise", type="primary", key="cgan_new_noise", on_click=_new_noise, width="stretch")
    right.button("Same noise, next class", key="cgan_next_class", on_click=_next_class, width="stretch")
    st.markdown(view.DIGIT_NOTE)
    return name, y, seed


def _interpolation(name: str, y: int, seed: int) -> None:
    st.markdown(view.INTERPOLATION_NOTE)
    left, right = st.columns(2, vertical_alignment="bottom")
    other_seed = left.number_input("To seed", 0, view.MAX_SEED, view.DEFAULT_OTHER_SEED, step=1, key="cgan_other_seed",
                                   help="the noise at the strip's right end")
    spherical = right.checkbox("Spherical (slerp)", key="cgan_slerp", help="a great circle instead of a straight line")
    strip, readout = view.noise_strip(name, y, seed, other_seed, spherical)
    st.image(strip, output_format="PNG")
    st.markdown(readout)
    other_class = st.radio("To class", range(10), index=view.DEFAULT_OTHER_CLASS, horizontal=True,
                           key="cgan_other_class", help="the label at the class strip's right end")
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
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    left, right = st.columns([3, 2])
    with left:
        name, y, seed = _controls()
    image, status = view.digit(name, y, seed)
    with left:
        st.markdown(status)
    right.image(image, caption=view.DIGIT_CAPTION, width=280, output_format="PNG")  # PNG: JPEG blurs the pixels
    st.markdown(view.GRID_NOTE)
    k = st.slider("Noise vectors (columns)", 1, view.MAX_COLUMNS, view.COLUMNS, key="cgan_columns",
                  help="column j uses the noise of seed s + j")
    st.image(view.style_grid(name, seed, k), caption=view.GRID_CAPTION, output_format="PNG")
    _interpolation(name, y, seed)
    _measurements(name)
    streamlit_live_page.section()


render()
