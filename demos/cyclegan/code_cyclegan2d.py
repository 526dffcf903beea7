"""CycleGAN on 2-D point clouds, as GenLab's CycleGAN page (2-D level) trains it live.

Two unpaired clouds X and Y; G: X -> Y and F: Y -> X, judged by D_Y and D_X. The official recipe's losses
(Zhu et al. 2017): least squares for the adversarial terms, L1 for the cycle, weighted by lambda. With
lambda = 0 nothing ties G(x) to its x. Written by GenLab's "Get the code" with the page's settings and seed:
the same seed gives the page's losses, step for step. Needs only torch, numpy and matplotlib.

    python this_file.py                      # train, then plot x -> G(x) -> F(G(x)) and y -> F(y)
    python this_file.py --history run.json   # write the losses as JSON (and plot only with --plot)
"""
import argparse
import json
import math

import numpy as np
import torch
from torch import nn

# --- settings
X_DOMAIN = "moons"  # domain X
Y_DOMAIN = "ring"  # domain Y: "ring" or "moons_turned" (the moons turned 90 degrees and grown by half)
LAM = 10.0  # lambda, the cycle loss's weight; 0 switches it off
IDENTITY = False  # add 0.5 lambda (||G(y) - y||_1 + ||F(x) - x||_1)
WIDTH = 64  # units per hidden layer
DEPTH = 3  # hidden layers
LR = 1e-3  # Adam, betas (0.5, 0.999), for both generators and both discriminators
BATCH_SIZE = 256
SEED = 0  # every random draw comes from generators seeded with it
STEPS = 3000  # iterations (--steps overrides)
# --- end of settings


def domain(name, n, rng):
    """(n, 2) points of a domain, float64."""
    if name == "moons":
        upper = rng.random(n) < 0.5
        angle = np.pi * rng.random(n)
        top = np.stack([np.cos(angle), np.sin(angle)], axis=1)
        bottom = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
        points = np.where(upper[:, None], top, bottom) - np.array([0.5, 0.25])
        return points / 1.5 + 0.04 * rng.standard_normal((n, 2))
    if name == "ring":
        angle = 2 * np.pi * rng.random(n)
        return 0.8 * np.stack([np.cos(angle), np.sin(angle)], 1) + 0.04 * rng.standard_normal((n, 2))
    return 1.5 * domain("moons", n, rng) @ np.array([[0.0, 1.0], [-1.0, 0.0]])  # moons_turned


def batch(name, generator):
    """A batch of a domain, drawn with numpy from a seed that the torch generator gives."""
    seed = int(torch.randint(2**62, (), generator=generator))
    return torch.from_numpy(domain(name, BATCH_SIZE, np.random.default_rng(seed))).float()


def mlp(outputs, generator):
    """2 -> [Linear(WIDTH), LeakyReLU(0.2)] x DEPTH -> Linear(outputs), torch's default init drawn from `generator`."""
    sizes = [2] + [WIDTH] * DEPTH
    layers = [m for a, b in zip(sizes[:-1], sizes[1:]) for m in (nn.Linear(a, b), nn.LeakyReLU(0.2))]
    net = nn.Sequential(*layers, nn.Linear(WIDTH, outputs))
    for linear in (m for m in net if isinstance(m, nn.Linear)):
        nn.init.kaiming_uniform_(linear.weight, a=math.sqrt(5), generator=generator)
        bound = 1 / math.sqrt(linear.in_features)
        nn.init.uniform_(linear.bias, -bound, bound, generator=generator)
    return net


def discriminator(generator):
    """A generator's body with a one-unit head. (Its two-unit output layer is made and dropped, as GenLab does,
    so that the seed gives the page's weights.)"""
    body = list(mlp(2, generator))[:-1]
    head = nn.Linear(WIDTH, 1)
    nn.init.kaiming_uniform_(head.weight, a=math.sqrt(5), generator=generator)
    nn.init.uniform_(head.bias, -1 / math.sqrt(WIDTH), 1 / math.sqrt(WIDTH), generator=generator)
    return nn.Sequential(*body, head)


