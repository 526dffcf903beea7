"""The Mode collapse page in Chromium: Play trains, the histogram of high-quality samples fills and changes,
Stop stops; a bad setting gets a message; the page fits a phone."""
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
ITERATION = re.compile(r"iteration ([\d,]+) /")
expect.set_options(timeout=30_000)


def iteration(page: Page) -> int:
    match = ITERATION.search(page.locator("#mc-status").inner_text())
    return int(match.group(1).replace(",", "")) if match else -1


def bar_heights(page: Page) -> list:
    return page.locator("#mc-histogram .barlayer path").evaluate_all("ps => ps.map(p => p.getAttribute('d'))")


CHANGED = """before => { const d = [...document.querySelectorAll('#mc-histogram .barlayer path')]
    .map(p => p.getAttribute('d')); return d.length > 0 && JSON.stringify(d) !== JSON.stringify(before); }"""


def open_page(page: Page, gradio_url: str) -> None:
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "mode-collapse")
    expect(page.locator("#mc-status")).to_contain_text("iteration 0 /")
    expect(page.locator("#mc-histogram .js-plotly-plot")).to_be_visible()


def test_play_trains_and_the_histogram_changes(page: Page, gradio_url, artifacts):
    open_page(page, gradio_url)
    page.locator("#mc-mixture input").click()
    page.get_by_role("option", name="25 modes on a grid (grid25)").click()  # the first good samples come soon
    expect(page.locator("#mc-status")).to_contain_text("/ 25 modes")
    before = bar_heights(page)
    page.locator("#mc-play").click()
    expect(page.locator("#mc-status")).to_contain_text("it/s")
    expect(page.locator("#mc-stop")).to_be_enabled()
    page.wait_for_function(CHANGED, arg=before, timeout=60_000)  # bars rise as samples land on modes
    page.locator("#mc-stop").click()  # before the screenshot: a full-page shot of a streaming page takes long
    expect(page.locator("#mc-play")).to_be_enabled()
    page.wait_for_timeout(1500)  # a last frame may still land
    stopped = iteration(page)
    page.wait_for_timeout(1500)
    assert iteration(page) == stopped > 0
    page.screenshot(path=artifacts / "gradio_mode_collapse_1280.png", full_page=True)


def test_bad_modes_get_a_message(page: Page, gradio_url):
    open_page(page, gradio_url)
    page.locator("#mc-mixture input").click()
    page.get_by_role("option", name="Your own modes (type them below)").click()
    expect(page.locator("#mc-status")).to_contain_text("Ready")
    box = page.locator("#mc-modes textarea")
    box.fill("1, 2")
    box.press("Enter")
    expect(page.locator("#mc-status")).to_contain_text("give 2 to 50 modes")


def test_the_page_fits_a_phone(page: Page, gradio_url, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, gradio_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.screenshot(path=artifacts / "gradio_mode_collapse_390.png", full_page=True)
