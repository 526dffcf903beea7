"""The Mode collapse page, framework-free: a per-user Session of one or two runs and their frames.

Both UIs keep one Session per user (gr.State / st.session_state) and call these functions. Two runs share
the mixture and the seed and advance together, one Pair stepped by the live engine (demos/live.py; the Pair and
the settings it is made from: runs.py); each stops at its method's STEPS. Every frame drawn is kept in the run's
history, and the timeline scrubs back through it (rewind.py, which also makes the film strip from it).
Figures: figures.py; words: methods.py; the benchmark table: table.py; the APIs: api.py.
"""
from __future__ import annotations

from typing import NamedTuple

from core.mode_collapse import STEPS
from core.threads import one_thread
from demos import history, live, pages, visitor
from demos.mode_collapse import figures, methods, rewind
from demos.mode_collapse.runs import DEFAULTS, FINISHED, Line, Pair, pair, parse_modes  # noqa: F401 (the page's names)

TITLE, SLUG = pages.MODE_COLLAPSE.title, pages.MODE_COLLAPSE.slug
POINTS = 500  # samples per API answer


class Frame(NamedTuple):
    samples: object  # plotly figures
    film: object
    histogram: object
    curves: object
    status: str


class Session(visitor.Blank):
    """One user's page: the live run (its trainer a Pair) and the settings it was built from. Blank until first
    used (Session() is gr.State's default, demos/visitor.py): its Pair is then made from its settings."""

    def __init__(self, settings: dict | None = None):
        super().__init__()
        self.settings = {**DEFAULTS, **(settings or {})}

    def make(self) -> None:
        """The Pair of its settings, at iteration 0; ValueError if one is bad."""
        trainer, self.settings = pair(self.settings)
        self.run.swap(trainer)
        _watch(self, trainer)

    def draw(self, note: str = "") -> Frame:
        return frame(self, note=note)

    @property
    def runs(self) -> list[Line]:
        return self.ready().trainer.lines


def build(settings: dict) -> Session:
    """A fresh session from settings, its runs made; ValueError if one is bad."""
    session = Session(settings)
    session.ready()
    return session


def _watch(session: Session, trainer: Pair) -> None:
    """The Pair keeps its frames in the session's run's history, from iteration 0 (the film strip's first)."""
    trainer.run = session.run
    rewind.keep(session.run, trainer)


def new_session() -> Session:
    return build({})


ready = visitor.ready  # the player's run_of: the session's run, its Pair made if there is none yet


@live.locked
def opened(session: Session, settings: dict) -> str:
    """The page has loaded, a link's settings set: runs from them, unless a first click (Play before the load) has
    already made them from the same settings: those go on. -> the note, "" when nothing changed."""
    if session.run.trainer is not None and {**DEFAULTS, **settings} == session.settings:
        return ""
    return rebuild(session, settings)


@live.locked
def rebuild(session: Session, settings: dict) -> str:
    """New settings: a fresh Pair in place (a playing run goes on with it), or a message and the old runs kept."""
    try:
        fresh, settings = pair(settings)
    except (ValueError, TypeError) as error:
        return f"⚠️ {error}"
    session.run.swap(fresh)
    _watch(session, fresh)
    session.settings = settings
    return "Ready: press Play."


def notes(session: Session) -> str:
    return "\n\n".join(methods.markdown(line.method) for line in session.runs)


def status(session: Session, shown: rewind.Still, note: str = "") -> str:
    """The status line of the frame shown (the runs now, or a frame from the history: rewind.frame_of)."""
    total = max(STEPS[r.method] for r in session.runs)
    parts = [f"iteration {shown.iteration:,} / {total:,}", *live.describe(session.run)]
    for line, shot in zip(session.runs, shown.shots):
        m, k = shot.scores, len(line.trainer.mixture.centers)
        parts.append(f"{methods.label(line.method)}: {m['modes']} / {k} modes, {100 * m['hq']:.1f} % high quality, "
                     f"reverse KL {m['reverse_kl']:.2f}".replace("inf", "∞"))
    return " · ".join(parts) + (f" — {note}" if note else "")


@live.locked
def frame(session: Session, note: str = "") -> Frame:
    """The page's figures and status, of the runs now or of the frame the timeline is scrubbed to."""
    with one_thread():  # torch's second thread only contends with the scheduler's for these small networks
        return _frame(session, note)


def _frame(session: Session, note: str) -> Frame:
    run = session.ready()
    shown = rewind.frame_of(run)  # measures every run first
    note = note or (history.where(run) if run.timeline.shown() else "")
    names = [methods.label(r.method) for r in session.runs]
    panels = list(zip(names, session.runs, shown.shots, figures.COLORS, rewind.film(run.timeline, shown)))
    mixture, x_max = session.runs[0].trainer.mixture, max(STEPS[r.method] for r in session.runs)
    return Frame(
        figures.samples_figure(mixture, [(name, s.samples, c, s.total) for name, _, s, c, _ in panels]),
        figures.film_figure(mixture, [(name, cells, c) for name, _, _, c, cells in panels]),
        figures.histogram_figure(mixture, [(name, (s.scores["counts"], s.total), c) for name, _, s, c, _ in panels]),
        figures.curves_figure(mixture, [(name, rewind.until(r.trainer.history, s.iteration), c)
                                        for name, r, s, c, _ in panels], x_max),
        status(session, shown, note))
