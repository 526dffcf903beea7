"""The Streamlit app in a real browser (Debian's Chromium driven by Playwright), served by
`streamlit run` exactly as a lecturer starts it.

What a student relies on: the home page is the Overview; a page opened directly by its URL shows
its images; the Model selectbox redraws the numbers; the drawing pad works; the pages fit a phone.
"""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.mouse import draw_vertical_stroke

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60_000  # ms: two slow CPU cores, and each new session runs the whole script
START_TIMEOUT = 60  # s
expect.set_options(timeout=TIMEOUT)

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {"overview": "", "autoencoder": "/autoencoder", "gan": "/gan"}


# ---------------------------------------------------------------------------- server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer {url}/_stcore/health within {START_TIMEOUT} s")


@pytest.fixture(scope="module")
def streamlit_url():
    """`streamlit run streamlit_app.py` on a free local port; -> its URL. Stopped after this module."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


# ---------------------------------------------------------------------------- helpers

def open_page(page: Page, url: str) -> None:
    page.set_default_timeout(TIMEOUT)
    page.goto(url)


def summary(page: Page) -> Locator:
    """The Markdown block under the images: the error table and the 'vs PCA' verdict."""
    return page.get_by_test_id("stMarkdownContainer").filter(has_text="vs PCA with")


def expect_autoencoder_ready(page: Page) -> None:
    """The four result images (x, x', error, PCA) are served by Streamlit and the summary is shown."""
    expect(page.get_by_role("heading", level=1)).to_contain_text("Autoencoder")
    for caption in ("x", "x' = g(f(x))", "|x − x'|", "PCA"):
        image = page.get_by_test_id("stImage").filter(has=page.get_by_text(caption, exact=True))
        expect(image.locator("img")).to_have_attribute("src", re.compile(r"/media/"))
    expect(summary(page)).to_be_visible()


def wait_until_finished(page: Page, name: str) -> None:
    """The script has run to the end (its last element is shown), every plot is drawn and every image
    decoded, so that a screenshot shows the finished page."""
    if name == "autoencoder":
        expect_autoencoder_ready(page)
        expect(page.get_by_role("button", name="Sample a random z")).to_be_visible()
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(2)
    elif name == "gan":  # canvas, charts, signal; the digit section is built on first use
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)
        expect(page.get_by_text("to train a DCGAN from scratch")).to_be_visible()
    else:
        expect(page.get_by_test_id("stPageLink").last).to_be_visible()
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(1)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    page.wait_for_function("[...document.images].every(img => img.complete)")


def screenshot_whole_page(page: Page, path) -> None:
    """Streamlit scrolls inside stMain, not the document, so full_page=True alone captures one screen:
    grow the viewport to the content's height first."""
    size = page.viewport_size
    height = page.get_by_test_id("stMainBlockContainer").evaluate("e => Math.ceil(e.scrollHeight)")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_function("[...document.images].every(img => img.complete)")
    page.screenshot(path=path, full_page=True)


# ---------------------------------------------------------------------------- tests

