"""The pretrained registry: pretrained/<name>.safetensors + pretrained/<name>.json (the card).

The card is the single source of truth: architecture config, recipe, data, seed, steps, wall
seconds, held-out metrics, library versions and the weights' SHA-256. Weights are read with
safetensors only, never unpickled. Only core/train.py writes here (design.md §5).
"""
from __future__ import annotations

import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from safetensors.torch import load_file, save_file
from torch import nn

from core.ae import AEConfig, Autoencoder
from core.cgan import CGAN, CGANConfig
from core.classifier import Classifier, ClassifierConfig
from core.cyclegan_digits import CycleGAN, CycleGANConfig
from core.cyclegan_official import ResnetGenerator, load_official_generator
from core.data import sha256
from core.dcgan import DCGAN, DCGANConfig
from core.vae import VAE, VAEConfig

ROOT = Path(__file__).resolve().parent.parent / "pretrained"

# kind -> (model class, config class); a card's "kind" picks the pair. "cyclegan_photo" is one generator of the
# official layout, its config a plain dict (ResnetGenerator.config), loaded by the official loader's checks.
KINDS: dict[str, tuple[type[nn.Module], type]] = {
    "autoencoder": (Autoencoder, AEConfig),
    "cgan": (CGAN, CGANConfig),
    "classifier": (Classifier, ClassifierConfig),
    "cyclegan": (CycleGAN, CycleGANConfig),
    "cyclegan_photo": (ResnetGenerator, dict),
    "gan": (DCGAN, DCGANConfig),
    "vae": (VAE, VAEConfig),
}


def names(kind: str | None = None, root: Path = ROOT) -> list[str]:
    """Every model with both a card and weights, sorted; only those of `kind` if given."""
    found = sorted(p.stem for p in root.glob("*.json") if p.with_suffix(".safetensors").is_file())
    return [n for n in found if kind is None or card(n, root)["kind"] == kind]


def card(name: str, root: Path = ROOT) -> dict:
    return _read_card(name, str(root))


@lru_cache(maxsize=None)
def _read_card(name: str, root: str) -> dict:
    path = Path(root) / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"no pretrained model {name!r} in {root}; known: {', '.join(names(root=Path(root)))}")
    return json.loads(path.read_text())


def load(name: str, root: Path = ROOT) -> nn.Module:
    """Build the model from its card, load the weights strictly, CPU, eval mode."""
    c = card(name, root)
    if c["kind"] == "cyclegan_photo":  # the official key names: loaded exactly as an official .pth is
        return load_official_generator(load_file(root / f"{name}.safetensors"), f"{name}.safetensors")
    model_cls, config_cls = KINDS[c["kind"]]
    model = model_cls(config_cls(**c["config"]))
    model.load_state_dict(load_file(root / f"{name}.safetensors"), strict=True)
    return model.eval()


def save(name: str, model: nn.Module, kind: str, card: dict, root: Path = ROOT) -> Path:
    """Write the weights and the card (sorted keys, trailing newline, so diffs stay readable)."""
    root.mkdir(parents=True, exist_ok=True)
    weights = root / f"{name}.safetensors"
    state = {k: v.detach().contiguous().cpu() for k, v in model.state_dict().items()}
    save_file(state, weights, metadata={"genlab": f"{kind} {name}"})  # one key: safetensors orders keys at random
    config = dict(model.config) if isinstance(model.config, dict) else asdict(model.config)
    full = {**card, "name": name, "kind": kind, "config": config, "sha256": sha256(weights)}
    (root / f"{name}.json").write_text(json.dumps(full, indent=2, sort_keys=True) + "\n")
    _read_card.cache_clear()
    return weights
