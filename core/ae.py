"""Autoencoders for 28x28 digits, and PCA as the linear autoencoder to beat.

encoder   z  = f(x)      x (B,1,28,28) in [0,1] -> z (B, latent_dim)
decoder   x' = g(z)      z -> x' in [0,1] (a sigmoid on the decoder's logits)
loss      binary cross-entropy between x' and x, summed over pixels, mean over the batch
          (Bengio et al. 2007 / the "AE" slide); quality is reported as per-pixel MSE.

Two architectures: "mlp" (fully connected) and "conv" (strided convolutions down,
transposed convolutions up: the lecture's "transposed convolution" topic).
PCA with k components is the best *linear* encoder/decoder pair of width k for MSE
(Eckart-Young), so an autoencoder earns its non-linearity only if it beats PCA at the same k.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.nn import functional as F


@dataclass(frozen=True)
class AEConfig:
    arch: str = "mlp"  # "mlp" | "conv"
    latent_dim: int = 2
    hidden: int = 256  # mlp: width of the first hidden layer (the second is half); conv: unused
    channels: int = 32  # conv: channels after the first strided convolution (the second doubles it)


class Autoencoder(nn.Module):
    def __init__(self, config: AEConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or AEConfig()
        self.latent_dim = config.latent_dim
        if config.arch == "mlp":
            h1, h2 = config.hidden, config.hidden // 2
            self.encoder = nn.Sequential(
                nn.Flatten(), nn.Linear(784, h1), nn.ReLU(), nn.Linear(h1, h2), nn.ReLU(),
                nn.Linear(h2, config.latent_dim),
            )
            self.decoder = nn.Sequential(
                nn.Linear(config.latent_dim, h2), nn.ReLU(), nn.Linear(h2, h1), nn.ReLU(),
                nn.Linear(h1, 784), nn.Unflatten(1, (1, 28, 28)),
            )
        elif config.arch == "conv":
            c1, c2 = config.channels, 2 * config.channels
            self.encoder = nn.Sequential(
                nn.Conv2d(1, c1, 4, stride=2, padding=1), nn.ReLU(),  # (c1, 14, 14)
                nn.Conv2d(c1, c2, 4, stride=2, padding=1), nn.ReLU(),  # (c2, 7, 7)
                nn.Flatten(), nn.Linear(c2 * 49, config.latent_dim),
            )
            self.decoder = nn.Sequential(
                nn.Linear(config.latent_dim, c2 * 49), nn.ReLU(), nn.Unflatten(1, (c2, 7, 7)),
                nn.ConvTranspose2d(c2, c1, 4, stride=2, padding=1), nn.ReLU(),  # (c1, 14, 14)
                nn.ConvTranspose2d(c1, 1, 4, stride=2, padding=1),  # (1, 28, 28) logits
            )
        else:
            raise ValueError(f"arch must be 'mlp' or 'conv', not {config.arch!r}")

    def encode(self, x: Tensor) -> Tensor:
        """x (B,1,28,28) in [0,1] -> z (B, latent_dim)."""
        return self.encoder(x)

    def decode_logits(self, z: Tensor) -> Tensor:
        """z (B, latent_dim) -> logits (B,1,28,28)."""
        return self.decoder(z)

    def decode(self, z: Tensor) -> Tensor:
        """z (B, latent_dim) -> x' (B,1,28,28) in [0,1]."""
        return torch.sigmoid(self.decode_logits(z))

    def forward(self, x: Tensor) -> Tensor:
        return self.decode(self.encode(x))


def reconstruction_loss(model: Autoencoder, x: Tensor) -> Tensor:
    """BCE(g(f(x)), x) summed over pixels, mean over the batch; computed from logits for stability."""
    logits = model.decode_logits(model.encode(x))
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1).mean()


def per_pixel_mse(x: Tensor, x_hat: Tensor) -> Tensor:
    """(B,1,28,28) pairs -> (B,) mean squared error per pixel."""
    return (x - x_hat).pow(2).flatten(1).mean(1)


class PCA(nn.Module):
    """The optimal linear autoencoder of width k: z = W^T (x - mean), x' = W z + mean, clipped to [0,1]."""

    def __init__(self, mean: Tensor, components: Tensor) -> None:
        super().__init__()
        self.register_buffer("mean", mean)  # (784,)
        self.register_buffer("components", components)  # (784, k), orthonormal columns
        self.latent_dim = components.shape[1]

    @classmethod
    def fit(cls, x: Tensor, k: int) -> "PCA":
        """x (N,1,28,28) -> PCA with the top-k principal directions of the flattened pixels."""
        flat = x.flatten(1).double()
        mean = flat.mean(0)
        _, _, vh = torch.linalg.svd(flat - mean, full_matrices=False)
        return cls(mean.float(), vh[:k].T.float().contiguous())

    def encode(self, x: Tensor) -> Tensor:
        return (x.flatten(1) - self.mean) @ self.components

    def decode(self, z: Tensor) -> Tensor:
        return (z @ self.components.T + self.mean).clamp(0, 1).view(-1, 1, 28, 28)

    def forward(self, x: Tensor) -> Tensor:
        return self.decode(self.encode(x))
