"""The VAE page's current digit, one per visitor (issue 17, "every click works the first time"). Framework-free.

gr.State held a callable default (view.default_digit), which the page's load called again, and the load also drew
the panels of that default digit: a gallery pick, a drawing or an upload made while the page still loaded was
overwritten. Now gr.State's default is a Current, which Gradio deep-copies for each visitor at their first event,
whichever it is. Every draw of a digit's panels takes its lock, so one visitor's draws land in the order they
began, and a redraw (the page's load, a new model) changes nothing when that digit and model are on screen already.
A z the visitor set before the first draw ended (Sample, Reset, a slider moved while the page loaded) is recorded
too: that draw then brings the digit's panels only, and leaves the sliders, the decoded digit and the status to it.
"""
from __future__ import annotations

import threading

import numpy as np

from demos.vae import elbo, view


class Current:
    """A visitor's digit (the sliders start at its posterior mean), the model it is on screen with (None: not
    drawn yet), and the model of a z the visitor set before it was (None: none)."""

    def __init__(self):
        self.digit: np.ndarray = view.default_digit()
        self.shown: str | None = None
        self.own_z: str | None = None
        self.lock = threading.Lock()

    def __deepcopy__(self, memo) -> Current:
        """gr.State deep-copies its default for each visitor: the copy is a new Current (a lock will not copy)."""
        if self.shown is not None or self.own_z is not None:
            raise TypeError("only a fresh Current (gr.State's default) is copied; a visitor's holds their digit")
        return Current()

    def set_z(self, z, label: str | None) -> np.ndarray:
        """The visitor's own z (Sample, Reset, a slider) -> its decoding (view.decode). Set before the digit's first
        draw (the page's load, late) has finished, it stays on screen through that draw. No lock: a draw under way
        reads the mark as it ends, as a Sample handled while the load still drew must count too. (Handled after that
        draw ended but before its answer reached the browser, the load's μ(x) still lands over it: a narrow gap.)"""
        if self.shown is None:
            self.own_z = view.model_label(label)
        return view.decode(z, label)

    def draw(self, digit: np.ndarray | None, label: str | None) -> tuple | None:
        """`digit` made the current one (None: the current one again) -> its posterior mean μ, the decoding of μ
        and every digit panel (elbo.digit_panels), one draw at a time. The current one again is None when it is on
        screen with this model already: the page's load after a digit picked while the page loaded keeps the pick.
        μ and its decoding are None when the first draw (the load) ends after the visitor set z with this model
        (set_z): the load after an early Sample, Reset or slider brings the panels and keeps that z."""
        model = view.model_label(label)
        with self.lock:
            if digit is None and model == self.shown:
                return None
            first, self.digit = self.shown is None, self.digit if digit is None else digit
            mu, _ = view.encode(self.digit, label)
            drawn = mu, view.decode(mu, label), elbo.digit_panels(self.digit, label)
            keep = digit is None and first and self.own_z == model  # read last: a z set while this draw ran counts
            self.shown = model
            return (None, None, drawn[2]) if keep else drawn
