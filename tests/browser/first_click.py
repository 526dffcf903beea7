"""A page's first click, sent before its load event (issue 17): how a browser test holds the load back."""
import json

import httpx
from playwright.sync_api import Page


def hold_the_load_until(page: Page, gradio_url: str, elem_id: str, route: str = "gan") -> None:
    """Every queued call of the page at `route` waits until the button `elem_id` has sent its own: the load event
    that makes the visitor's session reaches the server after the first click, as on a slow network or a busy
    server. Gradio then makes the visitor's gr.State values from their defaults at that click."""
    config = httpx.get(gradio_url + "config", params={"page": route}, timeout=60).json()
    button = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id)
    held, sent = [], []

    def join(request_route):
        if sent or json.loads(request_route.request.post_data or "{}").get("trigger_id") == button:
            request_route.continue_()
            sent.append(True)
            while held:
                held.pop(0).continue_()
        else:
            held.append(request_route)
    page.route("**/gradio_api/queue/join*", join)
