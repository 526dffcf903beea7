"""The live GAN page's history in Chromium: Play, Stop, drag the timeline back to an earlier frame, resume
training from it, and download the run as a GIF that decodes."""
import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
ITERATION = re.compile(r"iteration ([\d,]+)")
expect.set_options(timeout=30_000)


def iteration(page: Page, selector: str = "#gan-status") -> int:
    match = ITERATION.search(page.locator(selector).inner_text())
    return int(match.group(1).replace(",", "")) if match else -1


def played(page: Page, gradio_url: str) -> int:
    """The page opened, played for a few frames and stopped -> the iteration it stopped at."""
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "gan")
    status = page.locator("#gan-status")
    expect(status).to_contain_text("iteration 0")
    page.locator("#gan-play").click()
    # a few frames: on a loaded machine a frame can take seconds (or over live.GONE_SECONDS: the run stops itself)
    page.wait_for_function("/iteration [1-9][\\d,]{2,} .*(it\\/s|stopped)/.test("
                           "document.querySelector('#gan-status').innerText)", timeout=120_000)
    if page.locator("#gan-stop").is_enabled():  # else the run has stopped by itself (the scheduler's GONE_SECONDS)
        page.locator("#gan-stop").click()
    expect(page.locator("#gan-play")).to_be_enabled()
    return iteration(page)


def test_rewind_resume_and_download_the_run(page: Page, gradio_url, artifacts):
    latest = played(page, gradio_url)
    status = page.locator("#gan-status")
    page.locator("#gan-timeline input[type=range]").fill("10")  # fires .input, as a drag does
    expect(status).to_contain_text("rewound to iteration")
    rewound = iteration(page)
    assert 0 <= rewound < latest
    page.screenshot(path=artifacts / "gradio_rewind_1280.png", full_page=True)

    page.locator("#gan-resume").click()
    resumed = page.wait_for_function(  # that frame's iteration, or the nearest earlier saved state's
        "() => (/resumed from iteration ([\\d,]+)/.exec(document.querySelector('#gan-status').innerText) || [])[1]")
    assert int(resumed.json_value().replace(",", "")) <= rewound
    expect(page.locator("#gan-stop")).to_be_enabled()  # training goes on from there
    page.locator("#gan-stop").click()
    expect(page.locator("#gan-play")).to_be_enabled()

    page.locator("#gan-gif").click()
    download_button = page.locator("#gan-gif-file")
    expect(download_button).to_be_visible()
    expect(download_button).to_contain_text(re.compile(r"genlab_gan_\d+\.gif \(\d+ frames"))
    with page.expect_download() as download:
        download_button.click()
    gif = Image.open(download.value.path())
    assert gif.format == "GIF" and gif.n_frames > 1 and gif.size[0] >= 300


def test_the_timeline_fits_a_phone(page: Page, gradio_url, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    played(page, gradio_url)
    page.locator("#gan-timeline input[type=range]").fill("0")
    expect(page.locator("#gan-status")).to_contain_text("rewound to iteration 0 ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    page.locator("#gan-timeline").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "gradio_rewind_390.png")
