"""The Gradio app in a real browser (Debian's Chromium driven by Playwright).

What a student relies on: the Overview leads to the Autoencoder page; every way of giving it a digit
(gallery, drawing, upload) redraws the reconstruction; a bad upload says why and loses nothing; the
noise slider and the sampler answer; the pages fit a phone; and nothing is fetched from outside.
"""
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from core import data
from tests.browser.mouse import draw_vertical_stroke

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms: the test machine has two slow CPU cores
expect.set_options(timeout=TIMEOUT)

PNG = re.compile(r"/gradio_api/file=.*\.png")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


# ---------------------------------------------------------------------------- helpers

def open_overview(page: Page, gradio_url: str) -> None:
    page.set_default_timeout(TIMEOUT)
    page.goto(gradio_url)
    expect(page.locator("#overview-taxonomy .js-plotly-plot")).to_be_visible()


def open_autoencoder(page: Page, gradio_url: str) -> None:
    """Open /autoencoder and wait until its first view (digit, reconstruction, samples) is shown."""
    page.set_default_timeout(TIMEOUT)
    page.goto(gradio_url + "autoencoder")
    expect_autoencoder_ready(page)


def expect_autoencoder_ready(page: Page) -> None:
    for image in ("#ae-x", "#ae-xhat", "#ae-error", "#ae-pca", "#ae-samples"):
        expect(page.locator(f"{image} img")).to_have_attribute("src", PNG)
    expect(page.locator("#ae-status")).to_contain_text("Showing test digit")
    expect(page.locator("#ae-summary table")).to_be_visible()


def src(page: Page, selector: str) -> str:
    return page.locator(selector).get_attribute("src")


def upload(page: Page, path) -> None:
    """Give #ae-upload a file, first clearing the previous one (the drop zone is hidden while a file is shown)."""
    clear = page.locator("#ae-upload").get_by_role("button", name="Clear")
    if clear.count():
        clear.click()
    page.locator("#ae-upload input[type=file]").set_input_files(path)


def save_test_digit_png(path, index: int = 3) -> None:
    """A held-out MNIST digit as a user would photograph it: black ink on white, 200x200."""
    images, _ = data.load_mnist("test")
    ink = images[index, 0].numpy()
    Image.fromarray(((1 - ink) * 255).astype(np.uint8)).resize((200, 200)).save(path)


def sample_once(page: Page) -> None:
    """Click 'Sample a random z' and wait for the answer: the seed moves on by one."""
    seed = page.locator("#ae-seed input")
    expected = str(int(seed.input_value()) + 1)
    page.locator("#ae-sample-btn").click()
    expect(seed).to_have_value(expected)


