"""What Streamlit pages share: a sketchpad to draw a digit (Streamlit has no drawing widget), the live player,
and the renderer of a declared control (demos/controls.py).

A bidirectional component (st.components.v2) with inline HTML, CSS and JS: nothing is fetched.
Each finished stroke sends the canvas as a PNG data URL; demos.digits does the rest.
"""
import base64

import streamlit as st

from demos import history, live
from demos.controls import Control

_HTML = """<div class="genlab-pad"><canvas width="280" height="280"></canvas>
<button type="button">Clear</button></div>"""
_CSS = """.genlab-pad canvas {border: 1px solid var(--st-border-color, #ccc); border-radius: 8px;
  touch-action: none; cursor: crosshair; background: #fff; width: 280px; max-width: 100%}
.genlab-pad button {display: block; margin-top: 4px}"""
_JS = """export default function(component) {
  const { parentElement, setStateValue } = component;
  const canvas = parentElement.querySelector('canvas');
  const ctx = canvas.getContext('2d');
  const clear = () => { ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height); };
  if (!canvas.dataset.ready) { clear(); canvas.dataset.ready = '1'; }
  Object.assign(ctx, {lineWidth: 22, lineCap: 'round', lineJoin: 'round', strokeStyle: '#000'});
  let drawing = false;
  const at = (e) => { const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
  canvas.onpointerdown = (e) => { drawing = true; canvas.setPointerCapture(e.pointerId);
    const [x, y] = at(e); ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 0.1, y); ctx.stroke(); };
  canvas.onpointermove = (e) => { if (drawing) { const [x, y] = at(e); ctx.lineTo(x, y); ctx.stroke(); } };
  canvas.onpointerup = () => { if (drawing) { drawing = false; setStateValue('image', canvas.toDataURL('image/png')); } };
  parentElement.querySelector('button').onclick = () => { clear(); setStateValue('image', null); };
}"""

_sketchpad = st.components.v2.component("genlab_sketchpad", html=_HTML, css=_CSS, js=_JS)


def sketchpad(key: str) -> bytes | None:
    """Show the pad; -> the drawing as PNG bytes (black ink on white), or None before the first stroke."""
    result = _sketchpad(key=key, on_image_change=lambda: None)
    data_url = getattr(result, "image", None)
    if not data_url or "," not in data_url:
        return None
    return base64.b64decode(data_url.split(",", 1)[1])


def play_buttons(run, key: str, columns=None, labels: tuple[str, str] = ("▶ Play", "■ Stop"), ready=None) -> None:
    """Play and Stop for one live run (demos/live.py), in two st.columns (default: two new ones).

    ready(): called before Play, for a section that makes its trainer only when first played."""
    left, right = columns or st.columns(2)
    if left.button(labels[0], type="primary", key=f"{key}_play", disabled=run.playing, width="stretch"):
        if ready is not None:
            ready()
        st.session_state[f"{key}_note"] = live.play(run)
        st.rerun()  # a full rerun: the fragment's run_every is read where it is declared
    if right.button(labels[1], key=f"{key}_stop", disabled=not run.playing, width="stretch"):
        live.stop(run)
        st.rerun()


def live_frame(run, show, key: str) -> None:
    """The run's frame, drawn by show(frame): the one Streamlit adapter of the live engine.

    While the run plays, a fragment redraws it every frame period; the scheduler trains in between, so
    the cost of a rerun takes nothing from the training. st.session_state[f"{key}_note"] is shown once.
    """
    def frame() -> None:
        if run.playing:
            run.note = run.note or st.session_state.pop(f"{key}_note", "")  # a control's note, set while playing
            shown, going = live.tick(run)
        else:
            shown, going = run.frame(st.session_state.pop(f"{key}_note", "")), False
        show(shown)
        if not going and st.session_state.get(f"{key}_ticking"):
            st.session_state[f"{key}_ticking"] = False
            st.rerun()  # the run stopped by itself: a full rerun ends the ticking and frees Play

    st.session_state[f"{key}_ticking"] = run.playing
    # declared on every full run: run_every is read where the fragment is declared
    st.fragment(frame, run_every=live.FRAME_PERIOD if run.playing else None)()


