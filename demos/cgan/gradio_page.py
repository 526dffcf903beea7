"""Gradio UI of the Conditional GAN page: layout and event wiring only, no maths."""
import gradio as gr

from demos import scene_ui
from demos.api_ui import publish
from demos.cgan import api, controls, gradio_live_page, measures, view
from demos.gradio_ui import LATEX, control, standalone

LIVE = dict(trigger_mode="always_last", show_progress="hidden", api_visibility="private")


def strips(name, y, seed, other_seed, spherical, other_class):
    return (*view.noise_strip(name, y, seed, other_seed, spherical), *view.class_strip(name, y, other_class, seed))


def _generator(demo: gr.Blocks) -> tuple:
    """Model, class and seed -> the digit, large; the two buttons; the link to the page's setup. -> (model, class,
    seed) for the other panels, the event that shows the digit, and the link's box and note."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            model = control(controls.MODEL, elem_id="cgan-model", widget="radio")
            y = control(controls.CLASS, elem_id="cgan-class", widget="radio")
            seed = control(controls.SEED, elem_id="cgan-seed")  # clipped to its range, with a note beside it
            with gr.Row():
                new_noise = gr.Button("↻ New noise", variant="primary", elem_id="cgan-new-noise", min_width=120)
                next_class = gr.Button("Same noise, next class", elem_id="cgan-next-class", min_width=120)
            gr.Markdown(view.DIGIT_NOTE, latex_delimiters=LATEX)
            status = gr.Markdown(elem_id="cgan-status")
            box, said = scene_ui.link_box("cgan-link")  # follows every control of the page, made further down
        with gr.Column(scale=2, min_width=280):
            image = gr.Image(label=view.DIGIT_CAPTION, format="png", buttons=[], height=320,
                             elem_id="cgan-digit")
    shown = gr.on([demo.load, model.change, y.change, seed.change], view.digit, [model, y, seed], [image, status],
                  **LIVE)
    new_noise.click(view.next_seed, seed, seed, show_progress="hidden", api_visibility="private")
    next_class.click(view.next_class, y, y, show_progress="hidden", api_visibility="private")
    return model, y, seed, shown, box, said


def _style_grid(demo: gr.Blocks, model, seed):
    gr.Markdown(view.GRID_NOTE, latex_delimiters=LATEX)
    columns = control(controls.COLUMNS, elem_id="cgan-columns")
    grid = gr.Image(show_label=False, format="png", buttons=[], elem_id="cgan-grid")
    gr.Markdown(view.GRID_CAPTION)
    gr.on([demo.load, model.change, seed.change, columns.change], view.style_grid, [model, seed, columns], grid, **LIVE)
    return columns


def _interpolation(shown, model, y, seed) -> list:
    """The strips follow the digit (`shown`), so that the digit, the first thing one looks at, comes first."""
    gr.Markdown(view.INTERPOLATION_NOTE, latex_delimiters=LATEX)
    with gr.Row():
        other_seed = control(controls.OTHER_SEED, elem_id="cgan-other-seed", min_width=160)
        c = controls.SPHERICAL
        spherical = gr.Checkbox(c.default, label=c.label, info=c.hint, elem_id="cgan-slerp", min_width=160)
    noise_strip = gr.Image(show_label=False, format="png", buttons=[], elem_id="cgan-noise-strip")
    noise_read = gr.Markdown(elem_id="cgan-noise-read")
    other_class = control(controls.OTHER_CLASS, elem_id="cgan-other-class", widget="radio")
    class_strip = gr.Image(show_label=False, format="png", buttons=[], elem_id="cgan-class-strip")
    class_read = gr.Markdown(elem_id="cgan-class-read")
    inputs = [model, y, seed, other_seed, spherical, other_class]
    outputs = [noise_strip, noise_read, class_strip, class_read]
    shown.then(strips, inputs, outputs, **LIVE)
    gr.on([other_seed.change, spherical.change, other_class.change], strips, inputs, outputs, **LIVE)
    return [other_seed, spherical, other_class]


def _measurements(demo: gr.Blocks, model) -> None:
    """Judged once per model and process, on first use: the confusion matrix, accuracy, the DCGAN's histogram."""
    gr.Markdown("## How well does conditioning work?")
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            confusion = gr.Plot(show_label=False, elem_id="cgan-confusion")
            gr.Markdown(measures.CONFUSION_NOTE)
        with gr.Column(min_width=300):
            accuracy = gr.Plot(show_label=False, elem_id="cgan-accuracy")
            gr.Markdown(measures.ACCURACY_NOTE)
    summary = gr.Markdown(elem_id="cgan-summary")
    gr.Markdown(measures.COMPARE_NOTE)
    histogram = gr.Plot(show_label=False, elem_id="cgan-histogram")
    histogram_note = gr.Markdown(elem_id="cgan-histogram-note")
    gr.on([demo.load, model.change], measures.panels, model, [confusion, accuracy, summary, histogram, histogram_note],
          **LIVE)


def build(demo: gr.Blocks) -> None:
    """The Conditional GAN page. Built into `demo`, whose .load it uses."""
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}", latex_delimiters=LATEX)
    model, y, seed, shown, box, said = _generator(demo)
    columns = _style_grid(demo, model, seed)
    scene = [model, y, seed, columns, *_interpolation(shown, model, y, seed)]  # controls.CONTROLS' order
    _measurements(demo, model)
    kind = gradio_live_page.section(demo, scene, said)  # a link (/cgan?y=7&seed=42) sets them once on load
    scene_ui.follow(controls.CONTROLS, [*scene, kind], box)
    publish(api.generate, api_name="cgan_generate")


if __name__ == "__main__":
    standalone(build).launch()
