"""Minimax page: why gradient play on V(x, y) = xy circles its equilibrium, and which methods converge.

What the student must see: simultaneous gradient descent-ascent spirals *out* (the lecture's table of
states 1 -> 2 -> 3 -> 4 -> 1 repeats, a bit wider every turn), alternating updates go round a closed
ellipse forever, and extragradient, optimistic, consensus and negative momentum spiral *in*, each at the
rate its closed form predicts. Framework-free: plain values in; plotly figures, Markdown and dicts out.
The panels are drawn in panels.py; the maths is core.games.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from core import games
from demos import pages
from demos.api_contract import Refused, checked, numbers, real, some_of, whole

TITLE, SLUG = pages.MINIMAX.title, pages.MINIMAX.slug
INTRO = r"""Two players share one value $V(x, y) = xy$: $x$ wants it small, $y$ wants it large. The only
equilibrium is $(0, 0)$. Each does what SGD does, one gradient step on its own objective:

$$x_{t+1} = x_t - \eta\,\partial_x V = x_t - \eta\, y_t \qquad y_{t+1} = y_t + \eta\,\partial_y V = y_t + \eta\, x_t$$

That is a rotation by $\arctan\eta$ times a stretch of $\sqrt{1+\eta^2}$: SGD was not built to find a Nash
equilibrium. **Look for:** the signs of $x$, $y$, $V$ cycle through the lecture's states 1 → 4 and back
to 1, a little farther out every turn."""
METHODS_NOTE = r"""## The fixes
Each changes the step rule (the presets reproduce one setting from each paper):
*alternating*: $y$ sees the new $x$, $y_{t+1} = y_t + \eta\,x_{t+1}$ ·
*extragradient*: step with the gradient at a look-ahead point $\tilde z = z_t - \eta\,g(z_t)$ ·
*optimistic*: $z_{t+1} = z_t - 2\eta\,g(z_t) + \eta\,g(z_{t-1})$ ·
*consensus*: also descend $\gamma\,\tfrac12\lVert g\rVert^2$ ·
*negative momentum*: alternating plus $\beta\,(z_t - z_{t-1})$, $\beta < 0$ ·
*curvature* $c$: play $V = xy + \tfrac{c}{2}(x^2 - y^2)$ instead."""
PLANE_NOTE = r"""The arrows are the direction simultaneous play pushes, $(-\partial_x V, \partial_y V)$; the
shading is the sign of $V$ (red $V > 0$, blue $V < 0$). **Notice:** the arrows go *around* the
equilibrium, never towards it, so following them can only circle."""
DISTANCE_NOTE = r"""Distance $\lVert z_t \rVert$ to the equilibrium on a log scale: a straight line is a constant
factor per step. Dashed: the closed form from the roots of each method's characteristic polynomial,
$\lVert z_t \rVert \approx C \rho^{\,t}$; it lies on the simulation. **Notice:** simultaneous rises as
$(1+\eta^2)^{t/2}$, alternating stays level, the fixes fall."""
TABLE_NOTE = r"""The slides' table, generated from the first chosen method's run up to the current step: the sign
(+ or −) of $x$, $y$ and $V$, which way each player moves next ($\Delta x$, $\Delta y$: ↑ or ↓), and the
state; steps with the same signs share a row, and ↺ marks a return to state 1. **Notice:** the states come
back in the same order, 1 → 2 → 3 → 4 → 1, for every method; only $\lVert z\rVert$ tells a converging run
from a diverging one."""
STABILITY_NOTE = r"""Spectral radius $\rho(\eta)$ of each chosen method: the factor by which the distance shrinks
($\rho < 1$) or grows ($\rho > 1$) per step, in the long run. The vertical line is the current $\eta$.
**Notice**, for $c = 0$: simultaneous is above 1 for every $\eta > 0$; alternating sits on 1 up to $\eta = 2$;
extragradient converges for $\eta < 1$, optimistic for $\eta < 1/\sqrt3$, consensus for
$\eta < 2\gamma/(1+\gamma^2)$, negative momentum for $\eta < 2(1+\beta)$."""

LABELS = {"simultaneous": "simultaneous GDA", "alternating": "alternating GDA", "extragradient": "extragradient",
          "optimistic": "optimistic GDA", "consensus": "consensus (γ)", "negative_momentum": "negative momentum (β)"}
COLORS = {"simultaneous": "#d62728", "alternating": "#ff7f0e", "extragradient": "#2ca02c",
          "optimistic": "#1f77b4", "consensus": "#9467bd", "negative_momentum": "#8c564b"}
# the controls' ranges: (low, high, slider step); the API checks the same ones
RANGES = {"lr": (0.01, 2.5, 0.01), "steps": (1, 2000, 1), "x0": (-3.0, 3.0, 0.1), "y0": (-3.0, 3.0, 0.1),
          "gamma": (0.0, 10.0, 0.1), "beta": (-0.9, 0.9, 0.05), "c": (-0.5, 1.0, 0.05)}
HINTS = {"lr": "η, the step size of both players", "steps": "how many updates to run",
         "x0": "start of the minimising player", "y0": "start of the maximising player",
         "gamma": "consensus: weight of ½‖g‖²", "beta": "negative momentum: β < 0 damps the cycle",
         "c": "curvature: V = xy + (c/2)(x² − y²)"}
FPS = 8  # animation frames per second; a play shows about PLAY_FRAMES of them
PLAY_FRAMES = 80


@dataclass(frozen=True)
class Settings:
    """Everything a run depends on; hashable, so runs are cached by it."""
    methods: tuple[str, ...] = ("simultaneous",)
    lr: float = 0.1
    steps: int = 200
    x0: float = 1.0
    y0: float = 1.0
    gamma: float = 1.0  # consensus converges for lr < 2 gamma / (1 + gamma^2), fastest at gamma / (1 + gamma^2)
    beta: float = -0.5  # the negative momentum paper's theorem case
    c: float = 0.0  # the lecture's game; c > 0 gives plain GDA something to converge on


PRESETS = {
    "Lecture: V = xy, simultaneous GDA spirals out": Settings(),
    "Alternating GDA: bounded orbits, no convergence": Settings(("simultaneous", "alternating"), 0.3, 300),
    "Extragradient, from (2, 0.5) (Gidel et al. 2019, ICLR)": Settings(
        ("simultaneous", "alternating", "extragradient"), 0.5, 100, 2.0, 0.5),
    "Optimistic GDA, η = 0.1 (Daskalakis et al. 2018)": Settings(("simultaneous", "optimistic"), 0.1, 1000, 1.7, 1.4),
    "Consensus optimization, γ = 1 (Mescheder et al. 2017)": Settings(("simultaneous", "consensus"), 0.1, 200),
    "Negative momentum, β = −0.5 (Gidel et al. 2019, AISTATS)": Settings(("alternating", "negative_momentum"),
                                                                          0.5, 300),
    "Curvature c = 0.3: now plain GDA converges": Settings(("simultaneous", "alternating"), 0.1, 200, c=0.3),
    "All six methods": Settings(games.METHODS, 0.3, 300),
}
DEFAULT_PRESET = next(iter(PRESETS))
CONTROLS = ("methods", "lr", "steps", "x0", "y0", "gamma", "beta", "c")  # the order every UI passes them in


def preset(name: str | None) -> tuple:
    """A preset's control values, in CONTROLS order (an unknown name gives the lecture's example)."""
    s = PRESETS.get(name, PRESETS[DEFAULT_PRESET])
    return (list(s.methods), s.lr, s.steps, s.x0, s.y0, s.gamma, s.beta, s.c)


def _checked(name: str, value) -> float:
    low, high, _ = RANGES[name]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}.") from None
    if not (low <= number <= high):  # also refuses NaN
        raise ValueError(f"{name} must be between {low:g} and {high:g}, not {number:g}.")
    return number


def read(methods, lr, steps, x0, y0, gamma=Settings.gamma, beta=Settings.beta, c=Settings.c
         ) -> tuple[Settings | None, str]:
    """Control values, as any UI or API caller sends them -> (Settings, "") or (None, what is wrong)."""
    chosen = [methods] if isinstance(methods, str) else list(methods or [])
    unknown = [m for m in chosen if m not in games.METHODS]
    if unknown:
        return None, f"Unknown method {unknown[0]!r}: choose from {', '.join(games.METHODS)}."
    if not chosen:
        return None, "Choose at least one method."
    try:
        values = {name: _checked(name, v) for name, v in zip(CONTROLS[1:], (lr, steps, x0, y0, gamma, beta, c))}
    except ValueError as error:
        return None, str(error)
    values["steps"] = int(round(values["steps"]))
    return Settings(tuple(m for m in games.METHODS if m in chosen), **values), ""


@dataclass(frozen=True)
class MethodRun:
    path: np.ndarray  # (n + 1, 2) simulated; n < steps if it diverged
    predicted: np.ndarray  # (n + 1,) closed-form distance to (0, 0)
    rho: float  # spectral radius at this lr
    behaviour: str  # games.behaviour: converges, cycles, grows linearly or diverges


def params(method: str, s: Settings) -> dict[str, float]:
    """The parameters core.games takes for this method."""
    return {name: getattr(s, name) for name in games.PARAMS[method]}


@lru_cache(maxsize=64)
def run(s: Settings) -> dict[str, MethodRun]:
    """Simulate every chosen method (cached: scrubbing and playing redraw from the same run)."""
    runs = {}
    for m in s.methods:
        path = games.simulate(m, (s.x0, s.y0), s.lr, s.steps, **params(m, s))
        exact = games.closed_form(m, (s.x0, s.y0), s.lr, len(path) - 1, **params(m, s))
        rho = float(games.spectral_radius(m, s.lr, **params(m, s))[0])
        runs[m] = MethodRun(path, np.linalg.norm(exact, axis=1), rho, games.behaviour(m, s.lr, **params(m, s)))
    return runs


VERDICTS = {"converges": "converges", "cycles": "circles, never converges",
            "grows linearly": "drifts out, linearly", "diverges": "spirals out"}


def verdict(run: MethodRun) -> str:
    return VERDICTS[run.behaviour]


def frame(t, s: Settings) -> int:
    """A step index the panels can show: within [0, steps]; anything else is 0 or steps."""
    try:
        return int(np.clip(round(float(t)), 0, s.steps))
    except (TypeError, ValueError, OverflowError):
        return s.steps


def play_frames(t, s: Settings) -> list[int]:
    """The steps an animation shows from t on (from 0 if t is already at the end), about PLAY_FRAMES of them."""
    start = frame(t, s)
    start = 0 if start >= s.steps else start
    stride = max(1, -(-s.steps // PLAY_FRAMES))
    return [*range(start + stride, s.steps, stride), s.steps] if start < s.steps else [s.steps]


Methods, Start = some_of(*games.METHODS), numbers(2, 2, *RANGES["x0"][:2])  # the API's declarations, from RANGES
Lr, Gamma, Beta, C, Steps = [real(*RANGES[n][:2]) for n in ("lr", "gamma", "beta", "c")] + [whole(*RANGES["steps"][:2])]


@checked
def api_simulate(methods: Methods, z0: Start, lr: Lr = 0.1, steps: Steps = 200, gamma: Gamma = 1.0,
                 beta: Beta = -0.5, c: C = 0.0) -> dict:
    """The trajectories as JSON: {"methods": {name: {"trajectory", "distance", "closed_form_distance",
    "spectral_radius", "diverged_after"}}, "settings": ...}."""
    s, message = read(methods, lr, steps, *z0, gamma, beta, c)
    if s is None:
        raise Refused(message)
    out = {}
    for m, r in run(s).items():
        n = len(r.path) - 1
        out[m] = {"trajectory": r.path.tolist(), "distance": np.linalg.norm(r.path, axis=1).tolist(),
                  "closed_form_distance": r.predicted.tolist(), "spectral_radius": r.rho,
                  "verdict": verdict(r), "diverged_after": n if n < s.steps else None}
    return {"settings": {**vars(replace(s, methods=list(s.methods)))}, "methods": out}
