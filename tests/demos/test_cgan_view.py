"""The Conditional GAN page's views: what the page and the API promise, on whatever weights are in pretrained/
(they are retrained from time to time, so no test depends on a number they happen to give)."""
import math
import subprocess
import sys

import numpy as np
import plotly.graph_objects as go
import pytest

from demos.api_contract import Refused
from demos.cgan import api, measures, view
from tests.conftest import ROOT

NAMES = list(view.MODELS.values())
CELL = 29 * 3  # a style-grid row: 28 pixels and a 1-pixel line, upscaled 3x


def small(image: np.ndarray, scale: int) -> np.ndarray:
    return image[::scale, ::scale].astype(int)


def grid_cell(grid: np.ndarray, row: int, column: int, margin: int = 30) -> np.ndarray:
    top, left = 3 + row * CELL, margin + 3 + column * CELL
    return small(grid[top:top + 84, left:left + 84], 3)


@pytest.mark.parametrize("name", NAMES)
def test_a_digit_is_large_crisp_and_reproducible_and_the_class_changes_it(name):
    image, status = view.digit(name, 7, 12)
    assert image.shape == (28 * view.SCALE, 28 * view.SCALE) and image.dtype == np.uint8 and image.std() > 10
    assert "Asked for a **7** (seed 12)" in status and "the classifier reads" in status
    assert np.array_equal(view.digit(name, 7, 12)[0], image)  # the same seed, the same digit
    assert not np.array_equal(view.digit(name, 1, 12)[0], image)  # another class, another digit
    assert not np.array_equal(view.digit(name, 7, 13)[0], image)  # new noise, another digit


@pytest.mark.parametrize("y, seed", [(None, None), (math.nan, math.inf), (-4, -7), (12, 10**12), ("x", "seed")])
def test_odd_control_values_fall_back_or_clip_instead_of_raising(y, seed):
    image, status = view.digit("no such model", y, seed)
    assert image.shape == (280, 280) and status.startswith("Asked for a **")
    assert 0 <= view.clean_class(y) <= 9 and 0 <= view.clean_seed(seed) <= view.MAX_SEED
    assert (seed is None) == ("Noise seed: " not in status)  # a seed that was changed is said to be


def test_a_seed_outside_the_range_is_clipped_and_the_status_says_so():
    assert view.digit("cgan_mnist", 3, -5)[1].endswith("Noise seed: -5 became 0 (allowed 0..2,147,483,647).")
    assert "became 2,147,483,647" in view.digit("cgan_mnist", 3, 10**12)[1]
    assert "became" not in view.digit("cgan_mnist", 3, 12.0)[1]


def test_the_buttons_move_the_seed_and_the_class_on_and_wrap():
    assert view.next_seed(4) == 5 and view.next_seed(None) == view.DEFAULT_SEED + 1
    assert view.next_seed(view.MAX_SEED) == 0
    assert [view.next_class(y) for y in (0, 3, 9)] == [1, 4, 0]


@pytest.mark.parametrize("name", NAMES)
def test_the_style_grid_keeps_each_columns_noise_and_each_rows_class(name):
    """Cell (y, j) is the digit of class y drawn from seed s + j: what the caption promises."""
    seed, k = 40, 5
    grid = view.style_grid(name, seed, k)
    assert grid.dtype == np.uint8 and grid.shape == (10 * CELL + 3, 30 + k * CELL + 3)
    for y, j in [(0, 0), (4, 2), (9, 4)]:
        digit = small(view.digit(name, y, seed + j)[0], view.SCALE)
        assert np.abs(grid_cell(grid, y, j) - digit).max() <= 1  # batched vs single: float rounding only
    assert view.style_grid(name, seed, 0).shape[1] == 30 + CELL + 3  # at least one column
    assert view.style_grid(name, seed, 500).shape == view.style_grid(name, seed, view.MAX_COLUMNS).shape


@pytest.mark.parametrize("spherical", [False, True])
def test_noise_interpolation_runs_from_one_seeds_digit_to_the_others(spherical):
    strip, readout = view.noise_strip("cgan_mnist", 2, 5, 6, spherical)
    assert strip.shape == (90, 10 * CELL + 3) and readout.count("·") == view.FRAMES - 1
    assert "seed 5 → 6" in readout and ("great circle" if spherical else "straight line") in readout
    first, last = (small(strip[3:87, 3 + i * CELL:3 + i * CELL + 84], 3) for i in (0, view.FRAMES - 1))
    assert np.abs(first - small(view.digit("cgan_mnist", 2, 5)[0], 10)).max() <= 1
    assert np.abs(last - small(view.digit("cgan_mnist", 2, 6)[0], 10)).max() <= 1


