"""A drawing pad for the Gradio pages: a plain <canvas> whose pen is always on (issue 17).

gr.Sketchpad starts with no tool chosen, so a first drag selected page text; and after a stroke it exported
its background, layer and composite as PNG blobs through PixiJS, uploaded each and then ran the event:
2.7-3.4 s before a reconstruction appeared (benchmarks/draw_latency.py). Here each finished stroke sends the
canvas once, as a PNG data URL, with the `input` event; the handler receives the sketchpad's value shape,
{"composite": (H, W) uint8, 255 = paper}, so demos.digits.from_sketch and the pages' handlers are unchanged.
Streamlit's pad (demos/streamlit_ui.sketchpad) draws the same way.
"""
import html

import gradio as gr

from demos.images import decode_drawing

_TEMPLATE = """<div class="genlab-pad"><span class="genlab-pad-label">{label}</span>
<canvas width="{side}" height="{side}" aria-label="{label}" role="img"></canvas>
<button type="button" class="genlab-pad-clear">Clear</button></div>"""
_CSS = """.genlab-pad {display: flex; flex-direction: column; align-items: flex-start; gap: 4px}
.genlab-pad-label {font-size: var(--block-label-text-size); color: var(--block-label-text-color)}
.genlab-pad canvas {width: 280px; max-width: 100%; aspect-ratio: 1 / 1; background: #fff; cursor: crosshair;
  touch-action: none; border: 1px solid var(--border-color-primary); border-radius: var(--radius-md)}
.genlab-pad-clear {padding: 2px 12px; border: 1px solid var(--button-secondary-border-color);
  border-radius: var(--radius-md); background: var(--button-secondary-background-fill);
  color: var(--button-secondary-text-color); font-size: var(--text-sm)}"""
# mounted once; strokes stay on the canvas (the template does not use `value`, so setting it redraws nothing)
_JS = """const canvas = element.querySelector('canvas'); const ctx = canvas.getContext('2d');
const clear = () => { ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height); };
clear();
Object.assign(ctx, {lineWidth: PEN, lineCap: 'round', lineJoin: 'round', strokeStyle: '#000'});
let drawing = false;
const at = (e) => { const r = canvas.getBoundingClientRect();
  return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
canvas.addEventListener('pointerdown', (e) => { drawing = true; canvas.setPointerCapture(e.pointerId); e.preventDefault();
  const [x, y] = at(e); ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 0.1, y); ctx.stroke(); });
canvas.addEventListener('pointermove', (e) => { if (drawing) { const [x, y] = at(e); ctx.lineTo(x, y); ctx.stroke(); } });
const done = () => { if (!drawing) return; drawing = false; props.value = canvas.toDataURL('image/png'); trigger('input'); };
canvas.addEventListener('pointerup', done); canvas.addEventListener('pointercancel', done);
element.querySelector('button').addEventListener('click', () => { clear(); props.value = ''; trigger('input'); });"""


class DrawingPad(gr.HTML):
    """Black ink on white paper, `side` pixels square, a pen `pen` pixels wide. Listen with `.input`: it fires
    once per finished stroke and on Clear (then the composite is None). layout: gr.HTML keyword arguments."""

    def __init__(self, label: str, elem_id: str, side: int = 280, pen: int = 22, **layout):
        text = html.escape(label)
        super().__init__("", html_template=_TEMPLATE.format(label=text, side=side), css_template=_CSS,
                         js_on_load=_JS.replace("PEN", str(pen)), elem_id=elem_id, label=label,
                         apply_default_css=False, **layout)

    def preprocess(self, payload: str | None) -> dict:
        return {"background": None, "layers": [], "composite": decode_drawing(payload)}

    def api_info(self) -> dict:
        return {"type": "string", "description": "a PNG data URL of the drawing (data:image/png;base64,...)"}
