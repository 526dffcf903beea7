"""Every page of the multipage app fires only its own load events: a workaround for Gradio 6.31.0.

The cause, in gradio 6.31.0's blocks.py: a component whose value is a callable (`gr.State(fn)`,
`gr.HTML(fn)`) gets a load event from `BlocksConfig.attach_load_events` (line 1275), which
`Blocks.__exit__` calls over *every* block built so far (line 2918). `with demo.route(...)` re-enters
and exits the same Blocks, so each later page's exit attaches every earlier page's load events again,
and `set_event_trigger` files the copy under the page being built (`page=self.root_block.current_page`,
line 1150). Worse, `triggers += [(self.root_block, "load")]` (line 1286) extends the list kept in the
component's `load_event_to_attach` in place, so the k-th copy carries k load triggers, and the frontend's
`dispatch_load_events` (Blocks-*.js) fires a dependency once per `load` target. In GenLab that ran the VAE's
`default_digit` 2x on /gan ... 6x on /minimax, into a State the page does not even show.

The fix: before each route is entered (and once all are built), forget the load events already attached,
so each is attached once, on its own page. tests/ui/test_load_events.py counts what each page's config fires.
"""
from __future__ import annotations

from contextlib import contextmanager

import gradio as gr


def forget_attached_load_events(demo: gr.Blocks) -> None:
    """Mark the load events attached so far as done: a later `__exit__` of `demo` skips them
    (attach_load_events only looks at components whose `load_event_to_attach` is set)."""
    for block in demo.blocks.values():
        if isinstance(block, gr.components.Component) and block.load_event is not None:
            block.load_event_to_attach = None


@contextmanager
def own_page(demo: gr.Blocks, name: str, path: str):
    """`demo.route(name, path)` whose exit attaches only this page's load events."""
    forget_attached_load_events(demo)
    with demo.route(name, path):
        yield demo
    forget_attached_load_events(demo)
