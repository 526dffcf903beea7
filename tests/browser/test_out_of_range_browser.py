"""Out-of-range numbers in a real browser, both UIs (issue 17): every number box and slider box of a page is given
a value far outside its range; no Gradio "Error" (toast or red box) and no Streamlit exception appears, the box
shows the clipped value, its note says what happened, and the page's figure uses the value the box shows.

To cover another page, add a Page to GRADIO_PAGES / STREAMLIT_PAGES: its path, what shows it is ready, and
the actions (type a value, press something, then what the box, the note and the figure must say).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_streamlit_browser import streamlit_url  # noqa: F401  (the fixture: `streamlit run`)

pytestmark = pytest.mark.browser
TIMEOUT = 60_000  # ms: two slow, shared CPU cores
# Gradio's error styling: the toast (gr.Error) and the red "Error" box a failed event leaves over its outputs
GRADIO_ERRORS = "[data-testid='toast-body'], .toast-body, .wrap.error, span.error"
STREAMLIT_ERRORS = "[data-testid='stException']"


@dataclass
class Typed:
    """Type `value` into the box `box` (a CSS selector of its <input>), then press `then` (a selector to click,
    or a key), and expect the box to read `shows`, the note (`note`, a selector) to contain `says`, and each
    selector in `figure` to contain its text: the output made from the clipped value."""
    box: str
    value: str
    shows: str
    note: str
    says: str
    then: str = "Tab"
    figure: dict[str, str] = field(default_factory=dict)


@dataclass
class Case:
    path: str
    ready: str  # a selector that shows the page's first output
    typed: list[Typed]


def _slider(label: str) -> str:
    return f"input[aria-label='number input for {label}']"


GRADIO_PAGES = {
    "autoencoder": Case("autoencoder", "#ae-samples img", [
        Typed("#ae-seed input", "-5", "1", "#ae-seed-note", "Seed: -5 became 0", then="#ae-sample-btn",
              figure={"#ae-verdict": "seed 1)"}),  # Sample draws the next
        Typed(_slider("Input noise σ"), "7", "1", "#ae-noise-note", "7 became 1")]),
    "vae": Case("vae", "#vae-manifold img", [
        Typed("#vae-seed input", "-3", "1", "#vae-seed-note", "Seed: -3 became 0", then="#vae-sample-btn",
              figure={"#vae-status": "seed 0."}),
        Typed(_slider("z0"), "999", "3", "#vae-z0-note", "z0: 999 became 3"),
        Typed(_slider("Grid size"), "1000", "25", "#vae-grid-n-note", "Grid size: 1000 became 25"),
        Typed(_slider("Temperature T"), "9", "2", "#vae-temperature-note", "9 became 2")]),
    "minimax": Case("minimax", "#minimax-plane .js-plotly-plot", [
        Typed(_slider("Learning rate η"), "9", "2.5", "#minimax-lr-note", "9 became 2.5"),
        Typed(_slider("Steps"), "99999", "2000", "#minimax-steps-note", "became 2,000",
              figure={"#minimax-summary": "2000 steps"}),
        Typed(_slider("Step t"), "5000", "2000", "#minimax-frame-note", "became 2,000")]),
    "mode_collapse": Case("mode-collapse", "#mc-samples .js-plotly-plot", [
        Typed("#mc-seed input", "99999", "10000", "#mc-seed-note", "Seed: 99999 became 10,000", then="Enter",
              figure={"#mc-status": "Ready"}),
        Typed(_slider("Snapshot every N iterations"), "99999", "2000", "#mc-every-note", "became 2,000")]),
}


def _type(page: Page, typed: Typed) -> None:
    box = page.locator(typed.box).first
    box.fill(typed.value)
    if typed.then.startswith(("#", ".")):
        page.locator(typed.then).click()
    else:
        box.press(typed.then)


@pytest.mark.parametrize("name", list(GRADIO_PAGES))
def test_gradio_clips_every_typed_number_and_says_so(page: Page, gradio_url, name):
    case = GRADIO_PAGES[name]
    page.set_default_timeout(TIMEOUT)
    page.goto(gradio_url + case.path)
    expect(page.locator(case.ready).first).to_be_visible(timeout=TIMEOUT)
    for typed in case.typed:
        _type(page, typed)
        expect(page.locator(typed.note)).to_contain_text(typed.says, timeout=TIMEOUT)
        expect(page.locator(typed.box).first).to_have_value(typed.shows, timeout=TIMEOUT)
        for selector, text in typed.figure.items():
            expect(page.locator(selector)).to_contain_text(text, timeout=TIMEOUT)
        expect(page.locator(GRADIO_ERRORS)).to_have_count(0)
    # every box on the page, declared or not: none may answer a value out of its range with an error
    boxes = page.locator("input[type=number]:visible")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        high = box.get_attribute("max")
        if high is None:
            continue
        box.fill(str(float(high) * 10 + 100))
        box.press("Tab")
        expect(box).to_have_value(_shown(high))
    expect(page.locator(GRADIO_ERRORS)).to_have_count(0)


def _shown(number: str) -> str:
    value = float(number)
    return str(int(value)) if value.is_integer() else str(value)


STREAMLIT_PAGES = {  # Streamlit sliders cannot be typed into; its number boxes are
    "autoencoder": Case("/autoencoder", "img", [
        Typed("[data-testid='stNumberInput'] input", "-5", "0", "[data-testid='stCaptionContainer']",
              "Seed: -5 became 0", then="Enter")]),
    "vae": Case("/vae", "img", [
        Typed("[data-testid='stNumberInput'] input", "-3", "0", "[data-testid='stCaptionContainer']",
              "Seed: -3 became 0", then="Enter")]),
    "mode_collapse": Case("/mode-collapse", "[data-testid='stPlotlyChart']", [
        Typed("[data-testid='stNumberInput'] input", "99999", "10000", "[data-testid='stCaptionContainer']",
              "Seed: 99999 became 10,000", then="Enter")]),
}


@pytest.mark.parametrize("name", list(STREAMLIT_PAGES))
def test_streamlit_clips_every_typed_number_and_says_so(page: Page, streamlit_url, name):  # noqa: F811
    case = STREAMLIT_PAGES[name]
    page.set_default_timeout(TIMEOUT)
    page.goto(streamlit_url + case.path)
    expect(page.locator(case.ready).first).to_be_visible(timeout=TIMEOUT)
    for typed in case.typed:
        _type(page, typed)
        expect(page.locator(typed.note, has_text=typed.says).first).to_be_visible(timeout=TIMEOUT)
        expect(page.locator(typed.box).first).to_have_value(typed.shows, timeout=TIMEOUT)
        expect(page.locator(STREAMLIT_ERRORS)).to_have_count(0)
