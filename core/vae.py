"""Variational autoencoder for 28x28 digits (Kingma & Welling, arXiv:1312.6114).

q(z|x) = N(mu, diag(exp(logvar)))   the encoder, the "recognition model"
p(x|z) = Bernoulli(decode(z))       the decoder; decode() returns the Bernoulli means in [0, 1]
p(z)   = N(0, I)                    the prior
-ELBO  = E_q[-log p(x|z)] + beta * KL(q(z|x) || p(z))    nats per image; beta = 1 is the ELBO itself
KL     = -1/2 sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j))  (the paper's Appendix B)

Architectures as in core.ae: "mlp" (fully connected) or "conv" (strided convolutions down,
transposed convolutions up, optionally a fully connected layer of `dense` units on each side of z),
with two heads for mu and logvar. The shipped VAEs are "conv": trained as the MLP is, they reach a
higher ELBO on the training and the held-out digits alike (benchmarks/vae_elbo.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.nn import functional as F


@dataclass(frozen=True)
class VAEConfig:
    arch: str = "conv"  # "mlp" | "conv"
    latent_dim: int = 8
    hidden: int = 400  # mlp: width of the hidden layer (pytorch/examples uses 400)
    channels: int = 32  # conv: channels after the first strided convolution (the second doubles it)
    dense: int = 0  # conv: width of a fully connected layer between the convolutions and z (0: none)
    beta: float = 1.0  # weight of the KL term; 1.0 gives the plain ELBO


class VAE(nn.Module):
    def __init__(self, config: VAEConfig | None = None) -> None:
        super().__init__()
        self.config = config = config or VAEConfig()
        self.latent_dim = config.latent_dim
        if config.arch == "mlp":
            features = config.hidden
            self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(784, features), nn.ReLU())
            self.decoder = nn.Sequential(nn.Linear(config.latent_dim, features), nn.ReLU(), nn.Linear(features, 784),
                                         nn.Unflatten(1, (1, 28, 28)))
        elif config.arch == "conv":
            self.encoder, self.decoder, features = _conv_pair(config)
        else:
            raise ValueError(f"arch must be 'mlp' or 'conv', not {config.arch!r}")
        self.to_mu = nn.Linear(features, config.latent_dim)
        self.to_logvar = nn.Linear(features, config.latent_dim)

    def encode(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """x (B,1,28,28) in [0,1] -> mu, logvar, each (B, latent_dim)."""
        h = self.encoder(x)
        return self.to_mu(h), self.to_logvar(h)

    def decode_logits(self, z: Tensor) -> Tensor:
        """z (B, latent_dim) -> Bernoulli logits (B,1,28,28)."""
        return self.decoder(z)

    def decode(self, z: Tensor) -> Tensor:
        """z (B, latent_dim) -> Bernoulli means (B,1,28,28) in [0,1]."""
        return torch.sigmoid(self.decode_logits(z))

    def forward(self, x: Tensor) -> Tensor:
        """The reconstruction through the posterior mean: decode(mu(x))."""
        return self.decode(self.encode(x)[0])


def _conv_pair(config: VAEConfig) -> tuple[nn.Sequential, nn.Sequential, int]:
    """The conv encoder (x -> features), decoder (z -> logits) and the encoder's feature count."""
    c1, c2, dense = config.channels, 2 * config.channels, config.dense
    features = c2 * 49
    encoder = [nn.Conv2d(1, c1, 4, stride=2, padding=1), nn.ReLU(),  # (c1, 14, 14)
               nn.Conv2d(c1, c2, 4, stride=2, padding=1), nn.ReLU(),  # (c2, 7, 7)
               nn.Flatten()]
    decoder = [nn.Linear(config.latent_dim, dense or features), nn.ReLU()]
    if dense:
        encoder += [nn.Linear(features, dense), nn.ReLU()]
        decoder += [nn.Linear(dense, features), nn.ReLU()]
    decoder += [nn.Unflatten(1, (c2, 7, 7)),
                nn.ConvTranspose2d(c2, c1, 4, stride=2, padding=1), nn.ReLU(),  # (c1, 14, 14)
                nn.ConvTranspose2d(c1, 1, 4, stride=2, padding=1)]  # (1, 28, 28) logits
    return nn.Sequential(*encoder), nn.Sequential(*decoder), dense or features


def reparameterize(mu: Tensor, logvar: Tensor, generator: torch.Generator | None = None) -> Tensor:
    """z = mu + sigma * eps with eps ~ N(0, I): the noise sits outside the gradient path."""
    eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype, device=mu.device)
    return mu + torch.exp(0.5 * logvar) * eps


def kl_per_dim(mu: Tensor, logvar: Tensor) -> Tensor:
    """KL(N(mu, sigma^2) || N(0, 1)) for each latent dimension: (B, D) -> (B, D)."""
    return -0.5 * (1 + logvar - mu.pow(2) - logvar.exp())


def kl_to_prior(mu: Tensor, logvar: Tensor) -> Tensor:
    """KL(q(z|x) || N(0, I)) per example (paper, Appendix B): (B, D) -> (B,)."""
    return kl_per_dim(mu, logvar).sum(dim=1)


def loss_terms(model: VAE, x: Tensor, generator: torch.Generator | None = None) -> dict[str, Tensor]:
    """-ELBO's two parts per example, one sample of z each: recon = -log p(x|z) (BCE summed over
    pixels) and kl. The training loss is recon + beta * kl, averaged over the batch."""
    mu, logvar = model.encode(x)
    z = reparameterize(mu, logvar, generator)
    recon = F.binary_cross_entropy_with_logits(model.decode_logits(z), x, reduction="none").flatten(1).sum(1)
    kl = kl_to_prior(mu, logvar)
    return {"loss": (recon + model.config.beta * kl).mean(), "recon": recon, "kl": kl}
