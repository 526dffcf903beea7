"""Gradio UI of the Minimax page: layout and event wiring only, no maths."""
import time

import gradio as gr

from demos.gradio_ui import LATEX
from demos.minimax import panels, view

N_FRAME_OUTPUTS = 4  # plane, distance, table, table caption


def redraw(*controls):
    """New settings: every panel, the scrubber at the last step. Bad input: say why, keep the panels."""
    s, message = view.read(*controls)
    if s is None:
        return (*[gr.skip()] * (N_FRAME_OUTPUTS + 3), f"⚠️ {message}")
    stability, summary, notes = panels.run_panels(s)
    scrubber = gr.Slider(maximum=s.steps, value=s.steps)
    return (scrubber, *panels.frame_panels(s, s.steps), stability, summary, notes)


def apply_preset(name):
    values = view.preset(name)
    return (*values, *redraw(*values))


def show_step(t, *controls):
    """The panels at step t (the scrubber, or one step on with the Step button)."""
    s, _ = view.read(*controls)
    if s is None:
        return (gr.skip(),) * (N_FRAME_OUTPUTS + 1)
    t = view.frame(t, s)
    return (t, *panels.frame_panels(s, t))


def step_on(t, *controls):
    return show_step((t or 0) + 1, *controls)


def rewind(*controls):
    return show_step(0, *controls)


def play(t, *controls):
    """Generator: one frame per yield, about view.FPS a second, from t (or from 0 at the end) to the last step."""
    s, _ = view.read(*controls)
    if s is None:
        return
    for k in view.play_frames(t, s):
        start = time.monotonic()
        yield (k, *panels.frame_panels(s, k))
        time.sleep(max(0.0, 1 / view.FPS - (time.monotonic() - start)))


def _slider(name: str, label: str, value):
    low, high, step = view.RANGES[name]
    return gr.Slider(low, high, value=value, step=step, label=label, info=view.HINTS[name], elem_id=f"minimax-{name}")


start = view.PRESETS[view.DEFAULT_PRESET]
with gr.Blocks() as demo:
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}", latex_delimiters=LATEX)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            preset = gr.Dropdown(list(view.PRESETS), value=view.DEFAULT_PRESET, label="Preset",
                                 info="the lecture's example, and one setting from each paper",
                                 elem_id="minimax-preset")
            methods = gr.CheckboxGroup([(view.LABELS[m], m) for m in view.LABELS], value=list(start.methods),
                                       label="Methods", info="each drawn in its own colour", elem_id="minimax-methods")
            lr = _slider("lr", "Learning rate η", start.lr)
            steps = _slider("steps", "Steps", start.steps)
            with gr.Row():
                x0, y0 = _slider("x0", "Start x₀", start.x0), _slider("y0", "Start y₀", start.y0)
            gamma = _slider("gamma", "γ (consensus)", start.gamma)
            beta = _slider("beta", "β (negative momentum)", start.beta)
            c = _slider("c", "Curvature c", start.c)
            status = gr.Markdown(elem_id="minimax-status")
        with gr.Column(scale=2, min_width=320):
            gr.Markdown(view.PLANE_NOTE, latex_delimiters=LATEX)
            plane = gr.Plot(show_label=False, elem_id="minimax-plane")
            with gr.Row():
                rewind_btn = gr.Button("↺ Start", size="sm", min_width=60, elem_id="minimax-rewind")
                play_btn = gr.Button("▶ Play", variant="primary", size="sm", min_width=60, elem_id="minimax-play")
                pause_btn = gr.Button("Pause", size="sm", min_width=60, elem_id="minimax-pause")
                step_btn = gr.Button("Step +1", size="sm", min_width=60, elem_id="minimax-step")
            frame = gr.Slider(0, start.steps, value=start.steps, step=1, label="Step t",
                              info="scrub through the run", elem_id="minimax-frame")
            summary = gr.Markdown(elem_id="minimax-summary")
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            gr.Markdown(view.DISTANCE_NOTE, latex_delimiters=LATEX)
            distance = gr.Plot(show_label=False, elem_id="minimax-distance")
        with gr.Column(min_width=300):
            gr.Markdown(view.STABILITY_NOTE, latex_delimiters=LATEX)
            stability = gr.Plot(show_label=False, elem_id="minimax-stability")
    gr.Markdown(f"## The lecture's table, live\n{view.TABLE_NOTE}", latex_delimiters=LATEX)
    caption = gr.Markdown(elem_id="minimax-cycle")
    table = gr.Plot(show_label=False, elem_id="minimax-table")
    gr.Markdown(view.METHODS_NOTE, latex_delimiters=LATEX)

    controls = [methods, lr, steps, x0, y0, gamma, beta, c]
    frame_outputs = [frame, plane, distance, table, caption]
    everything = [*frame_outputs, stability, summary, status]
    playing = play_btn.click(play, [frame, *controls], frame_outputs, show_progress="hidden",
                             api_visibility="private")
    pause_btn.click(None, cancels=[playing], queue=False)
    gr.on([demo.load, methods.input, *(s.input for s in controls[1:])], redraw, controls, everything,
          trigger_mode="always_last", show_progress="hidden", cancels=[playing], api_visibility="private")
    preset.input(apply_preset, preset, [*controls, *everything], cancels=[playing], show_progress="hidden",
                 api_visibility="private")
    frame.input(show_step, [frame, *controls], frame_outputs, trigger_mode="always_last", show_progress="hidden",
                cancels=[playing], api_visibility="private")
    step_btn.click(step_on, [frame, *controls], frame_outputs, cancels=[playing], show_progress="hidden",
                   api_visibility="private")
    rewind_btn.click(rewind, controls, frame_outputs, cancels=[playing], show_progress="hidden",
                     api_visibility="private")
    gr.api(view.api_simulate, api_name="minimax_simulate")

if __name__ == "__main__":
    demo.launch()
