"""The CycleGAN page, level 1: a CycleGAN on two 2-D point clouds, trained live.

Framework-free. Both UIs keep one Session per user (gr.State / st.session_state) and call these functions;
the figures come from figures.py; training runs on the live engine (demos/live.py), which owns the time box,
divergence, Stop and the server's fair share. Changing a setting starts a new run: the clouds, λ and the
identity loss are fixed for a trainer's life.
"""
from __future__ import annotations

from typing import NamedTuple

from core.cyclegan2d import CycleGAN2D, CycleGAN2DConfig
from core.threads import one_thread
from demos import live, visitor
from demos.controls import take_all
from demos.cyclegan import controls, figures
from demos.cyclegan.controls import MAX_LAMBDA, MAX_SEED, PAIRS  # noqa: F401 (the page's names)

DEFAULTS = {c.name: c.default for c in controls.TOY}
LOSSES_EVERY = 4  # while training, the losses are redrawn every 4th frame (~1 s): three plots at 4 Hz stall a browser


class Frame(NamedTuple):
    forward: object  # plotly figures: X -> Y -> X, Y -> X -> Y, the losses (None: unchanged, see Session.losses)
    backward: object
    losses: object
    status: str


class OneThread:
    """A CycleGAN2D as the engine steps it: torch on the scheduler's thread alone. For networks this small its
    second thread costs more than it gives, and starves the threads that draw the frames."""

    def __init__(self, trainer: CycleGAN2D):
        self.trainer = trainer

    @property
    def iterations(self) -> int:
        return self.trainer.iterations

    def step(self, n: int) -> dict:
        with one_thread():
            return self.trainer.step(n)


class Session(visitor.Blank):
    """One user's level 1 (never shared between users): the live run and the losses figure last drawn. Session()
    is blank, gr.State's default, copied for each visitor at their first event; its trainer, a OneThread(CycleGAN2D)
    of the default settings, is made when first used (demos/visitor.py)."""

    def __init__(self):
        super().__init__()
        self.losses = None  # the losses figure last drawn (None: draw it with the next frame)
        self.frames = 0  # frames drawn while playing

    def make(self) -> None:
        self.run.swap(OneThread(CycleGAN2D(CycleGAN2DConfig(**DEFAULTS))))

    def draw(self, note: str = "") -> Frame:
        return _draw(self, note)

    @property
    def trainer(self) -> CycleGAN2D:
        return self.ready().trainer.trainer


def clean(pair=None, lam=None, identity=None, seed=None) -> tuple[dict, str]:
    """Control values (None, NaN, out of range, junk) -> valid settings, and what was changed to make them so
    (Control.take's notes, for the values given)."""
    given = {k: v for k, v in dict(pair=pair, lam=lam, identity=identity, seed=seed).items() if v is not None}
    settings, notes = take_all(controls.TOY, given)
    settings["lam"], settings["identity"] = float(settings["lam"]), bool(settings["identity"])
    return settings, "; ".join(notes)


def new_session() -> Session:
    """A visitor's level 1, its run made: the default settings at iteration 0."""
    session = Session()
    session.ready()
    return session


ready = visitor.ready  # the player's run_of: Train pressed before the page has loaded makes the run then


@live.locked
def reset(session: Session, pair=None, lam=None, identity=None, seed=None) -> str:
    """A new run from iteration 0 with these settings (a playing run goes on with it). -> what happened."""
    settings, note = clean(pair, lam, identity, seed)
    session.run.swap(OneThread(CycleGAN2D(CycleGAN2DConfig(**settings))))
    session.losses = None
    done = f"A new run: {describe(settings)}, iteration 0." + ("" if session.run.playing else " Press ▶ Train.")
    return f"{done} ({note})" if note else done


def describe(settings: dict) -> str:
    name = {v: k for k, v in PAIRS.items()}[settings["pair"]]
    words = "no cycle loss" if settings["lam"] == 0 else f"λ = {settings['lam']:g}"
    return f"{name}, {words}" + (", identity loss on" if settings["identity"] else "")


@live.locked
def apply(session: Session, pair=None, lam=None, identity=None, seed=None) -> str:
    """A control changed: a new run if any setting differs from the current run's ("" when none does)."""
    settings, _ = clean(pair, lam, identity, seed)
    c = session.trainer.config
    if settings == dict(pair=c.pair, lam=c.lam, identity=c.identity, seed=c.seed):
        return ""
    return reset(session, pair, lam, identity, seed)


def status(session: Session, measured: dict, note: str = "") -> str:
    t = session.trainer
    parts = [f"iteration {t.iterations:,}", *live.describe(session.run)]
    parts += [f"**cycle error {measured['cycle_error']:.2f}**",
              f"G(x) off Y {measured['off_y']:.2f}", f"F(y) off X {measured['off_x']:.2f}"]
    return " · ".join(parts) + (f" — {note}" if note else "")


@live.locked
def frame(session: Session, note: str = "", losses: bool = True) -> Frame:
    """Both directions of the cycle over their discriminators, the losses (None: unchanged, when losses=False
    and one was drawn already), the numbers."""
    t = session.trainer
    with one_thread():
        shown, decision, measured = t.translate(), t.decision(), t.measure()
    fresh = losses or session.losses is None
    if fresh:
        session.losses = figures.losses_figure(t.history, t.config.identity)
    return Frame(figures.cycle_figure(shown, decision, t.bounds, "X"),
                 figures.cycle_figure(shown, decision, t.bounds, "Y"),
                 session.losses if fresh else None, status(session, measured, note))


def _draw(session: Session, note: str) -> Frame:
    """The run's frame for the engine: while it plays, the losses are redrawn every LOSSES_EVERY frames only."""
    if not session.run.playing:
        return frame(session, note)
    session.frames += 1
    return frame(session, note, losses=session.frames % LOSSES_EVERY == 0)
