"""The Gradio side of a live run's history (demos/history.py): a timeline slider, "Resume from here", and the
run as an animated GIF to download. Wiring only: what a position shows, resumes and saves is decided there."""
import re
import tempfile
import time
import uuid
from pathlib import Path

import gradio as gr

from demos import history, live

GIF_DIR = Path(tempfile.gettempdir()) / "genlab-gifs"  # each GIF in a folder of its own, removed after GIF_SECONDS
GIF_SECONDS = 600


def _saved(data: bytes, name: str) -> Path:
    """The GIF as a file Gradio can serve; GIFs older than GIF_SECONDS are removed (Gradio keeps its own copy)."""
    for old in GIF_DIR.glob("*/*.gif") if GIF_DIR.exists() else []:
        if time.time() - old.stat().st_mtime > GIF_SECONDS:
            old.unlink(missing_ok=True)
            old.parent.rmdir()
    folder = GIF_DIR / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / re.sub(r"[^\w.-]", "_", name)
    path.write_bytes(data)
    return path


class Timeline:
    """The timeline row of one live run: made where it goes in the layout, wired once the player exists."""

    def __init__(self, prefix: str, buttons: bool = True, hint: str = history.TIMELINE_HINT):
        """buttons=False: the slider alone (a page that only scrubs: no Resume from here, no GIF)."""
        self.resume = self.gif = self.file = None
        with gr.Row(equal_height=True):
            self.slider = gr.Slider(0, 100, value=100, step=0.5, label="Timeline", info=hint,
                                    scale=3, min_width=220, elem_id=f"{prefix}-timeline")
            if buttons:
                with gr.Column(scale=1, min_width=150):
                    self.resume = gr.Button("⟲ Resume from here", size="sm", elem_id=f"{prefix}-resume")
                    self.gif = gr.Button("Download this run (GIF)", size="sm", elem_id=f"{prefix}-gif")
                    self.file = gr.DownloadButton("⬇ run.gif", visible=False, size="sm",
                                                  elem_id=f"{prefix}-gif-file")

    def wire(self, session, run_of, draw, outputs: list, player: tuple, gif_of=None) -> None:
        """player = (play_btn, stop_btn, timer), as gradio_ui.player made them; draw(session) -> the page's frame,
        which shows the frame scrubbed to; gif_of(session) -> (GIF bytes, frames, file name), with the buttons."""
        hidden = dict(show_progress="hidden", api_visibility="private")
        scrub, resume = _handlers(run_of, draw, len(outputs))
        self.slider.input(scrub, [session, self.slider], [*player, *outputs], trigger_mode="always_last", **hidden)
        if self.resume is not None:
            self.resume.click(resume, [session, self.slider], [self.slider, *player, *outputs], **hidden)
            self.gif.click(lambda s: _gif(gif_of, s), session, self.file, concurrency_id="gif", concurrency_limit=1,
                           **hidden)
        player[0].click(None, None, self.slider, js="() => 100", queue=False)  # Play: the timeline follows the run


def _state(going: bool) -> list:
    return [gr.Button(interactive=not going), gr.Button(interactive=going), gr.Timer(active=going)]


def _handlers(run_of, draw, count: int):
    def scrub(session, position):
        if history.scrub(run_of(session), position) is None:  # nothing recorded yet
            return [gr.skip()] * (3 + count)
        return (*_state(False), *draw(session))

    def resume(session, position):
        run = run_of(session)
        note = history.resume(run, position)
        frame, going = live.tick(run) if run.playing else (run.frame(note), False)
        return (100, *_state(going), *(gr.skip() if part is None else part for part in frame))
    return scrub, resume


def _gif(gif_of, session):
    try:
        data, frames, name = gif_of(session)
    except ValueError as error:
        gr.Warning(str(error))
        return gr.DownloadButton(visible=False)
    label = f"⬇ {name} ({frames} frames, {len(data) / 1e6:.1f} MB)"
    return gr.DownloadButton(label, value=str(_saved(data, name)), visible=True)
