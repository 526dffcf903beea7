"""The CycleGAN page, level 3: the official photo generators (horse2zebra, monet2photo, ...), loaded and run.

Framework-free. A generator comes from an uploaded .pth (per user) or an official model by name, downloaded
once into the cache (shared, read-only). Files are read with torch.load(weights_only=True) only
(core.cyclegan_official); nothing here raises for bad input: each function answers with a message.
Where downloads come from: $GENLAB_CYCLEGAN_URL (tests point it at a local server), else the official URL.
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image
from torch import nn

from core.cyclegan import OFFICIAL_MODELS, OFFICIAL_URL, download_official, load_official_generator, translate
from core.cyclegan_official import MAX_SIDE, cached_path, fit_size, to_rgb
from demos.cyclegan.controls import OFFICIAL
from demos.images import open_image

DEFAULT_MODEL = OFFICIAL.default
MAX_CHECKPOINT_MB = 64  # an official generator (11.4 M parameters) is a 45 MB file
TIMEOUT = 30.0  # seconds without an answer before a download gives up
HINT = r"""## Level 3: photos, with the official models
The authors' generators (9 residual blocks, instance norm, 11.4 million parameters, trained on 256 × 256
photos) load here under their own key names. Pick one by name and download it (about 45 MB, once: it is
cached), or upload a `.pth` you have, then upload a photo: it is resized so its long side is at most 512 px.
Files are read as plain tensors (`torch.load(weights_only=True)`); a file that needs code to unpickle is
refused. **Look for:** the texture changes (stripes, seasons, brush strokes), the shapes stay: the cycle
loss forbids $G$ from inventing a new horse."""


@dataclass
class Session:
    """One user's generator: an official one (shared, cached) or their own upload."""
    generator: nn.Module | None = None
    name: str = ""


def new_session() -> Session:
    return Session()


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
        return None, None, "Upload a photo (JPEG, PNG, ...; up to 10 MB)."
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
