"""The apps for benchmarks/draw_latency.py: the Autoencoder's drawing -> reconstruction, wired two ways on one page.

#old: gr.Sketchpad (brush picked by hand) with `.change`, as the Autoencoder page was wired before issue 17;
#new: demos/sketch_ui.DrawingPad with `.input`, as the pages are wired now. Same handler, same output image.
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from demos import digits  # noqa: E402
from demos.autoencoder import view  # noqa: E402
from demos.sketch_ui import DrawingPad  # noqa: E402


def reconstruct(sketch):
    digit, _ = digits.from_sketch(sketch)
    return gr.skip() if digit is None else view.reconstruct(digit, view.DEFAULT_MODEL, 0.0).x_hat


with gr.Blocks() as demo:
    with gr.Row():
        old = gr.Sketchpad(label="gr.Sketchpad", image_mode="L", type="numpy", canvas_size=(280, 280), elem_id="old",
                           brush=gr.Brush(default_size=12, colors=["#000000"], color_mode="fixed"))
        old_out = gr.Image(format="png", elem_id="old-out")
    with gr.Row():
        new = DrawingPad("DrawingPad", elem_id="new")
        new_out = gr.Image(format="png", elem_id="new-out")
    old.change(reconstruct, old, old_out, trigger_mode="always_last", show_progress="hidden")
    new.input(reconstruct, new, new_out, trigger_mode="always_last", show_progress="hidden")

if __name__ == "__main__":
    demo.launch()