def control(c: Control, key: str, value=None, container=st, widget: str | None = None, **options):
    """The widget for a declared control (st.number_input / st.slider / st.selectbox / st.multiselect;
    widget="radio", "number" or "slider" says otherwise) -> its value, always one Control.take allows.

    The box has no min/max of its own (Streamlit would refuse a typed -5 in the browser, with no word why):
    whatever is typed, or set in st.session_state[key] by code or a link, is clipped before the widget is
    drawn, and a one-line note under it says what it became. options: on_change, disabled, ...
    """
    ss = st.session_state
    if key not in ss:
        ss[key] = c.take(c.default if value is None else value)[0]
    _clip(c, key)  # a value set by code since the last callback
    options["on_change"] = _clipping(c, key, options.get("on_change"))
    common = dict(key=key, help=c.hint or None, **options)
    if c.multiple:
        labels = {v: k for k, v in c.choices.items()}
        shown = container.multiselect(c.label, list(labels), format_func=labels.get, **common)
    elif c.choices:
        labels = {v: k for k, v in c.choices.items()}
        kind = container.radio if widget == "radio" else container.selectbox
        shown = kind(c.label, list(labels), format_func=labels.get, **common)
    elif widget == "number" or (widget is None and c.is_box):
        kind = int if c.is_int else float
        shown = container.number_input(c.label, step=kind(c.step or 1), format=None if c.is_int else "%g", **common)
    else:
        kind = int if c.is_int else float
        shown = container.slider(c.label, kind(c.low), kind(c.high), step=kind(c.step) if c.step else None, **common)
    note = ss.pop(f"_{key}_note", None)
    if note:
        container.caption(note)
    return shown


def _clip(c: Control, key: str) -> None:
    value, note = c.take(st.session_state[key])
    if note:
        st.session_state[key], st.session_state[f"_{key}_note"] = value, note


def _clipping(c: Control, key: str, then):
    """on_change: the typed value clipped (and the note kept for the run) before the page's own callback."""
    def on_change(*args, **kwargs):
        _clip(c, key)
        if then is not None:
            then(*args, **kwargs)
    return on_change


def code_download(script: tuple[str, str], key: str) -> None:
    """Get the code (issue 18 §3): script = (file name, text of the standalone script of the page's setup)."""
    name, text = script
    st.download_button("⬇ Get the code", text, file_name=name, mime="text/x-python", key=f"{key}_code",
                       help="one standalone PyTorch script with this setup's settings and seed: it reproduces the run")


def timeline(run, key: str, film) -> None:
    """A live run's history (demos/history.py): the timeline slider, Resume from here, and the run as a GIF.

    film() -> (GIF bytes, frames, file name), made only when the download is clicked."""
    ss, slider = st.session_state, f"{key}_timeline"
    if run.playing or slider not in ss:
        ss[slider] = 100.0  # the timeline follows a playing run
    left, middle, right = st.columns([3, 1, 1], vertical_alignment="bottom")
    left.slider("Timeline", 0.0, 100.0, step=0.5, key=slider, help=history.TIMELINE_HINT,
                on_change=lambda: history.scrub(run, ss[slider]))

    def resume() -> None:
        ss[f"{key}_note"], ss[slider] = history.resume(run, ss[slider]), 100.0

    middle.button("⟲ Resume from here", key=f"{key}_resume", on_click=resume, width="stretch")
    empty = run.timeline is None or not run.timeline.frames
    right.download_button("Download this run (GIF)", lambda: film()[0], file_name=f"genlab_{key}_run.gif",
                          mime="image/gif", key=f"{key}_gif", disabled=empty, on_click="ignore", width="stretch")
