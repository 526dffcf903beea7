"""The tiny photo generator of the official layout (issue 17): shipped in pretrained/, loaded by the official
loader's checks (the same ones an official .pth goes through), and translating the example photo the same
way every time, as its card says. Its training recipe draws only from its own generators."""
from dataclasses import replace

import numpy as np
import pytest
import torch

from core import cyclegan_photo, pretrained
from core.cyclegan import ResnetGenerator, load_official_generator
from core.cyclegan_official import translate

NAME = "cyclegan_photo_tiny"
pytestmark = pytest.mark.skipif(NAME not in pretrained.names(), reason=f"{NAME} is not in pretrained/")


@pytest.fixture(scope="module")
def tiny():
    return pretrained.load(NAME)


def test_the_tiny_model_has_the_official_layout_and_loads_as_an_official_pth_does(tiny, tmp_path):
    card = pretrained.card(NAME)
    assert card["kind"] == "cyclegan_photo" and card["config"]["ngf"] == 8 and card["config"]["n_blocks"] == 3
    assert isinstance(tiny, ResnetGenerator) and not tiny.training
    keys = set(tiny.state_dict())  # the official names: blocks at model.10-12, the last conv at model.(17 + 3)
    assert {"model.1.weight", "model.12.conv_block.5.bias", "model.13.weight", "model.20.bias"} <= keys
    assert keys == set(ResnetGenerator(ngf=8, n_blocks=3).state_dict())
    torch.save(tiny.state_dict(), tmp_path / "tiny.pth")  # as if it came from the authors' server
    again = load_official_generator(tmp_path / "tiny.pth")
    x = torch.rand(1, 3, 32, 48) * 2 - 1
    assert torch.equal(again(x), tiny(x))
    assert sum(p.numel() for p in tiny.parameters()) < 100_000
    assert (pretrained.ROOT / f"{NAME}.safetensors").stat().st_size < 400_000


def test_the_official_loaders_checks_refuse_wrong_tensors_named_as_given(tiny):
    state = dict(tiny.state_dict())
    del state["model.1.bias"]
    with pytest.raises(ValueError, match=r"^mine is not an official CycleGAN .*missing keys: model.1.bias"):
        load_official_generator(state, "mine")


def test_the_example_photo_is_translated_the_same_way_every_time_as_the_card_says(tiny):
    before, after = cyclegan_photo.example(tiny)
    again = cyclegan_photo.example(pretrained.load(NAME))[1]
    assert before.shape == after.shape == (212, 320, 3) and after.dtype == np.uint8
    assert np.array_equal(after, again)
    change = np.abs(after.astype(float) - before).mean() / 255
    metrics = pretrained.card(NAME)["metrics"]
    assert change == pytest.approx(metrics["change_l1"], abs=0.01) and change > 0.1  # visibly translated
    assert metrics["colour_gap_after"] < metrics["colour_gap_before"] / 2  # towards the dahlia photo's colours
    assert metrics["cycle_l1"] < change  # F brings it most of the way back


def test_translate_keeps_any_photo_size_a_multiple_of_four(tiny):
    out = translate(tiny, np.zeros((45, 70, 3), np.uint8))
    assert out.shape == (44, 72, 3)


def test_crops_come_from_their_own_generator_and_leave_the_global_one_alone():
    state = torch.get_rng_state()
    first = cyclegan_photo.photo_domains(seed=3, n=4, size=16)
    assert torch.equal(torch.get_rng_state(), state)
    second = cyclegan_photo.photo_domains(seed=3, n=4, size=16)
    assert all(torch.equal(first[k], second[k]) for k in "xy") and first["x"].shape == (4, 3, 16, 16)
    assert not torch.equal(first["x"], cyclegan_photo.photo_domains(seed=4, n=4, size=16)["x"])


def test_the_recipe_trains_deterministically_from_its_seed():
    config = replace(cyclegan_photo.RECIPE, batch_size=2, steps=0)
    losses = []
    for _ in range(2):
        trainer = cyclegan_photo.trainer(config)
        trainer.x, trainer.y = trainer.x[:8, :, :32, :32], trainer.y[:8, :, :32, :32]  # small and quick
        losses.append(trainer.step(2))
    assert losses[0] == losses[1] and all(np.isfinite(v) for v in losses[0].values())
