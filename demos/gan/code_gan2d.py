"""A GAN on 2-D points, as GenLab's live GAN page trains it: Algorithm 1 of Goodfellow et al. (2014).

Written by GenLab's "Get the code" with the page's settings and seed: the same seed gives the page's losses,
step for step. Needs only torch, numpy and matplotlib.

    python this_file.py                      # train, then plot the data, G's samples and the losses
    python this_file.py --steps 5000         # train longer
    python this_file.py --history run.json   # write the losses as JSON (and plot only with --plot)
"""
import argparse
import json
import math

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

# --- settings
DATA = "gaussians"  # the real distribution
# >>> drawing
POINTS = [[0.2, 0.2], [0.5, 0.8], [0.8, 0.2]]  # your drawing: the data are these points plus a little noise
# <<<
BOUNDS = (0.0, 1.0)  # the canvas: [lo, hi] on both axes
G_LAYERS = 2  # G's hidden layers
G_WIDTH = 16  # units per hidden layer of G
D_LAYERS = 2  # D's hidden layers
D_WIDTH = 16  # units per hidden layer of D
NOISE_DIM = 2  # z's dimension
NOISE = "gaussian"  # p_z: "uniform" on [-1, 1]^n or "gaussian" N(0, I)
G_OUTPUT = "linear"  # G's last activation: "linear" or "tanh"
G_START = "data"  # G's first fakes: a blob on the data ("data") or in the lower-left "corner"
LOSS = "nonsaturating"  # minimax, nonsaturating, least_squares, wgan_gp or hinge
REAL_LABEL = 1.0  # the weight of log D(x) (0.95: one-sided label smoothing)
GP_WEIGHT = 10.0  # WGAN-GP's lambda
D_OPTIMIZER = "sgd"  # "sgd" or "adam" (betas 0.5, 0.999)
D_LR = 0.1  # D's learning rate
G_OPTIMIZER = "sgd"
G_LR = 0.03
K_D = 2  # D steps per iteration ...
K_G = 1  # ... then G steps
BATCH_SIZE = 150  # samples per batch, real and fake
SEED = 0  # every random draw comes from generators seeded with it
STEPS = 2000  # iterations (--steps overrides)
# --- end of settings

ATLAS = 12_000  # real samples drawn once; every batch is a random slice of them (as in GAN Lab)
SHOWN = 150  # the fixed noise batch the page draws as fake dots
EVAL = 2_000  # the page's noise batch for its KL / JS estimate (drawn here too, so the draws stay in step)
LOG_LOSSES = ("minimax", "nonsaturating")  # D outputs a logit: D(x) = sigmoid(logit); otherwise a score


# >>> gaussians
def sample_data(n, rng):
    """GAN Lab's mixture of two Gaussians."""
    first = rng.random(n) < 0.5
    a = np.array([0.3, 0.7]) + 0.1 * rng.standard_normal((n, 2))
    b = np.array([0.7, 0.4]) + np.array([0.05, 0.2]) * rng.standard_normal((n, 2))
    return np.where(first[:, None], a, b)
# <<<
# >>> line
def sample_data(n, rng):
    """GAN Lab's line."""
    u = rng.random(n)
    return np.stack([0.8 - 0.75 * u, 0.6 + 0.3 * u], axis=1) + 0.01 * rng.standard_normal((n, 2))
# <<<
# >>> ring
def sample_data(n, rng):
    """GAN Lab's ring."""
    angle = 2 * np.pi * rng.random(n)
    ellipse = np.stack([0.5 + 0.3 * np.cos(angle), 0.45 + 0.25 * np.sin(angle)], axis=1)
    return ellipse + 0.025 * rng.standard_normal((n, 2))
# <<<
# >>> disjoint
def sample_data(n, rng):
    """GAN Lab's three disjoint Gaussians."""
    centers = np.array([[0.35, 0.75], [0.75, 0.6], [0.45, 0.35]])
    return centers[rng.integers(0, 3, n)] + 0.025 * rng.standard_normal((n, 2))
# <<<
# >>> spiral
def sample_data(n, rng):
    """A spiral arm; sqrt gives it an even density."""
    t = np.sqrt(rng.random(n)) * 3 * np.pi
    arm = np.stack([t * np.cos(t), t * np.sin(t)], axis=1) / (3 * np.pi)
    return arm + 0.03 * rng.standard_normal((n, 2))
# <<<
# >>> moons
def sample_data(n, rng):
    """Two moons."""
    upper = rng.random(n) < 0.5
    angle = np.pi * rng.random(n)
    top = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    bottom = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    points = np.where(upper[:, None], top, bottom) - np.array([0.5, 0.25])
    return points / 1.5 + 0.04 * rng.standard_normal((n, 2))
# <<<
# >>> ring8 grid25
def sample_data(n, rng):
    """A Gaussian mixture with equal weights: ring8 (8 modes, radius 2, std 0.02) or grid25 (5 x 5, std 0.05)."""
    if DATA == "ring8":
        angles = 2 * np.pi * np.arange(8) / 8
        centers, std = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1), 0.02
    else:
        axis = np.array([-4.0, -2.0, 0.0, 2.0, 4.0])
        centers, std = np.array([(x, y) for x in axis for y in axis]), 0.05
    mixture = np.random.default_rng(int(rng.integers(2**31)))
    modes = mixture.choice(len(centers), size=n)
    return (centers[modes] + std * mixture.standard_normal((n, 2))).astype(np.float32)
