"""CycleGAN on digits (issue 8, level 2): plain MNIST digits <-> "zebra digits", trained without pairs.

The official recipe (papers.md §5) scaled down to 28x28: the official ResnetGenerator with fewer
filters and residual blocks (28 -> 14 -> 7 and back), a two-layer PatchGAN discriminator, least-squares
adversarial losses, an image pool of 50, cycle loss lambda * L1 both ways and identity loss
0.5 lambda * L1. G paints a plain digit as a zebra digit; F washes the paint off. Both domains are
RGB inside (a plain digit is grey, its three channels equal), so the identity loss is the official
one: G(y) ~ y and F(x) ~ x, "leave an image alone if it is already in your target domain".
Images are in [0, 1] outside the networks and in [-1, 1] inside, as in the official code.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from core.cyclegan_official import ResnetGenerator
from core.training import LiveTrainer, seeded

LUMA = (0.299, 0.587, 0.114)  # ITU-R BT.601


@dataclass(frozen=True)
class CycleGANConfig:
    ngf: int = 16  # the generators' first feature maps; 4 * ngf at the 7x7 bottleneck
    n_blocks: int = 3  # residual blocks at the bottleneck (the official 256 px model has 9)
    ndf: int = 16  # the discriminators' first feature maps


def patch_discriminator(in_channels: int, ndf: int) -> nn.Sequential:
    """The official NLayerDiscriminator with n_layers = 2: a 5x5 map of real/fake scores for 28x28 input.
    Instance norm without affine parameters or running statistics, the official `norm="instance"`."""
    return nn.Sequential(
        nn.Conv2d(in_channels, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True),  # 14x14
        nn.Conv2d(ndf, 2 * ndf, 4, 2, 1, bias=False), nn.InstanceNorm2d(2 * ndf), nn.LeakyReLU(0.2, True),  # 7x7
        nn.Conv2d(2 * ndf, 4 * ndf, 4, 1, 1, bias=False), nn.InstanceNorm2d(4 * ndf), nn.LeakyReLU(0.2, True),  # 6x6
        nn.Conv2d(4 * ndf, 1, 4, 1, 1),  # 5x5 patch scores, no sigmoid (LSGAN)
    )


def grey_rgb(images: Tensor) -> Tensor:
    """(N, 1, H, W) -> (N, 3, H, W), the grey image in all three channels."""
    return images.expand(-1, 3, -1, -1)


def luminance(images: Tensor) -> Tensor:
    """(N, 3, H, W) colour images -> (N, 1, H, W) luminance stretched to [0, 1] per image, for the classifier."""
    luma = torch.einsum("nchw,c->nhw", images, images.new_tensor(LUMA)).unsqueeze(1)
    low, high = luma.amin((2, 3), keepdim=True), luma.amax((2, 3), keepdim=True)
    return (luma - low) / (high - low).clamp_min(1e-6)


class CycleGAN(nn.Module):
    """G: plain -> zebra and F: zebra -> plain, with their discriminators D_Y and D_X; kind "cyclegan"."""

    def __init__(self, config: CycleGANConfig | None = None, generator: torch.Generator | None = None):
        """The initial weights come from `generator` (a fixed one when None: a checkpoint overwrites them)."""
        super().__init__()
        self.config = c = config or CycleGANConfig()
        generator = generator if generator is not None else torch.Generator().manual_seed(0)
        self.G, self.F, self.D_Y, self.D_X = seeded(lambda: (
            ResnetGenerator(3, 3, c.ngf, c.n_blocks), ResnetGenerator(3, 3, c.ngf, c.n_blocks),
            patch_discriminator(3, c.ndf), patch_discriminator(3, c.ndf)), generator)
        for module in self.modules():  # the official init: N(0, 0.02)
            if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.normal_(module.weight, 0.0, 0.02, generator=generator)
                if module.bias is not None:
                    nn.init.zeros_(module.bias)

    def to_zebra(self, x: Tensor) -> Tensor:
        """G: plain digits (N, 1, 28, 28) in [0, 1] -> zebra digits (N, 3, 28, 28) in [0, 1]."""
        return (self.G(grey_rgb(x) * 2 - 1) + 1) / 2

    def to_plain(self, y: Tensor) -> Tensor:
        """F: zebra digits (N, 3, 28, 28) in [0, 1] -> plain digits (N, 1, 28, 28) in [0, 1]."""
        return (self.F(y * 2 - 1).mean(1, keepdim=True) + 1) / 2

    @torch.no_grad()
    def cycle(self, x: Tensor) -> dict[str, Tensor]:
        """x -> G(x) -> F(G(x)), and the cycle error: mean |F(G(x)) - x| per image, (N,)."""
        zebra = self.to_zebra(x)
        back = self.to_plain(zebra)
        return {"zebra": zebra, "back": back, "error": (back - x).abs().mean((1, 2, 3))}

    @torch.no_grad()
    def cycle_reverse(self, y: Tensor) -> dict[str, Tensor]:
        """y -> F(y) -> G(F(y)), and the cycle error per image."""
        plain = self.to_plain(y)
        back = self.to_zebra(plain)
        return {"plain": plain, "back": back, "error": (back - y).abs().mean((1, 2, 3))}


class ImagePool:
    """The official history of generated images (Shrivastava et al.): D sees old fakes as well as new ones.

    Until `size` images are stored, each new image is stored and returned. Then, per image, with
    probability 1/2 a random stored image is returned and replaced by the new one, else the new one.
    """

    def __init__(self, size: int, generator: torch.Generator):
        self.size, self.images, self._rng = size, [], generator

    def query(self, images: Tensor) -> Tensor:
        out = []
        for image in images.detach():
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif torch.rand((), generator=self._rng) < 0.5:
                slot = int(torch.randint(self.size, (), generator=self._rng))
                out.append(self.images[slot])
                self.images[slot] = image
            else:
                out.append(image)
        return torch.stack(out)

    def state_dict(self) -> dict:
        return {"images": list(self.images)}

    def load_state_dict(self, state: dict) -> None:
        self.images = list(state["images"])


@dataclass(frozen=True)
class CycleGANTrainerConfig:
    model: CycleGANConfig = CycleGANConfig()
    lam: float = 10.0  # the cycle loss's weight; 0 switches it off (and the identity loss with it)
    identity: float = 0.5  # the identity loss's weight, as a fraction of lam
    batch_size: int = 16
    lr: float = 2e-4
    pool_size: int = 50
    steps: int = 0  # when > 0, the learning rate decays linearly to 0 over the second half of this many steps
    seed: int = 0


class CycleGANTrainer(LiveTrainer):
    """`make("cyclegan_digits", lam=...)`: the official CycleGAN training loop on the two digit domains."""

    SERIES = ("g_loss", "d_loss", "cycle", "identity")

    def __init__(self, config: CycleGANTrainerConfig, x: Tensor, y: Tensor, model: CycleGAN | None = None):
        """x: plain digits (N, 1, 28, 28), y: zebra digits (M, 3, 28, 28), both in [0, 1]."""
        self.config = c = config
        self._start(c.seed)
        # the initial weights draw from a generator of their own, seeded like training's
        self.model = model or CycleGAN(c.model, generator=torch.Generator().manual_seed(c.seed))
        self.model.train()
        self.x, self.y = grey_rgb(x), y
        self.pool_x, self.pool_y = ImagePool(c.pool_size, self._rng), ImagePool(c.pool_size, self._rng)
        m, betas = self.model, (0.5, 0.999)
        self.opt_g = torch.optim.Adam([*m.G.parameters(), *m.F.parameters()], lr=c.lr, betas=betas)
        self.opt_d = torch.optim.Adam([*m.D_X.parameters(), *m.D_Y.parameters()], lr=c.lr, betas=betas)

    def _batch(self, images: Tensor) -> Tensor:
        return images[torch.randint(len(images), (self.config.batch_size,), generator=self._rng)] * 2 - 1

    def _set_lr(self) -> None:
        c = self.config
        if c.steps > 0:
            fraction = min(1.0, max(0.0, (self.iterations - c.steps / 2) / (c.steps / 2)))
            for optimizer in (self.opt_g, self.opt_d):
                optimizer.param_groups[0]["lr"] = c.lr * (1 - fraction)

    def _one_step(self) -> Tensor:
        """The official order: G and F with both D frozen, then D_X and D_Y on fakes from the pools."""
        c, m = self.config, self.model
        x, y = self._batch(self.x), self._batch(self.y)  # in [-1, 1]
        self._set_lr()
        fake_y, fake_x = m.G(x), m.F(y)
        m.D_X.requires_grad_(False), m.D_Y.requires_grad_(False)
        adversarial = ((m.D_Y(fake_y) - 1) ** 2).mean() + ((m.D_X(fake_x) - 1) ** 2).mean()
        cycle = (m.F(fake_y) - x).abs().mean() + (m.G(fake_x) - y).abs().mean()
        identity = torch.zeros(())
        if c.lam > 0 and c.identity > 0:
            identity = (m.G(y) - y).abs().mean() + (m.F(x) - x).abs().mean()
        g_loss = adversarial + c.lam * (cycle + c.identity * identity)
        self.opt_g.zero_grad(set_to_none=True)
        g_loss.backward()
        self.opt_g.step()
        m.D_X.requires_grad_(True), m.D_Y.requires_grad_(True)
        d_loss = sum(((D(real) - 1) ** 2).mean() + (D(pool.query(fake)) ** 2).mean()
                     for D, real, fake, pool in ((m.D_Y, y, fake_y, self.pool_y), (m.D_X, x, fake_x, self.pool_x))) / 2
        self.opt_d.zero_grad(set_to_none=True)
        d_loss.backward()
        self.opt_d.step()
        return torch.stack([adversarial, d_loss, cycle, identity]).detach()

    @torch.no_grad()
    def sample(self, n: int) -> np.ndarray:
        """(n, 3, 28, 28) float32 in [0, 1]: G (plain -> zebra) on n random plain digits of the training set."""
        x = self.x[torch.randint(len(self.x), (n,), generator=self._sampling)]
        return ((self.model.G(x * 2 - 1) + 1) / 2).numpy()

    def _parts(self) -> dict:
        return {"model": self.model, "opt_g": self.opt_g, "opt_d": self.opt_d, "pool_x": self.pool_x,
                "pool_y": self.pool_y}


@torch.no_grad()
def cycle_metrics(model: CycleGAN, classifier: nn.Module, test: dict[str, Tensor]) -> dict[str, float]:
    """The card's numbers on the test domains (`core.data.cyclegan_domains("test")`).

    cycle_l1: mean |F(G(x)) - x| over the test digits; reverse_cycle_l1: mean |G(F(y)) - y|.
    label_kept: how often the classifier reads F(G(x)) as x's label; label_kept_zebra: the same for
    the luminance of G(x); plain_accuracy: for F(y), the zebra digit washed plain.
    """
    forward, reverse = model.cycle(test["x"]), model.cycle_reverse(test["y"])
    def agree(images: Tensor, labels: Tensor) -> float:
        return float((classifier.predict(images)[0] == labels).float().mean())
    return {"cycle_l1": float(forward["error"].mean()), "reverse_cycle_l1": float(reverse["error"].mean()),
            "label_kept": agree(forward["back"], test["x_labels"]),
            "label_kept_zebra": agree(luminance(forward["zebra"]), test["x_labels"]),
            "plain_accuracy": agree(reverse["plain"], test["y_labels"])}
