"""GenLab, the Gradio app (the Space's app_file): the Overview at /, every other page at /<slug>, for a direct link.

Pages live in demos/<slug>/gradio_page.py as build(demo) functions; this file only lists and mounts them."""
from demos import runtime

runtime.prepare()  # the environment, and an allocator that gives departed visitors' memory back

import gradio as gr  # noqa: E402

from demos import pages  # noqa: E402
from demos.api_ui import seal  # noqa: E402
from demos.autoencoder import gradio_page as autoencoder  # noqa: E402
from demos.cgan import gradio_page as cgan  # noqa: E402
from demos.cyclegan import gradio_page as cyclegan  # noqa: E402
from demos.gan import gradio_page as gan  # noqa: E402
from demos.gradio_ui import CSS, HEAD, MAX_FILE_SIZE  # noqa: E402
from demos.load_events_ui import own_page  # noqa: E402
from demos.minimax import gradio_page as minimax  # noqa: E402
from demos.mode_collapse import gradio_page as mode_collapse  # noqa: E402
from demos.overview import gradio_page as overview  # noqa: E402
from demos.session_ui import free_on_leave  # noqa: E402
from demos.vae import gradio_page as vae  # noqa: E402

ROUTES = [(pages.AUTOENCODER, autoencoder), (pages.VAE, vae), (pages.GAN, gan),
          (pages.MODE_COLLAPSE, mode_collapse), (pages.CGAN, cgan), (pages.CYCLEGAN, cyclegan),
          (pages.MINIMAX, minimax)]

with gr.Blocks(title="GenLab", delete_cache=(3600, 3600)) as demo:
    overview.build(demo)
for page, module in ROUTES:
    with own_page(demo, page.nav, page.slug):  # demo.route(), minus Gradio 6.31 re-firing earlier pages' loads
        module.build(demo)
leaving = free_on_leave(demo)  # a closed tab's runs and state are freed at once, a script's session after a minute

# Sized for a lecture hall (design.md §8). default_concurrency_limit=2: a cheap listener (slider, sample, page load)
#   runs 2 at once, one per vCPU. Training runs on demos/live.py's scheduler thread, outside the queue; its frames
#   and the photo CycleGAN have their own groups ("live", "cyclegan-photo"), so cheap events never wait behind them.
# max_size=2048: 60 students opening a page queue ~5 load events each (300), with room for several pages each.
demo.queue(default_concurrency_limit=2, max_size=2048)

LAUNCH_KWARGS = dict(
    theme=gr.themes.Soft(primary_hue="indigo"),
    css=CSS,
    head=HEAD,  # the presenter view and the keyboard
    max_file_size=MAX_FILE_SIZE,
    run_history=False,
    app_kwargs={"middleware": [*seal(demo), leaving]},  # seal: only published endpoints are callable (demos/api_ui.py)
    footer_links=["api", "settings"],
    # max_threads: Gradio's worker slots for events in flight (all groups together, queueing.py:220) and sync handlers'
    # threads (blocks.py:2810). At 40, a class's streams and ticks would leave slider events waiting for a slot; 256 is
    # above every group's limit together (~160), so only per-group limits throttle (tests/ui/test_queue_for_a_class.py).
    max_threads=256,
)

if __name__ == "__main__":
    demo.launch(**LAUNCH_KWARGS)
