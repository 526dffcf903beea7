"""The CycleGAN page, level 1: a CycleGAN on two 2-D point clouds, trained live.

Framework-free. Both UIs keep one Session per user (gr.State / st.session_state) and call these functions;
the figures come from figures.py, the caps on shared CPU (training slots, time box, frame pacing) from the
live GAN page's runs.py. Changing a setting starts a new run: the clouds, λ and the identity loss are fixed
for a trainer's life.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from core.cyclegan2d import CycleGAN2D, CycleGAN2DConfig
from core.threads import one_thread
from core.trainers import TrainingDiverged
from demos.cyclegan import figures
from demos.gan import runs

PAIRS = {"two moons ↔ the moons turned 90° and grown": "moons_turned", "two moons ↔ a ring": "moons_ring"}
DEFAULTS = dict(pair="moons_turned", lam=10.0, identity=False, seed=0)
MAX_LAMBDA, MAX_SEED = 100.0, 10_000
CHUNK = 25  # iterations per training call (~3 ms each on one thread)
LOSSES_EVERY = 4  # while training, the losses are redrawn every 4th frame (~1 s): three plots at 4 Hz stall a browser


class Frame(NamedTuple):
    forward: object  # plotly figures: X -> Y -> X, Y -> X -> Y, the losses (None: unchanged, see Session.losses)
    backward: object
    losses: object
    status: str


@dataclass
class Session:
    """One user's run; mutated in place by the handlers (never shared between users)."""
    trainer: CycleGAN2D
    rate: float = 0.0  # iterations per second while training, frame to frame
    run_started: float = 0.0
    pacer: runs.Pacer | None = None
    stop_note: str = ""  # why the last run stopped by itself
    losses: object = None  # the losses figure last drawn
    frames: int = 0  # frames drawn while training
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # see runs.locked


def clean(pair=None, lam=None, identity=None, seed=None) -> tuple[dict, str]:
    """Control values (None, NaN, out of range, junk) -> valid settings, and what was changed to make them so."""
    notes = []
    pair = pair if pair in PAIRS.values() else PAIRS.get(pair, DEFAULTS["pair"])
    try:
        lam_value = float(lam)
        if not np.isfinite(lam_value):
            raise ValueError
    except (TypeError, ValueError):
        lam_value = DEFAULTS["lam"]
    if not 0 <= lam_value <= MAX_LAMBDA:
        lam_value = float(np.clip(lam_value, 0, MAX_LAMBDA))
        notes.append(f"λ lies in 0..{MAX_LAMBDA:.0f}: {lam!r} became {lam_value:g}")
    try:
        seed_value = int(np.clip(np.nan_to_num(float(seed), nan=0.0), 0, MAX_SEED))
    except (TypeError, ValueError):
        seed_value = DEFAULTS["seed"]
    if seed is not None and seed_value != seed:
        notes.append(f"the seed is a whole number from 0 to {MAX_SEED:,}: {seed!r} became {seed_value}")
    settings = dict(pair=pair, lam=lam_value, identity=bool(identity), seed=seed_value)
    return settings, "; ".join(notes)


def new_session() -> Session:
    return Session(CycleGAN2D(CycleGAN2DConfig(**DEFAULTS)))


@runs.locked
def reset(session: Session, pair=None, lam=None, identity=None, seed=None) -> str:
    """A new run from iteration 0 with these settings. -> what happened."""
    settings, note = clean(pair, lam, identity, seed)
    session.trainer = CycleGAN2D(CycleGAN2DConfig(**settings))
    session.run_started, session.rate, session.stop_note = 0.0, 0.0, ""
    done = f"A new run: {describe(settings)}, iteration 0. Press ▶ Train."
    return f"{done} ({note})" if note else done


def describe(settings: dict) -> str:
    name = {v: k for k, v in PAIRS.items()}[settings["pair"]]
    words = "no cycle loss" if settings["lam"] == 0 else f"λ = {settings['lam']:g}"
    return f"{name}, {words}" + (", identity loss on" if settings["identity"] else "")


@runs.locked
def apply(session: Session, pair=None, lam=None, identity=None, seed=None) -> str:
    """A control changed: a new run if any setting differs from the current run's ("" when none does)."""
    settings, _ = clean(pair, lam, identity, seed)
    c = session.trainer.config
    if settings == dict(pair=c.pair, lam=c.lam, identity=c.identity, seed=c.seed):
        return ""
    return reset(session, pair, lam, identity, seed)


def status(session: Session, measured: dict, note: str = "") -> str:
    t = session.trainer
    parts = [f"iteration {t.iterations:,}"] + ([f"{session.rate:,.0f} it/s"] if session.rate else [])
    parts += [f"**cycle error {measured['cycle_error']:.2f}**",
              f"G(x) off Y {measured['off_y']:.2f}", f"F(y) off X {measured['off_x']:.2f}"]
    return " · ".join(parts) + (f" — {note}" if note else "")


@runs.locked
def frame(session: Session, note: str = "", losses: bool = True) -> Frame:
    """Both directions of the cycle over their discriminators, the losses (unless losses=False), the numbers."""
    t = session.trainer
    with one_thread():
        shown, decision, measured = t.translate(), t.decision(), t.measure()
    if losses or session.losses is None:
        session.losses = figures.losses_figure(t.history, t.config.identity)
    return Frame(figures.cycle_figure(shown, decision, t.bounds, "X"),
                 figures.cycle_figure(shown, decision, t.bounds, "Y"),
                 session.losses if losses else None, status(session, measured, note))


def _train(trainer: CycleGAN2D, n: int) -> None:
    with one_thread():  # torch's second thread costs more than it gives here, and starves the UI thread
        trainer.step(n)


@runs.locked
def train_frame(session: Session) -> tuple[Frame, bool]:
    """Train until the next frame is due, then draw. -> (frame, go on?): a diverged or time-boxed run stops."""
    if not session.run_started:
        session.run_started, session.pacer = time.monotonic(), runs.Pacer()
    pacer, session.stop_note = session.pacer, ""
    try:
        pacer.train(lambda n: _train(session.trainer, n), chunk=CHUNK)
    except TrainingDiverged as error:
        session.stop_note = f"⚠️ {error}"
    if time.monotonic() - session.run_started > runs.MAX_RUN_SECONDS:
        session.stop_note = f"paused after {runs.MAX_RUN_SECONDS // 60} minutes: press ▶ Train to go on"
    if session.stop_note:
        session.run_started, session.rate = 0.0, 0.0
        return frame(session, session.stop_note), False
    started = time.perf_counter()
    session.rate, session.frames = pacer.rate, session.frames + 1
    shown = frame(session, losses=session.frames % LOSSES_EVERY == 0)
    pacer.drawn(started, session.trainer.iterations)
    return shown, True
