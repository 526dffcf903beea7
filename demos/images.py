"""Open an uploaded image so that memory follows the picture a page needs, not the file (issue 16).

A 7000 x 7000 PNG of 0.2 MB decodes to 147 MB of RGB, and to 1 GB on its way to a 28 x 28 digit; sixteen at
once took 16 GB. Three things bound it:
- JPEG decodes at 1/2, 1/4 or 1/8 scale straight from the file (Pillow's `Image.draft`), as close above
  the size the page needs as the format allows; other formats decode whole.
- What is decoded is reduced (`Image.reduce`, a box filter by a whole factor) to at most twice the size
  the page needs before anything else is done with it, and the whole decode is dropped.
- DECODING lets two uploads decode at once (one per vCPU); the others wait their turn, so a class's
  uploads, or a script's, hold at most two decoded images however many arrive together.
After each decode, glibc is asked to return freed memory to the system (malloc_trim), since Pillow's
16 MB blocks otherwise stay in the heap.

Nothing here raises for bad input: open_image returns (image, "") or (None, why not).
"""
from __future__ import annotations

import base64
import ctypes
import ctypes.util
import io
import threading
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # also the cap given to the UI (launch's max_file_size)
MAX_PIXELS = 50_000_000  # the image's own size: a 48-megapixel phone photo still fits; 10,000 x 10,000 does not
MAX_DECODED = 16_000_000  # what is decoded whole (after JPEG's draft scaling): 48 MB of RGB
DECODING = threading.BoundedSemaphore(2)
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None)


def open_image(path: str | Path, longest: int, what: str = "image") -> tuple[Image.Image | None, str]:
    """An image file -> a PIL image, upright, with its longer side at most 2 x `longest` (or as it came, if
    smaller), in its own mode, its size in the file as info["original_size"]; or (None, why not). `what` names
    it in messages ("photo")."""
    path = Path(path)
    size = path.stat().st_size if path.is_file() else 0
    if size == 0:
        return None, "The file is empty or could not be read."
    if size > MAX_UPLOAD_BYTES:
        return None, f"The file is {size / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # MAX_PIXELS below is stricter
            with DECODING, Image.open(path) as image:
                return _decode(image, longest, what)
    except Image.DecompressionBombError:  # PIL refuses to even open images this large
        return None, f"The {what} is far over the {MAX_PIXELS / 1e6:.0f}-megapixel limit. Please scale it down."
    except UnidentifiedImageError:
        return None, "This file is not an image we can read (PNG, JPEG, GIF, BMP, TIFF or WebP)."
    except (OSError, ValueError, SyntaxError):  # truncated or corrupt data surfaces as any of these
        return None, f"The {what} file is damaged or truncated and could not be decoded."
    finally:
        _LIBC.malloc_trim(0)


def _decode(image: Image.Image, longest: int, what: str) -> tuple[Image.Image | None, str]:
    width, height = image.size
    if width * height > MAX_PIXELS:
        return None, (f"The {what} is {width:,} x {height:,} pixels; the limit is {MAX_PIXELS / 1e6:.0f} megapixels. "
                      "Please scale it down.")
    if image.format == "JPEG":
        image.draft(image.mode, (2 * longest, 2 * longest))  # the decoder scales by 1/2, 1/4 or 1/8
    if image.width * image.height > MAX_DECODED:
        return None, (f"The {what} is {width:,} x {height:,} pixels; as {image.format or 'this format'} it must be "
                      f"decoded whole, and the limit for that is {MAX_DECODED / 1e6:.0f} megapixels "
                      "(a JPEG may be larger). Please scale it down or save it as JPEG.")
    exif = image.getexif()  # read before reduce(), which keeps the pixels only
    image.load()
    factor = -(-max(image.size) // (2 * longest))  # ceil: the longer side ends between longest and 2 x longest
    try:
        reduced = image.reduce(factor) if factor > 1 else image.copy()
    except ValueError:  # a mode reduce() does not take (palette, 1-bit, 16-bit): as decoded
        reduced = image.copy()
    reduced.info.update(original_size=(width, height), **({"exif": exif.tobytes()} if exif else {}))
    return ImageOps.exif_transpose(reduced), ""


MAX_DRAWING_CHARS = 2_000_000  # a drawing pad's PNG data URL: a 280 x 280 canvas of strokes is ~10 kB
MAX_DRAWING_SIDE = 1024


def decode_drawing(data_url: str | None) -> np.ndarray | None:
    """A drawing pad's "data:image/png;base64,..." -> (H, W) uint8 grey, 255 = paper; None for no, or no usable,
    drawing (empty, not a PNG/JPEG data URL, too large, damaged)."""
    if not isinstance(data_url, str) or not data_url.startswith("data:image/") or len(data_url) > MAX_DRAWING_CHARS:
        return None
    try:
        with Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1], validate=True))) as image:
            if max(image.size) > MAX_DRAWING_SIDE:
                return None
            return np.asarray(to_paper(image))
    except (OSError, ValueError, SyntaxError, IndexError):  # binascii.Error is a ValueError
        return None


def to_paper(image: Image.Image) -> Image.Image:
    """Any mode -> "L", transparency composited onto white paper."""
    if image.mode in ("RGBA", "LA", "PA", "P"):
        image = Image.alpha_composite(Image.new("RGBA", image.size, (255, 255, 255, 255)), image.convert("RGBA"))
    return image.convert("L")
