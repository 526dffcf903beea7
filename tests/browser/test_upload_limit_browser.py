"""Every upload box states one limit, and that limit is the one a student meets (issue 17, "Say one limit").

Gradio's own check in the browser knows only launch's max_file_size, 64 MB for every box (the CycleGAN .pth), and
answers a 108 MB file with an "exceed 64 Mb" error. Each box now states its cap in its label and the browser keeps
it before Gradio uploads (demos/gradio_ui.upload): an 11 MB or a 70 MB file on a 10 MB box is refused under the box
in our words, nothing is uploaded, no error toast appears, and a good file afterwards still works. (A file between
10 and 64 MB sent by another client gets the handler's message: tests/ui/test_gradio_api.py.) Streamlit's uploader
keeps each box's cap itself (maxUploadSize; the .pth box's max_upload_size) and says it in the same number.
"""
import os

import pytest
from playwright.sync_api import Page, expect

from demos.cyclegan import view
from tests.browser.test_gradio_browser import open_autoencoder, save_test_digit_png, upload
from tests.browser.test_streamlit_browser import streamlit_url as started_streamlit  # noqa: F401

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
MB = 1 << 20


def sized(path, megabytes: int):
    """A file of that many MB (sparse: nothing is written)."""
    with open(path, "wb") as f:
        f.truncate(megabytes * MB)
    return path


def uploads_seen(page: Page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: "/upload" in r.url and r.method == "POST" and sent.append(r.url))
    return sent


@pytest.fixture
def gradio(request) -> str:
    return (os.environ.get("GENLAB_GRADIO_URL") or request.getfixturevalue("gradio_url")).rstrip("/") + "/"


@pytest.fixture
def streamlit(request) -> str:
    return (os.environ.get("GENLAB_STREAMLIT_URL") or request.getfixturevalue("started_streamlit")).rstrip("/")


def test_a_digit_box_refuses_a_file_over_its_cap_in_our_words_and_uploads_nothing(page: Page, gradio, tmp_path):
    open_autoencoder(page, gradio)
    page.get_by_role("tab", name="Upload").click()
    box = page.locator("#ae-upload")
    expect(box).to_contain_text("(up to 10 MB)")
    sent = uploads_seen(page)
    for megabytes in (11, 70):  # over the box's cap; over Gradio's 64 MB too
        upload(page, sized(tmp_path / f"big{megabytes}.png", megabytes))
        expect(box).to_have_attribute("data-refused", f"The file is {megabytes * MB / 1e6:.1f} MB; the limit is 10 MB."
                                      " Nothing was uploaded.")
    page.wait_for_timeout(1000)
    assert sent == []
    expect(page.locator(".toast-body")).to_have_count(0)
    expect(page.get_by_text("exceed", exact=False)).to_have_count(0)

    digit = tmp_path / "digit.png"
    save_test_digit_png(digit)
    upload(page, digit)
    expect(page.locator("#ae-status")).to_contain_text("Converted MNIST-style")
    expect(box).not_to_have_attribute("data-refused", "")
    assert len(sent) == 1


def test_the_generator_box_states_and_keeps_64_mb(page: Page, gradio, tmp_path):
    page.set_default_timeout(TIMEOUT)
    page.goto(gradio + "cyclegan")
    page.get_by_role("tab", name=view.TABS[2]).click()
    box = page.locator("#cg-pth")
    expect(box).to_contain_text("(up to 64 MB)")
    expect(page.locator("#cg-photo")).to_contain_text("(up to 10 MB)")
    sent = uploads_seen(page)
    box.locator("input[type=file]").set_input_files(sized(tmp_path / "huge.pth", 70))
    expect(box).to_have_attribute("data-refused", "The file is 73.4 MB; the limit is 64 MB. Nothing was uploaded.")
    page.wait_for_timeout(1000)
    assert sent == []
    expect(page.locator(".toast-body")).to_have_count(0)


def test_streamlit_states_the_cap_it_keeps(page: Page, streamlit, tmp_path):
    page.set_default_timeout(TIMEOUT)
    page.goto(streamlit + "/vae")
    page.get_by_text("an upload", exact=True).click()
    box = page.locator(".st-key-vae_upload")
    box.scroll_into_view_if_needed()
    expect(box).to_contain_text("(up to 10 MB)")
    box.locator("input[type=file]").set_input_files(sized(tmp_path / "big.png", 11))
    expect(box).to_contain_text("10.0MB or smaller")
