"""Class-conditional GANs for 28x28 digits: a cGAN (Mirza & Osindero 2014) and an AC-GAN (Odena et al. 2017).

Both keep the live page's DCGAN (core/dcgan.py) and differ only in how the label y reaches the players:
- G, in both: a learned label embedding e(y) is concatenated to the noise, G(z, e(y)).
- cGAN's D sees the label too: e(y) is mapped to a 28x28 plane and stacked on the image as a second
  channel, D(x, y); the minimax objective is conditioned on y.
- AC-GAN's D sees the image alone and answers two things: real or fake, and which class. D learns the
  class from real digits; G adds "D must read the class I was asked for" to its loss. (Odena et al. also
  train D's class head on fakes; here that taught D to read G's own code, and fewer than half the samples
  looked like their class to an independent classifier.) The class pull narrows each class towards its
  most classifiable prototype as training goes on (Gong et al. 2019, TAC-GAN): the recipe stops early and
  gives D the batch's standard deviation (Karras et al. 2018), measured in core/train.py.
Samples come from the averaged generator (EMA), as on the live page.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F

from core import metrics
from core.dcgan import DCGAN, DCGANTrainer, DCGANTrainerConfig

N_CLASSES = 10


@dataclass(frozen=True)
class CGANConfig:
    latent_dim: int = 64
    channels: int = 16  # as DCGANConfig: G's last hidden maps and D's first
    embed_dim: int = 16  # the label embedding concatenated to z
    auxiliary: bool = False  # False: cGAN (D gets the label); True: AC-GAN (D predicts it)
    minibatch_stddev: bool = False  # D also sees how varied the batch is (Karras et al. 2018), against collapse


class ConditionalGenerator(nn.Module):
    def __init__(self, config: CGANConfig):
        super().__init__()
        c, self.latent_dim = config.channels, config.latent_dim
        self.embed = nn.Embedding(N_CLASSES, config.embed_dim)
        self.project = nn.Sequential(nn.Linear(config.latent_dim + config.embed_dim, 4 * c * 7 * 7, bias=False),
                                     nn.BatchNorm1d(4 * c * 7 * 7), nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(4 * c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.ReLU(),  # 14x14
            nn.ConvTranspose2d(2 * c, 1, 4, 2, 1), nn.Tanh(),  # 28x28
        )

    def forward(self, z: Tensor, labels: Tensor) -> Tensor:
        """z (B, latent_dim), labels (B,) int -> images (B, 1, 28, 28) in [0, 1]."""
        return self.from_embedding(z, self.embed(labels))

    def from_embedding(self, z: Tensor, e: Tensor) -> Tensor:
        """G(z, e) for any embedding e (B, embed_dim): a blend of two classes' embeddings interpolates labels."""
        maps = self.project(torch.cat([z, e], 1)).view(len(z), -1, 7, 7)
        return (self.up(maps) + 1) / 2


class ConditionalDiscriminator(nn.Module):
    """cGAN: D(x, y) -> logit, the label as a second input plane. AC-GAN: D(x) -> (logit, class logits)."""

    def __init__(self, config: CGANConfig):
        super().__init__()
        c, self.auxiliary = config.channels, config.auxiliary
        if not self.auxiliary:
            self.embed = nn.Embedding(N_CLASSES, config.embed_dim)
            self.plane = nn.Linear(config.embed_dim, 28 * 28)
        self.features = nn.Sequential(
            nn.Conv2d(1 if self.auxiliary else 2, c, 4, 2, 1), nn.LeakyReLU(0.2),  # 14x14
            nn.Conv2d(c, 2 * c, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * c), nn.LeakyReLU(0.2),  # 7x7
        )
        self.stddev = config.minibatch_stddev
        self.read_out = nn.Linear((2 * c + self.stddev) * 7 * 7, 1 + (N_CLASSES if self.auxiliary else 0))

    def forward(self, x: Tensor, labels: Tensor | None = None) -> Tensor | tuple[Tensor, Tensor]:
        x = x * 2 - 1
        if not self.auxiliary:
            x = torch.cat([x, self.plane(self.embed(labels)).view(-1, 1, 28, 28)], 1)
        h = self.features(x)
        if self.stddev:  # one more 7x7 plane: the features' standard deviation over the batch, averaged
            h = torch.cat([h, h.std(0).mean().expand(len(h), 1, 7, 7)], 1)
        out = self.read_out(h.flatten(1))
        return (out[:, 0], out[:, 1:]) if self.auxiliary else out[:, 0]


