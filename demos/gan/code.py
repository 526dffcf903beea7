"""Get the code of the live GAN page: its 2-D run (code_gan2d.py) as one standalone PyTorch script.

Framework-free: a GAN2DConfig (the page's current settings) in, the script's text out. Its losses equal
the page's trainer's step for step (tests/demos/test_code_scripts.py).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from core.dcgan import DCGANTrainerConfig
from core.gan2d import GAN2DConfig
from core.toy2d import toy
from demos import codegen

HERE = Path(__file__).parent
STEPS = 2000  # the script's default length


def script(config: GAN2DConfig, points: np.ndarray | None = None) -> str:
    """The 2-D GAN with these settings and seed; `points`: the drawing, when config.data is "drawing"."""
    c = config
    drawing = c.data == "drawing"
    if drawing and points is None:
        raise ValueError("a drawn distribution needs its points")
    values = dict(DATA=c.data, BOUNDS=(0.0, 1.0) if drawing else toy(c.data).bounds,
                  G_LAYERS=c.g_layers, G_WIDTH=c.g_width, D_LAYERS=c.d_layers, D_WIDTH=c.d_width,
                  NOISE_DIM=c.noise_dim, NOISE=c.noise, G_OUTPUT=c.g_output, G_START=c.g_start, LOSS=c.loss,
                  REAL_LABEL=float(c.real_label), GP_WEIGHT=float(c.gp_weight), D_OPTIMIZER=c.d_optimizer,
                  D_LR=float(c.d_lr), G_OPTIMIZER=c.g_optimizer, G_LR=float(c.g_lr), K_D=c.k_d, K_G=c.k_g,
                  BATCH_SIZE=c.batch_size, SEED=c.seed, STEPS=STEPS)
    if drawing:
        values["POINTS"] = np.asarray(points, dtype=np.float64).reshape(-1, 2).tolist()
    return codegen.render(HERE / "code_gan2d.py", values, {c.data, c.loss})


def filename(config: GAN2DConfig) -> str:
    return codegen.filename(f"gan2d_{config.data}", config.seed)


def digits_script(config: DCGANTrainerConfig | None = None) -> str:
    """The digit section's DCGAN from scratch (a run continued from the pretrained one starts from its weights,
    which the script does not carry: it trains from scratch)."""
    return codegen.dcgan_script("dcgan", config or DCGANTrainerConfig())


def of_session(session) -> tuple[str, str]:
    """(file name, script) of a live GAN page's 2-D run as it is set up now (its drawing included)."""
    config = session.trainer.config
    return filename(config), script(config, session.points if config.data == "drawing" else None)


def digits_of_session(session) -> tuple[str, str]:
    """(file name, script) of the digit section's DCGAN: its trainer's settings, or a new one's before the first
    Train (a run continued from the pretrained one gets the script that trains it from scratch)."""
    judged = session.digits.trainer  # digits.Judged, once made
    config = judged.trainer.config if judged is not None else DCGANTrainerConfig()
    return codegen.filename("dcgan", config.seed), digits_script(config)
