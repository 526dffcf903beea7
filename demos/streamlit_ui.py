"""What Streamlit pages share: a sketchpad to draw a digit (Streamlit has no drawing widget), the live player.

A bidirectional component (st.components.v2) with inline HTML, CSS and JS: nothing is fetched.
Each finished stroke sends the canvas as a PNG data URL; demos.digits does the rest.
"""
import base64

import streamlit as st

from demos import live

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
