"""Streamlit UI of the CycleGAN page: the same three levels, tabs, controls and outputs as gradio_page.py."""
import streamlit as st

from demos.cyclegan import streamlit_photo_page, streamlit_toy_page, streamlit_zebra_page, view


def render() -> None:
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    toy, digits, photos = st.tabs(view.TABS)
    with toy:
        streamlit_toy_page.section()
    with digits:
        streamlit_zebra_page.section()
    with photos:
        streamlit_photo_page.section()


render()