def test_home_page_is_the_overview(page: Page, streamlit_url):
    """`/` shows GenLab's title and a link to the Autoencoder page."""
    open_page(page, streamlit_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("GenLab")
    expect(page.get_by_test_id("stPageLink").filter(has_text="Autoencoder")).to_be_visible()


def test_autoencoder_opened_by_url_shows_images_and_follows_the_model(page: Page, streamlit_url):
    """Opening /autoencoder directly shows the images; choosing another model redraws the summary."""
    open_page(page, streamlit_url + "/autoencoder")
    expect_autoencoder_ready(page)
    expect(summary(page)).to_contain_text("Conv, z = 8 vs PCA with 8 components")
    page.get_by_role("combobox", name="Model").click()
    page.get_by_role("option", name="MLP, z = 32").click()
    expect(summary(page)).to_contain_text("MLP, z = 32 vs PCA with 32 components")


def test_drawing_on_the_sketchpad_becomes_the_input(page: Page, streamlit_url):
    """A mouse stroke on the Draw pad (a custom component) is converted and read as a '1'."""
    open_page(page, streamlit_url + "/autoencoder")
    expect_autoencoder_ready(page)
    page.get_by_test_id("stRadio").get_by_text("Draw", exact=True).click()
    draw_vertical_stroke(page, page.locator(".genlab-pad canvas"), 180)
    expect(page.get_by_text(re.compile("^Converted MNIST-style"))).to_be_visible()
    expect(summary(page).get_by_role("row", name=re.compile(r"^classifier reads 1 \("))).to_be_visible()


def test_gan_drawing_stays_the_data_when_play_is_pressed(page: Page, streamlit_url):
    """The live GAN trains on a drawing; it used to last one run of the script: the next (Play) read the old
    Data box and went back to the two Gaussians."""
    open_page(page, streamlit_url + "/gan")
    expect(page.get_by_text(re.compile(r"^iteration 0 ·")).first).to_be_visible()
    page.get_by_text("Draw your own distribution").click()
    pad = page.locator(".genlab-pad canvas")
    pad.scroll_into_view_if_needed()
    draw_vertical_stroke(page, pad, 120)
    page.get_by_role("button", name="Train on my drawing").click()
    title = page.locator(".st-key-gan_canvas .gtitle")
    expect(title).to_have_text("Your drawing")
    page.get_by_role("button", name="▶ Play").first.click()
    expect(page.get_by_text(re.compile(r"^iteration [1-9][\d,]* ·")).first).to_be_visible()
    expect(title).to_have_text("Your drawing")
    page.get_by_role("button", name="■ Stop").first.click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshots_and_no_sideways_scrolling(page: Page, streamlit_url, artifacts, name, viewport):
    """Whole-page screenshots for a human to look at (artifacts/streamlit_<page>_<viewport>.png); the
    page never scrolls sideways, on a phone in particular."""
    width = VIEWPORTS[viewport]["width"]
    page.set_viewport_size(VIEWPORTS[viewport])
    open_page(page, streamlit_url + PAGES[name])
    wait_until_finished(page, name)
    assert page.get_by_test_id("stMain").evaluate("e => e.scrollWidth") <= width + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    screenshot_whole_page(page, artifacts / f"streamlit_{name}_{viewport}.png")


def test_vae_page_opened_by_url_decodes_and_follows_a_slider(page: Page, streamlit_url, artifacts):
    open_page(page, streamlit_url + "/vae")
    expect(page.get_by_role("heading", level=1)).to_contain_text("VAE")
    decoded = page.get_by_test_id("stImage").filter(has=page.get_by_text("decoded digit E[x | z]", exact=True))
    expect(decoded.locator("img")).to_have_attribute("src", re.compile(r"/media/"))
    before = decoded.locator("img").get_attribute("src")
    thumb = page.get_by_role("slider", name="z0")
    thumb.focus()
    for _ in range(10):
        thumb.press("ArrowRight")
    expect(decoded.locator("img")).not_to_have_attribute("src", before)
    screenshot_whole_page(page, artifacts / "streamlit_vae_desktop.png")


def test_vae_page_starts_from_a_drawing(page: Page, streamlit_url):
    open_page(page, streamlit_url + "/vae")
    decoded = page.get_by_test_id("stImage").filter(has=page.get_by_text("decoded digit E[x | z]", exact=True))
    expect(decoded.locator("img")).to_have_attribute("src", re.compile(r"/media/"))
    before = decoded.locator("img").get_attribute("src")
    page.get_by_text("a drawing", exact=True).click()
    draw_vertical_stroke(page, page.locator(".genlab-pad canvas"), 180)
    expect(decoded.locator("img")).not_to_have_attribute("src", before)


def gan_iteration(page: Page) -> int:
    text = page.get_by_text(re.compile(r"^iteration [\d,]+ ·")).first.inner_text()
    return int(re.search(r"iteration ([\d,]+)", text).group(1).replace(",", ""))


def test_gan_page_plays_tick_after_tick_and_stops(page: Page, streamlit_url, artifacts):
    open_page(page, streamlit_url + "/gan")
    expect(page.get_by_text(re.compile(r"^iteration 0 ·")).first).to_be_visible()
    page.get_by_role("button", name="▶ Play").first.click()
    expect(page.get_by_text(re.compile(r"^iteration [1-9][\d,]* ·")).first).to_be_visible()
    first = gan_iteration(page)
    page.wait_for_function(  # a second tick and more: the fragment keeps running on its own
        f"() => [...document.querySelectorAll('p')].some(p => /^iteration ([\\d,]+) ·/.test(p.innerText)"
        f" && +p.innerText.match(/^iteration ([\\d,]+)/)[1].replace(/,/g, '') > {first})")
    page.get_by_role("button", name="■ Stop").first.click()
    expect(page.get_by_role("button", name="▶ Play").first).to_be_enabled()
    page.wait_for_timeout(1500)
    page.screenshot(path=artifacts / "streamlit_gan_stopped.png", full_page=True)
    stopped = gan_iteration(page)
    page.wait_for_timeout(1500)
    assert gan_iteration(page) == stopped > first
    screenshot_whole_page(page, artifacts / "streamlit_gan_desktop.png")


def dcgan_iteration_above(page: Page, at_least: int) -> int:
    """Wait for the digit section's status ("iteration N · … · recognisable: …") to pass at_least; -> N."""
    pattern = "/^iteration ([\\d,]+) ·.*recognisable/"
    handle = page.wait_for_function(
        f"() => {{ const p = [...document.querySelectorAll('p')].find(p => {pattern}.test(p.innerText));"
        f" const n = p && +p.innerText.match(/^iteration ([\\d,]+)/)[1].replace(/,/g, '');"
        f" return n > {at_least} ? n : false; }}")
    return int(handle.json_value())


def test_gan_digit_section_trains_tick_after_tick(page: Page, streamlit_url):
    """The digit section's fragment is declared on every run; at module level it kept run_every=None and
    ▶ Train ticked once."""
    open_page(page, streamlit_url + "/gan")
    page.get_by_role("button", name="▶ Train").click()
    first = dcgan_iteration_above(page, 0)
    dcgan_iteration_above(page, first)  # a second tick, with no click in between
    page.get_by_role("button", name="■ Stop").last.click()
    expect(page.get_by_role("button", name="▶ Train")).to_be_enabled()
