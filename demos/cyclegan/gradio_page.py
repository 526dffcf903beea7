"""Gradio UI of the CycleGAN page: three levels in three tabs; layout and event wiring only, no maths."""
import gradio as gr

from demos.api_ui import publish
from demos.cyclegan import api, gradio_photo_page, gradio_toy_page, gradio_zebra_page, view
from demos.gradio_ui import LATEX, standalone


def build(demo: gr.Blocks) -> None:
    """The CycleGAN page. Built into `demo`, whose .load it uses."""
    gr.Markdown(f"# {view.TITLE}\n{view.INTRO}", latex_delimiters=LATEX)
    with gr.Tabs():
        with gr.Tab(view.TABS[0], id="cyclegan-toy"):
            gradio_toy_page.section(demo)
        with gr.Tab(view.TABS[1], id="cyclegan-digits"):
            gradio_zebra_page.section(demo)
        with gr.Tab(view.TABS[2], id="cyclegan-photos"):
            gradio_photo_page.section(demo)
    publish(api.translate, api_name="cyclegan_translate")


if __name__ == "__main__":
    standalone(build).launch()
