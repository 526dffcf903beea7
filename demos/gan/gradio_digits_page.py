"""Gradio UI of the live GAN page's digit section, a DCGAN trained live: layout and wiring only, no maths."""
import gradio as gr

from demos.api_ui import publish
from demos import history_ui
from demos.gan import api, digits, rewind
from demos.gradio_ui import player


def section(session: gr.State, opened) -> None:
    """The digit section, built inside the page's Blocks; it shares the page's per-user session, made by `opened`.

    The page opens on an invitation: the DCGAN is made by the first Train, Start from scratch or Continue."""
    gr.Markdown(f"## Digits: a DCGAN trained live\n{digits.HINT}")
    with gr.Row():
        scratch_btn = gr.Button("Start from scratch", elem_id="dcgan-scratch")
        resume_btn = gr.Button("Continue the pretrained DCGAN", elem_id="dcgan-pretrained")
        train_btn = gr.Button("▶ Train", variant="primary", elem_id="dcgan-train")
        stop_btn = gr.Button("■ Stop", variant="stop", interactive=False, elem_id="dcgan-stop")
    timeline = history_ui.Timeline("dcgan")
    status = gr.Markdown(elem_id="dcgan-status")
    with gr.Row(equal_height=False):
        grid = gr.Image(label="fixed-noise samples", format="png", buttons=[], elem_id="dcgan-grid", min_width=260)
        charts = gr.Plot(show_label=False, elem_id="dcgan-charts", min_width=300)
        histogram = gr.Plot(show_label=False, elem_id="dcgan-histogram", min_width=260)
    outputs = [grid, charts, histogram, status]
    hidden = dict(show_progress="hidden", api_visibility="private")
    opened.then(digits.opened, session, outputs, **hidden)
    scratch_btn.click(lambda s: digits.view(s, digits.start(s, False)), session, outputs, **hidden)
    resume_btn.click(lambda s: digits.view(s, digits.start(s, True)), session, outputs, **hidden)
    timer = player(train_btn, stop_btn, session, outputs, run_of=digits.ready)
    timeline.wire(session, lambda s: s.digits, digits.view, outputs, (train_btn, stop_btn, timer), rewind.digit_film)
    publish(api.api_sample, api_name="dcgan_sample")
