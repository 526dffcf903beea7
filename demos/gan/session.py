"""One visitor's live GAN page: the 2-D run and the digit section's run, never shared between visitors. Framework-free.

A blank Session (no trainer yet) is what gr.State holds by default: Gradio gives each visitor a deepcopy of it
when their first event arrives. So a Play or Train pressed while the page still loads finds a Session, and
`ready` makes its 2-D trainer then and there (issue 17: it used to meet None, and the press was lost).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from core.gan2d import GAN2D
from core.trainers import make_gan2d
from demos import live
from demos.gan import canvas
from demos.gan.controls import DEFAULT_PRESET, preset_settings


class Session:
    """Not a dataclass: Gradio turns a dataclass default into a dict for its config, and a Run's lock won't copy."""

    def __init__(self, draw: Callable, run: live.Run | None = None):
        self.draw = draw  # (session, note) -> the 2-D frame (view.playing_frame)
        self.run = run or live.Run()  # its trainer is a GAN2D, made with the run or by ready()
        self.run.draw = lambda run, note: self.draw(self, note)
        self.points: np.ndarray | None = None  # the user's drawing, in the unit square
        self.layers: tuple = canvas.LAYERS  # the canvas layers switched on
        self.canvas_height = canvas.CANVAS_HEIGHT  # px: a front end may want it shorter
        self.digits = live.Run()  # its trainer: a DCGANTrainer once the section is used (digits.py)
        self.digits_quality: dict = {}
        self.ticks = 0  # frames drawn while playing

    def __deepcopy__(self, memo) -> Session:
        """gr.State deep-copies its default for each visitor: a blank Session's copy is a new blank Session."""
        if self.run.trainer is not None or self.digits.trainer is not None:
            raise TypeError("only a blank Session (gr.State's default) is copied; a visitor's holds locks")
        return Session(self.draw)

    def ready(self) -> live.Run:
        """The 2-D run, its trainer (the default preset's, at iteration 0) made now if there is none yet."""
        with self.run.lock:
            if self.run.trainer is None:
                self.run.swap(make_gan2d(**preset_settings(DEFAULT_PRESET)))
        return self.run

    @property
    def trainer(self) -> GAN2D:
        return self.ready().trainer

    @property
    def lock(self):
        return self.run.lock
