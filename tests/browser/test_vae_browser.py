"""The VAE page in Chromium: a latent slider moves the digit, a gallery click sets the sliders."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.mouse import draw_vertical_stroke

pytestmark = pytest.mark.browser
PNG = re.compile(r"/gradio_api/file=.*\.png")
expect.set_options(timeout=30_000)


def open_vae(page: Page, gradio_url: str) -> None:
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "vae")
    expect(page.locator("#vae-decoded img")).to_have_attribute("src", PNG)
    expect(page.locator("#vae-status")).to_contain_text("μ(x)")


def test_moving_a_latent_slider_changes_the_digit(page: Page, gradio_url):
    open_vae(page, gradio_url)
    before = page.locator("#vae-decoded img").get_attribute("src")
    page.get_by_label("range slider for z3").fill("2.5")
    expect(page.locator("#vae-decoded img")).not_to_have_attribute("src", before)


def test_a_gallery_digit_sets_the_sliders_and_the_panels(page: Page, gradio_url):
    open_vae(page, gradio_url)
    expect(page.locator("#vae-elbo")).to_contain_text("nats")
    z0 = page.get_by_label("number input for z0")
    before = z0.input_value()
    page.locator("#vae-gallery .thumbnail-item").nth(4).click()
    expect(page.locator("#vae-status")).to_contain_text("(a 4)")
    expect(z0).not_to_have_value(before)


def test_switching_to_16_dimensions_shows_16_sliders(page: Page, gradio_url, artifacts):
    open_vae(page, gradio_url)
    expect(page.locator("#vae-z15")).to_be_hidden()
    page.locator("#vae-model input").click()
    page.get_by_role("option", name="z = 16").click()
    expect(page.locator("#vae-z15")).to_be_visible()
    page.screenshot(path=artifacts / "gradio_vae_1280.png", full_page=True)


def test_clicking_a_manifold_cell_shows_it_large(page: Page, gradio_url):
    open_vae(page, gradio_url)
    grid = page.locator("#vae-manifold img")
    expect(grid).to_have_attribute("src", PNG)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    grid.click(position={"x": box["width"] * 0.1, "y": box["height"] * 0.1})
    expect(page.locator("#vae-cell-z")).to_contain_text("cell (")
    expect(page.locator("#vae-cell img")).to_have_attribute("src", PNG)


def test_a_drawn_digit_sets_the_sliders(page: Page, gradio_url):
    open_vae(page, gradio_url)
    page.get_by_role("tab", name="Draw").click()
    draw_vertical_stroke(page, page.locator("#vae-sketch canvas"), 140)  # no tool to pick: a first drag draws
    expect(page.locator("#vae-status")).to_contain_text("Your drawing")
