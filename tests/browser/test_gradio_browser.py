"""The Gradio app in a real browser (Debian's Chromium via Playwright): each page opens, its main
controls work, nothing is fetched from outside this machine, and it fits a phone's width."""
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from core import data

pytestmark = pytest.mark.browser
PNG = re.compile(r"/gradio_api/file=.*\.png")
SLOW = 30_000  # ms: two shared CPU cores
expect.set_options(timeout=SLOW)


def open_page(page: Page, url: str) -> list[str]:
    """Go to url; -> a live list of requests that left this machine (must stay empty)."""
    origin = "/".join(url.split("/")[:3])  # http://127.0.0.1:<port>
    outside = []
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else outside.append(r.url))
    page.set_default_timeout(SLOW)
    page.goto(url)
    return outside


def src(page: Page, selector: str) -> str:
    return page.locator(selector).get_attribute("src")


def autoencoder(page: Page, gradio_url: str) -> list[str]:
    outside = open_page(page, gradio_url + "autoencoder")
    expect(page.locator("#ae-xhat img")).to_have_attribute("src", PNG)
    expect(page.locator("#ae-status")).to_contain_text("Showing test digit")
    return outside


def test_overview_shows_the_map_and_leads_to_the_autoencoder(page: Page, gradio_url):
    outside = open_page(page, gradio_url)
    expect(page.get_by_role("heading", name=re.compile("GenLab"))).to_be_visible()
    expect(page.locator("#overview-taxonomy .js-plotly-plot")).to_have_count(1)
    page.locator("#overview-card-autoencoder").get_by_role("link", name="Autoencoder").click()
    expect(page).to_have_url(re.compile(r"/autoencoder$"))
    expect(page.locator("#ae-xhat img")).to_have_attribute("src", PNG)
    assert outside == []


def test_picking_a_gallery_digit_reconstructs_it(page: Page, gradio_url):
    outside = autoencoder(page, gradio_url)
    before = src(page, "#ae-xhat img")
    page.locator("#ae-gallery .thumbnail-item").nth(7).click()
    expect(page.locator("#ae-status")).to_contain_text("Picked test digit")
    expect(page.locator("#ae-status")).to_contain_text("(a 7)")
    expect(page.locator("#ae-xhat img")).not_to_have_attribute("src", before)
    expect(page.locator("#ae-summary")).to_contain_text("classifier reads")
    assert outside == []


def test_drawing_a_digit_with_the_mouse_reconstructs_the_drawing(page: Page, gradio_url):
    autoencoder(page, gradio_url)
    before = src(page, "#ae-xhat img")
    page.get_by_role("tab", name="Draw").click()
    sketch = page.locator("#ae-sketch")
    sketch.get_by_role("button", name="Brush").click()
    box = sketch.locator("canvas").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y - 70)
    page.mouse.down()
    page.mouse.move(x + 5, y + 70, steps=15)
    page.mouse.up()
    expect(page.locator("#ae-status")).to_contain_text("Your drawing")
    expect(page.locator("#ae-xhat img")).not_to_have_attribute("src", before)


def test_upload_a_digit_then_a_fake_image(page: Page, gradio_url, tmp_path):
    autoencoder(page, gradio_url)
    x, _ = data.load_mnist("test")
    good = tmp_path / "digit.png"
    Image.fromarray(((1 - x[5, 0].numpy()) * 255).astype(np.uint8)).resize((200, 200)).save(good)
    fake = tmp_path / "essay.png"
    fake.write_bytes(b"%PDF-1.4 a PDF renamed to .png")
    page.get_by_role("tab", name="Upload").click()
    before = src(page, "#ae-xhat img")
    page.locator("#ae-upload input[type=file]").set_input_files(str(good))
    expect(page.locator("#ae-status")).to_contain_text("Converted MNIST-style")
    expect(page.locator("#ae-xhat img")).not_to_have_attribute("src", before)
    shown = src(page, "#ae-xhat img")
    page.locator("#ae-upload button[aria-label*='Clear'], #ae-upload button[aria-label*='Remove']").first.click()
    page.locator("#ae-upload input[type=file]").set_input_files(str(fake))
    expect(page.locator("#ae-status")).to_contain_text("not an image")
    assert src(page, "#ae-xhat img") == shown  # nothing lost


def test_noise_slider_corrupts_the_input(page: Page, gradio_url):
    autoencoder(page, gradio_url)
    before = src(page, "#ae-x img")
    page.get_by_label("range slider for Input noise σ").fill("0.6")
    expect(page.locator("#ae-x img")).not_to_have_attribute("src", before)
    expect(page.locator("#ae-summary")).to_contain_text("clean")


def test_sample_a_random_z(page: Page, gradio_url):
    autoencoder(page, gradio_url)
    expect(page.locator("#ae-samples img")).to_have_attribute("src", PNG)
    before = src(page, "#ae-samples img")
    page.locator("#ae-sample-btn").click()
    expect(page.locator("#ae-samples img")).not_to_have_attribute("src", before)
    expect(page.locator("#ae-verdict")).to_contain_text("random decodes")
    expect(page.locator("#ae-seed input")).to_have_value("2")


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["", "autoencoder"], ids=["overview", "autoencoder"])
def test_screenshots_and_no_sideways_scrolling(page: Page, gradio_url, artifacts, path, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, gradio_url + path)
    ready = "#ae-xhat img" if path else "#overview-taxonomy .js-plotly-plot"
    expect(page.locator(ready).first).to_be_visible()
    page.wait_for_timeout(1000)  # let plots finish drawing before the picture
    page.screenshot(path=artifacts / f"gradio_{path or 'overview'}_{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
