"""The Mode collapse page's timeline in Chromium, both UIs: train a few hundred iterations, stop, drag the timeline
back, and the status, both panels' samples and the film strip show that earlier iteration; Play goes on from
the newest one."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_streamlit_browser import streamlit_url  # noqa: F401  (the Streamlit server fixture)

pytestmark = pytest.mark.browser
ITERATION = re.compile(r"iteration ([\d,]+) /")
TRAINED = 200  # iterations before looking back: "a few hundred", on two shared cores
expect.set_options(timeout=60_000)
# the samples panels' dots, as drawn: their positions change with the frame shown
DOTS = "sel => [...document.querySelectorAll(sel + ' .scatterlayer .point')].map(p => p.getAttribute('transform')).join()"
FILM = "sel => [...document.querySelectorAll(sel + ' .annotation-text')].map(a => a.textContent).filter(t => /^[\\d,]+$/.test(t))"


def iteration(text: str) -> int:
    match = ITERATION.search(text)
    return int(match.group(1).replace(",", "")) if match else -1


def trained_to(page: Page, status_text: str) -> None:
    """Wait until the status (a JS expression) says iteration >= TRAINED."""
    page.wait_for_function(f"() => {{ const m = /iteration ([\\d,]+) \\//.exec({status_text} || '');"
                           f"return m && Number(m[1].replace(/,/g, '')) >= {TRAINED}; }}", timeout=240_000)


# ---------------------------------------------------------------------------- Gradio

def test_gradio_timeline_scrubs_back_through_both_panels(page: Page, gradio_url, artifacts):
    page.set_default_timeout(60_000)
    page.goto(gradio_url + "mode-collapse")
    status = page.locator("#mc-status")
    expect(status).to_contain_text("iteration 0 /")
    expect(page.locator("#mc-samples .js-plotly-plot")).to_be_visible()
    first = page.evaluate(DOTS, "#mc-samples")
    page.locator("#mc-play").click()
    trained_to(page, "document.querySelector('#mc-status').innerText")
    page.locator("#mc-stop").click()
    expect(page.locator("#mc-play")).to_be_enabled()
    page.wait_for_timeout(1000)  # a last frame may still land
    latest = iteration(status.inner_text())
    assert latest >= TRAINED

    timeline = page.locator("#mc-timeline input[type=range]")
    timeline.fill("0")  # fires .input, as a drag does
    expect(status).to_contain_text("rewound to iteration 0 ")
    expect(status).to_contain_text(f"**Play** goes on from iteration {latest:,}".replace("**", ""))
    assert status.inner_text().startswith("iteration 0 / ")
    page.wait_for_function(f"() => ({DOTS})('#mc-samples') === {first!r}")  # both panels as at iteration 0
    assert set(page.evaluate(FILM, "#mc-film")) == {"0"}  # the film strip ends at the frame shown
    page.screenshot(path=artifacts / "gradio_mode_collapse_rewind_1280.png", full_page=True)

    timeline.fill("50")
    expect(status).not_to_contain_text("rewound to iteration 0 ")
    middle = iteration(status.inner_text())
    assert 0 < middle < latest and f"rewound to iteration {middle:,}" in status.inner_text()
    assert page.evaluate(DOTS, "#mc-samples") != first

    page.locator("#mc-play").click()  # Play goes on from the newest frame, and the timeline follows it
    expect(status).to_contain_text("it/s")
    expect(timeline).to_have_value("100")
    assert iteration(status.inner_text()) >= latest
    page.locator("#mc-stop").click()


# ---------------------------------------------------------------------------- Streamlit

STATUS = ("[...document.querySelectorAll('[data-testid=stMarkdownContainer]')].map(e => e.innerText)"
          ".find(t => /^iteration [\\d,]+ \\//.test(t))")


def streamlit_status(page: Page) -> str:
    return page.evaluate(f"() => {STATUS} || ''")


def test_streamlit_timeline_scrubs_back_through_both_panels(page: Page, streamlit_url, artifacts):  # noqa: F811
    page.set_default_timeout(60_000)
    page.goto(streamlit_url + "/mode-collapse")
    page.wait_for_function(f"() => /^iteration 0 \\//.test({STATUS} || '')", timeout=90_000)
    page.locator(".st-key-mc_play button").click()
    trained_to(page, STATUS)
    page.locator(".st-key-mc_stop button").click()
    expect(page.locator(".st-key-mc_play button")).to_be_enabled()
    page.wait_for_timeout(1500)
    latest = iteration(streamlit_status(page))
    assert latest >= TRAINED

    thumb = page.locator(".st-key-mc_timeline input[type=range]")  # react-aria's slider: a hidden range input
    thumb.focus()
    thumb.press("Home")  # the timeline to 0: the oldest frame kept
    page.wait_for_function(f"() => /^iteration 0 \\/.*rewound to iteration 0 /.test({STATUS} || '')")
    assert f"goes on from iteration {latest:,}" in streamlit_status(page)
    expect(page.locator(".st-key-mc_samples .js-plotly-plot")).to_be_visible()
    assert set(page.evaluate(FILM, ".st-key-mc_film")) == {"0"}
    at_zero = page.evaluate(DOTS, ".st-key-mc_samples")

    track = page.locator(".st-key-mc_timeline [data-orientation=horizontal][style*=relative]").bounding_box()
    page.mouse.click(track["x"] + track["width"] * 0.5, track["y"] + track["height"] / 2)  # about halfway
    page.wait_for_function(f"() => /^iteration [1-9][\\d,]* \\/.*rewound/.test({STATUS} || '')")
    middle = iteration(streamlit_status(page))
    assert 0 < middle < latest
    page.wait_for_function(f"() => ({DOTS})('.st-key-mc_samples') !== {at_zero!r}")
    page.screenshot(path=artifacts / "streamlit_mode_collapse_rewind_1280.png", full_page=True)
