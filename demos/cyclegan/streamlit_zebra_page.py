"""Streamlit UI of the CycleGAN page's level 2, digits <-> zebra digits: the same as gradio_zebra_page.py."""
import streamlit as st

from demos import digits, mnist
from demos.cyclegan import zebra
from demos.streamlit_ui import sketchpad

ss = st.session_state


def _plain_digit() -> tuple:
    """The digit to translate, from the gallery, the pad or an upload -> (digit or None, message)."""
    source = st.radio("Start from", ("a test digit", "a drawing", "an upload", "a digit λ = 0 gets wrong"),
                      horizontal=True, key="cg_source", help="the plain digit x to paint")
    if source == "a test digit":
        position = st.selectbox("Test digit", range(30), index=zebra.DEFAULT_POSITION, key="cg_digit",
                                format_func=mnist.gallery_caption)
        return mnist.gallery_digit(position), f"From the gallery: {mnist.gallery_caption(position)}."
    if source == "a digit λ = 0 gets wrong":
        ss.setdefault("cg_failure", 0)
        if st.button("Next one", key="cg_next_failure", help="the first judges all 1,000 test digits: a few seconds"):
            ss.cg_failure += 1
        return zebra.failure(ss.cg_failure)
    if source == "a drawing":
        content = sketchpad(key="cg_sketch")
        return digits.from_bytes(content) if content else (None, "Draw a digit on the pad.")
    upload = st.file_uploader("An image of one digit (up to 10 MB)", key="cg_upload")
    return digits.from_bytes(upload.getvalue()) if upload else (None, "Upload an image of one digit.")


def _zebra_digit() -> tuple:
    source = st.radio("Start from", ("a zebra test digit", "an upload"), horizontal=True, key="cg_zebra_source",
                      help="the zebra digit y to wash")
    if source == "an upload":
        upload = st.file_uploader("An image of one striped digit (up to 10 MB)", key="cg_zebra_upload")
        return zebra.zebra_from_bytes(upload.getvalue()) if upload else (None, "Upload an image of a striped digit.")
    captions = [caption for _, caption in zebra.zebra_gallery()]
    position = st.selectbox("Zebra test digit", range(30), index=zebra.DEFAULT_POSITION, key="cg_zebra_digit",
                            format_func=captions.__getitem__)
    return zebra.zebra_digit(position), f"From the gallery: {captions[position]}."


def _show(result: tuple, tiles: str, column) -> None:
    first, second, table = result
    if first is None:
        column.info(table)
        return
    for image, label in zip((first, second), zebra.MODELS.values()):
        column.image(image, caption=f"{label}: {tiles}", output_format="PNG")  # PNG: JPEG blurs the pixels
    st.markdown(table)


def section() -> None:
    """Level 2: a test digit, a drawing or an upload both ways through the λ = 10 and λ = 0 models."""
    st.markdown(zebra.HINT)
    if zebra.missing():
        st.warning(zebra.card_numbers())
        return
    left, right = st.columns([2, 3])
    with left:
        digit, message = _plain_digit()
    _show(zebra.forward(digit, message), zebra.FORWARD_TILES, right)
    st.markdown(zebra.card_numbers())
    st.markdown(zebra.REVERSE_HINT)
    left, right = st.columns([2, 3])
    with left:
        image, message = _zebra_digit()
    _show(zebra.reverse(image, message), zebra.REVERSE_TILES, right)
