"""GenLab, the Gradio app (the Hugging Face Space's app_file): one route per page.

The Overview is the home page; every other page is served at /<slug>, so a lecturer can open
it directly. Pages live in demos/<slug>/gradio_page.py as build(demo) functions; this file only lists and mounts them.
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no phoning home: the lab runs offline
os.environ.setdefault("OMP_NUM_THREADS", "2")  # the free Space tier has 2 vCPU; read when torch loads

import gradio as gr  # noqa: E402

from demos import pages  # noqa: E402
from demos.autoencoder import gradio_page as autoencoder  # noqa: E402
from demos.cgan import gradio_page as cgan  # noqa: E402
from demos.cyclegan import gradio_page as cyclegan  # noqa: E402
from demos.gan import gradio_page as gan  # noqa: E402
from demos.gradio_ui import CSS, MAX_FILE_SIZE  # noqa: E402
from demos.minimax import gradio_page as minimax  # noqa: E402
from demos.mode_collapse import gradio_page as mode_collapse  # noqa: E402
from demos.overview import gradio_page as overview  # noqa: E402
from demos.vae import gradio_page as vae  # noqa: E402

ROUTES = [(pages.AUTOENCODER, autoencoder), (pages.VAE, vae), (pages.GAN, gan),
          (pages.MODE_COLLAPSE, mode_collapse), (pages.CGAN, cgan), (pages.CYCLEGAN, cyclegan),
          (pages.MINIMAX, minimax)]

with gr.Blocks(title="GenLab", delete_cache=(3600, 3600)) as demo:
    overview.build(demo)
for page, module in ROUTES:
    with demo.route(page.nav, page.slug):
        module.build(demo)

demo.queue(default_concurrency_limit=4, max_size=64)

LAUNCH_KWARGS = dict(
    theme=gr.themes.Soft(primary_hue="indigo"),
    css=CSS,
    max_file_size=MAX_FILE_SIZE,
    run_history=False,
    footer_links=["api", "settings"],
)

if __name__ == "__main__":
    demo.launch(**LAUNCH_KWARGS)
