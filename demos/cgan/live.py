"""Live training of a small conditional GAN (cGAN or AC-GAN) from scratch, the fixed-noise grid refreshing.

The grid has one column per class (60 of the trainer's fixed z's, classes 0..9 in turn), so the columns
turn into ten different digits as training goes on. Training runs on the live engine (demos/live.py), which
owns the time box, divergence, Stop and the server's fair share. Framework-free: a per-user Session in;
images, figures out.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.trainers import make
from demos import live, plots, visitor
from demos.cgan.controls import KINDS, LIVE_KIND

DEFAULT_KIND = LIVE_KIND.default  # KINDS: label -> auxiliary
HINT = r"""## Train one yourself
A conditional GAN from scratch on the 4,000 training digits, trained live on this server's CPU. The grid
is G on 60 fixed noise vectors, column $c$ asked for class $c$: noise at first, then blobs, then each
column its own digit. Compare with the pretrained models above (their iterations are in the summary): with
the AC-GAN, watch whether the rows of a column still differ, or collapse onto one digit per class."""
GRID_CAPTION = "G on 60 fixed noise vectors: column c is asked for class c (0 on the left)."
CURVES = [("d_loss", "D loss", "#16a34a"), ("g_loss", "G loss", "#7c3aed"),
          ("class_loss", "class loss (AC-GAN)", "#f97316")]
MAX_POINTS = 400  # per curve; longer histories are thinned evenly


class Session(visitor.Blank):
    """One user's live section (never shared between users). Its run's trainer, a CGANTrainer, is made when the
    user starts one (making one imports torch's compiler: ~1 s, so not before it is needed); Session() is blank,
    gr.State's default, which Gradio copies for each visitor at their first event (demos/visitor.py)."""

    def __init__(self):
        super().__init__()
        self.kind = DEFAULT_KIND

    def make(self) -> None:
        start(self, self.kind)

    def draw(self, note: str = "") -> tuple:
        return view(self, note)

    @property
    def trainer(self):
        return self.run.trainer


def new_session() -> Session:
    """A visitor's section, blank: the run is made by Train (ready) or New run (start)."""
    return Session()


@live.locked
def start(session: Session, kind: str | None = DEFAULT_KIND) -> str:
    """A fresh run of the chosen kind (seeded: the same start every time); a playing run goes on with it."""
    session.kind = kind if kind in KINDS else DEFAULT_KIND
    session.run.swap(make("cgan_mnist", auxiliary=KINDS[session.kind]))
    return f"A new {session.kind.split(':')[0]} from scratch" + ("." if session.run.playing else ": press ▶ Train.")


def choose(session: Session, kind: str | None) -> None:
    """The kind chosen before any run (a link's): Train starts that one. A run already made keeps its own."""
    if session.trainer is None:
        session.kind = kind if kind in KINDS else DEFAULT_KIND


def ready(session: Session) -> live.Run:
    """Train pressed before any run: one of the chosen kind first, so the engine has a trainer to step."""
    return session.ready()


def status(session: Session, note: str = "") -> str:
    if session.trainer is None:
        return "Press **▶ Train**: a run from scratch of the kind chosen above." + (f" {note}" if note else "")
    m = session.trainer.metrics()
    parts = [f"iteration {m['iteration']:,}", *live.describe(session.run)]
    parts += [f"D(real) {m['d_real']:.2f}", f"D(fake) {m['d_fake']:.2f}"] if "d_real" in m else []
    parts += [f"class loss {m['class_loss']:.2f}"] if KINDS[session.kind] and "class_loss" in m else []
    return " · ".join(parts) + (f" — {note}" if note else "")


def losses_figure(history: dict, auxiliary: bool, height: int = 300) -> go.Figure:
    traces = []
    for key, label, color in CURVES[:3 if auxiliary else 2]:
        y = np.asarray(history.get(key, []), dtype=np.float32)
        x = np.arange(1, len(y) + 1)
        if len(y) > MAX_POINTS:
            keep = np.linspace(0, len(y) - 1, MAX_POINTS).astype(int)
            x, y = x[keep], y[keep]
        traces.append(dict(type="scatter", x=x, y=y, mode="lines", name=label, line=dict(color=color, width=1.5)))
    layout = dict(plots.STYLE, height=height, legend=dict(orientation="h", y=-0.25),
                  title=dict(text="losses", font=dict(size=13)), xaxis=dict(plots.AXIS, title=dict(text="iteration")),
                  yaxis=dict(plots.AXIS, rangemode="tozero"))
    return go.Figure(dict(data=traces, layout=layout))


@live.locked
def view(session: Session, note: str = "") -> tuple:
    """-> (the fixed-noise grid, one column per class, uint8 | None; the losses figure | None; status).
    Also the run's frame (Session.run.draw): the engine draws it between two training slices."""
    trainer = session.trainer
    if trainer is None:
        return None, None, status(session, note)
    grid = plots.image_grid(trainer.fixed_samples()[:60, 0].numpy(), ncol=10, scale=3)  # 6 full rows
    return grid, losses_figure(trainer.history, KINDS[session.kind]), status(session, note)
