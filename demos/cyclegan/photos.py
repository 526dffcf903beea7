"""The CycleGAN page, level 3: the official photo generators (horse2zebra, monet2photo, ...), loaded and run.

Framework-free. A session starts with the tiny offline generator (pretrained/cyclegan_photo_tiny: the official
layout, shrunk and trained here on crops of two photos, core/cyclegan_photo.py), so the section shows an example
photo and its translation before any click, even offline. A generator then comes from an uploaded .pth (per
user) or an official model by name, downloaded once into the cache (shared, read-only). Files are read with
torch.load(weights_only=True) only (core.cyclegan_official); nothing here raises for bad input: each function
answers with a message.
Where downloads come from: $GENLAB_CYCLEGAN_URL (tests point it at a local server), else the official URL.
"""
from __future__ import annotations

import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image
from torch import nn

from core import cyclegan_photo, pretrained
from core.cyclegan import OFFICIAL_MODELS, OFFICIAL_URL, download_official, load_official_generator, translate
from core.cyclegan_official import MAX_SIDE, cached_path, fit_size, to_rgb
from demos.cyclegan.controls import OFFICIAL
from demos.images import open_image

DEFAULT_MODEL = OFFICIAL.default
MAX_CHECKPOINT_MB = 64  # an official generator (11.4 M parameters) is a 45 MB file
TIMEOUT = 30.0  # seconds without an answer before a download gives up
TINY = "cyclegan_photo_tiny"  # the pretrained/ name of the offline generator
TINY_NAME = "the tiny offline model"
HINT = r"""## Level 3: photos, with the official models
The authors' generators (9 residual blocks, instance norm, 11.4 million parameters, trained on 256 × 256
photos) load here under their own key names. Pick one by name and download it (about 45 MB, once: it is
cached), or upload a `.pth` you have, then upload a photo: it is resized so its long side is at most 512 px.
Files are read as plain tensors (`torch.load(weights_only=True)`); a file that needs code to unpickle is
refused. Until then, and offline, **the tiny offline model** translates: the same layout with 8 filters and
3 blocks instead of 64 and 9, trained here on one CPU core for a few minutes on crops of two photos (a pagoda
→ a dahlia), not the official horse2zebra. **Look for:** the texture and colours change (stripes, seasons,
brush strokes; here the dahlia photo's teal and orange), the shapes stay: the cycle loss forbids $G$ from
inventing a new horse."""


class Session:
    """One user's generator: the tiny offline one or an official one (both shared, cached), or their own upload.

    gr.State holds new_session() as its default and gives each visitor a deepcopy at their first event (issue 17:
    a callable default was remade by the page's load, dropping a generator an earlier click had loaded). A copy is
    a new session with the same generator: generators are only ever run, never changed, so they are shared. Not a
    dataclass: Gradio's config would turn one into a dict, deep-copying the generator."""

    def __init__(self, generator: nn.Module | None = None, name: str = ""):
        self.generator, self.name = generator, name

    def __deepcopy__(self, memo) -> Session:
        return Session(self.generator, self.name)


@lru_cache(maxsize=1)
def _tiny() -> nn.Module | None:
    """The tiny offline generator, loaded once through the official loader's checks; None when not shipped."""
    try:
        return pretrained.load(TINY)
    except (KeyError, OSError, ValueError):
        return None


def new_session() -> Session:
    """A session starts with the tiny offline generator, so a photo is translated before anything is downloaded."""
    tiny = _tiny()
    return Session(tiny, TINY_NAME if tiny is not None else "")


def use_tiny(session: Session) -> str:
    """Back to the tiny offline generator (after an official one or an upload)."""
    if (tiny := _tiny()) is None:
        return f"⚠️ The tiny offline model is not in pretrained/: run `python -m core.train {TINY}`."
    session.generator, session.name = tiny, TINY_NAME
    return model_note(session)


def model_note(session: Session) -> str:
    """What the section says about the session's generator before anything is clicked."""
    if session.name != TINY_NAME:
        return "No generator loaded yet." if session.generator is None else f"Loaded **{session.name}**."
    return (f"Loaded **{TINY_NAME}**: {parameters(session.generator)}, the official layout trained here on crops of "
            "two photos, not the official horse2zebra. Upload a photo to see what it does, or download an "
            "official model for the real thing.")


@lru_cache(maxsize=1)
def tiny_example() -> tuple[np.ndarray | None, np.ndarray | None, str]:
    """The pagoda photo through the tiny offline generator, computed once per process and shared by every
    visitor: what the section shows before any click, offline too. -> (photo, translation, caption)."""
    if (tiny := _tiny()) is None:
        return None, None, f"The tiny offline model is not in pretrained/ (`python -m core.train {TINY}`)."
    return example(tiny, TINY_NAME)


