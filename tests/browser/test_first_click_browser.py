"""Every page's first action works when pressed before the page's load event (issue 17, "every click works").

The live GAN page's Play met a session of None and showed "Error" when pressed while the page still loaded
(fixed in 2c7bc51, tested in test_gan_browser.py). Here each other page's first button is pressed at the first
moment, with the page's load calls held back until the click is sent (first_click.py): its result appears, and
no error toast or error box does. The pages with a live run check that the iteration count rises. And what an early
click did outlives the late load: Minimax's Play keeps animating, the VAE's gallery pick, Sample, Reset and slider
stay, and a generator uploaded on the CycleGAN's level 3 is the one its next photo goes through.
"""
import io
import re

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from core import pretrained
from demos.cyclegan import view
from demos.cyclegan.photos import TINY
from demos.vae import view as vae
from demos.vae.current import opening
from tests.browser.first_click import hold_the_load_until
from tests.demos.test_cyclegan_photos import tiny_checkpoint

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


def test_an_early_play_on_minimax_keeps_animating(page: Page, gradio_url):
    """The load redrew the page, put the step back at the end and stopped the animation: the Play was lost."""
    click_first(page, gradio_url, "minimax", "minimax-play")  # at the end: plays from the start, 200 steps
    page.wait_for_function("""() => { const t = Number(document.querySelector(
        '#minimax-frame input[type=number]').value); return t >= 100 && t < 200; }""")  # halfway: ~5 s of frames
    expect(page.locator("#minimax-cycle")).to_contain_text("steps 0–")
    no_error(page)


def test_an_early_gallery_pick_on_the_vae_is_kept(page: Page, gradio_url):
    """The load's default digit overwrote the pick (its status, sliders and panels)."""
    hold_the_load_until(page, gradio_url, "vae-gallery", "vae")
    page.goto(gradio_url + "vae", wait_until="commit")
    page.locator("#vae-gallery .thumbnail-item").nth(4).click()
    expect(page.locator("#vae-status")).to_contain_text("Sliders set to μ(x) of test digit")
    expect(page.locator("#vae-prior img")).to_have_attribute("src", re.compile(r"\.png"))  # the load has run
    page.wait_for_timeout(1500)  # and anything it sent has landed
    expect(page.locator("#vae-status")).to_contain_text("(a 4)")
    no_error(page)


def early_on_the_vae(page: Page, gradio_url: str, elem_id: str) -> None:
    page.set_default_timeout(30_000)
    hold_the_load_until(page, gradio_url, elem_id, "vae")
    page.goto(gradio_url + "vae", wait_until="commit")


def still_shows(page: Page, z: list[float]) -> None:
    """After the load has run, the sliders and the decoded digit are still those of the early z."""
    expect(page.locator("#vae-elbo")).to_contain_text("nats")  # the load's digit panels: it has run, and landed
    page.wait_for_timeout(1000)  # and anything else it sent
    for i, v in enumerate(z):
        assert float(page.get_by_label(f"number input for z{i}").input_value()) == pytest.approx(round(v, 2)), i
    src = page.locator("#vae-decoded img").evaluate("img => img.src")
    shown = np.asarray(Image.open(io.BytesIO(page.request.get(src).body())).convert("L"))
    assert np.array_equal(shown, vae.decode(z, vae.DEFAULT_MODEL)), "the decoded digit is not the early z's"
    no_error(page)


def test_an_early_sample_on_the_vae_is_kept(page: Page, gradio_url):
    """The load put the sliders back at the default digit's μ(x) and redrew the digit and the status."""
    early_on_the_vae(page, gradio_url, "vae-sample-btn")
    page.locator("#vae-sample-btn").click()
    expect(page.locator("#vae-status")).to_contain_text(re.compile(r"z ~ N\(0, I\), seed \d+"))
    seed = int(re.search(r"seed (\d+)", page.locator("#vae-status").inner_text())[1])
    z, _ = vae.prior_sample(vae.DEFAULT_MODEL, seed)
    still_shows(page, z)
    expect(page.locator("#vae-status")).to_contain_text(f"z ~ N(0, I), seed {seed}.")


def test_an_early_reset_on_the_vae_is_kept(page: Page, gradio_url):
    """The load put the sliders back at μ(x), over the Reset's zeros."""
    early_on_the_vae(page, gradio_url, "vae-reset-btn")
    page.locator("#vae-reset-btn").click()
    still_shows(page, [0.0] * vae.latent_dim(vae.DEFAULT_MODEL))
    expect(page.locator("#vae-status")).to_contain_text("z = 0, the prior's mean.")


def test_an_early_slider_move_on_the_vae_is_kept(page: Page, gradio_url):
    """The load put the slider back at μ(x) and the digit with it, and said "Sliders at μ(x)" over it."""
    early_on_the_vae(page, gradio_url, "vae-z3")
    page.get_by_label("range slider for z3").fill("2.5")
    expect(page.locator("#vae-decoded img")).to_have_attribute("src", re.compile(r"\.png"))  # the slider's digit
    z = [round(v, 2) for v in opening()[0]]  # the page is built with the sliders at the default digit's μ(x)
    still_shows(page, [*z[:3], 2.5, *z[4:]])
    expect(page.locator("#vae-status")).not_to_contain_text("Sliders at")


@pytest.mark.skipif(TINY not in pretrained.names(), reason="the tiny offline photo model is not in pretrained/")
def test_an_early_checkpoint_upload_on_cyclegan_photos_is_kept(page: Page, gradio_url, tmp_path):
    """The load replaced the session an early upload had loaded, while the status still named the upload."""
    tiny_checkpoint(tmp_path / "mine.pth")
    Image.new("RGB", (160, 90), (90, 140, 60)).save(tmp_path / "field.jpg")
    hold_the_load_until(page, gradio_url, "cg-pth", "cyclegan")
    page.goto(gradio_url + "cyclegan", wait_until="commit")
    page.get_by_role("tab", name=view.TABS[2]).click()
    page.locator("#cg-pth input[type=file]").set_input_files(tmp_path / "mine.pth")
    expect(page.locator("#cg-model-status")).to_contain_text("Loaded your mine.pth")
    expect(page.locator("#cg-photo-status")).to_contain_text("through mine.pth")
    expect(page.locator("#cg-status")).to_contain_text("cycle error")  # level 1's load has run
    page.locator("#cg-photo input[type=file]").set_input_files(tmp_path / "field.jpg")
    expect(page.locator("#cg-photo-status")).to_contain_text("160 × 88 px through mine.pth")
    no_error(page)
