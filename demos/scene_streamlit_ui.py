"""Scenes in Streamlit (issue 18): the URL's query string sets a page's declared controls on the session's first
run of the page, and the URL then follows the controls, so the address bar and the "Link to this setup" box
always hold the link to the run on screen. Same names as Gradio's (demos/scene_ui.py), from demos/controls.py.
"""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from demos.controls import Control, changed, from_query

IGNORED = ("present",)  # the presenter view is not a setting, and stays in the link


def scene(controls: list[Control], prefix: str) -> bool:
    """Before the page's widgets: the first time this session opens the page, a link's values go into
    st.session_state[f"{prefix}_{name}"] (unknown or bad values take the defaults, said under the link).
    -> whether a link set them, so the page rebuilds what it made from the defaults."""
    ss, seen = st.session_state, f"_{prefix}_scene"
    if ss.get(seen):
        return False
    ss[seen] = True
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in IGNORED}
    if not params:
        return False
    values, notes = from_query(controls, params)
    for c in controls:
        ss[f"{prefix}_{c.name}"] = values[c.name]
    if notes:
        ss[f"_{prefix}_scene_note"] = "⚠️ Link: " + "; ".join(notes)
    return True


def link(controls: list[Control], prefix: str, container=st) -> str:
    """After the widgets: the URL set to the controls' values (defaults left out), shown ready to copy."""
    ss = st.session_state
    values = {c.name: ss[f"{prefix}_{c.name}"] for c in controls if f"{prefix}_{c.name}" in ss}
    kept = {k: v for k, v in st.query_params.to_dict().items() if k in IGNORED}
    query = {**kept, **changed(controls, values)}
    st.query_params.from_dict(query)
    address = (st.context.url or "").split("?", 1)[0] + ("?" + urlencode(query) if query else "")
    container.caption("Link to this setup")
    container.code(address, language=None, wrap_lines=True)
    note = ss.get(f"_{prefix}_scene_note")
    if note:
        container.caption(note)
    return address