# <<<
# >>> drawing
def sample_data(n, rng):
    """Your drawing: a random stroke point plus N(0, 0.02^2) noise."""
    points = np.clip(np.asarray(POINTS, dtype=np.float64), 0.0, 1.0)
    return points[rng.integers(0, len(points), n)] + 0.02 * rng.standard_normal((n, 2))
# <<<


def mlp(inputs, width, layers, outputs, generator):
    """inputs -> [Linear(width), ReLU] x layers -> Linear(outputs), weights N(0, 1/fan_in) and biases 0 (GAN Lab's)."""
    sizes = [inputs] + [width] * layers
    hidden = [m for a, b in zip(sizes[:-1], sizes[1:]) for m in (nn.Linear(a, b), nn.ReLU())]
    net = nn.Sequential(*hidden, nn.Linear(sizes[-1], outputs))
    with torch.no_grad():
        for linear in (m for m in net if isinstance(m, nn.Linear)):
            linear.weight.normal_(0.0, 1.0 / math.sqrt(linear.in_features), generator=generator)
            linear.bias.zero_()
    return net


def noise(n, generator):
    """z ~ p_z: a batch of n noise vectors."""
    if NOISE == "uniform":
        return torch.rand((n, NOISE_DIM), generator=generator) * 2 - 1
    return torch.randn((n, NOISE_DIM), generator=generator)


@torch.no_grad()
def start_near_data(G, fixed_noise, atlas):
    """Rescale G's last layer so that its first fakes are a blob at the data's centre, half the data's size
    (or a quarter of it, in the canvas's lower-left corner): real and fake share the canvas from the start."""
    last = [m for m in G if isinstance(m, nn.Linear)][-1]
    out = (G[:-1] if G_OUTPUT == "tanh" else G)(fixed_noise)
    (lo, hi), size = BOUNDS, atlas.std(0).pow(2).mean().sqrt()
    corner = G_START == "corner"
    centre = torch.full((2,), lo + 0.15 * (hi - lo)) if corner else atlas.mean(0)
    if G_OUTPUT == "tanh":
        centre = torch.atanh(centre.clamp(-0.9, 0.9))
    scale = (0.25 if corner else 0.5) * size / out.std(0).pow(2).mean().sqrt().clamp_min(1e-6)
    last.weight.mul_(scale)
    last.bias.mul_(scale).add_(centre - scale * out.mean(0))


def d_loss(out_real, out_fake):
    """D's loss on its outputs for a real and a fake batch."""
    # >>> minimax nonsaturating
    return -(REAL_LABEL * F.logsigmoid(out_real).mean() + F.logsigmoid(-out_fake).mean())  # -[log D(x) + log(1 - D(G(z)))]
    # <<<
    # >>> least_squares
    return 0.5 * ((out_real - 1) ** 2).mean() + 0.5 * (out_fake ** 2).mean()  # 1/2 (D(x) - 1)^2 + 1/2 D(G(z))^2
    # <<<
    # >>> hinge
    return F.relu(1 - out_real).mean() + F.relu(1 + out_fake).mean()  # max(0, 1 - D(x)) + max(0, 1 + D(G(z)))
    # <<<
    # >>> wgan_gp
    return out_fake.mean() - out_real.mean()  # the critic: D(G(z)) - D(x)
    # <<<


def g_loss(out_fake):
    """G's loss on D's outputs for its samples."""
    # >>> minimax
    return F.logsigmoid(-out_fake).mean()  # min log(1 - D(G(z))): flat where D rejects the fakes
    # <<<
    # >>> nonsaturating
    return -F.logsigmoid(out_fake).mean()  # min -log D(G(z)): steep exactly there
    # <<<
    # >>> least_squares
    return 0.5 * ((out_fake - 1) ** 2).mean()  # 1/2 (D(G(z)) - 1)^2
    # <<<
    # >>> wgan_gp hinge
    return -out_fake.mean()  # -D(G(z))
    # <<<


