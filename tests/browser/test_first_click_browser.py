"""Every page's first action works when pressed before the page's load event (issue 17, "every click works").

The live GAN page's Play met a session of None and showed "Error" when pressed while the page still loaded
(fixed in 2c7bc51, tested in test_gan_browser.py). Here each other page's first button is pressed at the first
moment, with the page's load calls held back until the click is sent (first_click.py): its result appears, and
no error toast or error box does. The pages with a live run check that the iteration count rises.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.first_click import hold_the_load_until

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)
ITERATION = re.compile(r"iteration ([\d,]+)")
RISEN = """([selector, above]) => { const m = document.querySelector(selector).innerText.match(/iteration ([\\d,]+)/);
    return m !== null && Number(m[1].replaceAll(",", "")) > above; }"""

# route, the first button, where its result shows, what it says, the Stop button (a live run) or None
LIVE = [("mode-collapse", "mc-play", "mc-status", r"iteration [\d,]+ / [\d,]+ · [\d,.]+ it/s", "mc-stop"),
        ("cgan", "cgan-train", "cgan-live-status", r"iteration [\d,]+ · [\d,.]+ it/s", "cgan-stop"),
        ("cyclegan", "cg-train", "cg-status", r"iteration [\d,]+ · [\d,.]+ it/s", "cg-stop")]
STILL = [("autoencoder", "ae-sample-btn", "ae-verdict", r"\w"),
         ("vae", "vae-sample-btn", "vae-status", r"z ~ N\(0, I\), seed \d+")]


def iteration(page: Page, selector: str) -> int:
    match = ITERATION.search(page.locator(selector).inner_text())
    return int(match.group(1).replace(",", "")) if match else -1


def no_error(page: Page) -> None:
    """Neither Gradio's toast nor its red "Error" box over an output (what a handler's exception shows)."""
    expect(page.locator(".toast-body")).to_have_count(0)
    expect(page.get_by_text("Error", exact=True)).to_have_count(0)


def click_first(page: Page, gradio_url: str, route: str, button: str) -> None:
    page.set_default_timeout(30_000)
    hold_the_load_until(page, gradio_url, button, route)
    page.goto(gradio_url + route, wait_until="commit")
    page.locator(f"#{button}").click()  # as soon as it is visible and enabled


@pytest.mark.parametrize("route, button, status, says, stop", LIVE, ids=[case[0] for case in LIVE])
def test_the_first_play_trains_even_before_the_page_has_loaded(page: Page, gradio_url, route, button, status, says,
                                                                stop):
    click_first(page, gradio_url, route, button)
    expect(page.locator(f"#{status}")).to_contain_text(re.compile(says))
    first = max(iteration(page, f"#{status}"), 0)  # (-1 if the box shows Gradio's timer just now)
    page.wait_for_function(RISEN, arg=[f"#{status}", first])  # the count rises: the run trains
    no_error(page)
    if page.locator(f"#{stop}").is_enabled():  # a run may stop itself on a loaded machine (nobody drew it for 10 s)
        page.locator(f"#{stop}").click()
    expect(page.locator(f"#{button}")).to_be_enabled()


@pytest.mark.parametrize("route, button, status, says", STILL, ids=[case[0] for case in STILL])
def test_the_first_click_answers_even_before_the_page_has_loaded(page: Page, gradio_url, route, button, status, says):
    click_first(page, gradio_url, route, button)
    expect(page.locator(f"#{status}")).to_contain_text(re.compile(says))
    no_error(page)
