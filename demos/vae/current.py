"""The VAE page's current digit, one per visitor (issue 17, "every click works the first time"). Framework-free.

gr.State held a callable default (view.default_digit), which the page's load called again, and the load also drew
the panels of that default digit: a gallery pick, a drawing or an upload made while the page still loaded was
overwritten. Now gr.State's default is a Current, which Gradio deep-copies for each visitor at their first event,
whichever it is. Every draw of a digit's panels takes its lock, so one visitor's draws land in the order they
began, and a redraw (the page's load, a new model) changes nothing when that digit and model are on screen already.
The sliders and the decoded digit are built at the default digit's μ(x) (opening), so the load's first draw
with the default model brings the digit's panels only: a Sample, Reset or slider moved while the page loaded,
whenever its answer lands, is never covered by the load's.
"""
from __future__ import annotations

import threading

import numpy as np

from demos.vae import elbo, view


AT_MU = "Sliders at μ(x) of the current digit: move one."


def opening() -> tuple[list[float], np.ndarray]:
    """What the page is built showing: the default digit's μ(x) under the default model, and its decoding."""
    mu, _ = view.encode(view.default_digit())
    return mu, view.decode(mu)


class Current:
    """A visitor's digit (the sliders start at its posterior mean), and the model it is on screen with (None: not
    drawn yet)."""

    def __init__(self):
        self.digit: np.ndarray = view.default_digit()
        self.shown: str | None = None
        self.lock = threading.Lock()

    def __deepcopy__(self, memo) -> Current:
        """gr.State deep-copies its default for each visitor: the copy is a new Current (a lock will not copy)."""
        if self.shown is not None:
            raise TypeError("only a fresh Current (gr.State's default) is copied; a visitor's holds their digit")
        return Current()

    def draw(self, digit: np.ndarray | None, label: str | None) -> tuple | None:
        """`digit` made the current one (None: the current one again) -> its posterior mean μ, the decoding of μ
        and every digit panel (elbo.digit_panels), one draw at a time. The current one again is None when it is on
        screen with this model already: the page's load after a digit picked while the page loaded keeps the pick.
        μ and its decoding are None on the first draw of the default digit with the default model (the page's
        load): the page was built showing them (opening), and the visitor may have moved them since."""
        model = view.model_label(label)
        with self.lock:
            if digit is None and model == self.shown:
                return None
            built = digit is None and self.shown is None and model == view.DEFAULT_MODEL
            self.digit, self.shown = self.digit if digit is None else digit, model
            panels = elbo.digit_panels(self.digit, label)
            if built:
                return None, None, panels
            mu, _ = view.encode(self.digit, label)
            return mu, view.decode(mu, label), panels