class CGAN(DCGAN):
    """Both players of a class-conditional GAN; what `core.pretrained.load` returns for kind "cgan"."""

    def __init__(self, config: CGANConfig | None = None, generator: torch.Generator | None = None):
        config = config or CGANConfig()
        super().__init__(config, players=lambda: (ConditionalGenerator(config), ConditionalDiscriminator(config)),
                         generator=generator)

    @staticmethod
    def labels_for(n: int, labels: int | Tensor | list[int] | None) -> Tensor:
        """None -> 0, 1, ..., 9, 0, 1, ... (n of them); one class -> n of it; a sequence -> itself (length n)."""
        if labels is None:
            return torch.arange(n) % N_CLASSES
        labels = torch.full((n,), labels) if isinstance(labels, int) else torch.as_tensor(labels).long()
        if labels.shape != (n,):
            raise ValueError(f"expected {n} labels, got shape {tuple(labels.shape)}")
        if ((labels < 0) | (labels >= N_CLASSES)).any():
            raise ValueError(f"labels must lie in 0..{N_CLASSES - 1}")
        return labels

    def noise(self, n: int, seed: int | None = None) -> Tensor:
        generator = torch.Generator().manual_seed(seed) if seed is not None else None
        return torch.randn(n, self.latent_dim, generator=generator)

    @torch.no_grad()
    def sample(self, n: int, labels: int | Tensor | list[int] | None = None, seed: int | None = None) -> Tensor:
        """n digits (n, 1, 28, 28) in [0, 1] of the given classes (see `labels_for`) from the averaged G."""
        return self.G_ema.eval()(self.noise(n, seed), self.labels_for(n, labels))

    @torch.no_grad()
    def generate(self, z: Tensor, labels: Tensor) -> Tensor:
        """The averaged G on given noise and labels: the same z in every row of the style grid."""
        return self.G_ema.eval()(z, labels)

    @torch.no_grad()
    def generate_between(self, z: Tensor, a: int, b: int, t: Tensor) -> Tensor:
        """G(z, (1 - t) e(a) + t e(b)) for each t: from class a to class b at fixed noise z (latent_dim,)."""
        G = self.G_ema.eval()
        e = torch.lerp(G.embed.weight[a], G.embed.weight[b], t.float()[:, None])
        return G.from_embedding(z.expand(len(t), -1), e)


@dataclass(frozen=True)
class CGANTrainerConfig(DCGANTrainerConfig):
    """The DCGAN trainer's settings, for a conditional model."""
    model: CGANConfig = CGANConfig()


class CGANTrainer(DCGANTrainer):
    """`make("cgan_mnist", auxiliary=...)`: the DCGAN trainer with labelled batches; history adds the class loss."""

    MODEL = CGAN
    SERIES = (*DCGANTrainer.SERIES, "class_loss")  # class_loss: AC-GAN's D on real digits; cGAN: always 0

    def __init__(self, config: CGANTrainerConfig, images: Tensor, labels: Tensor, gan: CGAN | None = None):
        super().__init__(config, images, gan=gan)
        self.labels = labels
        self.fixed_labels = CGAN.labels_for(len(self.fixed_noise), None)

    def _one_step(self) -> Tensor:
        """D on a real and a fake labelled batch, then G on the same fakes (non-saturating, + the class loss)."""
        n, auxiliary = self.config.batch_size, self.gan.config.auxiliary
        index = torch.randint(len(self.images), (n,), generator=self._rng)
        real, y = self.images[index], self.labels[index]
        y_fake = torch.randint(N_CLASSES, (n,), generator=self._rng)
        fake = self.gan.G(torch.randn(n, self.config.model.latent_dim, generator=self._rng), y_fake)
        D = self.gan.D
        if auxiliary:
            (out_real, class_real), (out_fake, _) = D(real), D(fake.detach())
            class_loss = F.cross_entropy(class_real, y)
        else:
            out_real, out_fake = D(real, y), D(fake.detach(), y_fake)
            class_loss = torch.zeros(())
        d_loss = F.softplus(-out_real).mean() + F.softplus(out_fake).mean()
        self.opt_d.zero_grad(set_to_none=True)
        (d_loss + class_loss).backward()
        self.opt_d.step()
        if auxiliary:
            out, class_out = D(fake)
            g_loss, g_class = F.softplus(-out).mean(), F.cross_entropy(class_out, y_fake)
        else:
            g_loss, g_class = F.softplus(-D(fake, y_fake)).mean(), torch.zeros(())
        self.opt_g.zero_grad(set_to_none=True)
        (g_loss + g_class).backward()
        self.opt_g.step()
        self.gan.update_ema(self.config.ema)
        return torch.stack([d_loss, g_loss, torch.sigmoid(out_real).mean(), torch.sigmoid(out_fake).mean(),
                            class_loss]).detach()

    @torch.no_grad()
    def fixed_samples(self) -> Tensor:
        """The averaged G on the fixed noise, classes 0..9 in turn: the grid that refreshes as training goes on."""
        return self.gan.generate(self.fixed_noise, self.fixed_labels)

    @torch.no_grad()
    def sample(self, n: int, labels: int | Tensor | list[int] | None = None, seed: int | None = None) -> np.ndarray:
        """(n, 1, 28, 28) float32 digits of the given classes (CGAN.labels_for), as gan.sample(n, labels, seed)."""
        return self.gan.generate(self.noise(n, seed), CGAN.labels_for(n, labels)).numpy()


@torch.no_grad()
def judge(gan: CGAN, classifier: nn.Module, real: Tensor, real_labels: Tensor, per_class: int = 100,
          seed: int = 0) -> dict:
    """The conditional GAN issue's two numbers, on per_class samples of each class from fixed noise.

    accuracy: the share of samples that the classifier puts in the class asked for (and per class);
    diversity: the mean pairwise distance within a class over that of the real digits of that class.
    """
    requested = torch.arange(N_CLASSES).repeat_interleave(per_class)
    images = gan.sample(len(requested), labels=requested, seed=seed)
    predicted, _ = classifier.predict(images)
    accuracy = metrics.conditioning_accuracy(requested.numpy(), predicted.numpy(), N_CLASSES)
    diversity = metrics.diversity_ratio(images.numpy(), requested.numpy(), real.numpy(), real_labels.numpy(),
                                        N_CLASSES)
    return {"accuracy": accuracy["accuracy"], "accuracy_per_class": accuracy["per_class"],
            "diversity": diversity["ratio"], "diversity_min": diversity["min"],
            "diversity_per_class": diversity["per_class"]}
