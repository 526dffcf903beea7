"""The baseline for benchmarks/startup.py: a bare Gradio + torch app, nothing of GenLab's."""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import torch  # noqa: E402, F401  (imported for the same start-up cost as the real app)

with gr.Blocks() as demo:
    gr.Markdown("bare")

if __name__ == "__main__":
    demo.launch()
