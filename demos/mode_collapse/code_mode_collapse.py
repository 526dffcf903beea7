"""Mode collapse on a Gaussian mixture, and the lecture's fixes, as GenLab's Mode collapse page trains them.

G and D are small MLPs trained with Adam: one D update, then one G update, per iteration. Each method is
the plain GAN with one change (its paper's). Written by GenLab's "Get the code" with the page's mixture,
methods and seed: the same seed gives the page's losses, step for step. Needs only torch, numpy and matplotlib.

    python this_file.py                      # train each method, then plot its samples over the modes
    python this_file.py --history run.json   # write the losses as JSON (and plot only with --plot)
"""
import argparse
import copy
import json
import math
from types import SimpleNamespace

import numpy as np
import torch
from torch import nn
from torch.func import functional_call
from torch.nn import functional as F

# --- settings
METHODS = ["nonsaturating", "labels"]  # each is trained in turn, from the same seed
CENTERS = [[2.0, 0.0], [0.0, 2.0], [-2.0, 0.0], [0.0, -2.0]]  # the mixture's modes
STD = 0.02  # each mode's standard deviation
WEIGHTS = [0.25, 0.25, 0.25, 0.25]  # each mode's share of the data
SEED = 0  # every random draw comes from generators seeded with it
STEPS = 0  # iterations (0: each method's own, as on the page; --steps overrides)
# --- end of settings

# Every method's settings, as the page tunes them; TUNED overrides BASE for one method.
BASE = dict(width=128, depth=3, noise_dim=16, batch_size=128, g_lr=1e-3, d_lr=1e-3, beta1=0.5, beta2=0.999,
            d_steps=1, unroll_steps=5, unroll_lr=None, pack=4, gp_weight=0.1, kernels=5, kernel_dim=3, group=0,
            steps=10000, decay=0.1, ema=0.9)
TUNED = {"unrolled": dict(steps=3000),  # each G step looks through 5 more D steps
         "wgan_gp": dict(beta2=0.9, steps=20000),  # as gan_toy.py of the WGAN-GP paper: betas (0.5, 0.9)
         "pacgan": dict(batch_size=256, decay=0.01, steps=20000),  # sharp clusters once the lrs are low
         "minibatch_discrimination": dict(steps=6000)}  # its closeness of every pair costs about 2.5x a step
EVAL = 2500  # the page's fixed batch of samples it scores (drawn here too, so the draws stay in step)


def init_like_torch(net, generator):
    """torch's default initialisation of every Linear, drawn from `generator` (so a seed fixes the weights)."""
    for layer in net.modules():
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
            bound = 1 / math.sqrt(layer.in_features)
            nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
    return net


def mlp(inputs, width, depth, generator, activation=nn.ReLU):
    """inputs -> [Linear(width), activation] x depth."""
    sizes = [inputs] + [width] * depth
    return init_like_torch(nn.Sequential(*[m for a, b in zip(sizes[:-1], sizes[1:])
                                           for m in (nn.Linear(a, b), activation())]), generator)


class Critic(nn.Module):
    """D: an MLP body, maybe a feature of the whole batch, and a linear head."""

    def __init__(self, inputs, c, generator):
        super().__init__()
        self.method, self.group = c.method, c.group
        self.body = mlp(inputs, c.width, c.depth, generator, lambda: nn.LeakyReLU(0.2))
        extra = {"minibatch_discrimination": c.kernels, "minibatch_stddev": 1}.get(c.method, 0)
        # >>> minibatch_discrimination
        if c.method == "minibatch_discrimination":  # the tensor T of Salimans et al. (2016)
            self.T = nn.Parameter(0.1 * torch.randn(c.width, c.kernels * c.kernel_dim, generator=generator))
            self.kernels = c.kernels
        # <<<
        self.head = init_like_torch(nn.Linear(c.width + extra, 1), generator)

    def forward(self, x):
        h = self.body(x)
        # >>> minibatch_discrimination
        if self.method == "minibatch_discrimination":  # o_b(x_i) = sum_j exp(-||M_i,b - M_j,b||_1)
            m = (h @ self.T).view(len(h), self.kernels, -1)
            closeness = torch.exp(-(m[:, None] - m[None]).abs().sum(3)).sum(1) - 1  # minus the sample itself
            h = torch.cat([h, closeness], 1)
        # <<<
        # >>> minibatch_stddev
        if self.method == "minibatch_stddev" and not self.group:  # the batch's mean feature std (Karras et al.)
            h = torch.cat([h, h.std(0).mean().expand(len(h), 1)], 1)
        elif self.method == "minibatch_stddev":  # ProGAN: groups of `group`, sample n in group n % M
            g = min(self.group, len(h)) if len(h) % min(self.group, len(h)) == 0 else 1
            s = h.view(g, -1, h.shape[1]).var(0, unbiased=False).add(1e-8).sqrt().mean(1)
            h = torch.cat([h, s.repeat(g)[:, None]], 1)
        # <<<
        return self.head(h).squeeze(1)


