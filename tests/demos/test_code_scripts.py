"""Get the code (issue 18 §3): each page's standalone script, run in a subprocess, gives the app's losses.

For each page: the script for a non-default setup runs `--steps N --history out.json` (one torch thread,
MPLBACKEND=Agg), and its loss history must equal the app trainer's for the same config and steps to 1e-6.
The scripts may import only torch, numpy, matplotlib and the standard library.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from core import games
from core.cgan import CGANConfig, CGANTrainerConfig
from core.cyclegan2d import CycleGAN2D, CycleGAN2DConfig
from core.dcgan import DCGANConfig, DCGANTrainerConfig
from core.gan2d import GAN2D, GAN2DConfig
from core.threads import one_thread
from core.trainers import make
from demos.cgan import code as cgan_code
from demos.cyclegan import code as cyclegan_code
from demos.gan import code as gan_code
from demos.minimax import code as minimax_code
from demos.minimax import view as minimax_view
from demos.minimax.view import Settings
from demos.mode_collapse import code as mode_collapse_code
from demos.mode_collapse import view as mode_collapse_view

ALLOWED = {"torch", "numpy", "matplotlib"}


def run_script(source: str, tmp_path, steps: int, *extra: str) -> dict:
    """Write the script, run it for `steps` iterations on one thread, -> its loss history."""
    path, out = tmp_path / "script.py", tmp_path / "history.json"
    path.write_text(source)
    env = {**os.environ, "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "PYTHONPATH": ""}
    done = subprocess.run([sys.executable, str(path), "--steps", str(steps), "--history", str(out), *extra],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(out.read_text())


def assert_same(history: dict, app: dict, keys) -> None:
    for key in keys:
        ours, theirs = np.asarray(history[key], dtype=float), np.asarray(app[key], dtype=float)
        assert ours.shape == theirs.shape, key
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6, equal_nan=True, err_msg=key)


def top_level_imports(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports in a standalone script"
            names.add(node.module.split(".")[0])
    return names


def assert_standalone(source: str) -> None:
    outside = top_level_imports(source) - ALLOWED - set(sys.stdlib_module_names)
    assert not outside, f"the script imports {outside}"  # core and demos among them: no GenLab import


# ---------------------------------------------------------------------------- live GAN, 2-D

GAN2D_SETUPS = {
    "ring8, WGAN-GP, Adam": GAN2DConfig(data="ring8", loss="wgan_gp", d_optimizer="adam", g_optimizer="adam",
                                        d_lr=1e-3, g_lr=3e-3, g_layers=2, d_layers=2, noise="gaussian", seed=7),
    "GAN Lab's tanh, minimax, k_G = 2": GAN2DConfig(data="gaussians", loss="minimax", g_output="tanh",
                                                   real_label=0.95, k_d=1, k_g=2, batch_size=64, seed=3),
    "moons, hinge, corner, 1-D noise": GAN2DConfig(data="moons", loss="hinge", g_start="corner", noise_dim=1,
                                                   seed=11),
}


@pytest.mark.parametrize("config", GAN2D_SETUPS.values(), ids=GAN2D_SETUPS.keys())
def test_the_gan2d_script_gives_the_pages_losses(config, tmp_path):
    source = gan_code.script(config)
    assert_standalone(source)
    app = GAN2D(config)
    with one_thread():
        app.step(300)
    assert_same(run_script(source, tmp_path, 300), app.history, GAN2D.SERIES)


def test_the_gan2d_script_of_a_drawing_and_a_frozen_d_gives_the_pages_losses(tmp_path):
    """The drawn points travel inside the script; with k_D = 0 D's columns stay NaN, as on the page."""
    points = np.random.default_rng(5).random((40, 2))
    config = GAN2DConfig(data="drawing", loss="least_squares", k_d=0, seed=4)
    app = GAN2D(config, points=points)
    with one_thread():
        app.step(300)
    history = run_script(gan_code.script(config, points), tmp_path, 300)
    assert np.isnan(history["d_loss"]).all()
    assert_same(history, app.history, GAN2D.SERIES)


def test_a_script_writes_its_settings_in_and_plots(tmp_path):
    source = gan_code.script(GAN2DConfig(data="spiral", seed=1234, d_lr=0.003))
    assert 'DATA = "spiral"' not in source and "DATA = 'spiral'" in source and "SEED = 1234" in source
    assert "D_LR = 0.003" in source and "def sample_data" in source and source.count("def sample_data") == 1
    run_script(source, tmp_path, 5, "--plot", str(tmp_path / "run.png"))
    assert (tmp_path / "run.png").stat().st_size > 10_000


# ---------------------------------------------------------------------------- minimax

