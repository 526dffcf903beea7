"""Scenes (issue 18 §1): the Overview's curated scenes are links their pages take as they are, and the README's
scene tables are the ones the declarations generate (python -m demos.scene_table), so neither can go stale."""
from pathlib import Path

import pytest

from demos import pages, scene_table
from demos.controls import changed, from_query
from demos.overview import view

ROOT = Path(__file__).resolve().parents[1]
HEADING = "## Scenes: link to a setup"


@pytest.mark.parametrize("slug", sorted(pages.SCENES))
def test_a_curated_scene_is_taken_by_its_page_with_no_note(slug):
    title, query = pages.SCENES[slug]
    values, notes = from_query(scene_table.SCENE_CONTROLS[slug], query)
    assert notes == [] and title
    assert changed(scene_table.SCENE_CONTROLS[slug], values), "a scene the page opens on anyway"


def test_every_page_that_takes_links_has_a_curated_scene_on_its_overview_card():
    cards = {page.slug: view.scene(page) for page in view.cards()}
    assert set(scene_table.SCENE_CONTROLS) <= {slug for slug, scene in cards.items() if scene}
    title, query, href = cards["cyclegan"]
    assert title == "CycleGAN at λ = 0" and href == "cyclegan?lam=0"


def test_the_readme_holds_the_scene_tables_as_generated():
    readme = (ROOT / "README.md").read_text()
    assert HEADING in readme, "README lacks the scenes section: python -m demos.scene_table prints it"
    start = readme.index(HEADING)
    end = readme.find("\n## ", start + len(HEADING))
    section = readme[start:end] if end >= 0 else readme[start:]
    assert section.rstrip("\n") == scene_table.section().rstrip("\n"), \
        "README's scenes section is stale: replace it with the output of python -m demos.scene_table"
