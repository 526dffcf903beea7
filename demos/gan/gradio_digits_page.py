"""Gradio UI of the live GAN page's digit section, a DCGAN trained live: layout and wiring only, no maths."""
import gradio as gr

from demos.api_ui import publish
from demos import history_ui
from demos.gan import api, code, digits, rewind
from demos.gradio_ui import code_download, player


def section(session: gr.State, opened) -> None:
    """The digit section, built inside the page's Blocks; it shares the page's per-user session, made by `opened`.

    The page opens on an invitation: the DCGAN is made by the first Train, Start from scratch or Continue."""
    gr.Markdown(f"## Digits: a DCGAN trained live\n{digits.HINT}")
    with gr.Row():
        scratch_btn = gr.Button("Start from scratch", elem_id="dcgan-scratch")
        resume_btn = gr.Button("Continue the pretrained DCGAN", elem_id="dcgan-pretrained")
        train_btn = gr.Button("▶ Train", variant="primary", elem_id="dcgan-train")
        stop_btn = gr.Button("■ Stop", variant="stop", interactive=False, elem_id="dcgan-stop")
        code_btn = gr.DownloadButton("⬇ Get the code", elem_id="dcgan-code")
    timeline = history_ui.Timeline("dcgan")
    status = gr.Markdown(elem_id="dcgan-status")
    with gr.Row(equal_height=False):
        grid = gr.Image(label="fixed-noise samples", format="png", buttons=[], elem_id="dcgan-grid", min_width=260)
        charts = gr.Plot(show_label=False, elem_id="dcgan-charts", min_width=300)
        histogram = gr.Plot(show_label=False, elem_id="dcgan-histogram", min_width=260)
    outputs = [grid, charts, histogram, status]
    hidden = dict(show_progress="hidden", api_visibility="private")
    opened.then(digits.opened, session, outputs, **hidden)
    started = [button.click(lambda s, p=pretrained: digits.view(s, digits.start(s, p)), session, outputs, **hidden)
               for button, pretrained in ((scratch_btn, False), (resume_btn, True))]
    timer = player(train_btn, stop_btn, session, outputs, run_of=digits.ready)
    code_download(code_btn, session, code.digits_of_session, [opened, *started])  # the DCGAN's script
    timeline.wire(session, lambda s: s.digits, digits.view, outputs, (train_btn, stop_btn, timer), rewind.digit_film)
    publish(api.api_sample, api_name="dcgan_sample")
