"""The GAN losses of the lecture and the papers, on the discriminator's raw outputs.

D outputs a logit for the log losses (D(x) = sigmoid(logit)) and a score for the others. Written on
logits with logsigmoid, so no log(0) ever happens however sure D gets.
"""
from __future__ import annotations

import torch
from torch import Tensor, nn
from torch.nn import functional as F

LOSSES = ("minimax", "nonsaturating", "least_squares", "wgan_gp", "hinge")
LOG_LOSSES = ("minimax", "nonsaturating")  # D's output is a probability: D(x) = sigmoid(logit)


def d_loss(loss: str, real: Tensor, fake: Tensor, real_label: float = 1.0) -> Tensor:
    """The discriminator's loss on its outputs for a real and a fake batch (WGAN-GP: add gradient_penalty)."""
    if loss in LOG_LOSSES:  # -[w log D(x) + log(1 - D(G(z)))]
        return -(real_label * F.logsigmoid(real).mean() + F.logsigmoid(-fake).mean())
    if loss == "least_squares":
        return 0.5 * ((real - 1) ** 2).mean() + 0.5 * (fake ** 2).mean()
    if loss == "hinge":
        return F.relu(1 - real).mean() + F.relu(1 + fake).mean()
    return fake.mean() - real.mean()  # the WGAN critic


def g_loss(loss: str, fake: Tensor) -> Tensor:
    """The generator's loss on D's outputs for its samples."""
    if loss == "minimax":  # min log(1 - D(G(z))): saturates where D confidently rejects the fakes
        return F.logsigmoid(-fake).mean()
    if loss == "nonsaturating":  # min -log D(G(z)): strong gradients exactly there
        return -F.logsigmoid(fake).mean()
    if loss == "least_squares":
        return 0.5 * ((fake - 1) ** 2).mean()
    return -fake.mean()  # WGAN-GP and hinge


def gradient_penalty(critic: nn.Module, real: Tensor, fake: Tensor, generator: torch.Generator) -> Tensor:
    """WGAN-GP (Gulrajani et al. 2017): (||grad D(x_hat)|| - 1)^2 at random points between real and fake."""
    mix = torch.rand(len(real), *[1] * (real.dim() - 1), generator=generator)
    points = (mix * real + (1 - mix) * fake).requires_grad_(True)
    grad, = torch.autograd.grad(critic(points).sum(), points, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
