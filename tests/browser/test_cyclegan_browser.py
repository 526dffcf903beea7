"""The CycleGAN page in Chromium, in both front ends: the 2-D run streams frames until Stop, a test digit goes
through both digit models (new pixels, not just a new file name), a drawing and the 'λ = 0 gets it wrong' button
answer, the photo models download from a local server this test starts and translate an uploaded photo, and the
page fits a phone. Screenshots go to artifacts/ for a human to look at."""
import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from core import pretrained
from demos import mnist
from demos.cyclegan import view, zebra
from demos.cyclegan.photos import TINY
from tests.browser.mouse import draw_vertical_stroke
from tests.browser.test_streamlit_browser import open_page, screenshot_whole_page, streamlit_url  # noqa: F401
from tests.demos.test_cyclegan_photos import closed_port_url, serving, tiny_checkpoint

pytestmark = pytest.mark.browser
PNG = re.compile(r"/gradio_api/file=.*\.png")
expect.set_options(timeout=30_000)
VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
ITERATION = re.compile(r"iteration ([\d,]+)")  # not anchored: a cancelled stream may leave Gradio's "Error" badge


def open_cyclegan(page: Page, gradio_url: str, tab: int = 0) -> None:
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "cyclegan")
    expect(page.locator("#cg-status")).to_contain_text("cycle error")
    expect(page.locator("#cg-forward .js-plotly-plot")).to_be_visible()
    if tab:
        page.get_by_role("tab", name=view.TABS[tab]).click()


def pixels(page: Page, image) -> np.ndarray:
    """The image an <img> shows, fetched from the server and decoded."""
    body = page.request.get(image.evaluate("img => img.src")).body()
    return np.asarray(Image.open(io.BytesIO(body)).convert("RGB"), dtype=int)


def iteration(text: str) -> int:
    match = ITERATION.search(text)
    return int(match.group(1).replace(",", "")) if match else -1


def wait_for_iteration_above(page: Page, selector: str, n: int) -> None:
    page.wait_for_function(
        "([sel, n]) => [...document.querySelectorAll(sel)].some(e => +((e.innerText.match(/iteration ([\\d,]+) ·/)"
        " || [0, '-1'])[1].replace(/,/g, '')) > n)", arg=[selector, n])


def test_live_training_streams_frames_until_stop(page: Page, gradio_url):
    open_cyclegan(page, gradio_url)
    status = page.locator("#cg-status")
    expect(status).to_contain_text(re.compile(r"iteration 0 ·"))
    page.locator("#cg-train").click()
    expect(status).to_contain_text(re.compile(r"iteration [1-9]"))
    first = iteration(status.inner_text())
    wait_for_iteration_above(page, "#cg-status", first)  # a later frame: the stream goes on by itself
    expect(page.locator("#cg-losses .js-plotly-plot")).to_be_visible()
    page.locator("#cg-stop").click()
    expect(page.locator("#cg-train")).to_be_enabled()
    page.wait_for_timeout(1500)  # a last frame may still land
    stopped = iteration(status.inner_text())
    page.wait_for_timeout(1500)
    assert iteration(status.inner_text()) == stopped > first


def test_lambda_zero_starts_a_new_run_that_says_so(page: Page, gradio_url):
    open_cyclegan(page, gradio_url)
    page.get_by_label("number input for λ (cycle loss weight)").fill("0")
    page.get_by_label("number input for λ (cycle loss weight)").press("Enter")
    expect(page.locator("#cg-status")).to_contain_text("no cycle loss")


