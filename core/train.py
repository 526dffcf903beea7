"""`python -m core.train <recipe> | --all`: rebuild pretrained/ deterministically from each recipe's seed.

Each recipe names a model, its config, and how to train it. Training reads the 4,000 shipped
training digits (or full MNIST when it has been downloaded and --full-mnist is given), and every
card records the held-out metrics on the 1,000 test digits.
"""
from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import torch
from torch import Tensor
from torch.nn import functional as F
from tqdm import tqdm

from core import cyclegan_photo, data, pretrained
from core.ae import PCA, AEConfig, Autoencoder, per_pixel_mse, reconstruction_loss
from core.cgan import CGANConfig, CGANTrainer, CGANTrainerConfig, judge
from core.classifier import ClassifierConfig, classification_loss
from core.cyclegan_digits import CycleGANTrainer, CycleGANTrainerConfig, cycle_metrics
from core.dcgan import DCGANTrainer, DCGANTrainerConfig
from core.training import Dropout, seeded
from core.vae import VAE, VAEConfig, kl_per_dim, loss_terms


@dataclass(frozen=True)
class Recipe:
    kind: str  # a key of pretrained.KINDS
    config: object  # the model's config dataclass
    steps: int
    batch_size: int = 128
    lr: float = 1e-3
    weight_decay: float = 0.0
    max_shift: float = 0.0  # random translation of training digits, in pixels (augmentation)
    max_rotate: float = 0.0  # random rotation, in degrees
    schedule: str = "cosine"  # the learning rate: "cosine" (annealed to 0) or "constant"
    seed: int = 0
    notes: str = ""


def _ae(arch: str, latent_dim: int, steps: int) -> Recipe:
    config = AEConfig(arch=arch, latent_dim=latent_dim, hidden=256, channels=16)
    return Recipe("autoencoder", config, steps=steps, lr=2e-3, max_shift=1.0, weight_decay=1e-5,
                  notes=f"{arch} autoencoder, BCE loss, Adam + cosine schedule, 1-px shift augmentation")


def _vae(latent_dim: int, beta: float) -> Recipe:
    """pytorch/examples' optimiser and epochs (Adam 1e-3, batch 128, 50 epochs of 4,000) on a conv VAE."""
    config = VAEConfig(arch="conv", latent_dim=latent_dim, channels=16, dense=256, beta=beta)
    return Recipe("vae", config, steps=1560, schedule="constant",
                  notes=f"conv VAE (16/32 channels, 256 dense), -ELBO with beta={beta}, Adam 1e-3")


