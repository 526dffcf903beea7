"""What every Gradio page shares: LaTeX delimiters for gr.Markdown and the upload cap."""
from demos.digits import MAX_UPLOAD_BYTES

# gr.Markdown renders only $$...$$ by default; the pages write inline maths as $...$ too
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
MAX_FILE_SIZE = MAX_UPLOAD_BYTES  # launch(max_file_size=...): Gradio refuses bigger uploads itself

# launch(css=...): Overview cards; a digit gallery of ten small columns (Gradio's tiles are >= 100 px)
CSS = """
.genlab-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px}
.genlab-digits .grid-container {grid-template-columns: repeat(var(--grid-cols), minmax(0, 1fr)) !important;
                                grid-template-rows: none !important; grid-auto-rows: auto !important;
                                gap: 4px !important}
.genlab-digits .thumbnail-item {aspect-ratio: 1 / 1}
.genlab-digits .grid-wrap.fixed-height {min-height: 0 !important; max-height: none !important}
"""
