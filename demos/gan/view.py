"""The live GAN page, framework-free: what each control does to a visitor's Session, and the frames it shows.

Both UIs keep one Session (session.py) per user (gr.State / st.session_state) and call these functions; the 2-D
figures come from canvas.py, the digit GAN from digits.py; live training runs on demos/live.py.
"""
from __future__ import annotations

import io
import math
from dataclasses import asdict
from typing import NamedTuple

import numpy as np
from PIL import Image

from core.gan2d import GAN2D, GAN2DConfig, LIVE
from core.threads import one_thread
from core.trainers import TrainingDiverged, make_gan2d
from demos import history, live, pages
from demos.gan import canvas, rewind
from demos.gan.session import Session
from demos.gan.controls import DEFAULT_PRESET, preset_settings

TITLE, SLUG = pages.GAN.title, pages.GAN.slug
INTRO = ("G turns noise z into samples, D tells real from fake, and each trains against the other: "
         "k_D steps of D, then k_G steps of G, over and over (Algorithm 1). Press **Play**, watch the purple "
         "fakes chase the green data while D's colours shift under them.")
MINIMAX = (r"$$\min_G \max_D V(D, G), \quad \text{where}$$" "\n\n"  # three short lines: they fit a phone
           r"$$V(D, G) = \mathbb{E}_{x \sim p_{data}}[\log D(x)]$$" "\n\n"
           r"$$+\ \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]$$")
CANVAS_HINT = ("Green: data. Purple: G's samples from a fixed batch of noise. Background: D's verdict (green = "
               "'real', purple = 'fake'; grey everywhere once D is fooled). Thin lines: the noise grid warped by G. "
               "Pink: where G's loss pushes each fake.")
CHARTS_HINT = ("At the equilibrium D(real) = D(fake) = ½ and the divergences fall to the floor set by sampling "
               "noise (about 0.3 bits for the two Gaussians). KL and JS are estimated on a 30 × 30 grid, in bits.")
SIGNAL = (r"Early on D rejects the fakes, so D(G(z)) ≈ 0. There $\log(1 - D(G(z)))$ is flat: the minimax G "
          r"barely learns. $-\log D(G(z))$ is steep there: the same fixed point, much stronger gradients. "
          r"The panel's second line measures it: how hard each loss pulls the current fakes (the mean length "
          r"of G's gradient at them); the loss in use is in bold.")
SUBSTEPS = [  # slow motion: (caption, layers shown, phase trained after the caption)
    ("1 · G turns a batch of noise into fake samples (purple); the real batch is green.",
     ("real samples", "fake samples", "G's manifold"), None),
    ("2 · D scores every point: the background is D(x).", ("real samples", "fake samples", "D's decision"), None),
    ("3 · D update: D takes k_D steps to tell the two batches apart; its colours sharpen.",
     ("real samples", "fake samples", "D's decision"), "d"),
    ("4 · G's loss pulls each fake along the pink arrows, uphill on D.",
     ("real samples", "fake samples", "D's decision", "gradient arrows"), None),
    ("5 · G update: G takes k_G steps; the fakes move along their arrows.",
     ("real samples", "fake samples", "D's decision", "gradient arrows"), "g"),
]
SLOW_SECONDS = 1.25  # per sub-step, as in GAN Lab
CHARTS_EVERY = 3  # while playing, the charts and the signal panel are redrawn every 3rd frame (the canvas every one)


class Frame(NamedTuple):
    canvas: object  # plotly figures
    charts: object
    signal: object
    status: str


def new_session(label: str = DEFAULT_PRESET) -> Session:
    """A visitor's page: the preset's 2-D GAN at iteration 0; the digit section's DCGAN is made when first used."""
    return Session(playing_frame, live.Run(make_gan2d(**preset_settings(label))))


def blank() -> Session:
    """gr.State's default: each visitor's copy makes its trainers when first used (session.py)."""
    return Session(playing_frame)


def ready(session: Session) -> live.Run:
    """The 2-D run, its trainer made now if the visitor has none yet (a Play pressed before the page loaded)."""
    return session.ready()


def playing_frame(session: Session, note: str = "") -> Frame:
    """A frame of a playing run: charts and signal are None (unchanged) but every CHARTS_EVERY-th time."""
    if not session.run.playing:
        return frame(session, note=note)
    session.ticks += 1
    return frame(session, note=note, charts=session.ticks % CHARTS_EVERY == 1)


@live.locked
def rebuild(session: Session, settings: dict) -> str:
    """A fresh trainer from every setting (data, architecture, noise, seed...); the old one stays on error."""
    try:
        config = GAN2DConfig(**{**asdict(session.trainer.config), **settings})
        session.run.swap(GAN2D(config, points=session.points if config.data == "drawing" else None))
    except (ValueError, TypeError) as error:
        return f"⚠️ {error}"
    return live.say(session.run, f"Reset: {session.trainer.data.title}, iteration 0.")