RECIPES: dict[str, Recipe] = {
    "ae_mnist_mlp_z2": _ae("mlp", 2, 5000),
    "ae_mnist_mlp_z8": _ae("mlp", 8, 5000),
    "ae_mnist_mlp_z32": _ae("mlp", 32, 5000),
    "ae_mnist_conv_z2": _ae("conv", 2, 2500),  # conv steps cost ~4x an MLP step on 2 cores
    "ae_mnist_conv_z8": _ae("conv", 8, 2500),
    "ae_mnist_conv_z32": _ae("conv", 32, 2500),
    # VAEs: a Bernoulli decoder, trained as pytorch/examples trains its 784-400-z MLP, for 50 epochs of the 4,000
    # digits; conv, their held-out -ELBO is 4+ nats below that MLP's at each z (benchmarks/vae_elbo.py)
    "vae_mnist_z2": _vae(2, 1.0),
    "vae_mnist_z8": _vae(8, 1.0),
    "vae_mnist_z16": _vae(16, 1.0),
    "vae_mnist_z8_beta0.5": _vae(8, 0.5),
    "vae_mnist_z8_beta4": _vae(8, 4.0),
    # the live GAN page's checkpoint: the same DCGAN and trainer the page runs, trained ~100x longer than a live minute
    "dcgan_mnist": Recipe("gan", DCGANTrainerConfig(), steps=6000, batch_size=64, lr=2e-3,
                          notes="DCGAN (16/32/64 channels), non-saturating loss, Adam(2e-3, beta1 0.5), G EMA 0.99"),
    # the conditional GAN page's pair: the same DCGAN, the label given to G and to D (cGAN) or predicted by D (AC-GAN)
    # (AC-GAN's samples narrow with training: within-class diversity 0.58 of real digits at 750 steps, 0.10 at 3,000)
    "cgan_mnist": Recipe("cgan", CGANTrainerConfig(), steps=4000, batch_size=64, lr=2e-3,
                         notes="cGAN: label embedding concatenated to z and stacked on D's input; DCGAN recipe"),
    "acgan_mnist": Recipe("cgan", CGANTrainerConfig(CGANConfig(auxiliary=True, minibatch_stddev=True)), steps=750,
                          batch_size=64, lr=2e-3,
                          notes="AC-GAN: D predicts the class (learnt on real digits), minibatch stddev, early stop"),
    # the CycleGAN page's pair: plain <-> zebra digits, the official recipe scaled down, with and without the cycle
    "cyclegan_digits_lam10": Recipe("cyclegan", CycleGANTrainerConfig(lam=10.0, lr=1e-3, steps=600), steps=600,
                                    batch_size=16, lr=1e-3,
                                    notes="CycleGAN: ResNet G (16 filters, 3 blocks), PatchGAN D, LSGAN, pool 50, "
                                          "cycle 10 * L1, identity 5 * L1, lr decays to 0 over the second half"),
    "cyclegan_digits_lam0": Recipe("cyclegan", CycleGANTrainerConfig(lam=0.0, lr=1e-3, steps=600), steps=600,
                                   batch_size=16, lr=1e-3,
                                   notes="the same CycleGAN without the cycle (and identity) loss: lambda = 0"),
    "cyclegan_photo_tiny": Recipe("cyclegan_photo", cyclegan_photo.RECIPE, **cyclegan_photo.SCHEDULE),  # level 3
    "classifier_mnist": Recipe("classifier", ClassifierConfig(), steps=2000, max_shift=2.0, max_rotate=10.0,
                               notes="CNN, cross-entropy, Adam, shift and rotation augmentation"),
}


def augment(x: Tensor, max_shift: float, max_rotate: float, generator: torch.Generator) -> Tensor:
    """Random translation (pixels) and rotation (degrees) of each image, bilinear, zero padding."""
    if max_shift == 0 and max_rotate == 0:
        return x
    n = x.shape[0]
    uniform = torch.rand(n, 3, generator=generator) * 2 - 1
    angle = torch.deg2rad(uniform[:, 0] * max_rotate)
    shift = uniform[:, 1:] * max_shift * 2 / x.shape[-1]  # affine_grid works in [-1, 1] coordinates
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


@torch.no_grad()
def evaluate(model: torch.nn.Module, x_train: Tensor, x_test: Tensor, y_test: Tensor) -> dict:
    """Held-out metrics for the card, on the 1,000 test digits."""
    model.eval()
    if isinstance(model, Autoencoder):
        pca = PCA.fit(x_train, model.latent_dim)
        return {
            "test_mse": per_pixel_mse(x_test, model(x_test)).mean().item(),
            "pca_test_mse": per_pixel_mse(x_test, pca(x_test)).mean().item(),
            "train_mse": per_pixel_mse(x_train, model(x_train)).mean().item(),
        }
    if isinstance(model, VAE):
        return vae_metrics(model, x_test)
    labels, _ = model.predict(x_test)
    return {"test_accuracy": (labels == y_test).float().mean().item()}


@torch.no_grad()
def vae_metrics(model: VAE, x: Tensor, seed: int = 0) -> dict:
    """Held-out -ELBO in nats per image (one z per digit, seeded), its two terms, active units, MSE."""
    terms = loss_terms(model, x, torch.Generator().manual_seed(seed))
    mu, logvar = model.encode(x)
    return {"test_neg_elbo": (terms["recon"] + terms["kl"]).mean().item(), "test_recon": terms["recon"].mean().item(),
            "test_kl": terms["kl"].mean().item(), "test_mse": per_pixel_mse(x, model(x)).mean().item(),
            "active_units": int((kl_per_dim(mu, logvar).mean(0) > 0.01).sum())}