MINIMAX_SETUPS = {
    "all six, c = 0.3": Settings(games.METHODS, lr=0.3, steps=300, x0=1.5, y0=-0.7, gamma=2.5, beta=-0.35, c=0.3),
    "simultaneous diverges at eta = 2.5": Settings(("simultaneous", "optimistic"), lr=2.5, steps=300, x0=-3.0),
}


@pytest.mark.parametrize("settings", MINIMAX_SETUPS.values(), ids=MINIMAX_SETUPS.keys())
def test_the_minimax_script_gives_the_pages_paths(settings, tmp_path):
    source = minimax_code.script(settings)
    assert_standalone(source)
    paths = run_script(source, tmp_path, settings.steps)
    assert list(paths) == list(settings.methods)
    app = {m: minimax_view.run(settings)[m].path for m in settings.methods}
    assert_same(paths, app, settings.methods)


# ---------------------------------------------------------------------------- mode collapse

MODE_COLLAPSE_SETUPS = {  # all eight methods, on every kind of mixture, 300 iterations each
    "grid25: minimax vs unrolled": dict(mixture="grid25", method="minimax", versus="unrolled", seed=5),
    "ring8 unbalanced: minibatch discrimination vs PacGAN": dict(
        mixture="ring8_unbalanced", method="minibatch_discrimination", versus="pacgan", seed=2),
    "drawn modes: minibatch stddev vs WGAN-GP": dict(
        mixture="drawn", modes="-2, 0; 2, 0; 0, 2", method="minibatch_stddev", versus="wgan_gp", seed=9),
    "ring5: labels vs non-saturating": dict(mixture="ring5", method="labels", versus="nonsaturating", seed=1),
}


@pytest.mark.parametrize("settings", MODE_COLLAPSE_SETUPS.values(), ids=MODE_COLLAPSE_SETUPS.keys())
def test_the_mode_collapse_script_gives_the_pages_losses(settings, tmp_path, steps=300):
    source = mode_collapse_code.script(settings)
    assert_standalone(source)
    history = run_script(source, tmp_path, steps)
    for method in (settings["method"], settings["versus"]):
        app = mode_collapse_view.pair({**settings, "versus": ""} | {"method": method})[0].lines[0].trainer
        with one_thread():
            app.step(steps)
        assert_same(history[method], app.history, ("d_loss", "g_loss"))


# ---------------------------------------------------------------------------- CycleGAN 2-D

CYCLEGAN2D_SETUPS = {
    "moons -> turned moons, lambda 3, identity": CycleGAN2DConfig(pair="moons_turned", lam=3.0, identity=True,
                                                                  seed=6, batch_size=64, width=32),
    "lambda 0": CycleGAN2DConfig(lam=0.0, seed=2, batch_size=64, depth=2),
}


@pytest.mark.parametrize("config", CYCLEGAN2D_SETUPS.values(), ids=CYCLEGAN2D_SETUPS.keys())
def test_the_cyclegan2d_script_gives_the_pages_losses(config, tmp_path):
    source = cyclegan_code.script(config)
    assert_standalone(source)
    app = CycleGAN2D(config)
    with one_thread():
        app.step(300)
    assert_same(run_script(source, tmp_path, 300), app.history, CycleGAN2D.SERIES)


# ---------------------------------------------------------------------------- digits: DCGAN, cGAN, AC-GAN

DIGIT_SETUPS = {  # small networks and batches, 300 steps: the scripts read and split the 5,000 digits themselves
    "DCGAN": ("dcgan", DCGANTrainerConfig(model=DCGANConfig(32, 8), batch_size=16, lr=1e-3, seed=3),
              dict(name="dcgan_mnist", latent_dim=32, channels=8, batch_size=16, lr=1e-3, seed=3)),
    "cGAN": ("cgan", CGANTrainerConfig(model=CGANConfig(32, 8), batch_size=16, beta1=0.6, seed=4),
             dict(name="cgan_mnist", latent_dim=32, channels=8, batch_size=16, beta1=0.6, seed=4)),
    "AC-GAN": ("acgan", CGANTrainerConfig(model=CGANConfig(32, 8, auxiliary=True), batch_size=16, seed=5, ema=0.9),
               dict(name="acgan_mnist", latent_dim=32, channels=8, batch_size=16, seed=5, ema=0.9)),
}


@pytest.mark.parametrize("kind, config, app_config", DIGIT_SETUPS.values(), ids=DIGIT_SETUPS.keys())
def test_the_digit_gan_scripts_give_the_pages_losses(kind, config, app_config, tmp_path):
    source = gan_code.digits_script(config) if kind == "dcgan" else cgan_code.script(kind == "acgan", config)
    assert_standalone(source)
    app = make(**app_config)
    with one_thread():
        app.step(300)
    assert_same(run_script(source, tmp_path, 300), app.history, type(app).SERIES)
