"""Scenes (issue 18): a link opens exactly its setup, in both UIs, with the same parameter names.

Per page, a non-default scene: the controls must show its values, the first output must be drawn from them,
a bad or unknown parameter must be named on the page (and take its default), and the "Link to this setup"
must carry the scene back. Pages are added to SCENES as they get scenes.
"""
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_streamlit_browser import streamlit_url  # noqa: F401 - the module's Streamlit server

pytestmark = pytest.mark.browser

TIMEOUT = 60_000


@dataclass(frozen=True)
class Scene:
    slug: str
    query: str  # with one unknown name, which the page must name
    link: str  # what the link must carry back (the known, non-default values)
    gradio_inputs: dict  # CSS selector of an <input> -> the value it must show
    output: str  # CSS selector of the first output (Gradio) ...
    shows: str  # ... and text it must contain, drawn from the scene
    streamlit_shows: str  # text the Streamlit page must show, drawn from the scene
    code: str = ""  # the file "Get the code" downloads for this scene (on pages that train or simulate)


SCENES = [
    Scene("mode-collapse", "method=pacgan&versus=minimax&seed=3&zoom=2", "method=pacgan&versus=minimax&seed=3",
          {"#mc-seed input": "3"}, "#mc-status", "PacGAN", "PacGAN", code="genlab_mode_collapse_pacgan_seed3.py"),
    Scene("cgan", "model=acgan_mnist&y=7&seed=42&slerp=True&live=AC-GAN%3A+D+names+the+class&zoom=2",
          "model=acgan_mnist&y=7&seed=42&slerp=True&live=AC-GAN%3A+D+names+the+class",
          {"#cgan-seed input": "42", "#cgan-class input:checked": "7"}, "#cgan-status", "Asked for a 7 (seed 42)",
          "Asked for a 7 (seed 42)", code="genlab_acgan_seed0.py"),
    Scene("cyclegan", "lam=0&seed=7&zoom=2", "lam=0&seed=7", {"#cg-seed input": "7"}, "#cg-status",
          "grown, no cycle loss", "grown, no cycle loss", code="genlab_cyclegan2d_moons_turned_lam0_seed7.py"),
    Scene("minimax", "methods=simultaneous,alternating&lr=0.5&zoom=2", "methods=simultaneous%2Calternating&lr=0.5",
          {"#minimax-lr input[type=number]": "0.5"}, "#minimax-summary", "circles, never converges",
          "η = 0.5, 200 steps from (1, 1)", code="genlab_minimax_simultaneous_alternating.py"),
    Scene("gan", "data=ring8&loss=wgan_gp&d_lr=0.001&seed=3&zoom=2", "data=ring8&loss=wgan_gp&d_lr=0.001&seed=3",
          {"#gan-data input": "8 Gaussians on a ring", "#gan-loss input": "WGAN-GP"}, "#gan-status",
          "KL 7.30 bits", "KL 7.30 bits", code="genlab_gan2d_ring8_seed3.py"),  # seed 3's ring8 at iteration 0
]
CODED = [s for s in SCENES if s.code]
SCENES += [
    Scene("autoencoder", "model=MLP%2C+z+%3D+32&noise=0.3&zoom=2", "model=MLP%2C+z+%3D+32&noise=0.3",
          {"#ae-noise input[type=number]": "0.3"}, "#ae-summary", "MLP, z = 32 vs PCA", "MLP, z = 32 vs PCA"),
    Scene("vae", "model=z+%3D+2&grid_n=9&end_b=3&zoom=2", "model=z+%3D+2&grid_n=9&end_b=3",
          {"#vae-grid-n input[type=number]": "9"}, "#vae-elbo", "164.4 nats", "164.4 nats"),
]


@pytest.fixture
def page_(page: Page) -> Page:
    page.set_default_timeout(TIMEOUT)
    expect.set_options(timeout=TIMEOUT)
    return page


