"""The CycleGAN page's level 3, framework-free: a generator from an upload or by name (downloaded from a local
server this test starts, never the internet), then a photo of any mode through it, or a clear message why not.

The helpers here (tiny_checkpoint, serving) are shared with the UI and browser tests of this page."""
from __future__ import annotations

import functools
import io
import http.server
import pickle
import socket
import threading
from contextlib import contextmanager
from copy import deepcopy
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from core import pretrained
from demos import images
from demos.cyclegan import photos
from tests.core.test_cyclegan_official import SystemPayload, official_checkpoint


def tiny_checkpoint(path: Path) -> Path:
    """An official-layout generator .pth with random weights, small enough to run in milliseconds."""
    official_checkpoint(path, ngf=4, n_blocks=1, legacy="pre-0.4")
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serving(folder: Path):
    """A local HTTP server on 127.0.0.1 serving `folder`; -> its URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"


@pytest.fixture
def loaded(tmp_path) -> photos.Session:
    session = photos.new_session()
    assert photos.load_upload(session, tiny_checkpoint(tmp_path / "mine.pth")).startswith("Loaded your **mine.pth**")
    return session


def test_an_uploaded_checkpoint_becomes_the_sessions_generator(tmp_path):
    session = photos.new_session()
    message = photos.load_upload_bytes(session, tiny_checkpoint(tmp_path / "x.pth").read_bytes(), "horse.pth")
    assert message.startswith("Loaded your **horse.pth**") and "1 residual block," in message
    assert session.name == "horse.pth" and not session.generator.training


def test_each_visitors_copy_of_the_default_session_is_their_own_and_shares_the_generator(tmp_path):
    """gr.State deep-copies its default for each visitor (issue 17): the copy may change its generator without
    touching the default, and shares the tiny generator rather than copying its weights."""
    default = photos.new_session()
    copy = deepcopy(default)
    assert copy is not default and copy.generator is default.generator and copy.name == default.name
    assert photos.load_upload(copy, tiny_checkpoint(tmp_path / "mine.pth")).startswith("Loaded your **mine.pth**")
    assert default.name == photos.new_session().name and default.generator is photos.new_session().generator


def test_a_malicious_pickle_is_refused_runs_nothing_and_keeps_the_generator(loaded, tmp_path):
    marker, path = tmp_path / "pwned", tmp_path / "evil.pth"
    torch.save({"model.1.weight": torch.zeros(4, 3, 7, 7), "model.1.bias": SystemPayload(marker)}, path)
    before = loaded.generator
    message = photos.load_upload(loaded, path)
    assert message.startswith("⚠️ Refused: evil.pth is not a plain state dict") and "which is code" in message
    assert not marker.exists() and loaded.generator is before and loaded.name == "mine.pth"


def saved(obj) -> bytes:
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (b"hello", "not a plain state dict"),
                                             (pickle.dumps([1, 2], protocol=2), "not a plain state dict"),
                                             (saved({"epoch": 3}), "holds a dict, not a state dict"),
                                             (saved({"model.1.weight": torch.zeros(2)}), "missing keys")],
                         ids=["empty", "text", "a plain pickle", "no tensors", "not a generator"])
def test_files_that_are_not_generators_are_refused_with_a_reason(content, reason):
    session = photos.Session()
    message = photos.load_upload_bytes(session, content, "upload.pth")
    assert message.startswith("⚠️") and reason in message and session.generator is None
    assert photos.load_upload(session, None).startswith("Choose a `.pth` file")


def test_a_checkpoint_over_the_cap_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(photos, "MAX_CHECKPOINT_MB", 0)
    session = photos.new_session()
    assert "a CycleGAN generator is about 45 MB" in photos.load_upload(session, tiny_checkpoint(tmp_path / "x.pth"))


def photo(tmp_path: Path, mode: str, size=(70, 45)) -> Path:
    if mode == "I;16":
        image = Image.fromarray((np.arange(size[0] * size[1]).reshape(size[1], size[0]) * 20).astype(np.uint16))
    else:
        image = Image.new(mode, size, {"RGBA": (200, 40, 40, 100), "CMYK": (0, 90, 200, 10), "L": 128}.get(mode, 0))
    path = tmp_path / f"photo.{'jpg' if mode == 'CMYK' else 'png'}"
    image.save(path)
    return path


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "CMYK", "I;16", "L", "P"])
def test_a_photo_of_any_mode_is_translated_at_a_multiple_of_four(loaded, tmp_path, mode):
    shown, out, message = photos.translate_photo(loaded, photo(tmp_path, mode))
    assert out.dtype == np.uint8 and out.shape == shown.shape == (44, 72, 3)  # 70 x 45 -> multiples of 4
    assert "72 × 44 px through **mine.pth**" in message and "from 70 × 45" in message


def test_a_large_photo_is_scaled_to_a_long_side_of_512(loaded, tmp_path):
    shown, out, _ = photos.translate_photo(loaded, photo(tmp_path, "RGB", size=(1500, 1000)))
    assert out.shape == (340, 512, 3)


@pytest.mark.parametrize("content, reason", [(b"", "empty"), (b"plain text", "not an image")])
def test_bad_photos_get_a_reason(loaded, content, reason):
    shown, out, message = photos.translate_bytes(loaded, content)
    assert shown is None and out is None and reason in message


def test_a_truncated_photo_is_called_damaged(loaded, tmp_path):
    path = photo(tmp_path, "RGB", size=(300, 200))
    path.write_bytes(path.read_bytes()[:120])
    assert "damaged or truncated" in photos.translate_photo(loaded, path)[2]


def test_a_photo_over_the_pixel_cap_is_refused(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)
    assert "megapixel" in photos.translate_photo(loaded, photo(tmp_path, "RGB"))[2]


def test_without_a_generator_the_photo_waits_with_a_hint(tmp_path):
    assert photos.translate_photo(photos.Session(), photo(tmp_path, "RGB"))[2].startswith("Load a generator first")


NEEDS_TINY = pytest.mark.skipif(photos.TINY not in pretrained.names(), reason="the tiny model is not in pretrained/")


@NEEDS_TINY
def test_offline_the_section_opens_on_an_example_pair_through_the_tiny_model(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GENLAB_CYCLEGAN_URL", closed_port_url())
    session = photos.new_session()
    assert session.name == photos.TINY_NAME and "not the official horse2zebra" in photos.model_note(session)
    before, after, caption = photos.translate_photo(session, None)  # no photo yet: the example pair
    assert before.shape == after.shape == (212, 320, 3) and np.abs(after.astype(int) - before).mean() > 20
    assert caption.startswith("**Example:**") and f"**{photos.TINY_NAME}** (" in caption and "CC BY 2.0" in caption
    assert after is photos.tiny_example()[1]  # computed once, shared
    shown, out, message = photos.translate_photo(session, photo(tmp_path, "RGB"))  # the student's own photo
    assert out.shape == (44, 72, 3) and f"through **{photos.TINY_NAME}**" in message


@NEEDS_TINY
def test_without_a_photo_the_example_goes_through_the_loaded_generator_and_the_tiny_one_comes_back(loaded):
    before, after, caption = photos.translate_photo(loaded, None)
    assert after.shape == (212, 320, 3) and "through **mine.pth**." in caption
    assert photos.use_tiny(loaded).startswith(f"Loaded **{photos.TINY_NAME}**: ")
    assert photos.translate_photo(loaded, None)[1] is photos.tiny_example()[1]


@pytest.mark.network
def test_an_official_model_is_downloaded_once_then_read_from_the_cache(tmp_path, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    tiny_checkpoint(served / "horse2zebra.pth")
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    session = photos.new_session()
    with serving(served) as url:
        monkeypatch.setenv("GENLAB_CYCLEGAN_URL", url)
        assert photos.fetch(session, "horse2zebra").startswith("Loaded **horse2zebra** (downloaded and cached)")
    assert (tmp_path / "cache" / "cyclegan" / "horse2zebra.pth").is_file()
    monkeypatch.setenv("GENLAB_CYCLEGAN_URL", closed_port_url())  # the server is gone: the cache answers
    again = photos.new_session()
    assert photos.fetch(again, "horse2zebra").startswith("Loaded **horse2zebra** (from the cache)")
    assert again.generator is session.generator  # loaded once per process, shared read-only
    assert photos.translate_photo(again, photo(tmp_path, "RGB"))[1].shape == (44, 72, 3)


def test_offline_the_section_says_what_it_would_need_and_keeps_working(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    url = closed_port_url()
    monkeypatch.setenv("GENLAB_CYCLEGAN_URL", url)
    message = photos.fetch(loaded, "monet2photo")
    assert message.startswith("⚠️ could not download monet2photo") and f"{url}monet2photo.pth" in message
    assert "about 45 MB" in message and "upload the `.pth`" in message
    assert loaded.name == "mine.pth" and photos.translate_photo(loaded, photo(tmp_path, "RGB"))[1] is not None
    assert photos.fetch(loaded, "cats2dogs").startswith("⚠️ Unknown model 'cats2dogs'")
