"""Gradio UI of the Autoencoder page: layout and event wiring only, no maths."""
import gradio as gr

from demos import digits, mnist, scene_ui
from demos.api_contract import Seed, Upload, checked, one_of, real
from demos.api_ui import publish
from demos.autoencoder import controls, view
from demos.gradio_ui import LATEX, control, standalone, upload as upload_box
from demos.sketch_ui import DrawingPad


def _show(digit, label, noise):
    r = view.reconstruct(digit, label, noise)
    return r.x, r.x_hat, r.error, r.pca, r.code, r.latent_map, r.summary


def _show_while_dragging(digit, label, noise):
    """Images and numbers only: redrawing the two plots costs the browser ~270 ms per update, so they
    follow on release (benchmarks/slider_latency.py); on a stroke, in the event's .then (draw_latency.py)."""
    r = view.reconstruct(digit, label, noise, figures=False)
    return r.x, r.x_hat, r.error, r.pca, gr.skip(), gr.skip(), r.summary


def _take(digit, message, label, noise):
    """A new input digit: keep it and redraw; a rejected one: say why and keep everything as it was."""
    if digit is None:
        return (gr.skip(), message, *[gr.skip()] * 7)
    return (digit, message, *_show(digit, label, noise))


def pick(label, noise, evt: gr.SelectData):
    digit = mnist.gallery_digit(evt.index)
    return _take(digit, f"Picked {mnist.gallery_caption(evt.index)} from the gallery.", label, noise)


def drawn(sketch, label, noise):
    digit, message = digits.from_sketch(sketch)
    if digit is None:
        return (gr.skip(), message, *[gr.skip()] * 7)
    return (digit, message, *_show_while_dragging(digit, label, noise))


def uploaded(path, label, noise):
    return _take(*digits.from_upload(path), label, noise)


def first_view(label, noise, seed):
    digit = view.default_digit()
    return (digit, f"Showing {mnist.gallery_caption(0)}: pick another, draw one or upload an image.",
            *_show(digit, label, noise), *view.random_samples(label, seed))


def resample(label, seed):
    """Sample: the next seed's codes. The box holds the seed of the grid on screen, as in Streamlit, so the link
    to this setup (seed=...) reproduces it."""
    return view.random_samples(label, controls.next_seed(seed))


def sample(label, seed):
    grid, verdict, used = view.random_samples(label, seed)
    return grid, verdict, controls.next_seed(used)


Model, Noise = one_of(*view.MODELS), real(0, view.NOISE_MAX)  # the API's declarations


@checked
def api_reconstruct(image: Upload, model: Model = view.DEFAULT_MODEL, noise: Noise = 0.0):
    return uploaded(image["path"], model, noise)


@checked
def api_sample(model: Model = view.DEFAULT_MODEL, seed: Seed = 0):
    return sample(model, seed)


def build(demo: gr.Blocks) -> None:
    """The Autoencoder page. Built into `demo`, whose .load it uses."""
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}", latex_delimiters=LATEX)
    digit = gr.State(None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            with gr.Tabs():
                with gr.Tab("Pick a test digit", id="gallery"):
                    gallery = gr.Gallery([image for image, _ in mnist.gallery()], columns=10, height="auto",
                                         allow_preview=False, show_label=False, elem_id="ae-gallery",
                                         elem_classes=["genlab-digits"],
                                         object_fit="contain", buttons=[])
                with gr.Tab("Draw", id="draw"):
                    sketch = DrawingPad("Draw a digit", elem_id="ae-sketch")
                with gr.Tab("Upload", id="upload"):
                    upload = upload_box("Upload an image of one digit, any format", "ae-upload")
            status = gr.Markdown(elem_id="ae-status")
            model = control(controls.MODEL, elem_id="ae-model")
            noise = control(controls.NOISE, elem_id="ae-noise")
            link, said = scene_ui.link_box("ae-link")  # follows model, noise and seed, the last made further down
        with gr.Column(scale=3, min_width=300):
            with gr.Row():
                x_in = gr.Image(label="x", format="png", elem_id="ae-x", min_width=110, buttons=[])
                x_hat = gr.Image(label="x' = g(f(x))", format="png", elem_id="ae-xhat", min_width=110, buttons=[])
                error = gr.Image(label="|x − x'|", format="png", elem_id="ae-error", min_width=110, buttons=[])
                pca = gr.Image(label="PCA", format="png", elem_id="ae-pca", min_width=110, buttons=[])
            summary = gr.Markdown(elem_id="ae-summary")
            code = gr.Plot(label="code z", elem_id="ae-code", show_label=False)
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            gr.Markdown(f"### The latent space\n{view.LATENT_NOTE}", latex_delimiters=LATEX)
            latent = gr.Plot(elem_id="ae-latent", show_label=False)
        with gr.Column(min_width=300):
            gr.Markdown(f"### Sample a random z\n{view.SAMPLE_NOTE}", latex_delimiters=LATEX)
            with gr.Row():
                seed = control(controls.SEED, elem_id="ae-seed")
                sample_btn = gr.Button("Sample a random z", variant="primary", elem_id="ae-sample-btn")
            samples = gr.Image(label="decoded random codes", format="png", elem_id="ae-samples", buttons=[])
            verdict = gr.Markdown(elem_id="ae-verdict")
    gr.Markdown(view.PCA_NOTE, latex_delimiters=LATEX)

    shown = [x_in, x_hat, error, pca, code, latent, summary]
    scene_ui.follow(controls.CONTROLS, [model, noise, seed], link)
    demo.load(**scene_ui.apply(controls.CONTROLS, [model, noise, seed], said)).then(  # a link's setup first
        first_view, [model, noise, seed], [digit, status, *shown, samples, verdict, seed], api_visibility="private")
    gallery.select(pick, [model, noise], [digit, status, *shown], api_visibility="private")
    sketch.input(drawn, [sketch, model, noise], [digit, status, *shown], trigger_mode="always_last",
                 show_progress="hidden", api_visibility="private").then(
        view.figures, [digit, model, noise], [code, latent], show_progress="hidden", api_visibility="private")
    upload.upload(uploaded, [upload, model, noise], [digit, status, *shown], api_visibility="private")
    noise.input(_show_while_dragging, [digit, model, noise], shown, trigger_mode="always_last",
                show_progress="hidden", api_visibility="private")
    gr.on([model.input, noise.release], _show, [digit, model, noise], shown, trigger_mode="always_last",
          show_progress="hidden", api_visibility="private")
    # a new model redraws the grid too: the old model's digits under the new model's name misled (issue 17). On
    # .input, not .change: a link's model is drawn by first_view, once the digit exists
    sample_btn.click(resample, [model, seed], [samples, verdict, seed], api_visibility="private")
    model.input(view.random_samples, [model, seed], [samples, verdict, seed], api_visibility="private")
    publish(api_reconstruct, api_name="ae_reconstruct", outputs=[digit, status, *shown])
    publish(api_sample, api_name="ae_sample", outputs=[samples, verdict, seed])

if __name__ == "__main__":
    standalone(build).launch()
