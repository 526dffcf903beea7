"""What Streamlit pages share: a sketchpad to draw a digit (Streamlit has no drawing widget).

A bidirectional component (st.components.v2) with inline HTML, CSS and JS: nothing is fetched.
Each finished stroke sends the canvas as a PNG data URL; demos.digits does the rest.
"""
import base64

import streamlit as st

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
