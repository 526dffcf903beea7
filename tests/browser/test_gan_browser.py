"""The live GAN page in Chromium: Play streams the canvas and charts, Stop stops them; digits train live."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.first_click import hold_the_load_until

pytestmark = pytest.mark.browser
PNG = re.compile(r"/gradio_api/file=.*\.png")
ITERATION = re.compile(r"iteration ([\d,]+)")
expect.set_options(timeout=30_000)


def iteration(page: Page, selector: str = "#gan-status") -> int:
    match = ITERATION.search(page.locator(selector).inner_text())
    return int(match.group(1).replace(",", "")) if match else -1


def open_gan(page: Page, gradio_url: str) -> None:
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "gan")
    expect(page.locator("#gan-status")).to_contain_text("iteration 0")
    expect(page.locator("#gan-canvas .js-plotly-plot")).to_be_visible()


def test_play_streams_training_and_stop_stops_it(page: Page, gradio_url, artifacts):
    open_gan(page, gradio_url)
    page.locator("#gan-play").click()
    expect(page.locator("#gan-status")).to_contain_text("it/s")
    expect(page.locator("#gan-stop")).to_be_enabled()
    first = iteration(page)
    expect(page.locator("#gan-status")).not_to_contain_text(f"iteration {first:,} ")  # the stream goes on
    # the charts are redrawn every few frames while playing: wait for a redraw to have finished, not an instant
    page.wait_for_function("document.querySelectorAll('#gan-charts .js-plotly-plot .scatterlayer .trace').length >= 4")
    page.screenshot(path=artifacts / "gradio_gan_1280.png", full_page=True)
    page.locator("#gan-stop").click()
    expect(page.locator("#gan-play")).to_be_enabled()
    page.wait_for_timeout(1500)  # a last frame may still land
    stopped = iteration(page)
    page.wait_for_timeout(1500)
    assert iteration(page) == stopped > 0


@pytest.mark.parametrize("button, status, stop", [("gan-play", "gan-status", "gan-stop"),
                                                  ("dcgan-train", "dcgan-status", "dcgan-stop")])
def test_the_first_click_trains_even_before_the_page_has_loaded(page: Page, gradio_url, button, status, stop):
    """Issue 17: Play (or the digits' Train) pressed before the load event had made the visitor's session met
    None, showed "Error" and was lost. Pressed at the first moment, with the load held back, it trains."""
    page.set_default_timeout(30_000)
    hold_the_load_until(page, gradio_url, button)
    page.goto(gradio_url + "gan", wait_until="commit")
    page.locator(f"#{button}").click()  # as soon as it is visible and enabled
    expect(page.locator(f"#{status}")).to_contain_text(re.compile(r"iteration [\d,]+ · [\d,.]+ it/s"))
    first = iteration(page, f"#{status}")
    expect(page.locator(f"#{status}")).not_to_contain_text(f"iteration {first:,} ")  # the count rises
    expect(page.locator(".toast-body")).to_have_count(0)
    page.locator(f"#{stop}").click()
    expect(page.locator(f"#{button}")).to_be_enabled()


def test_stepping_by_hand_and_a_live_change(page: Page, gradio_url):
    open_gan(page, gradio_url)
    page.locator("#gan-step-d").click()
    expect(page.locator("#gan-status")).to_contain_text("D stepped")
    page.locator("#gan-step").click()
    expect(page.locator("#gan-status")).to_contain_text("iteration 2")
    page.locator("#gan-loss input").click()
    page.get_by_role("option", name="hinge").click()
    expect(page.locator("#gan-status")).to_contain_text("changed loss on the fly")


def test_a_failing_preset_says_what_goes_wrong(page: Page, gradio_url):
    open_gan(page, gradio_url)
    page.locator("#gan-preset input").click()
    page.get_by_role("option", name="Fails: linear generator").click()
    expect(page.locator("#gan-status")).to_contain_text("ellipse")


def test_digits_train_live_from_scratch(page: Page, gradio_url, artifacts):
    open_gan(page, gradio_url)
    page.locator("#dcgan-train").scroll_into_view_if_needed()
    # the page opens on an invitation: no DCGAN is built, no grid shown, until the section is first used
    expect(page.locator("#dcgan-status")).to_contain_text("Press ▶ Train to train a DCGAN from scratch")
    expect(page.locator("#dcgan-grid img")).to_have_count(0)
    page.locator("#dcgan-train").click()  # a DCGAN from scratch, and it trains
    expect(page.locator("#dcgan-grid img")).to_have_attribute("src", PNG)
    # from scratch: its first seconds' samples are noise (the pretrained DCGAN's are over 50 % recognisable)
    expect(page.locator("#dcgan-status")).to_contain_text(re.compile(r"recognisable: [1-4]?\d% "))
    expect(page.locator("#dcgan-status")).to_contain_text(re.compile(r"iteration [1-9].*recognisable"))
    first = iteration(page, "#dcgan-status")
    expect(page.locator("#dcgan-status")).not_to_contain_text(f"iteration {first:,} ")  # iterations advance
    expect(page.locator("#dcgan-stop")).to_be_enabled()
    page.locator("#dcgan-stop").click()
    expect(page.locator("#dcgan-train")).to_be_enabled()
    assert iteration(page, "#dcgan-status") > 0


def test_the_page_fits_a_phone(page: Page, gradio_url, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    open_gan(page, gradio_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    page.screenshot(path=artifacts / "gradio_gan_390.png", full_page=True)
