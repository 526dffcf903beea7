from pathlib import Path

from demos import pages
from demos.overview import view

DEMOS = Path(__file__).resolve().parents[2] / "demos"


def test_every_page_in_the_registry_exists_and_every_page_folder_is_registered():
    folders = {p.name for p in DEMOS.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders == {p.folder for p in pages.PAGES}
    for page in pages.PAGES:
        for part in ("view.py", "gradio_page.py", "streamlit_page.py"):
            assert (DEMOS / page.folder / part).is_file()


def test_cards_list_the_other_pages_with_slides_and_what_to_look_for():
    cards = view.cards()
    assert [c.slug for c in cards] == [p.slug for p in pages.PAGES if p.slug != "overview"]
    text = view.card_markdown(pages.AUTOENCODER)
    assert "Slides:" in text and "Look for:" in text and pages.AUTOENCODER.look_for in text


def test_taxonomy_marks_the_models_that_have_pages():
    fig = view.taxonomy()
    highlighted = [a.text for a in fig.layout.annotations if a.bgcolor == "#4f46e5"]
    assert highlighted == ["<b>VAE</b>", "<b>GAN</b>"]
    assert len(fig.data) == len(fig.layout.annotations) - 1  # one edge per node but the root
