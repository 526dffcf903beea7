"""Gradio UI of the Minimax page: layout and event wiring only, no maths.

The animation is a gr.Timer that Play switches on and everything else switches off: each tick shows the
next frame. (A generator cancelled by a Pause button made the browser put the scrubber back at the end.)
"""
import gradio as gr

from demos import scene_ui
from demos.api_ui import publish
from demos.gradio_ui import LATEX, code_download, control, standalone
from demos.minimax import code, controls, panels, view

N_FRAME_OUTPUTS = 4  # plane, distance, table, table caption


def _timer(on: bool) -> gr.Timer:
    return gr.Timer(active=on)


def redraw(*controls):
    """New settings: every panel, the scrubber at the last step. Bad input: say why, keep the panels."""
    s, message = view.read(*controls)
    if s is None:
        return (*[gr.skip()] * (N_FRAME_OUTPUTS + 3), f"⚠️ {message}", _timer(False))
    stability, summary, notes = panels.run_panels(s)
    scrubber = gr.Slider(maximum=s.steps, value=s.steps)
    return (scrubber, *panels.frame_panels(s, s.steps), stability, summary, notes, _timer(False))


def opened(request: gr.Request):
    """The page's load: a link's setup (?lr=0.5) and its panels. Without one, nothing: the page opens drawn for the
    defaults, so a Play pressed while it loaded keeps animating (issue 17)."""
    values, said = scene_ui.read_link(controls.SCENE, request)
    if values is None:
        return (gr.skip(),) * (len(controls.SCENE) + N_FRAME_OUTPUTS + 6)
    values = [values[c.name] for c in controls.SCENE]
    return (*values, said, *redraw(*values))


def apply_preset(name):
    values = view.preset(name)
    return (*values, *redraw(*values))


def _show(t, controls, play: bool = False, tick: bool = False):
    """The panels at step t, and the animation timer: on for Play, left alone by a tick (so a Pause
    clicked while a tick is on its way stays paused), off otherwise and at the last step. A tick leaves
    the distance plot for the end or the Pause, so that a frame takes well under 1/4 s in the browser."""
    s, _ = view.read(*controls)
    if s is None:
        return (*[gr.skip()] * (N_FRAME_OUTPUTS + 1), _timer(False))
    t = view.frame(t, s)
    plane, distance, table, caption = panels.frame_panels(s, t)
    last = t >= s.steps
    timer = _timer(False) if last or not (play or tick) else _timer(True) if play else gr.skip()
    return (t, plane, gr.skip() if tick and not last else distance, table, caption, timer)


def show_step(t, *controls):
    """The scrubber moved or Pause was pressed: the panels at step t; the animation stops."""
    return _show(t, controls)


def step_on(t, *controls):
    return _show((t or 0) + 1, controls)


def rewind(*controls):
    return _show(0, controls)


def play(t, *controls):
    """Play: from t, or from the start if t is at the end; the timer's ticks take it on."""
    s, _ = view.read(*controls)
    at_end = s is not None and view.frame(t, s) >= s.steps
    return _show(0 if at_end else t, controls, play=True)


def tick(t, *controls):
    """One animation frame on (about view.PLAY_FRAMES frames from start to end); stops at the last step."""
    s, _ = view.read(*controls)
    return _show(view.play_frames(t, s)[0] if s is not None else t, controls, tick=True)


def _slider(name: str):
    return control(controls.NUMBERS[name], elem_id=f"minimax-{name}")


start = view.PRESETS[view.DEFAULT_PRESET]
def build(demo: gr.Blocks) -> None:
    """The Minimax page. Built into `demo`, whose .load it uses. It opens drawn for the defaults (…0)."""
    plane0, distance0, table0, caption0 = panels.frame_panels(start, start.steps)
    stability0, summary0, notes0 = panels.run_panels(start)
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}", latex_delimiters=LATEX)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            preset = control(controls.PRESET, elem_id="minimax-preset")
            methods = control(controls.METHODS, elem_id="minimax-methods")
            lr, steps = _slider("lr"), _slider("steps")
            with gr.Row():
                x0, y0 = _slider("x0"), _slider("y0")
            gamma, beta, c = _slider("gamma"), _slider("beta"), _slider("c")
            status = gr.Markdown(notes0, elem_id="minimax-status")
            link, said = scene_ui.link_box("minimax-link")
        with gr.Column(scale=2, min_width=320):
            gr.Markdown(view.PLANE_NOTE, latex_delimiters=LATEX)
            plane = gr.Plot(plane0, show_label=False, elem_id="minimax-plane")
            with gr.Row():
                rewind_btn = gr.Button("↺ Start", size="sm", min_width=60, elem_id="minimax-rewind")
                play_btn = gr.Button("▶ Play", variant="primary", size="sm", min_width=60, elem_id="minimax-play")
                pause_btn = gr.Button("Pause", size="sm", min_width=60, elem_id="minimax-pause")
                step_btn = gr.Button("Step +1", size="sm", min_width=60, elem_id="minimax-step")
                code_btn = gr.DownloadButton("⬇ Get the code", size="sm", min_width=60, elem_id="minimax-code")
            frame = control(controls.FRAME, maximum=start.steps, elem_id="minimax-frame")
            summary = gr.Markdown(summary0, elem_id="minimax-summary")
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            gr.Markdown(view.DISTANCE_NOTE, latex_delimiters=LATEX)
            distance = gr.Plot(distance0, show_label=False, elem_id="minimax-distance")
        with gr.Column(min_width=300):
            gr.Markdown(view.STABILITY_NOTE, latex_delimiters=LATEX)
            stability = gr.Plot(stability0, show_label=False, elem_id="minimax-stability")
    gr.Markdown(f"## The lecture's table, live\n{view.TABLE_NOTE}", latex_delimiters=LATEX)
    caption = gr.Markdown(caption0, elem_id="minimax-cycle")
    table = gr.HTML(table0, elem_id="minimax-table")
    gr.Markdown(view.METHODS_NOTE, latex_delimiters=LATEX)

    settings = [methods, lr, steps, x0, y0, gamma, beta, c]
    frame_outputs = [frame, plane, distance, table, caption]
    everything = [*frame_outputs, stability, summary, status]
    timer = gr.Timer(1 / view.FPS, active=False)
    frames = [*frame_outputs, timer]
    private = dict(show_progress="hidden", api_visibility="private")
    scene_ui.follow(controls.SCENE, settings, link)
    runs = [demo.load(opened, None, [*settings, said, *everything, timer], **private),
            gr.on([methods.input, *(s.input for s in settings[1:])], redraw, settings, [*everything, timer],
                  trigger_mode="always_last", **private),
            preset.input(apply_preset, preset, [*settings, *everything, timer], **private)]
    code_download(code_btn, settings, code.of_controls, runs)  # the script of the run on screen
    frame.input(show_step, [frame, *settings], frames, trigger_mode="always_last", **private)
    play_btn.click(play, [frame, *settings], frames, **private)
    timer.tick(tick, [frame, *settings], frames, **private)
    pause_btn.click(show_step, [frame, *settings], frames, **private)
    step_btn.click(step_on, [frame, *settings], frames, **private)
    rewind_btn.click(rewind, settings, frames, **private)
    publish(view.api_simulate, api_name="minimax_simulate")

if __name__ == "__main__":
    standalone(build).launch()
