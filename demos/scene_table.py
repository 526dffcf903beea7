"""The README's "Scenes: link to a setup" section, generated from the pages' declared controls, so it cannot drift
from them: `python -m demos.scene_table` prints it; tests/test_scenes.py checks the README holds it as printed.

SCENE_CONTROLS lists, per page that applies links, the controls a link sets (demos/<page>/controls.py).
"""
from __future__ import annotations

from urllib.parse import urlencode

from demos import pages, presenter
from demos.autoencoder import controls as autoencoder
from demos.cgan import controls as cgan
from demos.controls import Control, markdown_table
from demos.cyclegan import controls as cyclegan
from demos.gan import controls as gan
from demos.minimax import controls as minimax
from demos.mode_collapse import controls as mode_collapse
from demos.vae import controls as vae

SCENE_CONTROLS: dict[str, list[Control]] = {
    pages.AUTOENCODER.slug: autoencoder.CONTROLS, pages.VAE.slug: vae.CONTROLS, pages.GAN.slug: gan.SCENE,
    pages.MODE_COLLAPSE.slug: mode_collapse.CONTROLS, pages.MINIMAX.slug: minimax.SCENE, pages.CGAN.slug: cgan.CONTROLS,
    pages.CYCLEGAN.slug: cyclegan.SCENE,
}

INTRO = """## Scenes: link to a setup

Every setting a page declares (`demos/<page>/controls.py`) is a URL parameter, with the same name in both UIs:
`/cyclegan?lam=0` opens CycleGAN at λ = 0 in Gradio (`python app.py`) and in Streamlit
(`streamlit run streamlit_app.py`). A "Link to this setup" box under the controls follows them, ready to copy
onto a slide. A parameter that is unknown or out of range takes its default, and the page says which. The
Overview's cards each open a curated scene. The tables below are generated from the declarations
(`python -m demos.scene_table`).

**Presenter view.** Add `present=1` to any link (`/mode-collapse?present=1&versus=pacgan`): larger type and
figures for a 1280 × 720 projector, no navigation bar, footer or sidebar. In Gradio the keyboard drives the page:
{keys}, on pages with those buttons, and never while typing in a box.

**Get the code.** The pages that train or simulate have a "⬇ Get the code" button: one standalone PyTorch script
with the setup on screen, its seed included, that needs only torch, numpy and matplotlib and reproduces the run
outside the app (its losses equal the app's, `tests/demos/test_code_scripts.py`)."""


def _keys() -> str:
    names = {" ": "Space"}
    return ", ".join(f"**{names.get(key, key.upper())}** {what}" for key, what in presenter.KEYS.items())


def page_table(slug: str) -> str:
    page = next(p for p in pages.PAGES if p.slug == slug)
    lines = [f"### {page.nav} (`/{slug}`)", ""]
    if slug in pages.SCENES:
        title, query = pages.SCENES[slug]
        lines += [f"Curated scene, {title}: `/{slug}?{urlencode(query)}`", ""]
    return "\n".join(lines + [markdown_table(SCENE_CONTROLS[slug])])


def section() -> str:
    """The whole README section, from its heading to its last table."""
    tables = [page_table(p.slug) for p in pages.PAGES if p.slug in SCENE_CONTROLS]
    return "\n\n".join([INTRO.format(keys=_keys()), *tables]) + "\n"


if __name__ == "__main__":
    print(section(), end="")
