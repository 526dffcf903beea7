"""Get the code (issue 18 §3) in Chromium: the live GAN page's button downloads the script of the setup on screen."""
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
expect.set_options(timeout=30_000)


def test_get_the_code_downloads_the_current_setup(page: Page, gradio_url, tmp_path):
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "gan")
    expect(page.locator("#gan-status")).to_contain_text("iteration 0")
    page.get_by_text("Hyperparameters (").click()  # the seed is in that accordion
    seed = page.locator("#gan-seed input[type=number]")
    seed.fill("4321")
    seed.press("Enter")  # the seed resets the run, and the button then serves the new setup
    expect(page.locator("#gan-status")).to_contain_text("Reset")
    page.wait_for_timeout(1000)
    with page.expect_download() as caught:
        page.locator("#gan-code").click()
    download = caught.value
    assert download.suggested_filename == "genlab_gan2d_gaussians_seed4321.py"
    download.save_as(tmp_path / "script.py")
    source = (tmp_path / "script.py").read_text()
    assert "SEED = 4321" in source and "def train(" in source
    compile(source, "script.py", "exec")


def test_the_digit_sections_get_the_code_downloads_the_dcgans_script(page: Page, gradio_url, tmp_path):
    page.set_default_timeout(30_000)
    page.goto(gradio_url + "gan")
    expect(page.locator("#dcgan-status")).to_contain_text("Train")  # the invitation: no DCGAN made yet
    page.wait_for_timeout(1000)
    with page.expect_download() as caught:
        page.locator("#dcgan-code").click()
    assert caught.value.suggested_filename == "genlab_dcgan_seed0.py"
    caught.value.save_as(tmp_path / "script.py")
    compile((tmp_path / "script.py").read_text(), "script.py", "exec")
