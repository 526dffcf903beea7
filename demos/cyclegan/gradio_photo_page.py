"""Gradio UI of the CycleGAN page's level 3, the official photo models: layout and wiring only, no maths."""
import gradio as gr

from demos.cyclegan import controls, photos
from demos.gradio_ui import LATEX, control, upload

HIDDEN = dict(show_progress="hidden", api_visibility="private")
HEAVY = dict(show_progress="minimal", api_visibility="private", concurrency_limit=1, concurrency_id="cyclegan-photo")


def section(demo: gr.Blocks) -> None:
    """Level 3: the tiny offline generator's example pair first; a generator by name (downloaded once), from an
    uploaded .pth or the tiny one again, then a photo through it (the example photo until one is uploaded)."""
    gr.Markdown(photos.HINT, latex_delimiters=LATEX)
    session = gr.State(photos.new_session())  # each visitor's copy at their first event; no load remakes it
    example_in, example_out, example_note = photos.tiny_example()
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            name = control(controls.OFFICIAL, elem_id="cg-official")
            with gr.Row():
                fetch_btn = gr.Button("Download and load", variant="primary", elem_id="cg-fetch", min_width=140)
                tiny_btn = gr.Button("Use the tiny offline model", elem_id="cg-tiny", min_width=140)
        checkpoint = upload("…or upload a generator, a .pth file", "cg-pth", photos.MAX_CHECKPOINT_MB, [".pth"],
                            min_width=300)
    model_status = gr.Markdown(photos.model_note(session.value), elem_id="cg-model-status")
    with gr.Row(equal_height=False):
        photo = upload("A photo (JPEG, PNG, …)", "cg-photo", min_width=300)
        before = gr.Image(example_in, label="the photo, as the network sees it", format="png", buttons=["fullscreen"],
                          interactive=False, elem_id="cg-photo-in", min_width=300)
        after = gr.Image(example_out, label="translated", format="png", buttons=["download", "fullscreen"],
                         interactive=False, elem_id="cg-photo-out", min_width=300)
    photo_status = gr.Markdown(example_note, elem_id="cg-photo-status")

    shown = [before, after, photo_status]
    fetch_btn.click(photos.fetch, [session, name], model_status, **HEAVY).then(
        photos.translate_photo, [session, photo], shown, **HEAVY)
    checkpoint.upload(photos.load_upload, [session, checkpoint], model_status, **HEAVY).then(
        photos.translate_photo, [session, photo], shown, **HEAVY)
    tiny_btn.click(photos.use_tiny, session, model_status, **HIDDEN).then(
        photos.translate_photo, [session, photo], shown, **HEAVY)
    photo.upload(photos.translate_photo, [session, photo], shown, **HEAVY)
    photo.clear(photos.translate_photo, [session, photo], shown, **HEAVY)  # back to the example photo
