"""The Gradio side of the scripted API's contract (demos/api_contract.py): publish an endpoint, hide the rest.

publish(fn, api_name=...) is the one way a page offers an endpoint: fn's signature declares the types, ranges and
defaults; every call is checked against it, and a refused value reaches the caller as a gr.Error with the reason
(over raw HTTP: `event: error`, `data: {"error": "..."}`; gradio_client raises it), never printed as a traceback.
seal(demo), once every page is built, hides every other event from view_api and returns the middleware for the
launch's app_kwargs: the Gate, which refuses calls by name to anything not published.
"""
from __future__ import annotations

import functools
from typing import Callable

import gradio as gr
from gradio.components.api_component import Api
from gradio.context import get_blocks_context
from gradio.utils import get_function_params
from gradio_client.utils import python_type_to_json_schema
from starlette.middleware import Middleware

from demos import api_contract


def _answering(fn: Callable) -> Callable:
    """fn checked against its declaration; a Refused becomes a gr.Error the caller reads, with no traceback."""
    checked = api_contract.checked(fn)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return checked(*args, **kwargs)
        except api_contract.Refused as error:
            raise gr.Error(str(error), title="Not allowed", print_exception=False) from None
    return call


SCRIPTS = dict(concurrency_id="scripts", concurrency_limit=2)  # never a page's slot: a script's flood waits here
TRAINING = dict(concurrency_id="scripted-training", concurrency_limit=4)  # waits on demos/live.py's scheduler


def publish(fn: Callable, api_name: str, outputs: list | None = None, training: bool = False, **options) -> None:
    """An endpoint /api_name taking JSON arguments as fn declares them. Its answer is fn's JSON (gr.api), or, with
    `outputs`, the page's components (images as files, plots), as the page's own events would show them.
    Scripts' calls run in concurrency groups of their own (SCRIPTS, or TRAINING for training=True), apart
    from the pages' events, so that a script's calls, however many, never hold the slots a page load needs."""
    api_contract.declare(api_name, fn)
    handler = _answering(fn)
    options = {**(TRAINING if training else SCRIPTS), **options}
    if outputs is None:
        gr.api(handler, api_name=api_name, **options)
        return
    inputs = [Api(default if has_default else None, python_type_to_json_schema(kind), name)
              for name, has_default, default, kind in get_function_params(handler)]
    get_blocks_context().set_event_trigger([], handler, inputs, outputs, preprocess=False, show_progress="hidden",
                                           api_name=api_name, **options)


def seal(demo: gr.Blocks) -> list[Middleware]:
    """Every event of `demo` that was not published becomes private (out of view_api: page loads, component values
    made by functions such as /default_digit or /html). -> the middleware to launch with: the Gate."""
    for fn in demo.fns.values():
        if fn.api_name not in api_contract.PUBLIC:
            fn.api_visibility = "private"
    return [Middleware(api_contract.Gate)]
