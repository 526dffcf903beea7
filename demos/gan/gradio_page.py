"""Gradio UI of the live GAN page: layout and event wiring only, no maths."""
import time

import gradio as gr

from demos import history_ui, scene_ui
from demos.api_ui import publish
from demos.gan import api, canvas, code, controls, rewind, view
from demos.gan import gradio_digits_page
from demos.gradio_ui import LATEX, code_download, control, player, standalone
from demos.sketch_ui import DrawingPad

SETTINGS = controls.SETTINGS


def _settings(values) -> dict:
    return dict(zip(SETTINGS, values))


def choose_preset(session, label):
    """Every control takes the preset's value; the trainer starts over."""
    settings = controls.preset_settings(label)
    view.rebuild(session, settings)
    return (*[gr.update(value=settings[key]) for key in SETTINGS],
            *view.frame(session, note=controls.PRESET_NOTES[label][1]))


def _widget(key: str):
    """A declared control (demos/gan/controls.py); words as choices (optimisers, noise) are radio buttons."""
    radio = {"widget": "radio"} if key in ("d_optimizer", "g_optimizer", "noise") else {}
    return control(controls.CONTROLS[key], elem_id=f"gan-{key}", **radio)


def _hyperparameters() -> list:
    widgets = []
    keys = controls.HYPERPARAMETERS
    for pair in zip(keys[::2], keys[1::2]):
        with gr.Row():
            widgets += [_widget(key) for key in pair]
    return widgets


def changed(session, *values):
    """A control's new value; a repeated event (a dropdown fires on select and on blur) leaves the page as it is."""
    note = view.apply(session, _settings(values))
    return view.frame(session, note=note) if note else [gr.skip()] * 4


def linked(session, *values):
    """On load, once a link has set the controls (/gan?data=ring8&seed=3): the run made from them (none: no change)."""
    view.apply(session, _settings(values))


def reset(session, *values):
    return view.frame(session, note=view.rebuild(session, _settings(values)))


def drawn(session, sketch, *values):
    image = sketch.get("composite") if isinstance(sketch, dict) else sketch
    return view.frame(session, note=view.use_drawing(session, image, _settings(values)))


def set_layers(session, layers):
    session.layers = tuple(layers)
    return view.frame(session)


def slow(session):
    for frame in view.slow_motion(session):
        yield tuple(frame)
        time.sleep(view.SLOW_SECONDS)


def build(demo: gr.Blocks) -> None:
    """The live GAN page (2-D canvas and charts, then digits), built into `demo`."""
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}\n\n{view.MINIMAX}", latex_delimiters=LATEX)
    session = gr.State(view.blank())  # blank: each visitor gets a copy, whose trainer their first event makes
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            with gr.Row():  # above the canvas: at 1280 x 900 both are on screen at once (issue 17)
                play_btn = gr.Button("▶ Play", variant="primary", elem_id="gan-play", min_width=80)
                stop_btn = gr.Button("■ Stop", variant="stop", interactive=False, elem_id="gan-stop", min_width=80)
                reset_btn = gr.Button("↺ Reset", elem_id="gan-reset", min_width=80)
            plot = gr.Plot(show_label=False, elem_id="gan-canvas")
            layers = gr.CheckboxGroup(list(canvas.LAYERS), value=list(canvas.LAYERS), label="Layers",
                                      info=view.CANVAS_HINT, elem_id="gan-layers")
            with gr.Row():
                step_d = gr.Button("Step D", size="sm", elem_id="gan-step-d", min_width=60)
                step_g = gr.Button("Step G", size="sm", elem_id="gan-step-g", min_width=60)
                step_both = gr.Button("Step both", size="sm", elem_id="gan-step", min_width=60)
                slow_btn = gr.Button("Slow motion", size="sm", elem_id="gan-slow", min_width=60)
            timeline = history_ui.Timeline("gan")  # under the canvas: Play and the canvas share the screen
            status = gr.Markdown(elem_id="gan-status")
        with gr.Column(scale=2, min_width=300):
            preset = control(controls.PRESET, elem_id="gan-preset")
            data, loss = _widget("data"), _widget("loss")
            with gr.Accordion("Hyperparameters (optimiser, k, batch: live; the rest resets)", open=False):
                knobs = _hyperparameters()
            with gr.Accordion("Draw your own distribution", open=False):
                sketch = DrawingPad("Draw strokes", elem_id="gan-sketch", side=300, pen=6)
                draw_btn = gr.Button("Train on my drawing", elem_id="gan-use-drawing")
            code_btn = gr.DownloadButton("⬇ Get the code", size="sm", elem_id="gan-code")
            link, said = scene_ui.link_box("gan-link")
    with gr.Row(equal_height=False):
        charts = gr.Plot(show_label=False, elem_id="gan-charts", min_width=320)
        with gr.Column(min_width=300):
            gr.Markdown(view.CHARTS_HINT)
            signal = gr.Plot(show_label=False, elem_id="gan-signal")
            gr.Markdown(view.SIGNAL, latex_delimiters=LATEX)
    settings = [data, loss, *knobs]
    frame = [plot, charts, signal, status]
    hidden = dict(show_progress="hidden", api_visibility="private")
    opened = scene_ui.on_load(demo, controls.SCENE, settings, link, said).then(  # a link's setup first
        linked, [session, *settings], None, **hidden)
    gradio_digits_page.section(session, opened)

    opened.then(view.frame, session, frame, **hidden)
    chosen = preset.input(choose_preset, [session, preset], [*settings, *frame], **hidden)
    edited = gr.on([c.input for c in settings], changed, [session, *settings], frame, trigger_mode="always_last",
                   **hidden)
    layers.input(set_layers, [session, layers], frame, **hidden)
    was_reset = reset_btn.click(reset, [session, *settings], frame, **hidden)
    drew = draw_btn.click(drawn, [session, sketch, *settings], frame, **hidden)
    for button, phase in ((step_d, "d"), (step_g, "g"), (step_both, "both")):
        button.click(lambda s, p=phase: view.step_once(s, p), session, frame, **hidden)
    slow_btn.click(slow, session, frame, concurrency_limit=8, **hidden)  # mostly asleep: its own small group
    timer = player(play_btn, stop_btn, session, frame, run_of=view.ready)  # Play before the load event: it works
    timeline.wire(session, view.ready, view.frame, frame, (play_btn, stop_btn, timer), rewind.film)
    code_download(code_btn, session, code.of_session, [opened, chosen, edited, was_reset, drew])
    publish(api.api_train, api_name="gan2d_train", training=True)

if __name__ == "__main__":
    standalone(build).launch()
