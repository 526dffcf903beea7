import json

import pytest
import torch

from core import data, pretrained, train
from core.ae import PCA, AEConfig, Autoencoder, per_pixel_mse

AUTOENCODERS = [f"ae_mnist_{arch}_z{k}" for arch in ("mlp", "conv") for k in (2, 8, 32)]


def test_every_recipe_has_weights_and_a_card_whose_sha256_matches():
    assert set(pretrained.names()) == set(train.RECIPES)
    for name in pretrained.names():
        card = pretrained.card(name)
        assert card["name"] == name and card["kind"] in pretrained.KINDS
        assert card["sha256"] == data.sha256(pretrained.ROOT / f"{name}.safetensors")
        for key in ("config", "recipe", "data", "seed", "steps", "seconds", "metrics", "versions", "created"):
            assert key in card, f"{name}'s card lacks {key}"


def test_names_by_kind_and_latent_dims_on_cards():
    assert set(pretrained.names("autoencoder")) == set(AUTOENCODERS)
    assert pretrained.names("classifier") == ["classifier_mnist"]
    assert sorted(pretrained.card(n)["latent_dim"] for n in AUTOENCODERS) == [2, 2, 8, 8, 32, 32]


def test_unknown_name_says_which_exist():
    with pytest.raises(KeyError, match="ae_mnist_conv_z8"):
        pretrained.card("ae_mnist_z999")


@pytest.fixture(scope="module")
def digits():
    return data.load_mnist("train")[0], data.load_mnist("test")


@pytest.mark.parametrize("name", AUTOENCODERS)
@torch.no_grad()
def test_autoencoder_beats_pca_on_held_out_digits_as_its_card_says(name, digits):
    x_train, (x_test, _) = digits
    model = pretrained.load(name)
    assert not model.training
    mse = per_pixel_mse(x_test, model(x_test)).mean().item()
    pca_mse = per_pixel_mse(x_test, PCA.fit(x_train, model.latent_dim)(x_test)).mean().item()
    metrics = pretrained.card(name)["metrics"]
    assert mse == pytest.approx(metrics["test_mse"], rel=1e-4)
    assert pca_mse == pytest.approx(metrics["pca_test_mse"], rel=1e-4)
    assert mse < pca_mse


@torch.no_grad()
def test_classifier_reaches_97_percent_on_held_out_digits(digits):
    _, (x_test, y_test) = digits
    labels, confidence = pretrained.load("classifier_mnist").predict(x_test)
    accuracy = (labels == y_test).float().mean().item()
    assert accuracy >= 0.97
    assert accuracy == pytest.approx(pretrained.card("classifier_mnist")["metrics"]["test_accuracy"], abs=1e-6)
    assert ((0.1 <= confidence) & (confidence <= 1)).all()


def test_save_then_load_gives_identical_outputs(tmp_path):
    torch.manual_seed(0)
    model = Autoencoder(AEConfig(arch="conv", latent_dim=3, channels=4)).eval()
    pretrained.save("ae_tiny", model, "autoencoder", {"metrics": {}}, root=tmp_path)
    card = json.loads((tmp_path / "ae_tiny.json").read_text())
    assert card["config"] == {"arch": "conv", "latent_dim": 3, "hidden": 256, "channels": 4}
    loaded = pretrained.load("ae_tiny", root=tmp_path)
    x = torch.rand(2, 1, 28, 28)
    assert torch.equal(model(x), loaded(x))


def test_pretrained_folder_stays_under_its_budget():
    total = sum(p.stat().st_size for p in pretrained.ROOT.iterdir())
    assert total < 40 * 1024 * 1024
