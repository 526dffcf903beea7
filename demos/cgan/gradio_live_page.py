"""Gradio UI of the Conditional GAN page's live section, a cGAN or AC-GAN trained from scratch: wiring only."""
import gradio as gr

from demos import scene_ui
from demos.cgan import code, controls, live
from demos.gradio_ui import LATEX, code_download, control, player


def restart(session, kind):
    return live.view(session, live.start(session, kind))


def section(demo: gr.Blocks, scene: list, said: gr.Markdown) -> gr.Radio:
    """A cGAN or AC-GAN trained from scratch, live; one per visitor (its trainer made on first Train or New run).
    scene: the page's other declared controls, which a link sets with this section's kind once the session exists
    (said: the link's note). -> the kind's radio."""
    gr.Markdown(live.HINT, latex_delimiters=LATEX)
    session = gr.State(live.Session())  # blank: each visitor's copy, at their first event (demos/visitor.py)
    kind = control(controls.LIVE_KIND, elem_id="cgan-live-kind", widget="radio")
    with gr.Row():
        train_btn = gr.Button("▶ Train", variant="primary", elem_id="cgan-train", min_width=80)
        stop_btn = gr.Button("■ Stop", variant="stop", interactive=False, elem_id="cgan-stop", min_width=80)
        restart_btn = gr.Button("↺ New run", elem_id="cgan-restart", min_width=80)
        code_btn = gr.DownloadButton("⬇ Get the code", elem_id="cgan-code", min_width=80)
    status = gr.Markdown(elem_id="cgan-live-status")
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            grid = gr.Image(show_label=False, format="png", buttons=[], elem_id="cgan-live-grid")
            gr.Markdown(live.GRID_CAPTION)
        losses = gr.Plot(show_label=False, elem_id="cgan-live-losses", min_width=300)
    outputs, hidden = [grid, losses, status], dict(show_progress="hidden", api_visibility="private")
    linked = demo.load(**scene_ui.apply(controls.CONTROLS, [*scene, kind], said))
    chosen = linked.then(live.choose, [session, kind], None, **hidden)  # a link's kind is the one Train starts
    chosen.then(live.view, session, outputs, **hidden)
    restarted = gr.on([kind.input, restart_btn.click], restart, [session, kind], outputs, **hidden)
    code_download(code_btn, session, code.of_session, [chosen, restarted])  # the script of the kind chosen
    player(train_btn, stop_btn, session, outputs, run_of=live.ready)
    return kind
