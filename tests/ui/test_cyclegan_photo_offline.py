"""Level 3 of the CycleGAN page offline, in Gradio: before any click, and with the official server out of reach,
the section shows the example photo and its translation by the tiny offline model, not only a message.
(Streamlit's side is in test_cyclegan_streamlit.py; both UIs in a browser in tests/browser/test_cyclegan_browser.py.)"""
import gradio as gr
import numpy as np
import pytest
from PIL import Image

from core import pretrained
from demos.cyclegan import gradio_photo_page, photos
from tests.demos.test_cyclegan_photos import closed_port_url

pytestmark = pytest.mark.skipif(photos.TINY not in pretrained.names(), reason="the tiny model is not in pretrained/")


def test_gradio_level_3_opens_on_the_example_pair(monkeypatch, tmp_path):
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GENLAB_CYCLEGAN_URL", closed_port_url())
    with gr.Blocks() as demo:
        gradio_photo_page.section(demo)
    shown = {block.elem_id: block for block in demo.blocks.values() if block.elem_id}
    before, after = (np.asarray(Image.open(shown[key].value["path"])) for key in ("cg-photo-in", "cg-photo-out"))
    assert before.shape == after.shape == (212, 320, 3) and np.abs(after.astype(int) - before).mean() > 20
    assert np.array_equal(after, photos.tiny_example()[1])
    assert shown["cg-photo-status"].value.startswith("**Example:**")
    assert "not the official horse2zebra" in shown["cg-model-status"].value
    assert shown["cg-tiny"].value == "Use the tiny offline model"