def train(steps):
    rng = torch.Generator().manual_seed(SEED)  # the batches
    weights = torch.Generator().manual_seed(SEED)  # the initial weights' own generator
    G, F = mlp(2, weights), mlp(2, weights)  # G: X -> Y, F: Y -> X
    D_X, D_Y = discriminator(weights), discriminator(weights)
    opt_g = torch.optim.Adam([*G.parameters(), *F.parameters()], lr=LR, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam([*D_X.parameters(), *D_Y.parameters()], lr=LR, betas=(0.5, 0.999))
    history = {key: [] for key in ("g_loss", "d_loss", "cycle", "identity")}
    for iteration in range(1, steps + 1):
        x, y = batch(X_DOMAIN, rng), batch(Y_DOMAIN, rng)
        # (1) G and F, D held still: fool D, and come back round the cycle
        fake_y, fake_x = G(x), F(y)
        adversarial = ((D_Y(fake_y) - 1) ** 2).mean() + ((D_X(fake_x) - 1) ** 2).mean()  # (D_Y(G(x)) - 1)^2 + ...
        cycle = (F(fake_y) - x).abs().mean() + (G(fake_x) - y).abs().mean()  # ||F(G(x)) - x||_1 + ||G(F(y)) - y||_1
        identity = (G(y) - y).abs().mean() + (F(x) - x).abs().mean() if IDENTITY else torch.zeros(())
        g_loss = adversarial + LAM * cycle + 0.5 * LAM * identity  # L_GAN(G) + L_GAN(F) + lambda L_cyc
        opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        opt_g.step()
        # (2) both discriminators: (D(real) - 1)^2 + D(fake)^2, halved
        d_loss = sum(((D(real) - 1) ** 2).mean() + (D(fake.detach()) ** 2).mean()
                     for D, real, fake in ((D_Y, y, fake_y), (D_X, x, fake_x))) / 2
        opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        opt_d.step()
        for key, value in zip(history, (adversarial, d_loss, cycle, identity)):
            history[key].append(value.item())
        if iteration % 500 == 0:
            print(f"[{iteration}/{steps}] G loss {adversarial.item():.4f}  D loss {d_loss.item():.4f}  "
                  f"cycle {cycle.item():.4f}")
    return G, F, history


def plot(G, F, path=None):
    """500 fixed points of each domain, where G and F send them, and where the cycle brings them back."""
    import matplotlib.pyplot as plt

    fixed = np.random.default_rng(10_000 + SEED)
    x = torch.from_numpy(domain(X_DOMAIN, 500, fixed)).float()
    y = torch.from_numpy(domain(Y_DOMAIN, 500, fixed)).float()
    with torch.no_grad():
        gx, fy = G(x), F(y)
        shown = [("x", x), ("y", y), ("G(x)", gx), ("F(G(x))", F(gx)), ("F(y)", fy)]
    fig, (forward, backward) = plt.subplots(1, 2, figsize=(11, 5))
    for ax, names in ((forward, ("x", "y", "G(x)", "F(G(x))")), (backward, ("x", "y", "F(y)"))):
        for name, points in shown:
            if name in names:
                ax.scatter(*points.numpy().T, s=4, alpha=0.6, label=name)
        ax.set(aspect="equal")
        ax.legend()
    forward.set_title("X -> Y -> X")
    backward.set_title("Y -> X")
    fig.tight_layout()
    fig.savefig(path) if path else plt.show()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS, help="iterations to train")
    parser.add_argument("--history", help="write the losses to this JSON file (no plot unless --plot)")
    parser.add_argument("--plot", help="save the figure to this file instead of showing it")
    args = parser.parse_args()
    G, F, history = train(args.steps)
    if args.history:
        with open(args.history, "w") as f:
            json.dump(history, f)
    if args.plot or not args.history:
        plot(G, F, args.plot)


if __name__ == "__main__":
    main()
