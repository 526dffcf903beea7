"""Scenes in Gradio (issue 18): the URL's query string sets a page's declared controls, and a "Link to this setup"
box follows them, so a lecturer puts the link to exactly this run on a slide.

`/gan?data=ring8&loss=wgan_gp&seed=3` opens that setup; the names are the declarations' (demos/controls.py), the
same in Streamlit. An unknown name or a value out of range takes the default, and the page says which.
"""
from __future__ import annotations

import json

import gradio as gr

from demos.controls import Control, from_query, linked

IGNORED = ("present", "__theme")  # the presenter view and Gradio's theme switch are not settings

# the link, rebuilt in the browser whenever a control changes (no server call): only values off their defaults
_LINK_JS = """(...values) => {{
  const names = {names}, defaults = {defaults}, query = new URLSearchParams();
  const keep = new URLSearchParams(location.search);
  for (const name of {ignored}) if (keep.has(name)) query.set(name, keep.get(name));
  const text = (v) => typeof v === "boolean" ? (v ? "True" : "False") : String(v);  // as Python's str() writes it
  const same = (v, d) => text(v) === d || (typeof v === "number" && d.trim() !== "" && Number(d) === v);  // 10 is 10.0
  values.forEach((value, i) => {{ if (!same(value, defaults[i])) query.set(names[i], text(value)); }});
  const written = query.toString();
  return location.origin + location.pathname + (written ? "?" + written : "");
}}"""


def read_link(controls: list[Control], request: gr.Request | None) -> tuple[dict | None, str]:
    """The controls' values from the page's URL (None when it sets none), and a note naming what was refused."""
    params = {k: v for k, v in dict(request.query_params if request else {}).items() if k not in IGNORED}
    if not params:
        return None, ""
    values, notes = from_query(controls, params)
    return values, ("⚠️ Link: " + "; ".join(notes)) if notes else ""


def link(controls: list[Control], components: list, elem_id: str) -> tuple[gr.Textbox, gr.Markdown]:
    """The "Link to this setup" box (copyable) and the link's note, kept in step with the controls."""
    box, note = link_box(elem_id)
    follow(controls, components, box)
    return box, note


def link_box(elem_id: str) -> tuple[gr.Textbox, gr.Markdown]:
    """The box and its note alone, for a page whose controls are made further down it: follow() them once made."""
    box = gr.Textbox(label="Link to this setup", interactive=False, buttons=["copy"], elem_id=elem_id, max_lines=2)
    return box, gr.Markdown("", elem_id=f"{elem_id}-note", elem_classes=["genlab-note"])


def follow(controls: list[Control], components: list, box: gr.Textbox) -> None:
    """The box filled as the page opens and rebuilt whenever a control changes (components in the declarations'
    order). triggers=None is every input's change plus the page's load: without the load the box stayed empty
    until a control changed."""
    js = _LINK_JS.format(names=json.dumps([c.name for c in controls]), ignored=json.dumps(IGNORED),
                         defaults=json.dumps([linked(c.default) for c in controls]))
    gr.on(None, None, components, box, js=js, queue=False, api_visibility="private", show_progress="hidden")


def on_load(demo: gr.Blocks, controls: list[Control], components: list, box: gr.Textbox, note: gr.Markdown):
    """follow() and the load step that applies a link, for a page with no session to make first. -> the load
    event, to chain what the controls draw after it."""
    follow(controls, components, box)
    return demo.load(**apply(controls, components, note))


def apply(controls: list[Control], components: list, note: gr.Markdown):
    """A load step -> the controls set from the URL and the note; every output skipped when the URL sets nothing."""
    def read(request: gr.Request):
        values, said = read_link(controls, request)
        if values is None:
            return (*[gr.skip()] * len(components), gr.skip())
        return (*[values[c.name] for c in controls], said)

    return dict(fn=read, inputs=None, outputs=[*components, note], show_progress="hidden", api_visibility="private")

