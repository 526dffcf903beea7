"""The official CycleGAN photo generators (Zhu et al. 2017; junyanz/pytorch-CycleGAN-and-pix2pix).

ResnetGenerator is the official `models/networks.py` generator (`--netG resnet_9blocks --norm instance
--no_dropout`), built layer for layer so that an official `.pth` loads under its own key names
(`model.1.weight`, `model.10.conv_block.1.weight`, ... `model.26.bias`; papers.md §5):

    ReflectionPad(3) Conv7x7 ngf        IN ReLU     model.0-3
    Conv3x3/2 2ngf, Conv3x3/2 4ngf      IN ReLU     model.4-9    (two stride-2 downsamplings)
    n_blocks x [x + conv_block(x)]                  model.10-18  (pad, conv, IN, ReLU, pad, conv, IN)
    ConvT3x3/2 2ngf, ConvT3x3/2 ngf     IN ReLU     model.19-24  (output_padding=1)
    ReflectionPad(3) Conv7x7 3, Tanh                model.25-27

IN is InstanceNorm2d without affine parameters or running statistics; every conv has a bias.
Files are read with torch.load(weights_only=True) only (design.md §5); old checkpoints' InstanceNorm
running statistics are dropped as the official `__patch_instance_norm_state_dict` drops them.
Nothing here touches the network until `download_official` is called.
"""
from __future__ import annotations

import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

OFFICIAL_URL = "http://efrosgans.eecs.berkeley.edu/cyclegan/pretrained_models/"
# scripts/download_cyclegan_model.sh: each file is one direction, loaded into a single netG (no prefix)
OFFICIAL_MODELS = (
    "apple2orange", "orange2apple", "summer2winter_yosemite", "winter2summer_yosemite", "horse2zebra",
    "zebra2horse", "monet2photo", "style_monet", "style_cezanne", "style_ukiyoe", "style_vangogh", "sat2map",
    "map2sat", "cityscapes_photo2label", "cityscapes_label2photo", "facades_photo2label", "facades_label2photo",
    "iphone2dslr_flower",
)
MAX_DOWNLOAD_BYTES = 200 << 20  # an official generator is about 45 MB (11.4 M float32 weights)
MAX_SIDE = 512  # translate() resizes so that the long side is at most this
MULTIPLE = 4  # two stride-2 steps down and two up give back the input size only for multiples of 4
MIN_SIDE = 8  # the bottleneck (side / 4) needs 2 pixels for its reflection padding and instance norm
NORM_STATS = ("running_mean", "running_var", "num_batches_tracked")


# ---------------------------------------------------------------------------- the network


def _norm(channels: int) -> nn.InstanceNorm2d:
    return nn.InstanceNorm2d(channels, affine=False, track_running_stats=False)


class ResnetBlock(nn.Module):
    """x + conv_block(x), conv_block = [pad, conv3x3, IN, ReLU, (Dropout), pad, conv3x3, IN]."""

    def __init__(self, dim: int, use_dropout: bool = False) -> None:
        super().__init__()
        layers = [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3), _norm(dim), nn.ReLU(True)]
        layers += [nn.Dropout(0.5)] if use_dropout else []
        layers += [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3), _norm(dim)]
        self.conv_block = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.conv_block(x)


