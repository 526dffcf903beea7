"""The Conditional GAN page in Chromium, in both front ends: picking a class redraws the digit (new pixels, not
just a new file name), the two buttons move the class and the noise on, the model switch reaches the
measurements, and the page fits a phone. Screenshots go to artifacts/ for a human to look at."""
import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.test_streamlit_browser import open_page, screenshot_whole_page, streamlit_url  # noqa: F401

pytestmark = pytest.mark.browser
PNG = re.compile(r"/gradio_api/file=.*\.png")
expect.set_options(timeout=30_000)
VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


def open_cgan(page: Page, gradio_url: str) -> None:
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "cgan")
    expect(page.locator("#cgan-digit img")).to_have_attribute("src", PNG)
    expect(page.locator("#cgan-status")).to_contain_text("Asked for a 3 (seed 0)")


def pixels(page: Page, image) -> np.ndarray:
    """The image an <img> shows, fetched from the server and decoded."""
    body = page.request.get(image.evaluate("img => img.src")).body()
    return np.asarray(Image.open(io.BytesIO(body)).convert("L"), dtype=int)


def test_picking_a_class_draws_that_class(page: Page, gradio_url):
    open_cgan(page, gradio_url)
    digit = page.locator("#cgan-digit img")
    before, before_pixels = digit.get_attribute("src"), pixels(page, digit)
    page.locator("#cgan-class").get_by_text("7", exact=True).click()
    expect(page.locator("#cgan-status")).to_contain_text("Asked for a 7 (seed 0)")
    expect(digit).not_to_have_attribute("src", before)
    after = pixels(page, digit)
    assert after.shape == before_pixels.shape == (280, 280) and np.abs(after - before_pixels).mean() > 1


def test_the_buttons_keep_the_noise_or_the_class(page: Page, gradio_url):
    open_cgan(page, gradio_url)
    grid = page.locator("#cgan-grid img")
    expect(grid).to_have_attribute("src", PNG)
    grid_before = grid.get_attribute("src")
    page.locator("#cgan-next-class").click()
    expect(page.locator("#cgan-status")).to_contain_text("Asked for a 4 (seed 0)")
    expect(page.locator("#cgan-class-read")).to_contain_text("y = 4 → 8")
    assert grid.get_attribute("src") == grid_before  # the grid shows every class: a new class changes nothing there
    page.locator("#cgan-new-noise").click()
    expect(page.locator("#cgan-seed input")).to_have_value("1")
    expect(page.locator("#cgan-status")).to_contain_text("Asked for a 4 (seed 1)")
    expect(grid).not_to_have_attribute("src", grid_before)  # new noise: every column moves on by one seed


def test_switching_model_redraws_the_measurements(page: Page, gradio_url):
    open_cgan(page, gradio_url)
    expect(page.locator("#cgan-summary")).to_contain_text("cGAN: D sees the label")
    expect(page.locator("#cgan-confusion .js-plotly-plot")).to_be_visible()
    page.locator("#cgan-model").get_by_text("AC-GAN: D names the class").click()
    expect(page.locator("#cgan-summary")).to_contain_text("AC-GAN: D names the class")
    expect(page.locator("#cgan-histogram .legend")).to_contain_text("AC-GAN, 100 asked for per class")


ITERATION = re.compile(r"^iteration ([\d,]+)")


def iteration(text: str) -> int:
    match = ITERATION.search(text)
    return int(match.group(1).replace(",", "")) if match else -1


def test_live_training_streams_frames_until_stop(page: Page, gradio_url):
    open_cgan(page, gradio_url)
    status = page.locator("#cgan-live-status")
    expect(status).to_contain_text("Press ▶ Train")
    page.locator("#cgan-train").click()
    expect(status).to_contain_text(re.compile(r"iteration [1-9]"))
    first = iteration(status.inner_text())
    page.wait_for_function(  # a later frame: the stream goes on by itself
        "([sel, n]) => +((document.querySelector(sel).innerText.match(/^iteration ([\\d,]+)/) || [0, '-1'])[1]"
        ".replace(/,/g, '')) > n", arg=["#cgan-live-status", first])
    expect(page.locator("#cgan-live-grid img")).to_have_attribute("src", PNG)
    page.locator("#cgan-stop").click()
    expect(page.locator("#cgan-train")).to_be_enabled()
    page.wait_for_timeout(1500)  # a last frame may still land
    stopped = iteration(status.inner_text())
    page.wait_for_timeout(1500)
    assert iteration(status.inner_text()) == stopped > first


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots_and_no_sideways_scrolling(page: Page, gradio_url, artifacts, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    open_cgan(page, gradio_url)
    expect(page.locator("#cgan-histogram .js-plotly-plot")).to_be_visible()
    expect(page.locator("#cgan-noise-read")).to_contain_text("Classifier reads")
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    page.wait_for_function("[...document.images].every(img => img.complete)")
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    page.screenshot(path=artifacts / f"gradio_cgan_{viewport}.png", full_page=True)


STREAMLIT_VIEWPORTS = {"desktop": VIEWPORTS["1280"], "phone": VIEWPORTS["390"]}


def test_streamlit_picking_a_class_draws_that_class(page: Page, streamlit_url, artifacts):  # noqa: F811
    open_page(page, streamlit_url + "/cgan")
    digit = page.get_by_test_id("stImage").filter(has=page.get_by_text("G(z | y)")).locator("img")
    expect(digit).to_have_attribute("src", re.compile(r"/media/"))
    expect(page.get_by_text(re.compile(r"^Asked for a 3 \(seed 0\)"))).to_be_visible()
    before = digit.get_attribute("src")
    page.get_by_test_id("stRadio").filter(has_text="Digit class y").get_by_text("7", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Asked for a 7 \(seed 0\)"))).to_be_visible()
    expect(digit).not_to_have_attribute("src", before)
    for name, size in STREAMLIT_VIEWPORTS.items():
        page.set_viewport_size(size)
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)
        assert page.get_by_test_id("stMain").evaluate("e => e.scrollWidth") <= size["width"] + 1
        screenshot_whole_page(page, artifacts / f"streamlit_cgan_{name}.png")


def test_streamlit_live_training_ticks_by_itself_and_stops(page: Page, streamlit_url):  # noqa: F811
    open_page(page, streamlit_url + "/cgan")
    expect(page.get_by_text(re.compile(r"^Press ▶ Train"))).to_be_visible()
    page.get_by_role("button", name="▶ Train").click()
    line = page.get_by_text(ITERATION).first
    expect(line).to_be_visible()
    first = iteration(line.inner_text())
    page.wait_for_function(  # a second tick and more: the fragment keeps running on its own
        f"() => [...document.querySelectorAll('p')].some(p => /^iteration ([\\d,]+)/.test(p.innerText)"
        f" && +p.innerText.match(/^iteration ([\\d,]+)/)[1].replace(/,/g, '') > {first})")
    page.get_by_role("button", name="■ Stop").click()
    expect(page.get_by_role("button", name="▶ Train")).to_be_enabled()
    page.wait_for_timeout(1500)
    stopped = iteration(page.get_by_text(ITERATION).first.inner_text())
    page.wait_for_timeout(1500)
    assert iteration(page.get_by_text(ITERATION).first.inner_text()) == stopped > first
