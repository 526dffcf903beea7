"""Issue 17 on the live GAN, cGAN and CycleGAN pages, in Chromium, in both front ends: a value typed outside its
range into any number or slider box is clipped to the range, the box shows the value used, a one-line note beside
it says so, no Gradio error styling or toast appears, and the figure (its status line or its image) agrees."""
import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from demos.cgan import controls as cgan
from demos.cyclegan import controls as cyclegan
from demos.gan import controls as gan
from tests.browser.test_streamlit_browser import open_page, streamlit_url  # noqa: F401

pytestmark = pytest.mark.browser
expect.set_options(timeout=60_000)
ERRORS = ".toast-body, .toast-wrap .error, .wrap .error, .error-bubble"  # Gradio's toast and its red "Error" boxes
PNG = re.compile(r"/gradio_api/file=.*\.png")


def type_into(page: Page, elem_id: str, value) -> None:
    """Type a value into a number box, or a slider's box, and leave it (Enter, then blur), as a student does."""
    box = page.locator(f"#{elem_id} input[type=number]").first
    box.fill(str(value))
    box.press("Enter")
    box.evaluate("e => e.blur()")


def expect_clipped(page: Page, elem_id: str, control, raw, shown) -> None:
    """The box shows `shown`, the note beside it names the change, and no error is anywhere on the page."""
    expect(page.locator(f"#{elem_id} input[type=number]").first).to_have_value(str(shown))
    expect(page.locator(f"#{elem_id}-note")).to_contain_text(f"{control.label}: {raw} became")
    assert page.locator(ERRORS).count() == 0, f"{elem_id}: Gradio shows an error"


def image_width(page: Page, selector: str) -> int:
    body = page.request.get(page.locator(selector).evaluate("img => img.src")).body()
    return Image.open(io.BytesIO(body)).width


def test_gradio_cgan_clips_its_number_boxes_and_slider(page: Page, gradio_url):
    page.set_default_timeout(60_000)
    page.goto(gradio_url + "cgan")
    expect(page.locator("#cgan-status")).to_contain_text("Asked for a 3 (seed 0)")
    type_into(page, "cgan-seed", 5)  # a seed the clipped value must leave: the status says it
    expect(page.locator("#cgan-status")).to_contain_text("(seed 5)")
    type_into(page, "cgan-seed", -7)
    expect_clipped(page, "cgan-seed", cgan.SEED, -7, 0)
    expect(page.locator("#cgan-status")).to_contain_text("Asked for a 3 (seed 0)")
    expect(page.locator("#cgan-grid img")).to_have_attribute("src", PNG)
    type_into(page, "cgan-columns", 50)
    expect_clipped(page, "cgan-columns", cgan.COLUMNS, 50, cgan.MAX_COLUMNS)
    cell = 29 * 3  # the style grid: a 30 px label margin, then 29 * 3 px a column, and a 3 px edge
    page.wait_for_function(f"""async () => {{ const img = document.querySelector('#cgan-grid img');
        if (!img || !img.complete) return false; return img.naturalWidth === {30 + cgan.MAX_COLUMNS * cell + 3}; }}""")
    type_into(page, "cgan-other-seed", 99_999_999_999)
    expect_clipped(page, "cgan-other-seed", cgan.OTHER_SEED, 99_999_999_999, cgan.MAX_SEED)
    expect(page.locator("#cgan-noise-read")).to_contain_text(f"seed 0 → {cgan.MAX_SEED}")
    assert page.locator(ERRORS).count() == 0


GAN_TYPED = {  # control -> a value outside its range (each one changes the setting, so the status must answer)
    "k_d": 99, "k_g": -5, "batch_size": 5000, "g_layers": 9, "g_width": 1000, "d_layers": 9, "d_width": 1000,
    "noise_dim": 9, "seed": 99_999}


def test_gradio_gan_clips_every_slider_and_the_seed(page: Page, gradio_url):
    page.set_default_timeout(60_000)
    page.goto(gradio_url + "gan")
    status = page.locator("#gan-status")
    expect(status).to_contain_text("iteration 0")
    page.get_by_text("Hyperparameters (optimiser").click()
    for name, raw in GAN_TYPED.items():
        control = gan.CONTROLS[name]
        shown, _ = control.take(raw)
        page.locator("#gan-step").click()  # a status to move on from: the answer below is the typed value's
        expect(status).to_contain_text("one iteration")
        type_into(page, f"gan-{name}", raw)
        expect_clipped(page, f"gan-{name}", control, raw, shown)
        answer = f"changed {name} on the fly" if name in ("k_d", "k_g", "batch_size") else "Reset:"
        expect(status).to_contain_text(answer)  # the trainer took the clipped value: a refused one says ⚠️
        expect(status).not_to_contain_text("⚠️")
    assert page.locator(ERRORS).count() == 0


def test_gradio_cyclegan_clips_lambda_and_the_seed(page: Page, gradio_url):
    page.set_default_timeout(60_000)
    page.goto(gradio_url + "cyclegan")
    status = page.locator("#cg-status")
    expect(status).to_contain_text("cycle error")
    type_into(page, "cg-lambda", 250)
    expect_clipped(page, "cg-lambda", cyclegan.LAMBDA, 250, 100)
    expect(status).to_contain_text("λ = 100, iteration 0")
    type_into(page, "cg-seed", 7)
    expect(status).to_contain_text("A new run")
    page.locator("#cg-train").click()  # a status to move on from: the answer below is the typed seed's
    expect(status).not_to_contain_text("A new run")
    page.locator("#cg-stop").click()
    expect(page.locator("#cg-train")).to_be_enabled()  # stopped: no frame of the old run can follow the answer
    type_into(page, "cg-seed", -4)
    expect_clipped(page, "cg-seed", cyclegan.SEED, -4, 0)
    expect(status).to_contain_text("A new run")  # seed 7 -> 0: a new run, not a refusal
    assert page.locator(ERRORS).count() == 0
