"""CycleGAN (issue 8). design.md §3 names `core.cyclegan.load_official_generator`; the official photo
models live in core/cyclegan_official.py and are re-exported here."""
from core.cyclegan_official import (  # noqa: F401  (re-exports)
    OFFICIAL_MODELS,
    OFFICIAL_URL,
    ResnetGenerator,
    download_official,
    load_official_generator,
    translate,
)