class ResnetGenerator(nn.Module):
    """The official generator; images in and out are (B, C, H, W) in [-1, 1], H and W multiples of 4."""

    def __init__(self, input_nc: int = 3, output_nc: int = 3, ngf: int = 64, n_blocks: int = 9,
                 use_dropout: bool = False) -> None:
        super().__init__()
        self.config = dict(input_nc=input_nc, output_nc=output_nc, ngf=ngf, n_blocks=n_blocks,
                           use_dropout=use_dropout)
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(input_nc, ngf, 7), _norm(ngf), nn.ReLU(True)]
        for mult in (1, 2):  # downsampling
            layers += [nn.Conv2d(ngf * mult, ngf * mult * 2, 3, stride=2, padding=1), _norm(ngf * mult * 2),
                       nn.ReLU(True)]
        layers += [ResnetBlock(ngf * 4, use_dropout) for _ in range(n_blocks)]
        for mult in (4, 2):  # upsampling
            layers += [nn.ConvTranspose2d(ngf * mult, ngf * mult // 2, 3, stride=2, padding=1, output_padding=1),
                       _norm(ngf * mult // 2), nn.ReLU(True)]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, output_nc, 7), nn.Tanh()]
        self.model = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x)


# ---------------------------------------------------------------------------- reading a checkpoint


def _tensors_only(obj: object) -> bool:
    return isinstance(obj, Mapping) and bool(obj) and all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items())


def _why(error: Exception) -> str:
    """What torch's refusal found (a GLOBAL such as posix.system), without its advice to turn the check off."""
    if found := re.search(r"GLOBAL ([\w.]+)", str(error)):
        return f"it asks for {found.group(1)}, which is code, not data"
    text = str(error).strip()
    return text.splitlines()[0][:300] if text and "weights_only" not in text else type(error).__name__


def read_state_dict(path: str | os.PathLike) -> dict[str, torch.Tensor]:
    """A .pth file -> {name: tensor}, read with torch.load(weights_only=True) only.

    Accepts a plain state dict, or a dict that wraps exactly one (e.g. {"state_dict": ..., "epoch": 3}).
    Anything torch's restricted unpickler refuses is refused here too, as a ValueError.
    """
    name = Path(path).name
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except OSError as error:
        raise ValueError(f"cannot read {name}: {error}") from None
    except Exception as error:  # UnpicklingError, RuntimeError, EOFError, ...: all mean "not for us"
        raise ValueError(f"{name} is not a plain state dict; refusing to unpickle arbitrary objects "
                         f"({_why(error)})") from None
    if _tensors_only(obj):
        return dict(obj)
    inner = {k: v for k, v in obj.items() if _tensors_only(v)} if isinstance(obj, Mapping) else {}
    if len(inner) == 1:
        return dict(next(iter(inner.values())))
    what = f"several state dicts ({', '.join(map(str, inner))}); save one generator per file" if inner else \
        f"a {type(obj).__name__}, not a state dict (a mapping of names to tensors)"
    raise ValueError(f"{name} holds {what}")


def infer_config(state: Mapping[str, torch.Tensor]) -> dict:
    """ngf, channels, n_blocks and dropout from the shapes and names; the official defaults where unclear."""
    config = dict(input_nc=3, output_nc=3, ngf=64, n_blocks=9, use_dropout=False)
    first = state.get("model.1.weight")
    if first is not None and first.dim() == 4:
        config.update(ngf=first.shape[0], input_nc=first.shape[1])
    indices = [int(k.split(".")[1]) for k in state if k.startswith("model.") and k.split(".")[1].isdigit()]
    last = max(indices, default=0)  # the final conv sits at model.{17 + n_blocks}
    final = state.get(f"model.{last}.weight")
    if last >= 17 and final is not None and final.dim() == 4:
        config.update(n_blocks=last - 17, output_nc=final.shape[0])
    config["use_dropout"] = any(k.endswith(".conv_block.6.weight") for k in state)
    return config


def drop_instance_norm_stats(state: Mapping[str, torch.Tensor], model: nn.Module) -> dict[str, torch.Tensor]:
    """Drop running_mean / running_var / num_batches_tracked of InstanceNorm layers (pre-0.4 checkpoints)."""
    norms = {name for name, m in model.named_modules() if isinstance(m, nn.InstanceNorm2d)}

    def legacy(key: str) -> bool:
        owner, _, leaf = key.rpartition(".")
        return owner in norms and leaf in NORM_STATS

    return {k: v for k, v in state.items() if not legacy(k)}


def _listed(keys: list[str], limit: int = 6) -> str:
    """'model.1.weight, model.4.weight, ... and 12 more', numbers in numeric order."""
    keys = sorted(keys, key=lambda k: [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in k.split(".")])
    return ", ".join(keys[:limit]) + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def load_official_generator(path: str | os.PathLike | Mapping[str, torch.Tensor], name: str = "tensors") -> nn.Module:
    """An official CycleGAN generator, a .pth file or its tensors {key: tensor} (`name` names them in errors) ->
    ResnetGenerator, CPU, eval mode. Keys and shapes are checked against the layout they describe, built on the
    meta device (no memory), and it must be an RGB generator no bigger than the official one before weights exist."""
    name, state = (name, dict(path)) if isinstance(path, Mapping) else (Path(path).name, read_state_dict(path))
    config = infer_config(state)
    if config["input_nc"] != 3 or config["output_nc"] != 3:
        raise ValueError(f"{name} maps {config['input_nc']} channels to {config['output_nc']}; a photo generator "
                         "maps RGB to RGB (3 to 3)")
    if config["ngf"] > 64 or config["n_blocks"] > 9:
        raise ValueError(f"{name} describes a generator with ngf {config['ngf']} and {config['n_blocks']} blocks; "
                         "the official ones have at most ngf 64 and 9 blocks, and nothing bigger is built here")
    with torch.device("meta"):
        layout = ResnetGenerator(**config)
    state, expected = drop_instance_norm_stats(state, layout), layout.state_dict()
    missing, unexpected = list(expected.keys() - state.keys()), list(state.keys() - expected.keys())
    if missing or unexpected:
        found = [f"missing keys: {_listed(missing)}"] * bool(missing) + \
            [f"unexpected keys: {_listed(unexpected)}"] * bool(unexpected)
        raise ValueError(f"{name} is not an official CycleGAN ResnetGenerator checkpoint ({'; '.join(found)})")
    wrong = [f"{k} {tuple(state[k].shape)} (expected {tuple(v.shape)})" for k, v in expected.items()
             if state[k].shape != v.shape]
    if wrong:
        raise ValueError(f"{name} has tensors of the wrong shape: {_listed(wrong, 3)}")
    generator = ResnetGenerator(**config)
    generator.load_state_dict(state, strict=True)
    return generator.eval()


# ---------------------------------------------------------------------------- translating a photo


def fit_size(width: int, height: int, max_side: int = MAX_SIDE) -> tuple[int, int]:
    """(width, height) scaled so the long side is at most max_side, each rounded to a multiple of 4."""
    scale = min(1.0, max_side / max(width, height))
    return tuple(max(MIN_SIDE, MULTIPLE * round(side * scale / MULTIPLE)) for side in (width, height))


def _as_uint8(array: np.ndarray) -> np.ndarray:
    """uint8 as is; bool, other integers (16-bit) and floats ([0, 1] or [0, 255]) scaled to 0..255."""
    if array.dtype == np.uint8:
        return array
    if array.dtype.kind not in "biuf":
        raise ValueError(f"an image needs numbers, not {array.dtype}")
    values = np.nan_to_num(array.astype(np.float64))
    top = values.max(initial=0.0)
    scale = 255.0 if array.dtype.kind in "bf" and top <= 1.0 else 255.0 / top if top > 255 else 1.0
    return np.clip(values * scale, 0, 255).round().astype(np.uint8)


def to_rgb(image: Image.Image | np.ndarray) -> Image.Image:
    """Any PIL image or (H, W[, 1|3|4]) array -> an RGB PIL image; transparency becomes white."""
    if isinstance(image, Image.Image) and image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = np.asarray(image)
    if isinstance(image, np.ndarray):
        array = image[..., 0] if image.ndim == 3 and image.shape[2] == 1 else image
        if array.size == 0 or array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
            raise ValueError(f"expected an (H, W), (H, W, 3) or (H, W, 4) image, got shape {image.shape}")
        image = Image.fromarray(np.ascontiguousarray(_as_uint8(array)))
    if image.width == 0 or image.height == 0:
        raise ValueError("the image is empty")
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return image.convert("RGB")


@torch.no_grad()
def translate(generator: nn.Module, image: Image.Image | np.ndarray, max_side: int = MAX_SIDE) -> np.ndarray:
    """A photo through the generator -> (H, W, 3) uint8 of fit_size's size. As the official test pipeline:
    RGB, bicubic resize, ToTensor + Normalize(0.5, 0.5) to [-1, 1]; back by (y + 1) * 127.5, rounded."""
    rgb = to_rgb(image)
    size = fit_size(rgb.width, rgb.height, max_side)
    if size != rgb.size:
        rgb = rgb.resize(size, Image.BICUBIC)
    x = torch.from_numpy(np.asarray(rgb, dtype=np.float32)).permute(2, 0, 1)[None] / 127.5 - 1.0
    y = generator(x)[0].clamp(-1.0, 1.0)
    return ((y.permute(1, 2, 0).numpy() + 1.0) * 127.5).round().astype(np.uint8)


# ---------------------------------------------------------------------------- official models by name


def default_cache_dir() -> Path:
    """$GENLAB_CACHE/cyclegan, else ~/.cache/genlab/cyclegan."""
    return Path(os.environ.get("GENLAB_CACHE") or Path.home() / ".cache" / "genlab") / "cyclegan"


def cached_path(name: str, cache_dir: str | os.PathLike | None = None) -> Path | None:
    """Where download_official keeps `name`, if it is there already; None otherwise. No network."""
    path = Path(cache_dir or default_cache_dir()) / f"{name}.pth"
    return path if path.is_file() else None


def _fetch(url: str, folder: Path, timeout: float) -> Path:
    """url -> a temporary file in folder (deleted again on any failure)."""
    fd, partial = tempfile.mkstemp(dir=folder, prefix=".download-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            while block := response.read(1 << 20):
                out.write(block)
                if out.tell() > MAX_DOWNLOAD_BYTES:
                    raise RuntimeError(f"{url} sent more than {MAX_DOWNLOAD_BYTES >> 20} MB; not a generator")
        return Path(partial)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def download_official(name: str, cache_dir: str | os.PathLike | None = None, base_url: str = OFFICIAL_URL,
                      timeout: float = 60.0) -> Path:
    """The official `<name>.pth`, downloaded once into the cache folder; later calls use no network.
    Written under a temporary name, checked to be a plain state dict, then renamed: a broken transfer
    or an error page never looks like a cached model."""
    if name not in OFFICIAL_MODELS:
        raise ValueError(f"unknown official CycleGAN model {name!r}; choose one of {', '.join(OFFICIAL_MODELS)}")
    folder = Path(cache_dir or default_cache_dir())
    if (target := cached_path(name, folder)) is not None:
        return target
    folder.mkdir(parents=True, exist_ok=True)
    url = base_url.rstrip("/") + f"/{name}.pth"
    try:
        partial = _fetch(url, folder, timeout)
    except urllib.error.HTTPError as error:  # the server answered, without the file
        raise RuntimeError(f"could not download {name} from {url}: HTTP {error.code} {error.reason}") from None
    except OSError as error:  # URLError, timeouts, refused connections
        reason = getattr(error, "reason", None) or error
        raise RuntimeError(f"could not download {name} from {url} ({reason}). This needs a network connection "
                           f"to {url.split('/')[2]}; offline, fetch the file elsewhere and load it from disk "
                           f"(or place it at {folder / f'{name}.pth'}).") from None
    try:
        read_state_dict(partial)
    except ValueError as error:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"{url} did not send a CycleGAN checkpoint: {error}") from None
    os.replace(partial, folder / f"{name}.pth")
    return folder / f"{name}.pth"
