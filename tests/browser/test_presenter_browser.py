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
    title = projector.locator("h1").first
    expect(title).to_be_visible()
    presented = title.bounding_box()["height"]
    projector.wait_for_timeout(1500)  # let the first figures draw
    projector.screenshot(path=artifacts / f"present_gradio_{slug}.png")
    projector.goto(f"{gradio_url}{'' if slug == 'overview' else slug}")
    expect(projector.locator("nav")).to_be_visible()
    expect(title).to_be_visible()
    assert presented > title.bounding_box()["height"]  # larger type


def test_space_plays_and_stops_and_r_resets_the_live_gan(projector: Page, gradio_url: str):
    projector.goto(f"{gradio_url}gan?present=1")
    play, stop, status = projector.locator("#gan-play"), projector.locator("#gan-stop"), projector.locator("#gan-status")
    expect(status).to_contain_text("iteration 0")  # the page's first frame: its run exists
    projector.locator("h1").first.click()  # focus on the page, not on a control
    projector.keyboard.press(" ")
    expect(stop).to_be_enabled()
    expect(status).to_contain_text(re.compile(ITERATION))
    projector.keyboard.press(" ")
    expect(play).to_be_enabled()
    projector.keyboard.press("r")
    expect(status).to_contain_text("iteration 0")


def minimax_ready(page: Page):
    """The minimax page once drawn: its summary names the run, and the step counter t (a number box)."""
    expect(page.locator("#minimax-summary")).to_contain_text("steps from")
    return page.locator("#minimax-frame input[type=number]")


def test_a_key_typed_into_a_box_stays_in_the_box(projector: Page, gradio_url: str):
    projector.goto(f"{gradio_url}minimax?present=1")
    t = minimax_ready(projector)
    before = t.input_value()
    box = projector.locator("#minimax-steps input[type=number]")
    box.click()
    box.press("s")
    box.press(" ")
    projector.wait_for_timeout(2000)  # what a step would have taken to show
    assert t.input_value() == before


def test_s_steps_the_minimax_game(projector: Page, gradio_url: str):
    projector.goto(f"{gradio_url}minimax?present=1")
    t = minimax_ready(projector)
    t.fill("5")  # the page opens on the run's last step, where a step has nowhere to go
    t.press("Enter")
    expect(t).to_have_value("5")
    projector.locator("h1").first.click()
    projector.keyboard.press("s")
    expect(t).to_have_value("6")


def test_streamlit_presents_without_the_sidebar(projector: Page, streamlit_url: str, artifacts):  # noqa: F811
    projector.goto(f"{streamlit_url}/gan?present=1")
    expect(projector.locator("h1").first).to_be_visible()
    expect(projector.locator('[data-testid="stSidebar"]')).to_have_count(0)
    projector.wait_for_timeout(1500)
    projector.screenshot(path=artifacts / "present_streamlit_gan.png")
    projector.goto(f"{streamlit_url}/gan")
    expect(projector.locator('[data-testid="stSidebar"]')).to_be_visible()