def test_class_interpolation_runs_from_one_classs_digit_to_the_others_at_fixed_noise():
    strip, readout = view.class_strip("acgan_mnist", 1, 8, 3)
    assert "y = 1 → 8" in readout and readout.count("·") == view.FRAMES - 1
    first, last = (small(strip[3:87, 3 + i * CELL:3 + i * CELL + 84], 3) for i in (0, view.FRAMES - 1))
    assert np.abs(first - small(view.digit("acgan_mnist", 1, 3)[0], 10)).max() <= 1
    assert np.abs(last - small(view.digit("acgan_mnist", 8, 3)[0], 10)).max() <= 1
    same, _ = view.class_strip("acgan_mnist", 4, 4, 3)  # from a class to itself: nothing moves
    frames = [same[:, 3 + i * CELL:87 + i * CELL].astype(int) for i in range(view.FRAMES)]
    assert all(np.abs(frame - frames[0]).max() <= 1 for frame in frames)


@pytest.mark.parametrize("name", NAMES)
def test_api_generate_gives_the_class_asked_for_more_often_than_chance(name):
    hits = 0
    for y in range(10):
        out = api.generate(y, 0, 10, name)
        assert np.asarray(out["images"]).shape == (10, 28, 28) and out["labels"] == [y] * 10
        assert 0 <= np.min(out["images"]) and np.max(out["images"]) <= 1 and len(out["predicted"]) == 10
        hits += sum(p == y for p in out["predicted"])
    assert hits > 30  # chance is 10 of 100
    assert api.generate(3, 9, 4, name) == api.generate(3, 9, 4, name)


@pytest.mark.parametrize("args, message", [((11, 0, 1), "digit_class"), ((3, 0, 0), "n must"),
                                           ((3, 0, 1000), "n must"), ((3, 0, 2, "nope"), "model must be one of"),
                                           ((2.5, 0, 1), "digit_class"), ((True, 0, 1), "digit_class"),
                                           (("3", 0, 1), "digit_class"), ((3, -1, 1), "seed"),
                                           ((3, None, 1), "seed")])
def test_api_generate_refuses_bad_input_with_a_message(args, message):
    with pytest.raises(Refused, match=message):
        api.generate(*args)


@pytest.mark.parametrize("name", NAMES)
def test_the_conditioning_measurement_is_a_full_confusion_matrix_judged_once(name):
    result = measures.judged(name)
    counts = result["confusion"]
    assert counts.shape == (10, 10) and (counts.sum(axis=1) == measures.PER_CLASS).all()
    assert result["accuracy"] == pytest.approx(np.trace(counts) / counts.sum())
    assert result["accuracy"] > 0.3 and result["diversity"] > 0  # better than chance (0.1), not collapsed to a point
    assert measures.judged(name) is result  # cached: computed once per process
    confusion, accuracy, summary, histogram, caption = measures.panels(name)
    assert all(isinstance(f, go.Figure) for f in (confusion, accuracy, histogram))
    assert confusion.data[0].type == "heatmap" and np.array_equal(confusion.data[0].z, counts)
    assert f"{result['accuracy']:.1%}" in summary and view.model_label(name) in summary
    dcgan, conditional = histogram.data
    assert sum(dcgan.y) == sum(conditional.y) == 10 * measures.PER_CLASS and "DCGAN" in caption


def test_the_real_digits_accuracy_is_the_classifiers_ceiling():
    real = measures.real_accuracy()
    assert real["accuracy"] > 0.95 and len(real["per_class"]) == 10


def test_starting_the_app_judges_nothing():
    """The 1,000-sample judgement runs on first use of the page, never while app.py starts."""
    code = "import app; from demos.cgan import measures; print(measures.judged.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "0"


def test_page_text_carries_the_objectives_and_the_lesson():
    assert r"\min_G \max_D" in view.INTRO and r"D(x \mid y)" in view.INTRO and "L_C" in view.INTRO
    assert "carries the style" in view.GRID_NOTE
