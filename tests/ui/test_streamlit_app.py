"""The Streamlit front end through AppTest: same pages, same controls, no exceptions."""
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = "../../streamlit_app.py"  # relative to this file


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_resource.clear()
    st.cache_data.clear()


def open_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def test_overview_is_the_home_page():
    at = open_app()
    assert not at.exception
    assert at.title[0].value.startswith("GenLab")
    assert any("supervised" in m.value for m in at.markdown)


def test_autoencoder_page_reacts_to_its_controls():
    at = open_app()
    at.switch_page("demos/autoencoder/streamlit_page.py").run()
    assert not at.exception
    first = at.markdown.values
    at.selectbox(key="ae_model").set_value("MLP, z = 32").run()
    assert not at.exception and any("PCA with 32 components" in m for m in at.markdown.values)
    at.selectbox(key="ae_position").set_value(5).run()
    at.slider(key="ae_noise").set_value(0.6).run()
    assert not at.exception and at.markdown.values != first
    assert any("*clean* digit" in m for m in at.markdown.values)
    assert any("seed 0)" in m for m in at.markdown.values)  # samples show before any click, as in Gradio
    at.button(key="ae_sample").click().run()
    assert not at.exception and at.session_state["ae_seed"] == 1
    at.slider(key="ae_noise").set_value(0.2).run()  # another control: the samples stay
    assert any("random decodes" in m and "seed 1)" in m for m in at.markdown.values)


def test_vae_page_sliders_sample_and_model_switch():
    at = open_app()
    at.switch_page("demos/vae/streamlit_page.py").run()
    assert not at.exception and len(at.slider) >= 8
    at.slider(key="vae_z0").set_value(2.5).run()
    assert not at.exception
    at.button(key="vae_sample").click().run()
    assert not at.exception and at.session_state["vae_z0"] != 2.5
    at.selectbox(key="vae_model").set_value("z = 16").run()
    assert not at.exception and at.slider(key="vae_z15") is not None
    at.selectbox(key="vae_start").set_value(4).run()
    assert not at.exception and any("nats" in m for m in at.markdown.values)


def test_vae_sliders_accept_a_digit_whose_posterior_mean_is_outside_their_range():
    at = open_app()
    at.switch_page("demos/vae/streamlit_page.py").run()
    for position in range(30):  # some test digits have |mu_j| > 3 under one model or another
        for label in ("z = 8", "z = 16", "z = 2"):
            at.selectbox(key="vae_model").set_value(label)
            at.selectbox(key="vae_start").set_value(position).run()
            assert not at.exception, (position, label)