# >>> wgan_gp
def gradient_penalty(D, real, fake, generator):
    """(||grad D(x_hat)|| - 1)^2 at random points x_hat between real and fake (Gulrajani et al. 2017)."""
    mix = torch.rand(len(real), 1, generator=generator)
    points = (mix * real + (1 - mix) * fake).requires_grad_(True)  # x_hat = eps x + (1 - eps) G(z)
    grad, = torch.autograd.grad(D(points).sum(), points, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
# <<<


def optimizer(kind, params, lr):
    return torch.optim.SGD(params, lr=lr) if kind == "sgd" else torch.optim.Adam(params, lr=lr, betas=(0.5, 0.999))


def step_d(G, D, opt_d, atlas, generator):
    """One update of D on a real and a fake batch -> (loss, mean D(real), mean D(fake))."""
    start = int(torch.randint(0, ATLAS - BATCH_SIZE + 1, (1,), generator=generator))
    real = atlas[start:start + BATCH_SIZE]  # x ~ p_data
    with torch.no_grad():
        fake = G(noise(BATCH_SIZE, generator))  # G(z), z ~ p_z; no gradient reaches G
    out = D(torch.cat([real, fake]))
    out_real, out_fake = out[:BATCH_SIZE], out[BATCH_SIZE:]
    loss = d_loss(out_real, out_fake)
    # >>> wgan_gp
    loss = loss + GP_WEIGHT * gradient_penalty(D, real, fake, generator)  # + lambda (||grad D(x_hat)|| - 1)^2
    # <<<
    opt_d.zero_grad(set_to_none=True)
    loss.backward()
    opt_d.step()
    read = torch.sigmoid if LOSS in LOG_LOSSES else (lambda t: t)
    return loss.item(), read(out_real.detach()).mean().item(), read(out_fake.detach()).mean().item()


def step_g(G, D, opt_g, generator):
    """One update of G; only G's parameters get gradients (D's stay as they are)."""
    loss = g_loss(D(G(noise(BATCH_SIZE, generator))))
    params = list(G.parameters())
    for param, grad in zip(params, torch.autograd.grad(loss, params)):
        param.grad = grad
    opt_g.step()
    return loss.item()


def build():
    """G, D, the real samples and the fixed noise, drawn in the page's order from one generator seeded with SEED."""
    generator = torch.Generator().manual_seed(SEED)
    G = mlp(NOISE_DIM, G_WIDTH, G_LAYERS, 2, generator)
    if G_OUTPUT == "tanh":
        G.append(nn.Tanh())
    D = mlp(2, D_WIDTH, D_LAYERS, 1, generator)
    atlas = torch.from_numpy(sample_data(ATLAS, np.random.default_rng(SEED)).astype(np.float32))
    fixed_noise = noise(SHOWN, generator)
    noise(EVAL, generator)  # the page's evaluation batch: drawn and unused, so the training draws match
    start_near_data(G, fixed_noise, atlas)
    return G, D, atlas, fixed_noise, generator


def train(steps):
    """Algorithm 1: each iteration K_D steps of D, then K_G steps of G. -> the networks and the loss history."""
    G, D, atlas, fixed_noise, generator = build()
    opt_d, opt_g = optimizer(D_OPTIMIZER, D.parameters(), D_LR), optimizer(G_OPTIMIZER, G.parameters(), G_LR)
    history = {key: [] for key in ("d_loss", "d_real", "d_fake", "g_loss")}
    d_row, g_loss_now = (math.nan,) * 3, math.nan  # a player that never moves keeps NaN
    for iteration in range(1, steps + 1):
        for _ in range(K_D):
            d_row = step_d(G, D, opt_d, atlas, generator)
        for _ in range(K_G):
            g_loss_now = step_g(G, D, opt_g, generator)
        for key, value in zip(history, (*d_row, g_loss_now)):
            history[key].append(value)
        if iteration % 500 == 0:
            print(f"[{iteration}/{steps}] D loss {d_row[0]:.4f}  D(real) {d_row[1]:.3f}  D(fake) {d_row[2]:.3f}  "
                  f"G loss {g_loss_now:.4f}")
    return G, D, atlas, fixed_noise, history


def plot(G, D, atlas, fixed_noise, history, path=None):
    """The data (green), G's samples from the fixed noise (purple) over D's verdict, and the losses."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5))
    axis = np.linspace(*BOUNDS, 60, dtype=np.float32)
    grid = torch.from_numpy(np.stack(np.meshgrid(axis, axis), -1).reshape(-1, 2))
    with torch.no_grad():
        verdict = D(grid)[:, 0]
        verdict = torch.sigmoid(verdict) if LOSS in LOG_LOSSES else verdict
        fakes = G(fixed_noise).numpy()
    left.contourf(axis, axis, verdict.reshape(60, 60).numpy(), levels=20, cmap="PRGn", alpha=0.6)
    left.scatter(*atlas[:450].numpy().T, s=6, c="#16a34a", label="data")
    left.scatter(*fakes.T, s=6, c="#7c3aed", label="G(z)")
    left.set(xlim=BOUNDS, ylim=BOUNDS, aspect="equal", title="data, G's samples and D")
    left.legend(loc="upper right")
    for key in ("d_loss", "g_loss"):
        right.plot(history[key], label=key.replace("_", " "))
    right.set(xlabel="iteration", title="losses")
    right.legend()
    fig.tight_layout()
    fig.savefig(path) if path else plt.show()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS, help="iterations to train")
    parser.add_argument("--history", help="write the loss history to this JSON file (no plot unless --plot)")
    parser.add_argument("--plot", help="save the figure to this file instead of showing it")
    args = parser.parse_args()
    G, D, atlas, fixed_noise, history = train(args.steps)
    if args.history:
        with open(args.history, "w") as f:
            json.dump(history, f)
    if args.plot or not args.history:
        plot(G, D, atlas, fixed_noise, history, args.plot)


if __name__ == "__main__":
    main()
