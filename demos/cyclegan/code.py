"""Get the code of the CycleGAN page's 2-D level: its live run (code_cyclegan2d.py) as one standalone script.

Framework-free: a CycleGAN2DConfig (the page's pair, lambda, identity and seed) in, the script's text out.
Its losses equal the page's trainer's (tests/demos/test_code_scripts.py).
"""
from __future__ import annotations

from pathlib import Path

from core.cyclegan2d import PAIRS, CycleGAN2DConfig
from demos import codegen

HERE = Path(__file__).parent


def script(config: CycleGAN2DConfig) -> str:
    c = config
    x_domain, y_domain = PAIRS[c.pair]
    values = dict(X_DOMAIN=x_domain, Y_DOMAIN=y_domain, LAM=float(c.lam), IDENTITY=bool(c.identity), WIDTH=c.width,
                  DEPTH=c.depth, LR=float(c.lr), BATCH_SIZE=c.batch_size, SEED=c.seed)
    return codegen.render(HERE / "code_cyclegan2d.py", values)


def filename(config: CycleGAN2DConfig) -> str:
    return codegen.filename(f"cyclegan2d_{config.pair}_lam{config.lam:g}", config.seed)


def of_session(session) -> tuple[str, str]:
    """(file name, script) of a level-1 session's run as it is set up now (demos/cyclegan/toy.py's Session)."""
    config = session.trainer.config
    return filename(config), script(config)
