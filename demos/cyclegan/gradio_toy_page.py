"""Gradio UI of the CycleGAN page's level 1, two point clouds trained live: layout and wiring only, no maths."""
import gradio as gr

from demos import scene_ui
from demos.cyclegan import code, controls, toy, view
from demos.gradio_ui import LATEX, code_download, control, player

HIDDEN = dict(show_progress="hidden", api_visibility="private")


def changed(session, pair, lam, identity, seed):
    note = toy.apply(session, pair, lam, identity, seed)
    return toy.frame(session, note) if note else [gr.skip()] * 4


def opened(session, pair, lam, identity, seed):
    """On load, once a link has set the controls: its run (a new one only when it changed a setting)."""
    return toy.frame(session, toy.apply(session, pair, lam, identity, seed))


def reset(session, pair, lam, identity, seed):
    return toy.frame(session, toy.reset(session, pair, lam, identity, seed))


def section(demo: gr.Blocks) -> None:
    """Level 1, one run per visitor, made when first used (a trainer made at build time would cost every start-up)."""
    gr.Markdown(view.TOY_HINT, latex_delimiters=LATEX)
    session = gr.State(toy.Session())  # blank: each visitor's copy, at their first event (demos/visitor.py)
    with gr.Row(equal_height=False):
        with gr.Column(min_width=300):
            pair = control(controls.PAIR, elem_id="cg-pair", widget="radio")
            box, said = scene_ui.link_box("cg-link")
        with gr.Column(min_width=300):
            lam = control(controls.LAMBDA, elem_id="cg-lambda")
            with gr.Row():
                c = controls.IDENTITY
                identity = gr.Checkbox(c.default, label=c.label, info=c.hint, elem_id="cg-identity", min_width=140)
                seed = control(controls.SEED, elem_id="cg-seed", min_width=120)
    with gr.Row():
        train_btn = gr.Button("▶ Train", variant="primary", elem_id="cg-train", min_width=80)
        stop_btn = gr.Button("■ Stop", variant="stop", interactive=False, elem_id="cg-stop", min_width=80)
        reset_btn = gr.Button("↺ Reset", elem_id="cg-reset", min_width=80)
        code_btn = gr.DownloadButton("⬇ Get the code", elem_id="cg-code", min_width=80)
    status = gr.Markdown(elem_id="cg-status")
    with gr.Row(equal_height=False):
        forward = gr.Plot(show_label=False, elem_id="cg-forward", min_width=320)
        backward = gr.Plot(show_label=False, elem_id="cg-backward", min_width=320)
    losses = gr.Plot(show_label=False, elem_id="cg-losses")
    gr.Markdown(view.TOY_FACTS, latex_delimiters=LATEX)

    settings, outputs = [pair, lam, identity, seed], [forward, backward, losses, status]
    scene_ui.follow(controls.SCENE, settings, box)
    linked = demo.load(**scene_ui.apply(controls.SCENE, settings, said))  # a link's setup (/cyclegan?lam=0) first
    events = [linked.then(opened, [session, *settings], outputs, **HIDDEN),
              gr.on([pair.input, lam.input, identity.input, seed.input], changed, [session, *settings], outputs,
                    trigger_mode="always_last", **HIDDEN),
              reset_btn.click(reset, [session, *settings], outputs, **HIDDEN)]
    code_download(code_btn, session, code.of_session, events)  # the script of the run on screen
    player(train_btn, stop_btn, session, outputs, run_of=toy.ready)  # losses None: the plot keeps its figure
