"""Gradio UI of the Mode collapse page: layout and event wiring only, no maths."""
import gradio as gr

from demos import history_ui, scene_ui
from demos.api_ui import publish
from demos.gradio_ui import LATEX, code_download, control, player, standalone
from demos.mode_collapse import api, code, controls, methods, rewind, table, view

SETTINGS = ["mixture", "method", "versus", "seed", "every", "modes"]


def _settings(values) -> dict:
    return dict(zip(SETTINGS, values))


def show(session, note: str = ""):
    return (*view.frame(session, note=note), view.notes(session))


def reset(session, *values):
    """Any control changed, or Reset: fresh runs from the settings, the timeline at now (a bad setting: say why,
    keep the old runs and where the timeline is)."""
    note = view.rebuild(session, _settings(values))
    return (*show(session, note), gr.skip() if note.startswith("⚠️") else 100)


def opened(session, *values):
    """The page has loaded (a link's setup applied): as reset, but runs a first click made from the same settings
    go on (Play pressed before the load, issue 17)."""
    note = view.opened(session, _settings(values))
    return (*show(session, note), 100 if note and not note.startswith("⚠️") else gr.skip())


def build(demo: gr.Blocks) -> None:
    """The Mode collapse page. Built into `demo`, whose .load it uses."""
    gr.Markdown(f"# {view.TITLE}\n{methods.INTRO}", latex_delimiters=LATEX)
    session = gr.State(view.Session())  # each visitor's copy makes its runs when first used (demos/visitor.py)
    d = view.DEFAULTS
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            samples = gr.Plot(show_label=False, elem_id="mc-samples")
            with gr.Row():
                play_btn = gr.Button("▶ Play", variant="primary", elem_id="mc-play", min_width=80)
                stop_btn = gr.Button("■ Stop", variant="stop", interactive=False, elem_id="mc-stop", min_width=80)
                reset_btn = gr.Button("↺ Reset", elem_id="mc-reset", min_width=80)
                code_btn = gr.DownloadButton("⬇ Get the code", elem_id="mc-code", min_width=80)
            timeline = history_ui.Timeline("mc", buttons=False, hint=rewind.TIMELINE_HINT)  # scrubs both panels
            status = gr.Markdown(elem_id="mc-status")
        with gr.Column(scale=2, min_width=300):
            mixture = control(controls.MIXTURE, elem_id="mc-mixture")
            method = control(controls.METHOD, elem_id="mc-method")
            versus = control(controls.VERSUS, elem_id="mc-versus")
            with gr.Row():
                seed = control(controls.SEED, elem_id="mc-seed", min_width=100)
                every = control(controls.EVERY, elem_id="mc-every", min_width=160)
            modes = gr.Textbox(d["modes"], label=controls.MODES_LABEL, info=methods.HINTS["modes"],
                               elem_id="mc-modes")
            notes = gr.Markdown(latex_delimiters=LATEX, elem_id="mc-notes")
            link, said = scene_ui.link(controls.CONTROLS, [mixture, method, versus, seed, every], elem_id="mc-link")
    film = gr.Plot(show_label=False, elem_id="mc-film")
    with gr.Row(equal_height=False):
        histogram = gr.Plot(show_label=False, elem_id="mc-histogram", min_width=300)
        curves = gr.Plot(show_label=False, elem_id="mc-curves", min_width=300)
    gr.Markdown(methods.LOOK)
    with gr.Accordion("Benchmark: every method on ring8 and grid25, next to the papers", open=False):
        gr.HTML(table.html, elem_id="mc-table")
    with gr.Accordion("All eight methods: the idea, the formula, what to look for", open=False):
        gr.Markdown(methods.all_markdown(), latex_delimiters=LATEX)

    settings = [mixture, method, versus, seed, every, modes]
    outputs = [samples, film, histogram, curves, status, notes]
    hidden = dict(show_progress="hidden", api_visibility="private")
    linked = demo.load(**scene_ui.apply(controls.CONTROLS, settings[:5], said))  # a link's setup (?method=pacgan)
    reset_outputs = [*outputs, timeline.slider]
    runs = [linked.then(opened, [session, *settings], reset_outputs, **hidden),
            gr.on([c.input for c in settings[:3]] + [seed.submit, every.release, modes.submit], reset,
                  [session, *settings], reset_outputs, trigger_mode="always_last", **hidden),
            reset_btn.click(reset, [session, *settings], reset_outputs, **hidden)]
    code_download(code_btn, session, code.of_session, runs)  # the script of the runs on screen
    timer = player(play_btn, stop_btn, session, outputs[:5], run_of=view.ready)  # Play before the load: it works
    timeline.wire(session, view.ready, view.frame, outputs[:5], (play_btn, stop_btn, timer))
    publish(api.train, api_name="mode_collapse_train", training=True)
    publish(api.benchmark_table, api_name="mode_collapse_table")

if __name__ == "__main__":
    standalone(build).launch()