def wait_until_painted(page: Page) -> None:
    """Every image decoded and every plot drawn, so that a screenshot shows the finished page.
    Lazy images (the gallery's) below the fold would never load, so they are made eager first."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    page.wait_for_function("[...document.images].every(img => img.complete)")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()


PAGES = {"overview": open_overview, "autoencoder": open_autoencoder}


# ---------------------------------------------------------------------------- tests

def test_overview_renders_and_leads_to_the_autoencoder(page: Page, gradio_url):
    """The home page shows the title, the taxonomy plot and a card whose link opens the Autoencoder page."""
    open_overview(page, gradio_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("GenLab")
    card_link = page.locator("#overview-card-autoencoder").get_by_role("link", name=re.compile("^Autoencoder"))
    expect(card_link).to_have_attribute("href", re.compile(r"autoencoder$"))
    expect(page.get_by_role("link", name="Autoencoder", exact=True)).to_be_visible()  # the navbar
    card_link.click()
    expect(page).to_have_url(re.compile(r"/autoencoder$"))
    expect_autoencoder_ready(page)


def test_picking_a_gallery_digit_reconstructs_it(page: Page, gradio_url):
    """Clicking another of the 30 thumbnails makes it the input: new reconstruction, status names it."""
    open_autoencoder(page, gradio_url)
    thumbnails = page.locator("#ae-gallery .thumbnail-item")
    expect(thumbnails).to_have_count(30)
    before = src(page, "#ae-xhat img")
    thumbnails.nth(7).click()
    expect(page.locator("#ae-status")).to_contain_text(re.compile(r"Picked test digit #\d+"))
    expect(page.locator("#ae-xhat img")).not_to_have_attribute("src", before)
    expect(page.locator("#ae-xhat img")).to_have_attribute("src", PNG)


def test_a_first_drag_on_the_pad_draws_and_is_reconstructed(page: Page, gradio_url):
    """No tool to pick: the first mouse stroke draws (it selects no page text) and becomes the input digit;
    Clear empties the pad and says so (issue 17)."""
    open_autoencoder(page, gradio_url)
    before = src(page, "#ae-xhat img")
    page.get_by_role("tab", name="Draw").click()
    draw_vertical_stroke(page, page.locator("#ae-sketch canvas"), 140)
    expect(page.locator("#ae-status")).to_contain_text("Your drawing")
    expect(page.locator("#ae-xhat img")).not_to_have_attribute("src", before)
    assert page.evaluate("window.getSelection().toString()") == ""
    ink = page.evaluate("""() => { const c = document.querySelector('#ae-sketch canvas');
      return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((v, i) => i % 4 == 0 && v < 128).length; }""")
    assert ink > 500  # the stroke is on the pad
    page.locator("#ae-sketch button", has_text="Clear").click()
    expect(page.locator("#ae-status")).to_contain_text("The canvas is empty")


def test_uploading_a_digit_then_a_fake_image(page: Page, gradio_url, tmp_path):
    """A photo-like digit PNG is converted and reconstructed; a PDF named .png is refused with a
    message, and the reconstruction on screen stays as it was."""
    digit, fake = tmp_path / "digit.png", tmp_path / "x.png"
    save_test_digit_png(digit)
    fake.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    open_autoencoder(page, gradio_url)
    page.get_by_role("tab", name="Upload").click()
    first = src(page, "#ae-xhat img")

    upload(page, digit)
    expect(page.locator("#ae-status")).to_contain_text("Converted MNIST-style")
    expect(page.locator("#ae-xhat img")).not_to_have_attribute("src", first)
    converted = src(page, "#ae-xhat img")

    upload(page, fake)
    expect(page.locator("#ae-status")).to_contain_text("not an image")
    expect(page.locator("#ae-xhat img")).to_have_attribute("src", converted)  # nothing lost


def test_noise_slider_corrupts_the_input(page: Page, gradio_url):
    """Moving the noise slider redraws the noisy input x and adds the error to the clean digit."""
    open_autoencoder(page, gradio_url)
    before = src(page, "#ae-x img")
    page.get_by_label("range slider for Input noise σ").fill("0.6")
    expect(page.locator("#ae-x img")).not_to_have_attribute("src", before)
    expect(page.locator("#ae-summary")).to_contain_text("clean")


def test_sample_a_random_z_shows_new_samples(page: Page, gradio_url):
    """'Sample a random z' decodes new random codes (new image) and moves the seed on by one."""
    open_autoencoder(page, gradio_url)
    before = src(page, "#ae-samples img")
    sample_once(page)
    expect(page.locator("#ae-samples img")).not_to_have_attribute("src", before)
    expect(page.locator("#ae-samples img")).to_have_attribute("src", PNG)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_screenshots_and_no_sideways_scrolling(page: Page, gradio_url, artifacts, name, viewport):
    """Full-page screenshots for a human to look at (artifacts/gradio_<page>_<viewport>.png); the page
    never scrolls sideways, on a phone in particular."""
    size = VIEWPORTS[viewport]
    page.set_viewport_size(size)
    PAGES[name](page, gradio_url)
    wait_until_painted(page)
    page.screenshot(path=artifacts / f"gradio_{name}_{viewport}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1


def test_no_console_errors_and_nothing_fetched_from_outside(page: Page, gradio_url):
    """Both pages and a round trip to the server run offline: every request goes to the app itself
    (or is data:/blob:), none to another host fails, and the browser logs no error."""
    origin = gradio_url.rstrip("/")
    local = (origin, "data:", "blob:")
    requests, failed, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    open_overview(page, gradio_url)
    open_autoencoder(page, gradio_url)
    sample_once(page)
    wait_until_painted(page)

    assert [url for url in requests if not url.startswith(local)] == []
    assert [url for url in failed if not url.startswith(local)] == []
    assert errors == []