def test_a_test_digit_goes_through_both_models(page: Page, gradio_url):
    open_cyclegan(page, gradio_url, tab=1)
    ten, zero = page.locator("#cg-fwd-lam10 img"), page.locator("#cg-fwd-lam0 img")
    expect(ten).to_have_attribute("src", PNG)
    expect(page.locator("#cg-fwd-table")).to_contain_text(mnist.gallery_caption(zebra.DEFAULT_POSITION))
    before, before_pixels = ten.get_attribute("src"), pixels(page, ten)
    page.locator("#cg-gallery .thumbnail-item").nth(3).click()
    expect(page.locator("#cg-fwd-table")).to_contain_text(mnist.gallery_caption(3))
    expect(ten).not_to_have_attribute("src", before)
    after = pixels(page, ten)
    assert after.shape == before_pixels.shape and np.abs(after - before_pixels).mean() > 1
    assert pixels(page, zero).shape == after.shape  # the λ = 0 model's strip, beside it
    expect(page.locator("#cg-cards")).to_contain_text("label kept")
    expect(page.locator("#cg-rev-lam10 img")).to_have_attribute("src", PNG)  # and the other way round


def test_a_drawing_and_a_digit_lambda_zero_gets_wrong(page: Page, gradio_url):
    open_cyclegan(page, gradio_url, tab=1)
    expect(page.locator("#cg-fwd-lam10 img")).to_have_attribute("src", PNG)
    page.locator("#cg-wrong").click()  # the first click judges the 1,000 test digits: a few seconds
    expect(page.locator("#cg-fwd-table")).to_contain_text("came back as")
    page.get_by_role("tab", name="Draw").click()
    draw_vertical_stroke(page, page.locator("#cg-sketch canvas"), 140)  # no tool to pick: a first drag draws
    expect(page.locator("#cg-fwd-table")).to_contain_text("Your drawing")