@pytest.mark.parametrize("scene", SCENES, ids=[s.slug for s in SCENES])
def test_a_gradio_link_opens_its_scene(page_: Page, gradio_url: str, scene: Scene):
    page_.goto(f"{gradio_url}{scene.slug}?{scene.query}")
    for selector, value in scene.gradio_inputs.items():
        expect(page_.locator(selector)).to_have_value(value)
    expect(page_.locator(scene.output)).to_contain_text(scene.shows)
    expect(page_.locator("[id$='-link-note']")).to_contain_text("'zoom'")
    expect(page_.locator("[id$='-link'] textarea, [id$='-link'] input")).to_have_value(
        re.compile(re.escape(f"/{scene.slug}?{scene.link}") + "$"))


@pytest.mark.parametrize("slug", ["vae", "cgan"])
def test_the_gradio_link_box_shows_the_pages_link_as_it_opens(page_: Page, gradio_url: str, slug: str):
    """Issue 17: the box was empty until a control changed. Opened with no scene, it holds the page's bare link
    (every control at its default); opened with ?present, it keeps that (the presenter view is not a setting)."""
    page_.goto(f"{gradio_url}{slug}")
    box = page_.locator("[id$='-link'] textarea, [id$='-link'] input")
    expect(box).to_have_value(f"{gradio_url}{slug}")
    page_.goto(f"{gradio_url}{slug}?present=1")
    expect(box).to_have_value(f"{gradio_url}{slug}?present=1")


@pytest.mark.parametrize("scene", SCENES, ids=[s.slug for s in SCENES])
def test_a_streamlit_link_opens_its_scene(page_: Page, streamlit_url: str, scene: Scene):  # noqa: F811
    page_.goto(f"{streamlit_url}/{scene.slug}?{scene.query}")
    expect(page_.get_by_text(scene.streamlit_shows).first).to_be_visible()
    expect(page_.get_by_text("'zoom'")).to_be_visible()
    expect(page_.locator("code").filter(has_text=f"/{scene.slug}?{scene.link}")).to_be_visible()
    assert page_.url.endswith(f"/{scene.slug}?{scene.link}")


@pytest.mark.parametrize("scene", CODED, ids=[s.slug for s in CODED])
def test_get_the_code_serves_the_scenes_script(page_: Page, gradio_url: str, streamlit_url: str,  # noqa: F811
                                                scene: Scene, tmp_path):
    """Issue 18 §3: the script "Get the code" downloads is the linked setup's, in both UIs."""
    page_.goto(f"{gradio_url}{scene.slug}?{scene.query}")
    expect(page_.locator(scene.output)).to_contain_text(scene.shows)
    page_.wait_for_timeout(1500)  # the button's file follows the run, one step after the frame
    with page_.expect_download() as caught:
        page_.locator("[id$='-code']").first.click()
    assert caught.value.suggested_filename == scene.code
    page_.goto(f"{streamlit_url}/{scene.slug}?{scene.query}")
    expect(page_.get_by_text(scene.streamlit_shows).first).to_be_visible()
    with page_.expect_download() as caught:
        page_.get_by_role("button", name="Get the code").first.click()
    assert caught.value.suggested_filename == scene.code
    caught.value.save_as(tmp_path / "script.py")
    compile((tmp_path / "script.py").read_text(), "script.py", "exec")


def test_a_crafted_link_shows_no_markup(page_: Page, gradio_url: str):
    page_.goto(f"{gradio_url}mode-collapse?seed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    note = page_.locator("#mc-link-note")
    expect(note).to_contain_text("<img src=x")  # shown as text, not made into an element
    expect(note.locator("img")).to_have_count(0)


def test_an_overview_card_opens_its_curated_scene(page_: Page, gradio_url: str, streamlit_url: str):  # noqa: F811
    page_.goto(gradio_url)
    page_.locator("#overview-scene-cyclegan a").click()
    expect(page_.locator("#cg-status")).to_contain_text("no cycle loss")
    assert page_.url.endswith("/cyclegan?lam=0")
    page_.goto(streamlit_url)
    page_.get_by_role("link", name="Scene: CycleGAN at λ = 0").click()
    expect(page_.get_by_text("grown, no cycle loss").first).to_be_visible()
