"""The Streamlit app in a real browser: pages open by URL, controls work, drawing works, offline."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
expect.set_options(timeout=30_000)


@pytest.fixture(scope="module")
def streamlit_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.terminate()
        pytest.fail("streamlit did not start within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=30)


def open_page(page: Page, url: str) -> list[str]:
    """Go to url; -> a live list of requests that left this machine (must stay empty)."""
    origin = "/".join(url.split("/")[:3])
    outside = []
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else outside.append(r.url))
    page.set_default_timeout(30_000)
    page.goto(url)
    return outside


def summary(page: Page):
    return page.locator("[data-testid=stMarkdown]").filter(has_text="per-pixel MSE")


def test_overview_is_home_and_links_to_the_autoencoder(page: Page, streamlit_url):
    outside = open_page(page, streamlit_url)
    expect(page.get_by_role("heading", name=re.compile("GenLab"))).to_be_visible()
    page.locator("[data-testid=stPageLink]").get_by_text("Autoencoder").click()
    expect(page).to_have_url(re.compile(r"/autoencoder$"))
    expect(summary(page)).to_be_visible()
    assert outside == []


def test_autoencoder_opens_by_url_and_follows_the_model(page: Page, streamlit_url):
    outside = open_page(page, streamlit_url + "/autoencoder")
    expect(summary(page)).to_contain_text("PCA with 8 components")
    page.get_by_role("combobox", name="Model").click()
    page.get_by_role("option", name="MLP, z = 32").click()
    expect(page.get_by_text(re.compile("PCA with 32 components"))).to_be_visible()
    assert outside == []


def test_draw_a_digit_on_the_streamlit_sketchpad(page: Page, streamlit_url):
    open_page(page, streamlit_url + "/autoencoder")
    expect(summary(page)).to_be_visible()
    page.get_by_text("Draw", exact=True).click()
    canvas = page.locator(".genlab-pad canvas")
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y - 90)
    page.mouse.down()
    page.mouse.move(x + 5, y + 90, steps=15)
    page.mouse.up()
    expect(page.get_by_text("Converted MNIST-style")).to_be_visible()
    expect(summary(page)).to_contain_text("1 (")  # the classifier reads the stroke as a one


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["", "/autoencoder"], ids=["overview", "autoencoder"])
def test_screenshots(page: Page, streamlit_url, artifacts, path, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_page(page, streamlit_url + path)
    expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible()
    page.wait_for_timeout(1000)
    page.screenshot(path=artifacts / f"streamlit_{path.strip('/') or 'overview'}_{width}.png", full_page=True)
