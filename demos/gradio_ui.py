"""What every Gradio page shares: LaTeX delimiters for gr.Markdown, the upload cap, CSS, the live player,
and the renderer of a declared control (demos/controls.py)."""
import json

import gradio as gr

from demos import live, presenter
from demos.controls import Control
from demos.images import MAX_UPLOAD_BYTES


# gr.Markdown renders only $$...$$ by default; the pages write inline maths as $...$ too
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
# launch(max_file_size=...): the server refuses bigger uploads. The largest any page takes is an official CycleGAN
# generator (a 45 MB .pth); each box states and keeps its own cap (upload below; digits and photos: 10 MB).
MAX_FILE_SIZE = 64 << 20
# frames drawn at once, for every live run on the server: drawing is CPU work, so more would only queue on 2 cores
LIVE_CONCURRENCY = 4

# launch(css=...): Overview cards; a digit gallery of ten small columns (Gradio's tiles are >= 100 px); every
# image and gallery carries its label above it, not floating over its top row (the DCGAN grid, the VAE strips and
# manifold; a strip is short at 390 px); the VAE's by id too, since they may be empty when first drawn
CSS = """
.genlab-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px}
.genlab-digits .grid-container {grid-template-columns: repeat(var(--grid-cols), minmax(0, 1fr)) !important;
                                grid-template-rows: none !important; grid-auto-rows: auto !important;
                                gap: 4px !important}
.genlab-digits .thumbnail-item {aspect-ratio: 1 / 1}
.genlab-digits .grid-wrap.fixed-height {min-height: 0 !important; max-height: none !important}
#vae-manifold label[data-testid="block-label"], #vae-eps label[data-testid="block-label"],
#vae-interp label[data-testid="block-label"], #vae-fade label[data-testid="block-label"],
#vae-prior label[data-testid="block-label"], .block:has(img, .grid-wrap) > label[data-testid="block-label"]
{position: static !important; margin: 0 0 4px 0 !important}
.prose td, .prose th, .prose td *, .prose th * {overflow-wrap: normal !important; word-break: normal !important}
@media (max-width: 640px) {.prose table {display: block; overflow-x: auto; max-width: 100%}}
.genlab-note {font-size: var(--text-sm); color: var(--body-text-color-subdued); padding: 0 !important}
.genlab-note p {margin: 0 !important}
.genlab-note-line {min-height: 1.4em}
[data-refused]::after {content: attr(data-refused); display: block; padding: 4px 8px; font-size: var(--text-sm);
                       color: var(--body-text-color)}
.genlab-control {gap: 2px !important}
"""
CSS += presenter.GRADIO_CSS
# A file box's cap, kept in the browser before Gradio uploads (its own check knows only launch's max_file_size,
# 64 MB for every box, and answers with an "exceed 64 Mb" error): a bigger file is refused under the box in the
# words of demos/images.py and never sent. The box carries its cap as the class genlab-limit-<MB> (upload below).
_UPLOAD_HEAD = """<script>
(() => {
  const refuse = (event, files) => {
    const box = event.target.closest && event.target.closest("[class*=genlab-limit-]");
    if (!box || !files || !files.length) return;
    const mb = Number(box.className.match(/genlab-limit-(\\d+)/)[1]);
    const big = [...files].find((f) => f.size > mb * 1048576);
    if (!big) { box.removeAttribute("data-refused"); return; }
    event.preventDefault(); event.stopImmediatePropagation();  // before Gradio's own listeners see it
    if (event.target.type === "file") event.target.value = "";
    box.setAttribute("data-refused", `The file is ${(big.size / 1e6).toFixed(1)} MB; the limit is ${mb} MB. Nothing was uploaded.`);
  };
  window.addEventListener("change", (e) => e.target.type === "file" && refuse(e, e.target.files), true);
  window.addEventListener("drop", (e) => refuse(e, e.dataTransfer && e.dataTransfer.files), true);
})();
</script>"""
HEAD = presenter.GRADIO_HEAD + _UPLOAD_HEAD  # launch(head=...): ?present=1 and the keyboard (demos/presenter.py)


# elem_id -> its control: a prop update (gr.update with more than a value) makes Gradio rebuild the block from its
# constructor arguments (blocks.py, postprocess_data), and the rebuilt one has lost its `declared`
_DECLARED: dict[str, Control] = {}


def _take(box, payload):
    c = getattr(box, "declared", None) or _DECLARED.get(box.elem_id)
    return c.take(payload)[0] if c else type(box).__mro__[1].preprocess(box, payload)


class ClippedNumber(gr.Number):
    """A Number whose value is clipped to its control's range (Control.take) before a handler sees it.
    Gradio's own preprocess raises gr.Error instead: the red "Error" toast and boxes of issue 17."""
    is_template = True  # the browser draws it as its base class, gr.Number (blocks.get_block_name)
    declared: Control

    def preprocess(self, payload):
        return _take(self, payload)