@pytest.mark.network
def test_an_official_model_downloads_and_translates_a_photo(page: Page, gradio_url, tmp_path, monkeypatch):
    """The app runs in this process, so the environment set here is where it downloads from."""
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GENLAB_CYCLEGAN_URL", closed_port_url())
    open_cyclegan(page, gradio_url, tab=2)
    page.locator("#cg-fetch").click()
    expect(page.locator("#cg-model-status")).to_contain_text("could not download horse2zebra")
    expect(page.locator("#cg-model-status")).to_contain_text("upload the .pth")
    served = tmp_path / "served"
    served.mkdir()
    tiny_checkpoint(served / "horse2zebra.pth")
    Image.new("RGB", (160, 90), (90, 140, 60)).save(tmp_path / "field.jpg")
    with serving(served) as url:
        monkeypatch.setenv("GENLAB_CYCLEGAN_URL", url)
        page.locator("#cg-fetch").click()
        expect(page.locator("#cg-model-status")).to_contain_text("Loaded horse2zebra (downloaded and cached)")
    page.locator("#cg-photo input[type=file]").set_input_files(tmp_path / "field.jpg")
    expect(page.locator("#cg-photo-status")).to_contain_text("160 × 88 px through horse2zebra")
    expect(page.locator("#cg-photo-out img")).to_have_attribute("src", PNG)
    assert pixels(page, page.locator("#cg-photo-out img")).shape == (88, 160, 3)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshots_and_no_sideways_scrolling(page: Page, gradio_url, artifacts, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    open_cyclegan(page, gradio_url)
    for tab, name in enumerate(("points", "digits", "photos")):
        page.get_by_role("tab", name=view.TABS[tab]).click()  # all three tabs fit: none hides in a menu
        if name == "digits":
            expect(page.locator("#cg-rev-lam0 img")).to_have_attribute("src", PNG)
            page.wait_for_function("[...document.images].every(img => img.complete)")
        if name == "photos" and TINY in pretrained.names():  # the example pair, before any click, offline too
            expect(page.locator("#cg-photo-status")).to_contain_text("Example: the pagoda photo")
            assert pixels(page, page.locator("#cg-photo-out img")).shape == (212, 320, 3)
            assert pixels(page, page.locator("#cg-photo-in img")).shape == (212, 320, 3)
            page.wait_for_function("[...document.images].every(img => img.complete)")
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
        page.screenshot(path=artifacts / f"gradio_cyclegan_{name}_{viewport}.png", full_page=True)


STREAMLIT_VIEWPORTS = {"desktop": VIEWPORTS["1280"], "phone": VIEWPORTS["390"]}


def choose(page: Page, label: str, option: str, tries: int = 5) -> None:
    """Pick an option of a Streamlit selectbox; a rerun that lands while the list is open closes it, so retry."""
    for _ in range(tries):
        page.get_by_role("combobox", name=label, exact=True).click()
        try:
            page.get_by_role("option", name=option).click(timeout=3_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not pick {option!r} in {label!r}")


def test_streamlit_a_test_digit_goes_through_both_models(page: Page, streamlit_url, artifacts):  # noqa: F811
    open_page(page, streamlit_url + "/cyclegan")
    page.get_by_role("tab", name=view.TABS[1]).click()
    strip = page.get_by_test_id("stImage").filter(has=page.get_by_text("λ = 10, identity 0.5 λ: x ·")).locator("img")
    expect(strip).to_have_attribute("src", re.compile(r"/media/"))
    before = strip.get_attribute("src")
    choose(page, "Test digit", mnist.gallery_caption(3))
    expect(page.get_by_text(f"From the gallery: {mnist.gallery_caption(3)}.")).to_be_visible()
    expect(strip).not_to_have_attribute("src", before)
    page.get_by_text("a digit λ = 0 gets wrong", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Test digit #\d+ \(a \d\), one of the"))).to_be_visible()
    for name, size in STREAMLIT_VIEWPORTS.items():
        page.set_viewport_size(size)
        expect(strip).to_be_visible()
        assert page.get_by_test_id("stMain").evaluate("e => e.scrollWidth") <= size["width"] + 1
        screenshot_whole_page(page, artifacts / f"streamlit_cyclegan_digits_{name}.png")


@pytest.mark.skipif(TINY not in pretrained.names(), reason="the tiny offline photo model is not in pretrained/")
def test_streamlit_photos_open_on_the_example_pair(page: Page, streamlit_url, artifacts):  # noqa: F811
    open_page(page, streamlit_url + "/cyclegan")
    page.get_by_role("tab", name=view.TABS[2]).click()
    expect(page.get_by_text("Example: the pagoda photo")).to_be_visible()
    translated = page.get_by_test_id("stImage").filter(has=page.get_by_text("translated", exact=True)).locator("img")
    expect(translated).to_have_attribute("src", re.compile(r"/media/"))
    for name, size in STREAMLIT_VIEWPORTS.items():
        page.set_viewport_size(size)
        expect(translated).to_be_visible()
        assert page.get_by_test_id("stMain").evaluate("e => e.scrollWidth") <= size["width"] + 1
        screenshot_whole_page(page, artifacts / f"streamlit_cyclegan_photos_{name}.png")


def test_streamlit_live_training_ticks_by_itself_and_stops(page: Page, streamlit_url, artifacts):  # noqa: F811
    open_page(page, streamlit_url + "/cyclegan")
    expect(page.get_by_text(re.compile(r"^iteration 0 ·"))).to_be_visible()
    page.get_by_role("button", name="▶ Train").click()
    line = page.get_by_text(re.compile(r"^iteration [1-9][\d,]* ·")).first
    expect(line).to_be_visible()
    first = iteration(line.inner_text())
    wait_for_iteration_above(page, "p", first)  # a second tick and more: the fragment keeps running on its own
    page.get_by_role("button", name="■ Stop").click()
    expect(page.get_by_role("button", name="▶ Train")).to_be_enabled()
    page.wait_for_timeout(1500)
    stopped = iteration(page.get_by_text(re.compile(r"^iteration [\d,]+ ·")).first.inner_text())
    page.wait_for_timeout(1500)
    assert iteration(page.get_by_text(re.compile(r"^iteration [\d,]+ ·")).first.inner_text()) == stopped > first
    for name, size in STREAMLIT_VIEWPORTS.items():
        page.set_viewport_size(size)
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(3)
        assert page.get_by_test_id("stMain").evaluate("e => e.scrollWidth") <= size["width"] + 1
        screenshot_whole_page(page, artifacts / f"streamlit_cyclegan_points_{name}.png")
