import json
from pathlib import Path

import pytest
import torch
from torch.distributions import Normal, kl_divergence
from torch.nn import functional as F

from core import data, pretrained, train
from core.vae import VAE, VAEConfig, kl_per_dim, kl_to_prior, loss_terms, reparameterize


def test_kl_matches_torch_distributions():
    mu, logvar = torch.randn(5, 3), torch.randn(5, 3)
    oracle = kl_divergence(Normal(mu, (0.5 * logvar).exp()), Normal(0.0, 1.0))
    torch.testing.assert_close(kl_per_dim(mu, logvar), oracle)
    torch.testing.assert_close(kl_to_prior(mu, logvar), oracle.sum(dim=1))


def test_kl_is_zero_exactly_at_the_prior():
    assert kl_to_prior(torch.zeros(2, 4), torch.zeros(2, 4)).abs().max() == 0


def test_reparameterize_has_the_posterior_moments_and_passes_gradients():
    mu = torch.tensor([[1.0, -2.0]], requires_grad=True)
    logvar = torch.log(torch.tensor([[0.25, 4.0]])).requires_grad_()
    g = torch.Generator().manual_seed(0)
    z = reparameterize(mu.expand(20000, 2), logvar.expand(20000, 2), g)
    torch.testing.assert_close(z.mean(0), mu[0].detach(), atol=0.05, rtol=0)
    torch.testing.assert_close(z.std(0), torch.tensor([0.5, 2.0]), atol=0.05, rtol=0)
    z.sum().backward()
    assert mu.grad is not None and logvar.grad is not None


@pytest.mark.parametrize("arch, dense", [("mlp", 0), ("conv", 0), ("conv", 16)])
def test_shapes_ranges_and_loss_terms(arch, dense):
    torch.manual_seed(0)
    model = VAE(VAEConfig(arch=arch, latent_dim=3, hidden=32, channels=4, dense=dense, beta=2.0))
    x = torch.rand(4, 1, 28, 28)
    mu, logvar = model.encode(x)
    assert mu.shape == logvar.shape == (4, 3) and model.latent_dim == 3
    probs = model.decode(mu)
    assert probs.shape == (4, 1, 28, 28) and 0 <= probs.min() and probs.max() <= 1
    g = torch.Generator().manual_seed(1)
    terms = loss_terms(model, x, g)
    z = reparameterize(mu, logvar, torch.Generator().manual_seed(1))
    recon = F.binary_cross_entropy(model.decode(z), x, reduction="none").flatten(1).sum(1)
    torch.testing.assert_close(terms["recon"], recon, rtol=1e-4, atol=1e-2)
    torch.testing.assert_close(terms["loss"], (terms["recon"] + 2.0 * terms["kl"]).mean())


def test_same_generator_same_loss_and_a_few_steps_lower_it():
    torch.manual_seed(0)
    model = VAE(VAEConfig(arch="mlp", latent_dim=2, hidden=64))
    x = (torch.rand(64, 1, 28, 28) > 0.8).float()
    first = loss_terms(model, x, torch.Generator().manual_seed(5))["loss"]
    assert first == loss_terms(model, x, torch.Generator().manual_seed(5))["loss"]
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for step in range(40):
        opt.zero_grad()
        loss_terms(model, x, torch.Generator().manual_seed(step))["loss"].backward()
        opt.step()
    assert loss_terms(model, x, torch.Generator().manual_seed(5))["loss"] < first


def test_dense_layer_sits_on_both_sides_of_z():
    model = VAE(VAEConfig(arch="conv", latent_dim=3, channels=4, dense=16))
    assert model.to_mu.in_features == 16 and model.decoder[0].out_features == 16
    with pytest.raises(ValueError, match="arch"):
        VAE(VAEConfig(arch="resnet"))


SHIPPED = ["vae_mnist_z2", "vae_mnist_z8", "vae_mnist_z16"]


@pytest.mark.parametrize("name", SHIPPED)
@torch.no_grad()
def test_shipped_vae_scores_what_its_card_and_the_benchmark_say(name):
    """The held-out -ELBO measured now on the shipped weights is the card's, and the benchmark's table
    (quoted in the README) measured these weights: a retrained model cannot drift from what it reports."""
    measured = train.vae_metrics(pretrained.load(name), data.load_mnist("test")[0])["test_neg_elbo"]
    assert measured == pytest.approx(pretrained.card(name)["metrics"]["test_neg_elbo"], abs=1e-3)
    bench = json.loads((Path(__file__).parents[2] / "benchmarks/results/vae_elbo.json").read_text())
    assert bench["shipped"][name]["test_neg_elbo"] == pytest.approx(measured, abs=1e-3)
    z = pretrained.card(name)["latent_dim"]
    assert bench["reference"][str(z)]["test_neg_elbo"] - measured >= bench["margin"]
