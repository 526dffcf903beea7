"""demos.gradio_ui.control and demos.streamlit_ui.control: a typed number outside its range is clipped, with a
note, in both UIs; Gradio's own Number and Slider raise gr.Error for it instead (issue 17)."""
import gradio as gr
import pytest
from streamlit.testing.v1 import AppTest

from demos.controls import Control
from demos.gradio_ui import ClippedNumber, ClippedSlider, control

SEED = Control("seed", "Seed", 0, "same seed, same run", low=0, high=10_000, step=1)
SIZE = Control("n", "Grid size", 15, "cells per side", low=5, high=25, step=1)
MODEL = Control("model", "Model", "b", choices={"model A": "a", "model B": "b"})


def test_gradio_clips_where_its_own_components_raise():
    with gr.Blocks():
        seed, size, model = control(SEED, elem_id="t-seed"), control(SIZE, elem_id="t-size"), control(MODEL)
    assert isinstance(seed, ClippedNumber) and isinstance(size, ClippedSlider) and isinstance(model, gr.Dropdown)
    assert seed.preprocess(-5) == 0 and seed.preprocess(99_999) == 10_000 and seed.preprocess(None) == 0
    assert size.preprocess(1000) == 25 and size.preprocess(7) == 7
    assert seed.get_block_name() == "number" and size.get_block_name() == "slider"  # drawn by Gradio's own code
    assert seed.note.elem_id == "t-seed-note" and size.note.elem_id == "t-size-note"
    with pytest.raises(gr.Error):  # what the page did before: the red "Error" toast
        gr.Number(0, minimum=0, maximum=10_000).preprocess(-5)


def test_gradio_takes_a_starting_value_through_the_declaration():
    with gr.Blocks():
        size = control(SIZE, value=1000)
    assert size.value == 25


APP = """
import streamlit as st
from demos.controls import Control
from demos.streamlit_ui import control
SEED = Control("seed", "Seed", 0, "same seed", low=0, high=10_000, step=1)
SIZE = Control("n", "Grid size", 15, "cells per side", low=5, high=25, step=1)
MODEL = Control("model", "Model", "b", choices={"model A": "a", "model B": "b"})
st.session_state.setdefault("calls", [])
seed = control(SEED, key="t_seed", on_change=lambda: st.session_state.calls.append(st.session_state.t_seed))
size = control(SIZE, key="t_size")
model = control(MODEL, key="t_model")
st.markdown(f"used {seed} {size} {model}")
"""


def test_streamlit_clips_a_typed_number_and_says_so():
    at = AppTest.from_string(APP).run()
    assert at.markdown[0].value == "used 0 15 b"
    at.number_input(key="t_seed").set_value(-5).run()
    assert at.number_input(key="t_seed").value == 0 and at.markdown[0].value == "used 0 15 b"
    assert [c.value for c in at.caption] == ["Seed: -5 became 0 (allowed 0..10,000)"]
    assert at.session_state.calls == [0]  # the page's own callback saw the clipped value
    at.number_input(key="t_seed").set_value(12).run()
    assert not at.caption and at.markdown[0].value == "used 12 15 b"


def test_streamlit_clips_a_value_set_by_code_before_the_widget_is_drawn():
    at = AppTest.from_string(APP)
    at.session_state["t_size"] = 1000  # as a link or a preset would; st.slider itself would raise
    at.run()
    assert not at.exception and at.slider(key="t_size").value == 25
    assert "Grid size: 1000 became 25" in at.caption[0].value
