import pytest
import torch

from core import train


def test_same_seed_same_weights():
    a = train.train("ae_mnist_mlp_z2", steps=15, save=False, progress=False)["model"].state_dict()
    b = train.train("ae_mnist_mlp_z2", steps=15, save=False, progress=False)["model"].state_dict()
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_card_records_what_the_design_asks_for():
    card = train.train("classifier_mnist", steps=3, save=False, progress=False)
    for key in ("recipe", "data", "seed", "steps", "seconds", "metrics", "versions", "created"):
        assert key in card
    assert card["steps"] == 3 and card["data"]["train"] == 4000 and card["data"]["test"] == 1000
    assert 0 <= card["metrics"]["test_accuracy"] <= 1


def test_augment_keeps_shape_and_range_and_is_identity_when_off():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(8, 1, 28, 28)
    assert train.augment(x, 0.0, 0.0, g) is x
    moved = train.augment(x, 2.0, 10.0, g)
    assert moved.shape == x.shape and 0 <= moved.min() and moved.max() <= 1 and not torch.equal(moved, x)


def test_cli_lists_recipes_and_refuses_unknown_ones(capsys):
    assert train.main(["--list"]) == 0
    assert "ae_mnist_conv_z32" in capsys.readouterr().out
    try:
        train.main(["no_such_model"])
    except SystemExit as stop:
        assert stop.code == 2
    assert "unknown recipe" in capsys.readouterr().err


def test_schedule_constant_keeps_the_rate_cosine_anneals_it_and_others_are_refused():
    def rates(name):
        optimizer = torch.optim.Adam([torch.zeros(1, requires_grad=True)], lr=1e-3)
        scheduler = train.schedule(optimizer, name, 10)
        for _ in range(10):
            optimizer.step()
            scheduler.step()
        return optimizer.param_groups[0]["lr"]
    assert rates("constant") == 1e-3 and rates("cosine") < 1e-9
    with pytest.raises(ValueError, match="schedule"):
        rates("linear")