def schedule(optimizer: torch.optim.Optimizer, name: str, steps: int) -> torch.optim.lr_scheduler.LRScheduler:
    """The learning rate over `steps`: "cosine" anneals it to 0, "constant" keeps it."""
    if name == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
    if name == "constant":
        return torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0)
    raise ValueError(f"schedule must be 'cosine' or 'constant', not {name!r}")


def build(recipe: Recipe) -> torch.nn.Module:
    """The recipe's model. Its initial weights, then its dropout masks, come from a generator seeded with the
    recipe's seed: the same numbers that torch.manual_seed(seed) gave them (tests/core/test_trainers.py)."""
    weights = torch.Generator().manual_seed(recipe.seed)
    model = seeded(lambda: pretrained.KINDS[recipe.kind][0](recipe.config), weights)
    for dropout in (layer for layer in model.modules() if isinstance(layer, Dropout)):
        dropout.generator = weights
    return model


def train(name: str, full_mnist: bool = False, steps: int | None = None, save: bool = True,
          progress: bool = True) -> dict:
    """Train one recipe from its seed; returns (and by default saves) its card."""
    recipe = RECIPES[name]
    if recipe.kind in ADVERSARIAL:
        return ADVERSARIAL[recipe.kind](name, recipe, steps or recipe.steps, save, progress)
    source = "full" if full_mnist else "embedded"
    (x_train, y_train), (x_test, y_test) = data.load_mnist("train", source), data.load_mnist("test", source)
    generator = torch.Generator().manual_seed(recipe.seed)  # batches and augmentation
    model = build(recipe)
    optimizer = torch.optim.Adam(model.parameters(), lr=recipe.lr, weight_decay=recipe.weight_decay)
    steps = steps or recipe.steps
    scheduler = schedule(optimizer, recipe.schedule, steps)
    start = time.perf_counter()
    model.train()
    bar = tqdm(range(steps), desc=name, disable=not progress, file=sys.stderr, mininterval=0.5)
    for _ in bar:
        idx = torch.randint(len(x_train), (recipe.batch_size,), generator=generator)
        x = augment(x_train[idx], recipe.max_shift, recipe.max_rotate, generator)
        if isinstance(model, Autoencoder):
            loss = reconstruction_loss(model, x)
        elif isinstance(model, VAE):
            loss = loss_terms(model, x, generator)["loss"]
        else:
            loss = classification_loss(model, x, y_train[idx])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        bar.set_postfix(loss=f"{loss.item():.4f}", refresh=False)
    seconds = time.perf_counter() - start
    card = _card(recipe, steps, seconds, source, len(x_train), evaluate(model, x_train, x_test, y_test))
    if hasattr(model, "latent_dim"):
        card["latent_dim"] = model.latent_dim
    return _saved(name, model, recipe.kind, card, save)


def train_gan(name: str, recipe: Recipe, steps: int, save: bool = True, progress: bool = True) -> dict:
    """A GAN recipe: the live page's own trainer, stepped `steps` times; judged by the classifier (trained first)."""
    x_train, y_train = data.load_mnist("train")
    conditional = recipe.kind == "cgan"
    trainer = CGANTrainer(recipe.config, x_train, y_train) if conditional else DCGANTrainer(recipe.config, x_train)
    seconds = _chunks(trainer, name, steps, progress, d="d_loss", g="g_loss")
    classifier = pretrained.load("classifier_mnist")
    with torch.no_grad():
        images = trainer.gan.sample(1000, seed=0)
        _, confidence = classifier.predict(images)
    metrics = {"recognisable_0.9": float((confidence >= 0.9).float().mean()),
               "recognisable_0.99": float((confidence > 0.99).float().mean())}
    if conditional:
        x_test, y_test = data.load_mnist("test")
        judged = judge(trainer.gan, classifier, x_test, y_test)
        metrics |= {"conditioning_accuracy": judged["accuracy"], "diversity_ratio": judged["diversity"]}
    card = _card(recipe, steps, seconds, "embedded", len(x_train), metrics) | {"latent_dim": trainer.gan.latent_dim}
    return _saved(name, trainer.gan, recipe.kind, card, save)


