"""The live GAN page's digit section: a DCGAN trained live on the shipped digits, judged by the classifier.

Framework-free. The sample grid comes from a fixed batch of noise, so the same 64 digits sharpen frame
after frame; the quality readout is the share of 500 samples the project's classifier labels with
probability >= 0.9, and the classes it sees.

The DCGAN (about 14 MB a visitor: the model, its optimisers, its history) is made only when the visitor first uses the
section: Train (from scratch), Start from scratch, or Continue the pretrained. Until then the section
shows an invitation and no grid, and a visitor who never scrolls down costs nothing here.
"""
from __future__ import annotations

import functools
import time

import numpy as np
import plotly.graph_objects as go
import torch

from core import pretrained
from core.dcgan import DCGANTrainer
from core.trainers import TrainingDiverged, make
from demos import history, live, mnist, plots
from demos.gan import canvas, rewind

CHECKPOINT = "dcgan_mnist"
CONFIDENT = 0.9  # the bar: a sample counts as a recognisable digit at p >= 0.9
QUALITY_SAMPLES = 500
QUALITY_EVERY = 2.0  # seconds between two quality readouts while training (500 samples cost ~0.1 s)
HINT = ("An 8 × 8 grid from a fixed batch of noise: the same 64 digits, sharper every few hundred iterations. "
        f"'Recognisable' = the project's classifier names a digit with probability ≥ {CONFIDENT}, and the "
        "autoencoder redraws it as well as it redraws 99 % of real digits (a flat grey image fools the "
        "classifier, not the autoencoder). Of the real test digits, about 95 % are recognisable.")
INVITATION = "Press **▶ Train** to train a DCGAN from scratch, or **Continue the pretrained DCGAN**."


def _locked(handler):
    """handler(session, ...) holding the digit run's lock: the scheduler trains it on another thread."""
    @functools.wraps(handler)
    def wrapper(session, *args, **kwargs):
        with session.digits.lock:
            return handler(session, *args, **kwargs)
    return wrapper


class Judged:
    """A DCGAN trainer whose quality readout is refreshed every QUALITY_EVERY seconds while it trains."""

    def __init__(self, trainer: DCGANTrainer, session):
        self.trainer, self.session = trainer, session

    @property
    def iterations(self) -> int:
        return self.trainer.iterations

    def step(self, n: int) -> dict:
        metrics = self.trainer.step(n)
        if time.monotonic() - self.session.digits_quality.get("measured_at", 0) > QUALITY_EVERY:
            self.session.digits_quality = quality(self.trainer)
        return metrics


@_locked
def start(session, from_checkpoint: bool) -> str:
    """A DCGAN from scratch (seeded), or continued from the pretrained checkpoint."""
    if from_checkpoint and CHECKPOINT not in pretrained.names():
        return f"⚠️ No pretrained {CHECKPOINT} here: run `python -m core.train {CHECKPOINT}`."
    trainer = make("dcgan_mnist", pretrained_name=CHECKPOINT if from_checkpoint else None)
    session.digits.swap(Judged(trainer, session))
    session.digits.draw = lambda run, note: view(session, note)
    session.digits_quality = quality(trainer)
    if from_checkpoint:
        return f"The pretrained DCGAN ({pretrained.card(CHECKPOINT)['steps']:,} iterations). Press Train to go on."
    return "A new DCGAN from scratch: its samples are noise. Press Train: digits take shape within a minute."


def attach(session) -> None:
    """The digit run draws this section (cheap: no DCGAN is made), so a front end can draw it before first use."""
    if session.digits.draw is None:
        session.digits.draw = lambda run, note: view(session, note)


def opened(session) -> tuple:
    """The section as the page opens: the invitation and no grid (or the user's own DCGAN); nothing is built."""
    attach(session)
    return view(session)


def ready(session) -> live.Run:
    """Train pressed before Start: a DCGAN from scratch is made now, so the run has a trainer to step."""
    if session.digits.trainer is None:
        start(session, from_checkpoint=False)
    return session.digits


@torch.no_grad()
def quality(trainer: DCGANTrainer, n: int = QUALITY_SAMPLES) -> dict:
    """How many of n samples are recognisable digits (confident classifier and digit-like), and of which class.

    "confident" is the classifier's verdict alone, kept for comparison: it counts an untrained generator's
    grey images as digits.
    """
    images = torch.from_numpy(trainer.sample(n, seed=1))  # the classifier reads tensors
    labels, confidence = mnist.model("classifier_mnist").predict(images)
    confident = confidence >= CONFIDENT
    recognisable = confident & mnist.digit_like(images)
    counts = np.bincount(labels[recognisable].numpy(), minlength=10)
    return {"recognisable": float(recognisable.float().mean()), "confident": float(confident.float().mean()),
            "counts": counts, "measured_at": time.monotonic()}


def status(session, note: str = "", shown=None) -> str:
    """The status line of the DCGAN now, or of `shown`, a frame from its history (a rewind.DigitStill)."""
    run, q = session.digits, shown.quality if shown else session.digits_quality
    if run.trainer is None:
        return INVITATION + (f" — {note}" if note else "")
    m = shown.latest if shown else run.trainer.trainer.metrics()
    parts = [f"iteration {m['iteration']:,}", *live.describe(run)]
    parts += [f"D(real) {m['d_real']:.2f}", f"D(fake) {m['d_fake']:.2f}"] if "d_real" in m else []
    parts += [f"recognisable: {q['recognisable']:.0%} of {QUALITY_SAMPLES}"] if q else []
    return " · ".join(parts) + (f" — {note}" if note else "")


def histogram(counts: np.ndarray, height: int = 260):
    bar = dict(type="bar", x=[str(d) for d in range(10)], y=counts, marker=dict(color=plots.DIGIT_COLORS),
               hovertemplate="%{y} samples read as a %{x}<extra></extra>")
    layout = dict(plots.STYLE, height=height, showlegend=False,
                  title=dict(text="classes of the recognisable samples", font=dict(size=13)),
                  xaxis=dict(plots.AXIS, title=dict(text="digit")), yaxis=dict(plots.AXIS, rangemode="tozero"))
    return go.Figure(dict(data=[bar], layout=layout))


@_locked
def view(session, note: str = "") -> tuple:
    """-> (sample grid uint8, charts figure, class histogram figure, status), of now or of the frame the timeline
    is scrubbed to (rewind.py records each new frame in the run's history)."""
    run = session.digits
    if run.trainer is None:
        return None, None, None, status(session, note)
    shown = rewind.digit_frame(run, run.trainer.trainer, session.digits_quality)
    note = note or (history.where(run) if run.timeline.shown() else "")
    grid = plots.image_grid(shown.samples / 255.0, ncol=8, scale=3)
    counts = shown.quality.get("counts", np.zeros(10))
    charts = canvas.charts_figure(shown.history, height=320, rows=2)
    return grid, charts, histogram(counts), status(session, note, shown)
