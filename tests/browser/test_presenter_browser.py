"""The presenter view (`?present=1`) and the keyboard, in a real browser at a projector's 1280 x 720.

What a lecturer relies on: every page opens without the navigation chrome, with larger type, and is
screenshotted for a look (artifacts/present_<ui>_<page>.png); on the live GAN page Space plays and stops
and R resets; on the minimax page S steps; a key typed into a box stays in the box.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from demos import pages
from tests.browser.test_streamlit_browser import streamlit_url  # noqa: F401 - the module's Streamlit server

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
PROJECTOR = {"width": 1280, "height": 720}
ITERATION = r"iteration [1-9]"


@pytest.fixture
def projector(page: Page) -> Page:
    page.set_viewport_size(PROJECTOR)
    page.set_default_timeout(TIMEOUT)
    expect.set_options(timeout=TIMEOUT)
    return page


@pytest.mark.parametrize("slug", [p.slug for p in pages.PAGES])
def test_every_gradio_page_presents_without_chrome(projector: Page, gradio_url: str, artifacts, slug: str):
    projector.goto(f"{gradio_url}{'' if slug == 'overview' else slug}?present=1")
    expect(projector.locator("body.genlab-present")).to_have_count(1)
    expect(projector.locator("nav")).to_be_hidden()
    expect(projector.locator("footer")).to_be_hidden()
    type_size = projector.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)")
    projector.wait_for_timeout(1500)  # let the first figures draw
    projector.screenshot(path=artifacts / f"present_gradio_{slug}.png")
    projector.goto(f"{gradio_url}{'' if slug == 'overview' else slug}")
    expect(projector.locator("nav")).to_be_visible()
    plain_size = projector.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)")
    assert type_size > plain_size


def test_space_plays_and_stops_and_r_resets_the_live_gan(projector: Page, gradio_url: str):
    projector.goto(f"{gradio_url}gan?present=1")
    play, stop, status = projector.locator("#gan-play"), projector.locator("#gan-stop"), projector.locator("#gan-status")
    expect(play).to_be_enabled()
    projector.locator("h1, h2").first.click()  # focus on the page, not on a control
    projector.keyboard.press(" ")
    expect(stop).to_be_enabled()
    expect(status).to_contain_text(re.compile(ITERATION))
    projector.keyboard.press(" ")
    expect(play).to_be_enabled()
    projector.keyboard.press("r")
    expect(status).to_contain_text("iteration 0")


def test_a_key_typed_into_a_box_stays_in_the_box(projector: Page, gradio_url: str):
    projector.goto(f"{gradio_url}minimax?present=1")
    status = projector.locator("#minimax-status")
    expect(status).not_to_be_empty()
    before = status.inner_text()
    box = projector.locator("#minimax-steps input[type=number]")
    box.click()
    box.press("s")
    box.press(" ")
    projector.wait_for_timeout(2000)  # what a step would have taken to show
    assert status.inner_text() == before


def test_s_steps_the_minimax_game(projector: Page, gradio_url: str):
    projector.goto(f"{gradio_url}minimax?present=1")
    step = projector.locator("#minimax-step")
    expect(step).to_be_visible()
    before = projector.locator("#minimax-status").inner_text()
    projector.locator("h1, h2").first.click()
    projector.keyboard.press("s")
    expect(projector.locator("#minimax-status")).not_to_have_text(before)


def test_streamlit_presents_without_the_sidebar(projector: Page, streamlit_url: str, artifacts):  # noqa: F811
    projector.goto(f"{streamlit_url}/gan?present=1")
    expect(projector.locator("h1").first).to_be_visible()
    expect(projector.locator('[data-testid="stSidebar"]')).to_have_count(0)
    projector.wait_for_timeout(1500)
    projector.screenshot(path=artifacts / "present_streamlit_gan.png")
    projector.goto(f"{streamlit_url}/gan")
    expect(projector.locator('[data-testid="stSidebar"]')).to_be_visible()
