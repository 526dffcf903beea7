"""What every Gradio page shares: LaTeX delimiters for gr.Markdown, the upload cap, CSS, training streams."""
import gradio as gr


# gr.Markdown renders only $$...$$ by default; the pages write inline maths as $...$ too
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
# launch(max_file_size=...): Gradio refuses bigger uploads itself. The largest any page takes is an official
# CycleGAN generator (a 45 MB .pth); each page caps its own inputs below this (digits and photos: 10 MB).
MAX_FILE_SIZE = 64 << 20

# launch(css=...): Overview cards; a digit gallery of ten small columns (Gradio's tiles are >= 100 px)
CSS = """
.genlab-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px}
.genlab-digits .grid-container {grid-template-columns: repeat(var(--grid-cols), minmax(0, 1fr)) !important;
                                grid-template-rows: none !important; grid-auto-rows: auto !important;
                                gap: 4px !important}
.genlab-digits .thumbnail-item {aspect-ratio: 1 / 1}
.genlab-digits .grid-wrap.fixed-height {min-height: 0 !important; max-height: none !important}
"""


def stream(advance, session, outputs: int, slot):
    """A training stream: yield advance(session)'s outputs until it says stop (or Stop cancels the generator).

    slot() holds one of the server's training slots; when all are taken, say so in the last output.
    """
    try:
        with slot():
            going = True
            while going:
                out, going = advance(session)
                yield tuple(out)
    except RuntimeError as busy:  # runs.Busy: every training slot is taken
        yield (*[gr.skip()] * (outputs - 1), f"⚠️ {busy}")
    finally:
        session.run_started, session.rate = 0.0, 0.0


def player(play_btn, stop_btn, fn, inputs, outputs, limit: int):
    """Play locks itself and unlocks Stop, then streams fn; Stop cancels the stream and swaps them back."""
    def buttons(running: bool):
        return [gr.Button(interactive=not running), gr.Button(interactive=running)]

    pair = [play_btn, stop_btn]
    stream_event = play_btn.click(lambda: buttons(True), None, pair, queue=False, api_visibility="private").then(
        fn, inputs, outputs, show_progress="hidden", concurrency_limit=limit, concurrency_id="training",
        api_visibility="private")
    stream_event.then(lambda: buttons(False), None, pair, api_visibility="private")
    stop_btn.click(lambda: buttons(False), None, pair, cancels=[stream_event], queue=False, api_visibility="private")


def standalone(build) -> gr.Blocks:
    """One page on its own (`python demos/<slug>/gradio_page.py`); app.py builds every page into one Blocks.

    Pages are build functions, not Blocks of their own: each gr.Blocks makes a FastAPI app twice
    (on creation and on exit), about 0.15 s a page at start-up.
    """
    with gr.Blocks() as demo:
        build(demo)
    return demo
