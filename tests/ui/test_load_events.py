"""Each page fires only its own load events, each once: counted in the config each route sends the browser.

The browser's `dispatch_load_events` (gradio 6.31's Blocks-*.js) dispatches every dependency in the page's
config once per `[target, "load"]` pair in its `targets`; so that is what is counted here. Without
demos/load_events_ui.own_page (app.py using plain `demo.route`), test_every_page_fires_only_its_own_load_events
fails: /gan fires the VAE's `default_digit` twice, /minimax six times, plus mode-collapse's `html` four times
and the photo CycleGAN's `new_session` twice (the Gradio cause is in demos/load_events_ui.py).
"""
from collections import Counter

import gradio as gr
import httpx
import pytest

from demos import pages
from demos.load_events_ui import own_page

ROUTES = ["" if page is pages.OVERVIEW else page.slug for page in pages.PAGES]


def load_fires(config: dict) -> Counter:
    """dependency id -> how many times the browser dispatches it when the page opens."""
    return Counter({dep["id"]: n for dep in config["dependencies"]
                    if (n := sum(event == "load" for _, event in dep["targets"]))})


def named(fn) -> str:
    """A listener's name: its Python function's, or the start of its browser-only js."""
    return fn.__qualname__ if callable(fn) else f"js {' '.join(str(fn).split())[:40]!r}"


def foreign_loads(config: dict, fns: dict) -> list[str]:
    """What opening this page would run that is not one load event of its own components, each once."""
    own = {component["id"] for component in config["components"]}
    fires = load_fires(config)
    runs = Counter(fns[i].fn or fns[i].js for i in fires)  # a browser-only listener (the scene link) has its js
    problems = []
    for i, n in fires.items():
        dep, name = next(d for d in config["dependencies"] if d["id"] == i), named(fns[i].fn or fns[i].js)
        if n > 1:
            problems.append(f"{name} (dependency {i}) fires {n} times")
        if not set(dep["inputs"]) | set(dep["outputs"]) <= own:
            problems.append(f"{name} (dependency {i}) reads or writes another page's components")
    problems += [f"{named(fn)} runs {n} times" for fn, n in runs.items() if n > 1]
    return problems


@pytest.fixture(scope="module")
def page_configs(gradio_url) -> dict[str, dict]:
    """Each route's config as the browser fetches it (/config?page=<route>; "" is the Overview at /)."""
    with httpx.Client(base_url=gradio_url, timeout=60) as http:
        return {route: http.get("config", params={"page": route}).raise_for_status().json() for route in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: "/" + r)
def test_every_page_fires_only_its_own_load_events(page_configs, route):
    import app

    config = page_configs[route]
    assert config["current_page"] == route
    problems = foreign_loads(config, app.demo.fns)
    assert not problems, "\n".join(problems)


def test_the_count_sees_load_events(page_configs):
    """Not vacuous: callable-valued components and demo.load listeners are counted on their pages."""
    assert sum(bool(load_fires(config)) for config in page_configs.values()) >= 4


def make_session() -> dict:
    return {}


def two_pages(route) -> gr.Blocks:
    """A callable State on page "a", then pages "b" and "c" with nothing to load, mounted with `route`."""
    with gr.Blocks() as demo:
        gr.Markdown("home")
    for name in "abc":
        with route(demo, name, name):
            if name == "a":
                gr.State(make_session)
            gr.Markdown(name)
    return demo


def page_config(demo: gr.Blocks, page: str) -> dict:
    config = demo.config
    ids = set(config["page"][page]["dependencies"])
    components = [c for c in config["components"] if c["id"] in config["page"][page]["components"]]
    return {"dependencies": [d for d in config["dependencies"] if d["id"] in ids], "components": components}


def test_plain_routes_in_gradio_6_31_refire_an_earlier_pages_load_event():
    """The bug own_page works around. If this fails after a Gradio upgrade, Gradio fixed it: own_page can go."""
    demo = two_pages(lambda demo, name, path: demo.route(name, path))
    assert load_fires(page_config(demo, "c")).total() == 3  # page a's State, attached again with 3 load triggers
    assert foreign_loads(page_config(demo, "c"), demo.fns)


def test_own_page_attaches_each_load_event_once_on_its_own_page():
    demo = two_pages(own_page)
    assert [load_fires(page_config(demo, page)).total() for page in ["", "a", "b", "c"]] == [0, 1, 0, 0]
    assert foreign_loads(page_config(demo, "a"), demo.fns) == []
