"""Fixtures for the app seen from outside: a gradio_client against the in-process app, and the
Streamlit app in AppTest, opened on one page."""
import pytest
import streamlit as st
from gradio_client import Client
from streamlit.testing.v1 import AppTest

APP = "../../streamlit_app.py"  # relative to this file


@pytest.fixture(scope="module")
def client(gradio_url):
    c = Client(gradio_url, verbose=False, download_files=False)
    yield c
    c.close()


@pytest.fixture
def app_test(request) -> AppTest:
    """The Streamlit app on the test module's PAGE (e.g. "demos/gan/streamlit_page.py"), caches cleared."""
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(request.module.PAGE).run()
    assert not at.exception
    return at
