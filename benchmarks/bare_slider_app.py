"""The baseline for benchmarks/slider_latency.py: a slider that returns a fixed 196x196 PNG, no model."""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import numpy as np  # noqa: E402


def echo(value: float) -> np.ndarray:
    return np.full((196, 196), int(value * 255), dtype=np.uint8)


with gr.Blocks() as demo:
    noise = gr.Slider(0, 1, value=0, step=0.05, label="Input noise σ", elem_id="ae-noise")
    image = gr.Image(format="png", elem_id="ae-x")
    gr.on([demo.load, noise.input], echo, noise, image, trigger_mode="always_last", show_progress="hidden")

if __name__ == "__main__":
    demo.launch()
