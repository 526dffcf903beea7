"""Gradio UI of the VAE page: layout and event wiring only, no maths."""
import gradio as gr

from demos import api_ui, digits, mnist, scene_ui
from demos.gradio_ui import LATEX, control, standalone, upload as upload_box
from demos.sketch_ui import DrawingPad
from demos.vae import controls, elbo, view
from demos.vae.current import AT_MU, Current, opening

LAST = dict(trigger_mode="always_last", api_visibility="private")  # a link's model may come while the load's runs


def _sliders(values, label):
    """Slider updates: the first latent_dim show the values (clipped to their range), the rest hide."""
    z, _ = view.clip_z(values, label)
    return [gr.Slider(value=round(float(v), 2), visible=True) for v in z] + \
           [gr.Slider(value=0.0, visible=False)] * (view.MAX_LATENT - len(z))


def decode(label, *values):
    z, note = view.clip_z(values, label)
    return view.decode(z, label), note


def _start(current: Current, digit, message, label, redraw: bool = False):
    """A new digit (redraw: the current one again): sliders to its μ(x), every digit panel redrawn (current.draw).
    Skips all but the message (a digit refused), all (on screen already), z's (the page was built with them)."""
    mu, image, panels = (current.draw(digit, label) if digit is not None or redraw else None) or (None, None, None)
    z_shown = [*_sliders(mu, label), image] if mu is not None else [gr.skip()] * (view.MAX_LATENT + 1)
    return (*z_shown, gr.skip() if redraw and mu is None else message, *(panels or [gr.skip()] * elbo.N_PANELS))


def start_from(current, label, evt: gr.SelectData):
    caption = mnist.gallery_caption(evt.index)
    return _start(current, mnist.gallery_digit(evt.index), f"Sliders set to μ(x) of {caption}.", label)


def drawn(current, sketch, label):
    return _start(current, *digits.from_sketch(sketch), label)


def uploaded(current, path, label):
    return _start(current, *digits.from_upload(path), label)


def show_cell(n, evt: gr.SelectData):
    return view.manifold_cell(n, *evt.index)


def sample(label, seed):
    z, used = view.prior_sample(label, seed)
    return (*_sliders(z, label), view.decode(z, label), f"z ~ N(0, I), seed {used}.", controls.next_seed(used))


def reset(label):
    z = [0.0] * view.latent_dim(label)
    return (*_sliders(z, label), view.decode(z, label), "z = 0, the prior's mean.")


def switch_model(current, label):
    """A new model, or the page opening: the sliders at the current digit's μ(x), unless shown already (issue 17)."""
    return _start(current, None, AT_MU, label, redraw=True)


