"""What every Gradio page shares: LaTeX delimiters for gr.Markdown, the upload cap, CSS, the live player."""
import gradio as gr

from demos import live


# gr.Markdown renders only $$...$$ by default; the pages write inline maths as $...$ too
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
# launch(max_file_size=...): Gradio refuses bigger uploads itself. The largest any page takes is an official
# CycleGAN generator (a 45 MB .pth); each page caps its own inputs below this (digits and photos: 10 MB).
MAX_FILE_SIZE = 64 << 20
# frames drawn at once, for every live run on the server: drawing is CPU work, so more would only queue on 2 cores
LIVE_CONCURRENCY = 4

# launch(css=...): Overview cards; a digit gallery of ten small columns (Gradio's tiles are >= 100 px); the VAE
# page's strips and grids carry their label above them, not over their top row (a strip is short at 390 px)
CSS = """
.genlab-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px}
.genlab-digits .grid-container {grid-template-columns: repeat(var(--grid-cols), minmax(0, 1fr)) !important;
                                grid-template-rows: none !important; grid-auto-rows: auto !important;
                                gap: 4px !important}
.genlab-digits .thumbnail-item {aspect-ratio: 1 / 1}
.genlab-digits .grid-wrap.fixed-height {min-height: 0 !important; max-height: none !important}
#vae-manifold label[data-testid="block-label"], #vae-eps label[data-testid="block-label"],
#vae-interp label[data-testid="block-label"], #vae-fade label[data-testid="block-label"],
#vae-prior label[data-testid="block-label"] {position: static !important; margin: 0 0 4px 0 !important}
"""


def player(play_btn, stop_btn, session, outputs: list, run_of, api_visibility="private") -> gr.Timer:
    """Play, Stop and a gr.Timer over one live run (demos/live.py): the one Gradio adapter of the engine.

    run_of(session) -> the live.Run. Play starts the run and the timer; every tick draws the run's next
    frame (the scheduler trains in between); Stop stops it within one slice. A tick is never sent while
    the last is pending, so a slow browser gets fewer frames, never a backlog of stale ones.
    """
    timer = gr.Timer(live.FRAME_PERIOD, active=False)
    controls = [play_btn, stop_btn, timer]

    def shown(frame, going: bool, changed: bool) -> tuple:
        # components made only when the buttons change: making them each tick took a tenth of the server's time
        state = [gr.Button(interactive=not going), gr.Button(interactive=going), gr.Timer(active=going)] \
            if changed else [gr.skip()] * 3
        return (*state, *(gr.skip() if part is None else part for part in frame))

    def start(session):
        run = run_of(session)
        note = live.play(run)
        frame, going = live.tick(run) if not note else (run.frame(note), False)
        return shown(frame, going, changed=True)

    def tick(session):
        frame, going = live.tick(run_of(session))
        return shown(frame, going, changed=not going)

    def halt(session):
        run = run_of(session)
        live.stop(run)
        return shown(run.frame(), False, changed=True)

    options = dict(show_progress="hidden", api_visibility=api_visibility, concurrency_id="live",
                   concurrency_limit=LIVE_CONCURRENCY)
    play_btn.click(start, session, [*controls, *outputs], **options)
    timer.tick(tick, session, [*controls, *outputs], **options)
    stop_btn.click(halt, session, [*controls, *outputs], **options)
    return timer


def standalone(build) -> gr.Blocks:
    """One page on its own (`python demos/<slug>/gradio_page.py`); app.py builds every page into one Blocks.

    Pages are build functions, not Blocks of their own: each gr.Blocks makes a FastAPI app twice
    (on creation and on exit), about 0.15 s a page at start-up.
    """
    with gr.Blocks() as demo:
        build(demo)
    return demo
