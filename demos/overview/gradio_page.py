"""Gradio UI of the Overview page: the lecture's map and a card per page."""
import html

import gradio as gr

from demos.gradio_ui import LATEX, standalone
from demos.overview import view

def build(demo: gr.Blocks) -> None:
    """The Overview (the lecture's map, a card per page), built into `demo`."""
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}", latex_delimiters=LATEX)
    gr.Markdown(view.MAP, latex_delimiters=LATEX, elem_id="overview-map")
    gr.Markdown(view.TAXONOMY_NOTE)
    gr.Plot(view.taxonomy(), show_label=False, elem_id="overview-taxonomy")
    gr.Markdown("## The pages")
    with gr.Row(equal_height=True):
        for page in view.cards():
            with gr.Column(min_width=260, elem_classes=["genlab-card"], elem_id=f"overview-card-{page.slug}"):
                # gr.Markdown opens links in a new tab; a page of this app opens in this one
                gr.HTML(f'<h3><a href="{page.slug}" target="_self">{page.nav} →</a></h3>')
                gr.Markdown(view.card_markdown(page), latex_delimiters=LATEX)
                if view.scene(page):  # a curated scene: the page opens on that setup
                    title, _, href = view.scene(page)
                    gr.HTML(f'<p><a href="{html.escape(href)}" target="_self">▶ Scene: {html.escape(title)}</a></p>',
                            elem_id=f"overview-scene-{page.slug}")

if __name__ == "__main__":
    standalone(build).launch()