def d_loss(c, out_real, out_fake):
    if c.loss == "wgan_gp":
        return out_fake.mean() - out_real.mean()  # the critic: D(G(z)) - D(x)
    return -(F.logsigmoid(out_real).mean() + F.logsigmoid(-out_fake).mean())  # -[log D(x) + log(1 - D(G(z)))]


def g_loss(c, out_fake):
    if c.loss == "minimax":
        return F.logsigmoid(-out_fake).mean()  # min log(1 - D(G(z))): saturates where D rejects the fakes
    if c.loss == "wgan_gp":
        return -out_fake.mean()  # -D(G(z))
    return -F.logsigmoid(out_fake).mean()  # non-saturating: min -log D(G(z))


# >>> wgan_gp
def gradient_penalty(D, real, fake, generator):
    """(||grad D(x_hat)|| - 1)^2 at random points x_hat between real and fake (Gulrajani et al. 2017)."""
    mix = torch.rand(len(real), 1, generator=generator)
    points = (mix * real + (1 - mix) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(D(points).sum(), points, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
# <<<


class ModeGAN:
    """One method on the mixture: G, D, their Adam optimisers, and the batches, all from SEED."""

    def __init__(self, method):
        self.c = c = SimpleNamespace(method=method, **{**BASE, **TUNED.get(method, {})})
        c.loss = {"minimax": "minimax", "wgan_gp": "wgan_gp"}.get(method, "nonsaturating")
        self.centers, self.weights = torch.tensor(CENTERS, dtype=torch.float32), torch.tensor(WEIGHTS)
        self.modes, self.labelled = len(CENTERS), method == "labels"
        self.rng = torch.Generator().manual_seed(SEED)  # batches and noise
        weights = torch.Generator().manual_seed(SEED)  # the initial weights' own generator
        self.G = nn.Sequential(mlp(c.noise_dim + self.modes * self.labelled, c.width, c.depth, weights),
                               init_like_torch(nn.Linear(c.width, 2), weights))
        # what is plotted: an average of G's recent weights, which damps G's orbit around the modes
        self.G_ema = copy.deepcopy(self.G).requires_grad_(False)
        d_inputs = 2 * c.pack if method == "pacgan" else 2 + self.modes * self.labelled
        self.D = Critic(d_inputs, c, weights)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=c.g_lr, betas=(c.beta1, c.beta2))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=c.d_lr, betas=(c.beta1, c.beta2))
        self.eval_noise, self.eval_modes = self.noise(EVAL), self.pick_modes(EVAL)  # the page's fixed batch

    def pick_modes(self, n):
        return torch.multinomial(self.weights, n, replacement=True, generator=self.rng)

    def noise(self, n):
        return torch.randn(n, self.c.noise_dim, generator=self.rng)  # z ~ N(0, I)

    def real(self, n):
        modes = self.pick_modes(n)
        return self.centers[modes] + STD * torch.randn(n, 2, generator=self.rng), modes  # x ~ p_data

    def generate(self, z, modes, G=None):
        G = self.G if G is None else G
        # >>> labels
        if self.labelled:  # G(z | y): the mode's one-hot label beside the noise
            return G(torch.cat([z, F.one_hot(modes, self.modes).float()], 1))
        # <<<
        return G(z)

    def judge(self, x, modes, params=None):
        """D's outputs: per sample, per pack of `pack` samples (PacGAN), or with the mode's one-hot (labels)."""
        if self.c.method == "pacgan":
            x = x.reshape(len(x) // self.c.pack, -1)  # D(x_1, ..., x_m): m samples side by side
        elif self.labelled:
            x = torch.cat([x, F.one_hot(modes, self.modes).float()], 1)  # D(x | y)
        return self.D(x) if params is None else functional_call(self.D, params, (x,))

    def step_d(self):
        real, modes = self.batch = self.real(self.c.batch_size)
        with torch.no_grad():
            fake = self.generate(self.noise(len(real)), modes)
        loss = d_loss(self.c, self.judge(real, modes), self.judge(fake, modes))
        # >>> wgan_gp
        if self.c.loss == "wgan_gp":
            loss = loss + self.c.gp_weight * gradient_penalty(self.D, real, fake, self.rng)  # + lambda GP
        # <<<
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return loss.item()

    # >>> unrolled
    def unrolled(self, fake):
        """D's parameters after unroll_steps more of its own Adam updates, as a graph G differentiates through
        (Metz et al. 2017): G is scored against where D is going, not where it is."""
        (real, modes), c = self.batch, self.c
        group = self.opt_d.param_groups[0]
        lr = group["lr"] if c.unroll_lr is None else c.unroll_lr
        (b1, b2), eps = group["betas"], group["eps"]
        params = dict(self.D.named_parameters())
        state = [self.opt_d.state.get(p, {}) for p in params.values()]  # D's Adam moments, carried on
        m = [s.get("exp_avg", torch.zeros_like(p)) for s, p in zip(state, params.values())]
        v = [s.get("exp_avg_sq", torch.zeros_like(p)) for s, p in zip(state, params.values())]
        t = float(state[0].get("step", 0)) if state else 0.0
        for _ in range(c.unroll_steps):
            loss = d_loss(c, self.judge(real, modes, params), self.judge(fake, modes, params))
            grads = torch.autograd.grad(loss, list(params.values()), create_graph=True)
            t += 1
            m = [b1 * mi + (1 - b1) * g for mi, g in zip(m, grads)]  # Adam, written out so gradients flow through it
            v = [b2 * vi + (1 - b2) * g * g for vi, g in zip(v, grads)]
            params = {name: p - lr * (mi / (1 - b1 ** t)) / ((vi / (1 - b2 ** t)).clamp_min(1e-30).sqrt() + eps)
                      for (name, p), mi, vi in zip(params.items(), m, v)}
        return params
    # <<<

    def step_g(self):
        modes = self.pick_modes(self.c.batch_size)
        fake = self.generate(self.noise(len(modes)), modes)
        params = self.unrolled(fake) if self.c.method == "unrolled" else None
        loss = g_loss(self.c, self.judge(fake, modes, params))
        grads = torch.autograd.grad(loss, list(self.G.parameters()))  # only G's parameters get gradients
        for param, grad in zip(self.G.parameters(), grads):
            param.grad = grad
        self.opt_g.step()
        return loss.item()

    def iteration(self):
        """One D update (d_steps of them) then one G update, the learning rates decayed linearly to `decay`."""
        done = self.opt_g.state[self.opt_g.param_groups[0]["params"][0]].get("step", 0)  # G updates so far
        scale = 1 - (1 - self.c.decay) * min(1.0, float(done) / self.c.steps)
        for opt, lr in ((self.opt_g, self.c.g_lr), (self.opt_d, self.c.d_lr)):
            opt.param_groups[0]["lr"] = lr * scale
        d = [self.step_d() for _ in range(self.c.d_steps)][-1]
        g = self.step_g()
        with torch.no_grad():  # G_ema <- ema * G_ema + (1 - ema) * G
            for average, param in zip(self.G_ema.parameters(), self.G.parameters()):
                average.lerp_(param, 1 - self.c.ema)
        return d, g


def train(method, steps):
    gan = ModeGAN(method)
    history = {"d_loss": [], "g_loss": []}
    for iteration in range(1, steps + 1):
        d, g = gan.iteration()
        history["d_loss"].append(d)
        history["g_loss"].append(g)
        if iteration % 500 == 0:
            print(f"{method} [{iteration}/{steps}] D loss {d:.4f}  G loss {g:.4f}")
    return gan, history


def plot(gans, path=None):
    """Each method's 2,500 samples of G_ema from the fixed noise, over the mixture's modes (crosses)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(gans), figsize=(5 * len(gans), 5), squeeze=False)
    for ax, (method, gan) in zip(axes[0], gans.items()):
        with torch.no_grad():
            samples = gan.generate(gan.eval_noise, gan.eval_modes, gan.G_ema).numpy()
        ax.scatter(*samples.T, s=2, alpha=0.4, c="#7c3aed")
        ax.scatter(*np.asarray(CENTERS).T, marker="x", c="#16a34a", s=60)
        ax.set(aspect="equal", title=method)
    fig.tight_layout()
    fig.savefig(path) if path else plt.show()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS, help="iterations per method (0: the method's own)")
    parser.add_argument("--history", help="write the losses to this JSON file (no plot unless --plot)")
    parser.add_argument("--plot", help="save the figure to this file instead of showing it")
    args = parser.parse_args()
    gans, history = {}, {}
    for method in METHODS:
        steps = args.steps or {**BASE, **TUNED.get(method, {})}["steps"]
        gans[method], history[method] = train(method, steps)
    if args.history:
        with open(args.history, "w") as f:
            json.dump(history, f)
    if args.plot or not args.history:
        plot(gans, args.plot)


if __name__ == "__main__":
    main()
