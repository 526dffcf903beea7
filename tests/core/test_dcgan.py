"""The digit DCGAN: shapes and ranges, seeded sampling, the trainer contract, and the shipped checkpoint."""
import pytest
import torch

from core import pretrained, trainers
from core.dcgan import DCGAN, DCGANConfig
from core.gan2d import TrainingDiverged


def test_generator_makes_digit_shaped_images_in_the_unit_interval():
    gan = DCGAN(DCGANConfig(latent_dim=8, channels=4))
    images = gan.sample(5, seed=0)
    assert images.shape == (5, 1, 28, 28) and 0 <= images.min() and images.max() <= 1
    assert torch.equal(images, gan.sample(5, seed=0)) and not torch.equal(images, gan.sample(5, seed=1))
    assert gan.D(images).shape == (5,)


def test_the_trainer_learns_to_tell_real_from_fake_and_keeps_its_history():
    trainer = trainers.make("dcgan_mnist", channels=4, latent_dim=8)
    metrics = trainer.step(30)
    assert metrics["iteration"] == 30 and len(trainer.history["g_loss"]) == 30
    assert metrics["d_real"] > metrics["d_fake"]  # after 30 steps D already separates the two
    assert trainer.fixed_samples().shape == (64, 1, 28, 28)


def test_the_same_seed_trains_the_same_gan():
    a, b = (trainers.make("dcgan_mnist", channels=4, latent_dim=8, seed=3) for _ in range(2))
    a.step(5)
    b.step(5)
    assert a.history == b.history
    assert torch.equal(a.fixed_samples(), b.fixed_samples())


def test_a_non_finite_loss_stops_the_run_without_counting_it():
    trainer = trainers.make("dcgan_mnist", channels=4, latent_dim=8)
    trainer.step(2)
    with torch.no_grad():
        trainer.gan.D.read_out.weight.fill_(float("nan"))
    with pytest.raises(TrainingDiverged, match="diverged"):
        trainer.step(3)
    assert trainer.iterations == 2 and len(trainer.history["d_loss"]) == 2


def test_the_shipped_checkpoint_makes_recognisable_digits_and_can_be_continued():
    card = pretrained.card("dcgan_mnist")
    assert card["kind"] == "gan" and card["latent_dim"] == 64
    assert card["metrics"]["recognisable_0.9"] >= 0.7
    gan = pretrained.load("dcgan_mnist")
    assert gan.sample(3, seed=0).shape == (3, 1, 28, 28)
    trainer = trainers.make("dcgan_mnist", pretrained_name="dcgan_mnist")
    assert all(torch.equal(a, b) for a, b in zip(trainer.gan.G.parameters(), gan.G.parameters()))
    trainer.step(1)


def test_unknown_trainers_are_named():
    with pytest.raises(ValueError, match="gan2d"):
        trainers.make("stylegan")
