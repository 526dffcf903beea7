import pytest
import torch
from torch.nn import functional as F

from core.ae import PCA, AEConfig, Autoencoder, per_pixel_mse, reconstruction_loss


@pytest.mark.parametrize("arch", ["mlp", "conv"])
@pytest.mark.parametrize("latent_dim", [2, 8])
def test_encode_decode_shapes_and_range(arch, latent_dim):
    model = Autoencoder(AEConfig(arch=arch, latent_dim=latent_dim, hidden=64, channels=4))
    x = torch.rand(5, 1, 28, 28)
    z = model.encode(x)
    x_hat = model.decode(z)
    assert z.shape == (5, latent_dim) and model.latent_dim == latent_dim
    assert x_hat.shape == (5, 1, 28, 28) and 0 <= x_hat.min() and x_hat.max() <= 1


def test_unknown_architecture_is_refused():
    with pytest.raises(ValueError, match="arch"):
        Autoencoder(AEConfig(arch="transformer"))


def test_reconstruction_loss_is_bce_summed_over_pixels_mean_over_batch():
    torch.manual_seed(0)
    model = Autoencoder(AEConfig(arch="mlp", latent_dim=3, hidden=32))
    x = torch.rand(4, 1, 28, 28)
    oracle = F.binary_cross_entropy(model(x), x, reduction="sum") / 4
    torch.testing.assert_close(reconstruction_loss(model, x), oracle, rtol=1e-4, atol=1e-3)


def test_a_few_steps_lower_the_loss():
    torch.manual_seed(0)
    model = Autoencoder(AEConfig(arch="conv", latent_dim=4, channels=4))
    x = (torch.rand(32, 1, 28, 28) > 0.7).float()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    first = reconstruction_loss(model, x).item()
    for _ in range(30):
        opt.zero_grad()
        reconstruction_loss(model, x).backward()
        opt.step()
    assert reconstruction_loss(model, x).item() < first


def test_pca_with_all_components_reconstructs_exactly_and_is_the_best_linear_code():
    torch.manual_seed(0)
    x = torch.rand(200, 1, 28, 28) ** 3
    full = PCA.fit(x, 784)
    torch.testing.assert_close(full(x), x, atol=1e-4, rtol=0)
    k = 5
    pca = PCA.fit(x, k)
    torch.testing.assert_close(pca.components.T @ pca.components, torch.eye(k), atol=1e-5, rtol=0)
    basis, _ = torch.linalg.qr(torch.randn(784, k))  # any other orthonormal basis does worse
    other = PCA(pca.mean, basis)
    assert per_pixel_mse(x, pca(x)).mean() < per_pixel_mse(x, other(x)).mean()