class ClippedSlider(gr.Slider):
    """A Slider that clips as ClippedNumber does (its number box takes any typed value)."""
    is_template = True
    declared: Control

    def preprocess(self, payload):
        return _take(self, payload)


# in the browser, no server call: a typed value is clipped as Control.take clips it, and the note says so
_CLIP_JS = """(raw, note) => {{ const c = {spec}; const shown = (v) => Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
  const v = (raw === null || raw === '' || Number.isNaN(Number(raw))) ? null : Number(raw);
  if (v === null) return [c.default, `${{c.label}}: not a number; using ${{shown(c.default)}}`];
  let k = Math.min(Math.max(v, c.low), c.high); if (c.int) k = Math.round(k);
  if (k === v) return [v, (note || '').includes(` became ${{shown(v)}} (`) ? note : ''];  // Enter, then blur: kept
  const why = (v >= c.low && v <= c.high) ? 'whole numbers only' : `allowed ${{c.allowed}}`;
  return [k, `${{c.label}}: ${{String(v)}} became ${{shown(k)}} (${{why}})`]; }}"""


def control(c: Control, value=None, **layout):
    """The widget for a declared control, with a one-line note under it (its `.note`, empty until a typed value
    is changed). A number with no step, or an int with over 5,000 values (a seed), is a box; other numbers are
    sliders (Control.is_box; widget="number" or "slider" says otherwise); choices a dropdown (widget="radio":
    radio buttons), a multi-choice a checkbox group. layout: Gradio keyword arguments (elem_id, scale, ...).
    """
    widget = layout.pop("widget", None)
    value = c.take(c.default if value is None else value)[0]
    common = dict(label=c.label, info=c.hint or None, value=value, **layout)
    if c.multiple:
        box = gr.CheckboxGroup(list(c.choices.items()), **common)
        box.note = None
        return box
    if c.choices:
        kind = gr.Radio if widget == "radio" else gr.Dropdown
        box = kind(list(c.choices.items()), **common)
        box.note = None
        return box
    with gr.Column(scale=layout.get("scale") or 1, min_width=layout.get("min_width") or 160,
                   elem_classes=["genlab-control"]):
        return _clipped(c, widget == "number" or (widget is None and c.is_box), common, layout.get("elem_id"))


def _clipped(c: Control, number: bool, common: dict, elem_id: str | None):
    """A clipping box or slider and its note, in the column control() opened."""
    if number:
        box = ClippedNumber(minimum=c.low, maximum=c.high, precision=0 if c.is_int else None, step=c.step or 1,
                            **common)
        triggers = [box.blur, box.submit]
    else:
        # a page may narrow the range it shows (minimum=, maximum=); values are still clipped to the declared one
        box = ClippedSlider(common.pop("minimum", c.low), common.pop("maximum", c.high), step=c.step, **common)
        triggers = [box.release]  # the number box's blur sends release with the typed value, then clamps
    box.declared = c
    if box.elem_id:
        _DECLARED[box.elem_id] = c
    line = "genlab-note-line" if isinstance(box, ClippedNumber) else ""  # a box's note must not move the button
    box.note = gr.Markdown("", elem_classes=["genlab-note", line], elem_id=elem_id and f"{elem_id}-note")
    spec = json.dumps({"label": c.label, "low": c.low, "high": c.high, "int": c.is_int, "default": c.default,
                       "allowed": c.allowed})
    gr.on(triggers, None, [box, box.note], [box, box.note], js=_CLIP_JS.format(spec=spec), queue=False,
          api_visibility="private", show_progress="hidden")
    return box


def upload(label: str, elem_id: str, limit_mb: int = MAX_UPLOAD_BYTES >> 20, file_types=("image",),
           **layout) -> gr.File:
    """A file box whose label states its one limit, which the browser keeps (_UPLOAD_HEAD): a bigger file is
    refused under the box and never uploaded. The handler checks again (demos/images.py), for other clients."""
    return gr.File(label=f"{label} (up to {limit_mb} MB)", file_types=list(file_types), type="filepath",
                   elem_id=elem_id, elem_classes=[f"genlab-limit-{limit_mb}"], **layout)


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


def code_download(button: gr.DownloadButton, session, script_of, events: list) -> None:
    """Get the code (issue 18 §3): after each of `events` (those that change the page's setup), the button serves
    script_of(session) -> (file name, script text), written once per distinct text to the temp folder. `session`
    may be a list of components (a page with no session: its controls), passed in order; None keeps the file."""
    import hashlib
    import tempfile
    from pathlib import Path

    def refresh(*values):
        script = script_of(*values)
        if script is None:
            return gr.skip()
        name, text = script
        folder = Path(tempfile.gettempdir()) / "genlab-code" / hashlib.sha256(text.encode()).hexdigest()[:16]
        if not (folder / name).is_file():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
        return str(folder / name)

    for event in events:
        event.then(refresh, session, button, show_progress="hidden", api_visibility="private")
