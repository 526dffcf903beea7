"""What every Gradio page shares: LaTeX delimiters for gr.Markdown and the upload cap."""
from demos.digits import MAX_UPLOAD_BYTES

# gr.Markdown renders only $$...$$ by default; the pages write inline maths as $...$ too
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
MAX_FILE_SIZE = MAX_UPLOAD_BYTES  # launch(max_file_size=...): Gradio refuses bigger uploads itself
