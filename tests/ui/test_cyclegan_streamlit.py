"""The CycleGAN page in Streamlit through AppTest: all three levels on one page, the live run ticks and stops,
a setting starts a new run, a digit goes through both models, and the photo models download from a local server."""
import time

import pytest
from streamlit.testing.v1 import AppTest

from core import pretrained
from demos.cyclegan import zebra
from demos.cyclegan.photos import TINY
from tests.demos.test_cyclegan_photos import closed_port_url, serving, tiny_checkpoint

PAGE = "demos/cyclegan/streamlit_page.py"
NEEDS_MODELS = pytest.mark.skipif(bool(zebra.missing()), reason="the digit CycleGANs are not in pretrained/")


def markdown(at: AppTest, start: str) -> str:
    return next(m for m in at.markdown.values if m.startswith(start))


def test_the_page_opens_on_all_three_levels(app_test):
    assert [tab.label for tab in app_test.tabs] == ["1 · Points", "2 · Digits", "3 · Photos"]
    assert markdown(app_test, "iteration 0 · **cycle error")
    assert len(app_test.get("plotly_chart")) == 3  # X -> Y -> X, Y -> X -> Y, the losses
    assert markdown(app_test, "## Level 3")
    if TINY in pretrained.names():  # level 3 opens on the example pair through the tiny offline model, no click
        assert markdown(app_test, "Loaded **the tiny offline model**: ") and markdown(app_test, "**Example:**")
        photo = [image for image in app_test.image if "the photo, as the network sees it" in image.captions]
        assert len(photo) == 1 and any("translated" in image.captions for image in app_test.image)
    else:
        assert markdown(app_test, "No generator loaded yet.")


def test_live_training_trains_in_the_background_and_stop_stops(app_test):
    app_test.button(key="cg_play").click().run()  # AppTest has no timer: the scheduler's thread trains meanwhile
    run = app_test.session_state["cg_toy"].run
    assert not app_test.exception and run.playing
    for _ in range(50):  # up to 10 s
        if run.trainer.iterations > 0:
            break
        time.sleep(0.2)
    app_test.run()
    status = markdown(app_test, "iteration ")  # the scheduler trains on while the test reads
    first = int(status.split()[1].replace(",", ""))
    assert 0 < first <= run.trainer.iterations and "it/s" in status and "cycle error" in status
    assert len(app_test.get("plotly_chart")) == 3  # the losses stay on show between their redraws
    time.sleep(0.5)
    app_test.run()
    assert run.trainer.iterations > first
    app_test.button(key="cg_stop").click().run()
    assert not run.playing and not app_test.button(key="cg_play").disabled


def test_a_changed_setting_starts_a_new_run_with_it(app_test):
    app_test.session_state["cg_toy"].trainer.step(5)
    app_test.slider(key="cg_lam").set_value(0.0).run()
    trainer = app_test.session_state["cg_toy"].trainer
    assert not app_test.exception and trainer.iterations == 0 and trainer.config.lam == 0
    assert "no cycle loss" in markdown(app_test, "iteration 0")
    app_test.radio(key="cg_pair").set_value("moons_ring").run()
    app_test.checkbox(key="cg_identity").check().run()
    assert app_test.session_state["cg_toy"].trainer.config.pair == "moons_ring"
    assert app_test.session_state["cg_toy"].trainer.config.identity
    app_test.button(key="cg_reset").click().run()
    assert "A new run" in markdown(app_test, "iteration 0")


@NEEDS_MODELS
def test_a_test_digit_goes_through_both_models(app_test):
    photos = 2 if TINY in pretrained.names() else 0  # level 3's example pair is on the page too
    assert markdown(app_test, "From the gallery: test digit #") and len(app_test.image) == 4 + photos  # 2 models x 2
    app_test.selectbox(key="cg_digit").set_value(3).run()
    table = markdown(app_test, "From the gallery: test digit #")
    assert not app_test.exception and "(a 3)" in table and "| F(G(x)) |" in table
    assert any(caption.startswith("λ = 0: no cycle loss") for image in app_test.image for caption in image.captions)


@NEEDS_MODELS
def test_a_digit_lambda_zero_gets_wrong_is_one_click_away(app_test):
    app_test.radio(key="cg_source").set_value("a digit λ = 0 gets wrong").run()
    assert "✗" in markdown(app_test, "Test digit #")
    app_test.button(key="cg_next_failure").click().run()
    assert "(2 of " in markdown(app_test, "Test digit #")


@NEEDS_MODELS
def test_a_drawing_source_waits_for_a_drawing(app_test):
    app_test.radio(key="cg_source").set_value("a drawing").run()
    assert not app_test.exception and any("Draw a digit on the pad" in m.value for m in app_test.info)


@pytest.mark.network
def test_an_official_model_downloads_from_the_server_and_offline_says_what_it_needs(app_test, tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GENLAB_CYCLEGAN_URL", closed_port_url())
    app_test.button(key="cg_fetch").click().run()
    message = markdown(app_test, "⚠️ could not download horse2zebra")
    assert "about 45 MB" in message and "upload the `.pth`" in message and not app_test.exception
    served = tmp_path / "served"
    served.mkdir()
    tiny_checkpoint(served / "style_monet.pth")
    with serving(served) as url:
        monkeypatch.setenv("GENLAB_CYCLEGAN_URL", url)
        app_test.selectbox(key="cg_official").set_value("style_monet").run()
        app_test.button(key="cg_fetch").click().run()
    assert markdown(app_test, "Loaded **style_monet** (downloaded and cached)")
    assert app_test.session_state["cg_photos"].name == "style_monet"