@live.locked
def apply(session: Session, settings: dict) -> str:
    """A changed control: learning rates, optimisers, loss, k and batch apply live; the rest resets (as in GAN Lab).

    -> what happened, "" if nothing changed."""
    current = asdict(session.trainer.config)
    changed = {k: v for k, v in settings.items() if k in current and current[k] != v}
    if not changed:
        return ""
    if set(changed) <= LIVE:
        try:
            session.trainer.configure(**changed)
        except (ValueError, TypeError) as error:
            return f"⚠️ {error}"
        return live.say(session.run, f"changed {', '.join(changed)} on the fly")
    return rebuild(session, settings)


@live.locked
def use_drawing(session: Session, image: np.ndarray | bytes | None, settings: dict) -> str:
    """Dark pixels of a sketch become the data: (H, W) or (H, W, C) uint8, or PNG bytes; 255 = paper."""
    if isinstance(image, (bytes, bytearray)):
        image = np.asarray(Image.open(io.BytesIO(image)).convert("L"))
    if image is None:
        return "⚠️ Draw on the canvas first: your strokes become the data."
    grey = np.asarray(image, dtype=np.float32)
    grey = grey[..., :3].mean(axis=2) if grey.ndim == 3 else grey
    rows, cols = np.nonzero(grey < 128)
    if len(rows) < 3:
        return "⚠️ The canvas is empty: draw a few strokes, then press the button again."
    keep = np.random.default_rng(0).permutation(len(rows))[:3000]
    h, w = grey.shape
    session.points = np.stack([cols[keep] / (w - 1), 1 - rows[keep] / (h - 1)], axis=1)
    return rebuild(session, {**settings, "data": "drawing"})


def status(session: Session, note: str = "", trainer=None) -> str:
    """The status line of the trainer now, or of `trainer`, a frame from its history (a rewind.Still)."""
    trainer = trainer or session.trainer
    m = trainer.metrics()
    parts = [f"iteration {m['iteration']:,}", *live.describe(session.run)]
    if not math.isnan(m.get("d_real", math.nan)):
        parts += [f"D(real) {m['d_real']:.2f}", f"D(fake) {m['d_fake']:.2f}"]
    elif trainer.config.k_d == 0:
        parts += ["D frozen (k_D = 0)"]
    parts += [f"KL {m['kl']:.2f} bits", f"JS {m['js']:.2f} bits"] if "kl" in m else []
    count, place = canvas.off_canvas(trainer)
    parts += [f"{count} of {len(trainer.fixed_noise)} fakes off the canvas, around ({place[0]:.3g}, {place[1]:.3g})"
              ] if count >= canvas.NOTED * len(trainer.fixed_noise) else []
    return " · ".join(parts) + (f" — {note}" if note else "")


@live.locked
def frame(session: Session, layers=None, caption: str = "", note: str = "", charts: bool = True) -> Frame:
    """The canvas and status (of now, or of the frame the timeline is scrubbed to: rewind.py, which records
    each new frame in the run's history); with charts=False, None for the charts and the signal panel (unchanged)."""
    layers = session.layers if layers is None else layers
    with one_thread():
        shown = rewind.frame_of(ready(session))
        note = note or (history.where(session.run) if session.run.timeline.shown() else "")
        return Frame(canvas.canvas_figure(shown, layers, caption, session.canvas_height),
                     canvas.charts_figure(shown.history) if charts else None,
                     canvas.signal_figure(shown) if charts else None, status(session, note, shown))


@live.locked
def step_once(session: Session, phase: str, layers=None) -> Frame:
    """One iteration by hand: D's k_D steps ("d"), G's k_G steps ("g"), or both; a playing run stops first."""
    live.stop(session.run)
    try:
        session.trainer.step(1, phase=phase)
    except TrainingDiverged as error:
        return frame(session, layers, note=f"⚠️ {error}")
    return frame(session, layers, note={"d": "D stepped", "g": "G stepped", "both": "one iteration"}[phase])


def slow_motion(session: Session):
    """One iteration in labelled sub-steps: yields a Frame per sub-step (the UI waits SLOW_SECONDS between)."""
    live.stop(session.run)
    for caption, layers, phase in SUBSTEPS:
        if phase is not None:
            try:
                with session.lock:  # per sub-step: the generator pauses between yields
                    session.trainer.step(1, phase=phase)
            except TrainingDiverged as error:
                yield frame(session, layers, caption, note=f"⚠️ {error}")
                return
        yield frame(session, layers, caption, note=caption)

