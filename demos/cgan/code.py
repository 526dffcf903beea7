"""Get the code of the conditional GAN page's live section: a cGAN or an AC-GAN from scratch, as one script.

Framework-free: the kind and the trainer's settings in, the script's text (demos/code_dcgan.py) out. Its losses
equal the page's trainer's (tests/demos/test_code_scripts.py).
"""
from __future__ import annotations

from core.cgan import CGANTrainerConfig
from demos import codegen
from demos.cgan.controls import KINDS


def script(auxiliary: bool, config: CGANTrainerConfig | None = None) -> str:
    """auxiliary: the AC-GAN (D names the class); otherwise the cGAN (D sees the label)."""
    return codegen.dcgan_script("acgan" if auxiliary else "cgan", config or CGANTrainerConfig())


def filename(auxiliary: bool, seed: int = 0) -> str:
    return codegen.filename("acgan" if auxiliary else "cgan", seed)


def of_session(session) -> tuple[str, str]:
    """(file name, script) of the live section's run (demos/cgan/live.py's Session): its trainer's settings,
    or the defaults before Train has made one."""
    auxiliary = KINDS[session.kind]
    config = session.trainer.config if session.trainer is not None else CGANTrainerConfig()
    return filename(auxiliary, config.seed), script(auxiliary, config)