def example(generator: nn.Module, name: str) -> tuple[np.ndarray | None, np.ndarray | None, str]:
    """The pagoda photo (scikit-learn's china.jpg at 320 × 212) through `generator`, shown until a photo is
    uploaded. -> (photo, translation, caption); no photo when scikit-learn's file cannot be read."""
    try:
        before, after = cyclegan_photo.example(generator)
    except OSError as error:
        return None, None, f"Upload a photo (JPEG, PNG, …; up to 10 MB). The example photo is missing: {error}."
    before.flags.writeable = after.flags.writeable = False  # the tiny model's pair is shared by every visitor
    about = f"**{name}**" + (f" ({parameters(generator)}), which has seen crops of it and of the dahlia photo, "
                             "never pairs" if name == TINY_NAME else "")
    return before, after, (f"**Example:** the pagoda photo ({after.shape[1]} × {after.shape[0]} px) through "
                           f"{about}. Upload your own photo to try it. *{cyclegan_photo.CREDIT}.*")


def base_url() -> str:
    return os.environ.get("GENLAB_CYCLEGAN_URL") or OFFICIAL_URL


@lru_cache(maxsize=2)
def _official(path: str) -> nn.Module:
    """Official generators, loaded once per process and shared by every visitor (never trained, only run)."""
    return load_official_generator(path)


def load_upload(session: Session, path: str | Path | None, name: str | None = None) -> str:
    """An uploaded .pth (shown as `name`) -> the session's generator; a refused file leaves the current one."""
    if path is None:
        return "Choose a `.pth` file: an official CycleGAN generator (e.g. `horse2zebra.pth`)."
    path = Path(path)
    name = name or path.name
    size = path.stat().st_size if path.is_file() else 0
    if size == 0:
        return "⚠️ The file is empty or could not be read; please try again."
    if size > MAX_CHECKPOINT_MB << 20:
        return (f"⚠️ The file is {size / 2**20:.0f} MB; a CycleGAN generator is about 45 MB "
                f"(limit {MAX_CHECKPOINT_MB} MB).")
    try:
        session.generator = load_official_generator(path)
    except ValueError as error:
        return f"⚠️ Refused: {str(error).replace(path.name, name)}"
    session.name = name
    return f"Loaded your **{name}**: {parameters(session.generator)}. Now upload a photo."


def parameters(generator: nn.Module) -> str:
    c = generator.config
    count = sum(p.numel() for p in generator.parameters())
    size = f"{count / 1e6:.1f} million" if count >= 100_000 else f"{count:,}"
    return f"{size} parameters, {c['n_blocks']} residual block{'s' * (c['n_blocks'] != 1)}, {c['ngf']} filters"


def fetch(session: Session, name: str | None) -> str:
    """An official model by name: from the cache, else downloaded (online only). -> what happened."""
    if name not in OFFICIAL_MODELS:
        return f"⚠️ Unknown model {name!r}; choose one of {', '.join(OFFICIAL_MODELS)}."
    cached = cached_path(name)
    try:
        path = cached or download_official(name, base_url=base_url(), timeout=TIMEOUT)
        generator = _official(str(path))
    except (RuntimeError, ValueError) as error:
        url = base_url().rstrip("/") + f"/{name}.pth"
        return (f"⚠️ {error}\n\nTo use **{name}** this machine needs to reach {url} (a file of about 45 MB, "
                "downloaded once). Offline, upload the `.pth` above instead; everything else on this page works.")
    session.generator, session.name = generator, name
    where = "from the cache" if cached else "downloaded and cached"
    return f"Loaded **{name}** ({where}): {parameters(generator)}. Now upload a photo."


def _open_photo(path: Path) -> tuple[Image.Image | None, str]:
    """An image file -> an RGB PIL image (upright, transparency on white, 16-bit and CMYK converted), or why not."""
    image, message = open_image(path, longest=MAX_SIDE, what="photo")
    if image is None:
        return None, f"⚠️ {message}"
    try:
        return to_rgb(image), ""
    except (OSError, ValueError) as error:
        return None, f"⚠️ The photo could not be converted to RGB: {error}."


def translate_photo(session: Session, path: str | Path | None) -> tuple[np.ndarray | None, np.ndarray | None, str]:
    """A photo through the session's generator -> (the input as the network sees it, the output, a message)."""
    if session.generator is None:
        return None, None, "Load a generator first: download an official one by name, or upload a `.pth`."
    if path is None:
        return tiny_example() if session.generator is _tiny() else example(session.generator, session.name)
    rgb, message = _open_photo(Path(path))
    if rgb is None:
        return None, None, message
    started = time.perf_counter()
    out = translate(session.generator, rgb)
    seconds = time.perf_counter() - started
    shown = rgb.resize(fit_size(rgb.width, rgb.height), Image.BICUBIC)
    width, height = rgb.info.get("original_size", rgb.size)
    return (np.asarray(shown), out, f"{out.shape[1]} × {out.shape[0]} px through **{session.name}** "
            f"in {seconds:.2f} s (from {width} × {height}).")


def _from_bytes(content: bytes | None, suffix: str, handle):
    """Streamlit hands over bytes: through a temporary file to the path-based handlers."""
    if content is None:
        return handle(None)
    with tempfile.NamedTemporaryFile(suffix=suffix) as f:
        f.write(content)
        f.flush()
        return handle(f.name)


def load_upload_bytes(session: Session, content: bytes | None, name: str = "upload.pth") -> str:
    return _from_bytes(content, ".pth", lambda path: load_upload(session, path, name))


def translate_bytes(session: Session, content: bytes | None):
    return _from_bytes(content, ".img", lambda path: translate_photo(session, path))
