"""Gradio UI of the CycleGAN page's level 2, digits <-> zebra digits: layout and wiring only, no maths."""
import gradio as gr

from demos import digits, mnist
from demos.cyclegan import zebra
from demos.gradio_ui import LATEX, upload as upload_box
from demos.sketch_ui import DrawingPad

HIDDEN = dict(show_progress="hidden", api_visibility="private")
TILES = dict(format="png", buttons=[], min_width=280)


def _shown(result):
    """A rejected digit keeps the images that are there and says why."""
    first, second, table = result
    return (gr.skip(), gr.skip(), table) if first is None else result


def picked(evt: gr.SelectData):
    caption = mnist.gallery_caption(evt.index)
    return _shown(zebra.forward(mnist.gallery_digit(evt.index), f"From the gallery: {caption}."))


def drawn(sketch):
    return _shown(zebra.forward(*digits.from_sketch(sketch)))


def uploaded(path):
    return _shown(zebra.forward(*digits.from_upload(path)))


def wrong(k):
    """The next test digit that λ = 0 brings back as another digit (the first click judges all 1,000: a few seconds)."""
    return (*_shown(zebra.forward(*zebra.failure(k))), k + 1)


def picked_zebra(evt: gr.SelectData):
    caption = zebra.zebra_gallery()[evt.index][1]
    return _shown(zebra.reverse(zebra.zebra_digit(evt.index), f"From the gallery: {caption}."))


def uploaded_zebra(path):
    return _shown(zebra.reverse(*zebra.zebra_from_upload(path)))


def opened():
    """The section as the page opens: the default test digit both ways, the zebra gallery, the cards' numbers."""
    position = zebra.DEFAULT_POSITION
    forward = zebra.forward(mnist.gallery_digit(position), f"From the gallery: {mnist.gallery_caption(position)}.")
    reverse = zebra.reverse(zebra.zebra_digit(position), f"From the gallery: {zebra.zebra_gallery()[position][1]}.")
    gallery = [image for image, _ in zebra.zebra_gallery()] if not zebra.missing() else []
    return (*forward, *reverse, gallery, zebra.card_numbers())


def _models(prefix: str, tiles: str) -> list:
    """One strip per model, titled above (Gradio's label badge would cover a phone-sized strip)."""
    images = []
    with gr.Column(scale=3, min_width=300):
        for name, label in zebra.MODELS.items():
            gr.Markdown(f"**{label}**: {tiles}")
            images.append(gr.Image(show_label=False, elem_id=f"{prefix}-{name.rsplit('_', 1)[1]}", **TILES))
    return images


def section(demo: gr.Blocks) -> None:
    """Level 2: a test digit, a drawing or an upload both ways through the λ = 10 and λ = 0 models."""
    gr.Markdown(zebra.HINT, latex_delimiters=LATEX)
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            with gr.Tabs():
                with gr.Tab("Pick a test digit"):
                    gallery = gr.Gallery([img for img, _ in mnist.gallery()], columns=10, height="auto",
                                         show_label=False, allow_preview=False, elem_id="cg-gallery",
                                         elem_classes=["genlab-digits"], buttons=[])
                with gr.Tab("Draw"):
                    sketch = DrawingPad("Draw a digit", elem_id="cg-sketch")
                with gr.Tab("Upload"):
                    upload = upload_box("an image of one digit, any format", "cg-upload")
            wrong_btn = gr.Button("Show a digit λ = 0 gets wrong", elem_id="cg-wrong")
            failure = gr.State(0)
        forward = _models("cg-fwd", zebra.FORWARD_TILES)
    forward_table = gr.Markdown(elem_id="cg-fwd-table")
    cards = gr.Markdown(elem_id="cg-cards")
    reverse_out, zebra_gallery = _reverse()
    forward_out = [*forward, forward_table]
    demo.load(opened, None, [*forward_out, *reverse_out, zebra_gallery, cards], **HIDDEN)
    gallery.select(picked, None, forward_out, **HIDDEN)
    sketch.input(drawn, sketch, forward_out, trigger_mode="always_last", **HIDDEN)
    upload.upload(uploaded, upload, forward_out, **HIDDEN)
    wrong_btn.click(wrong, failure, [*forward_out, failure], api_visibility="private", show_progress="minimal")


def _reverse() -> tuple[list, gr.Gallery]:
    """y -> F(y) -> G(F(y)) from a zebra test digit or an upload. -> (its outputs, the gallery the page fills)."""
    gr.Markdown(zebra.REVERSE_HINT, latex_delimiters=LATEX)
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            with gr.Tabs():
                with gr.Tab("Pick a zebra test digit"):
                    zebra_gallery = gr.Gallery(columns=10, height="auto", show_label=False, allow_preview=False,
                                               elem_id="cg-zebra-gallery", elem_classes=["genlab-digits"], buttons=[])
                with gr.Tab("Upload"):
                    zebra_upload = upload_box("an image of one striped digit", "cg-zebra-upload")
        reverse = _models("cg-rev", zebra.REVERSE_TILES)
    reverse_out = [*reverse, gr.Markdown(elem_id="cg-rev-table")]
    zebra_gallery.select(picked_zebra, None, reverse_out, **HIDDEN)
    zebra_upload.upload(uploaded_zebra, zebra_upload, reverse_out, **HIDDEN)
    return reverse_out, zebra_gallery