def train_cyclegan(name: str, recipe: Recipe, steps: int, save: bool = True, progress: bool = True) -> dict:
    """A CycleGAN recipe on the two unpaired digit domains; judged on the 1,000 test digits by the classifier."""
    domains = data.cyclegan_domains("train")
    trainer = CycleGANTrainer(recipe.config, domains["x"], domains["y"])
    seconds = _chunks(trainer, name, steps, progress, cycle="cycle", d="d_loss")
    model = trainer.model.eval()
    metrics = cycle_metrics(model, pretrained.load("classifier_mnist"), data.cyclegan_domains("test"))
    card = _card(recipe, steps, seconds, "embedded", len(domains["x"]) + len(domains["y"]), metrics)
    return _saved(name, model, recipe.kind, card, save)


def train_cyclegan_photo(name: str, recipe: Recipe, steps: int, save: bool = True, progress: bool = True) -> dict:
    """The tiny photo generator: the digits' CycleGAN trainer on crops of two photos; only G is kept and shipped."""
    trainer = cyclegan_photo.trainer(recipe.config, recipe.seed)
    seconds = _chunks(trainer, name, steps, progress, cycle="cycle", d="d_loss")
    card = _card(recipe, steps, seconds, "embedded", 0, cyclegan_photo.photo_metrics(trainer.model.eval()))
    return _saved(name, trainer.model.G, recipe.kind, card | cyclegan_photo.CARD, save)


def _chunks(trainer, name: str, steps: int, progress: bool, **shown: str) -> float:
    """trainer.step() in chunks of 50 under a progress bar showing the `shown` metrics -> wall seconds."""
    start = time.perf_counter()
    bar = tqdm(range(0, steps, 50), desc=name, disable=not progress, file=sys.stderr, mininterval=0.5)
    for done in bar:
        metrics = trainer.step(min(50, steps - done))
        bar.set_postfix({label: f"{metrics[key]:.3f}" for label, key in shown.items()}, refresh=False)
    return time.perf_counter() - start


def _saved(name: str, model: torch.nn.Module, kind: str, card: dict, save: bool) -> dict:
    """The card with the model; both written to pretrained/ when `save`."""
    if save:
        pretrained.save(name, model, kind, card)
    return card | {"model": model}


ADVERSARIAL = {"gan": train_gan, "cgan": train_gan, "cyclegan": train_cyclegan, "cyclegan_photo": train_cyclegan_photo}


def _card(recipe: Recipe, steps: int, seconds: float, source: str, n_train: int, metrics: dict) -> dict:
    return {
        "recipe": {k: v for k, v in vars(recipe).items() if k not in ("config", "kind")} | {"steps": steps},
        "data": {"source": f"mnist-{source}", "train": n_train, "test": len(data.load_mnist("test", source)[1]),
                 "split": f"stratified, seed {data.SPLIT_SEED}" if source == "embedded" else "official"},
        "seed": recipe.seed, "steps": steps, "seconds": round(seconds, 1), "metrics": metrics,
        "versions": {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
                     "git": _git_commit()},
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.train", description=__doc__.splitlines()[0])
    parser.add_argument("recipes", nargs="*", help=f"any of: {', '.join(RECIPES)}")
    parser.add_argument("--all", action="store_true", help="train every recipe")
    parser.add_argument("--list", action="store_true", help="list the recipes and exit")
    parser.add_argument("--full-mnist", action="store_true", help="train on downloaded full MNIST")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(f"{n:24s} {r.notes}" for n, r in RECIPES.items()))
        return 0
    chosen = list(RECIPES) if args.all else args.recipes
    unknown = [n for n in chosen if n not in RECIPES]
    if not chosen or unknown:
        parser.error(f"unknown recipe(s) {unknown}" if unknown else "name a recipe or pass --all")
    chosen.sort(key=lambda n: RECIPES[n].kind != "classifier")  # the GANs are judged by the classifier
    torch.set_num_threads(2)  # the recipes' machine; convolutions sum in a thread-dependent order
    total = time.perf_counter()
    for name in chosen:
        card = train(name, full_mnist=args.full_mnist)
        print(f"{name}: {card['metrics']} in {card['seconds']} s", flush=True)
    print(f"done in {time.perf_counter() - total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
