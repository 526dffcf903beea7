"""The Minimax page in Chromium: a control redraws the plots, a preset loads, play moves the step and
pause holds it, a diverging learning rate says so; the page fits a phone."""
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)


def open_minimax(page: Page, gradio_url: str) -> None:
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "minimax")
    expect(page.locator("#minimax-plane .js-plotly-plot")).to_be_visible()
    expect(page.locator("#minimax-summary")).to_contain_text("simultaneous GDA")


def plane_paths(page: Page) -> str:
    return page.locator("#minimax-plane .scatterlayer").inner_html()


def test_a_learning_rate_change_redraws_the_plane_and_a_diverging_one_says_so(page: Page, gradio_url):
    open_minimax(page, gradio_url)
    before = plane_paths(page)
    page.get_by_label("range slider for Learning rate η").fill("0.5")
    expect(page.locator("#minimax-summary")).to_contain_text("η = 0.5")
    assert plane_paths(page) != before
    page.get_by_label("range slider for Learning rate η").fill("2.5")
    expect(page.locator("#minimax-status")).to_contain_text(re.compile(r"diverged after \d+ steps"))


def test_a_preset_sets_the_controls_and_draws_all_six_methods(page: Page, gradio_url):
    open_minimax(page, gradio_url)
    page.locator("#minimax-preset input").click()
    page.get_by_role("option", name="All six methods").click()
    expect(page.locator("#minimax-summary")).to_contain_text("negative momentum (β)")
    expect(page.get_by_label("number input for Learning rate η")).to_have_value("0.3")
    expect(page.locator("#minimax-stability .legendtext")).to_have_count(6)


def test_play_moves_the_step_and_pause_holds_it(page: Page, gradio_url, artifacts):
    open_minimax(page, gradio_url)
    step = page.get_by_label("number input for Step t")
    expect(step).to_have_value("200")
    page.locator("#minimax-play").click()  # at the end: plays again from the start
    expect(step).not_to_have_value("200")
    expect(page.locator("#minimax-cycle")).to_contain_text("steps 0–")
    page.locator("#minimax-pause").click()
    page.wait_for_timeout(1500)  # let a frame already on its way land
    held = step.input_value()
    page.wait_for_timeout(1000)
    assert step.input_value() == held and held != "200"
    page.locator("#minimax-step").click()
    expect(step).to_have_value(str(int(held) + 1))
    page.screenshot(path=artifacts / "gradio_minimax_1280.png", full_page=True)


def test_the_page_fits_a_phone(page: Page, gradio_url, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    open_minimax(page, gradio_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path=artifacts / "gradio_minimax_390.png", full_page=True)