def build(demo: gr.Blocks) -> None:
    """The VAE page. Built into `demo`, whose .load it uses."""
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}", latex_delimiters=LATEX)
    digit = gr.State(Current())  # each visitor's copy at their first event (current.py); no load remakes it
    mu, at_mu = opening()  # the sliders and decoded digit start there: the load leaves them (current.py)
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            model = control(controls.MODEL, elem_id="vae-model")
            with gr.Tabs():
                with gr.Tab("Start from a test digit"):  # a click sets the sliders to the digit's μ(x)
                    gallery = gr.Gallery([img for img, _ in mnist.gallery()], columns=10, height="auto",
                                         show_label=False, allow_preview=False, elem_id="vae-gallery",
                                         elem_classes=["genlab-digits"], buttons=[])
                with gr.Tab("Draw"):
                    sketch = DrawingPad("Draw a digit", elem_id="vae-sketch")
                with gr.Tab("Upload"):
                    upload = upload_box("an image of one digit, any format", "vae-upload")
            with gr.Row():
                seed = control(controls.SEED, elem_id="vae-seed")
                sample_btn = gr.Button("Sample z ~ N(0, I)", variant="primary", elem_id="vae-sample-btn")
                reset_btn = gr.Button("Reset to 0", elem_id="vae-reset-btn")
            status = gr.Markdown(AT_MU, elem_id="vae-status")
            link, said = scene_ui.link_box("vae-link")  # follows the page's controls, most made further down
        with gr.Column(scale=3, min_width=300):
            gr.Markdown(view.SLIDERS_NOTE, latex_delimiters=LATEX)
            with gr.Row():
                decoded = gr.Image(at_mu, label="decoded digit E[x | z]", format="png", elem_id="vae-decoded",
                                   buttons=[], min_width=200)
                with gr.Column(min_width=260):
                    sliders = [control(z, round(mu[i], 2) if i < len(mu) else None, visible=i < len(mu),
                                       elem_id=f"vae-z{i}") for i, z in enumerate(controls.Z)]
    gr.Markdown(f"## The 2-D manifold\n{view.MANIFOLD_NOTE}", latex_delimiters=LATEX)
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            grid_n = control(controls.GRID_N, elem_id="vae-grid-n")
            manifold = gr.Image(label="decoded grid z = Φ⁻¹(u): click a cell", format="png", elem_id="vae-manifold",
                                buttons=[], interactive=False)
            cell = gr.Image(label="that cell, large", format="png", elem_id="vae-cell", buttons=[], height=220)
            cell_z = gr.Markdown(elem_id="vae-cell-z")
        vae_map = gr.Plot(show_label=False, elem_id="vae-map", min_width=300)
        ae_map = gr.Plot(show_label=False, elem_id="vae-ae-map", min_width=300)
    gr.Markdown(f"## Posterior, reparameterisation and the ELBO\n{view.POSTERIOR_NOTE}\n\n{view.ELBO_NOTE}",
                latex_delimiters=LATEX)
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            mu_sigma = gr.Plot(show_label=False, elem_id="vae-posterior")
            strip = gr.Image(label="decoded from z = μ + σ ⊙ ε", format="png", elem_id="vae-eps", buttons=[])
        with gr.Column(min_width=300):
            terms = gr.Markdown(elem_id="vae-elbo", latex_delimiters=LATEX)
            kl = gr.Plot(show_label=False, elem_id="vae-kl")
    gr.Markdown(elbo.BETA_NOTE, latex_delimiters=LATEX)
    with gr.Row():
        betas = [gr.Image(label=label, format="png", buttons=[], min_width=100) for label in elbo.BETAS]
        with gr.Column(scale=2, min_width=300):  # on a phone the table takes a line of its own, not a sliver
            beta_table = gr.Markdown(elem_id="vae-beta-table")
    gr.Markdown(view.INTERPOLATION_NOTE, latex_delimiters=LATEX)
    with gr.Row():
        end_a, end_b = control(controls.END_A, elem_id="vae-from"), control(controls.END_B, elem_id="vae-to")
        spherical = gr.Checkbox(False, label=controls.SPHERICAL_LABEL, info=controls.SPHERICAL_HINT)
    latent_strip = gr.Image(label="latent interpolation", format="png", elem_id="vae-interp", buttons=[])
    pixel_strip = gr.Image(label="pixel cross-fade", format="png", elem_id="vae-fade", buttons=[])
    gr.Markdown(view.PRIOR_NOTE, latex_delimiters=LATEX)
    temperature = control(controls.TEMPERATURE, elem_id="vae-temperature")
    prior = gr.Image(label="decoded prior samples", format="png", elem_id="vae-prior", buttons=[])

    linked = scene_ui.on_load(demo, controls.CONTROLS, [model, seed, grid_n, temperature, end_a, end_b], link, said)
    linked.then(view.manifold_view, grid_n, [manifold, cell, cell_z], api_visibility="private")  # then on release
    linked.then(view.prior_grid, [model, temperature], prior, api_visibility="private")
    gr.on([s.input for s in sliders], decode, [model, *sliders], [decoded, status], show_progress="hidden", **LAST)
    starts = [*sliders, decoded, status, mu_sigma, strip, terms, kl, *betas, beta_table, vae_map, ae_map]  # the panels
    gr.on([demo.load, model.change], switch_model, [digit, model], starts, **LAST)
    gallery.select(start_from, [digit, model], starts, api_visibility="private")
    sketch.input(drawn, [digit, sketch, model], starts, trigger_mode="always_last", api_visibility="private")
    upload.upload(uploaded, [digit, upload, model], starts, api_visibility="private")
    manifold.select(show_cell, grid_n, [cell, cell_z], api_visibility="private")
    sample_btn.click(sample, [model, seed], [*sliders, decoded, status, seed], api_visibility="private")
    reset_btn.click(reset, model, [*sliders, decoded, status], api_visibility="private")
    gr.on([grid_n.release], view.manifold_view, grid_n, [manifold, cell, cell_z], api_visibility="private")
    gr.on([demo.load, end_a.change, end_b.change, spherical.change, model.change], elbo.interpolate_gallery,
          [end_a, end_b, model, spherical], [latent_strip, pixel_strip], **LAST)
    gr.on([temperature.release, model.change], view.prior_grid, [model, temperature], prior, **LAST)
    api_ui.publish(view.api_decode, api_name="vae_decode")
    api_ui.publish(view.api_encode, api_name="vae_encode")

if __name__ == "__main__":
    standalone(build).launch()
