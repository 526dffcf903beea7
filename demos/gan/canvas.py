"""The live GAN page's figures: GAN Lab's layered canvas, the training charts, and the gradient-signal panel.

Framework-free: a trainer in, plotly figures out. Every figure keeps fixed axes and size so nothing
jumps while training streams. They are demos.plots.LiveFigure: plain dicts, neither validated nor
deep-copied per frame (a validated go.Figure cost ~10 ms a frame, for every student), with float32
arrays sent as base64, no template, and what doesn't change between frames (layouts, the real
samples, the signal panel's curves) made once.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from core.gan2d import GAN2D
from demos.plots import AXIS, NO_TEMPLATE, STYLE, Once, figure, thinned

LAYERS = ("real samples", "fake samples", "D's decision", "G's manifold", "gradient arrows")
REAL, FAKE, ARROW = "#16a34a", "#7c3aed", "#db2777"
PRGN = [[0.0, "#762a83"], [0.25, "#c2a5cf"], [0.5, "#f7f7f7"], [0.75, "#a6dba0"], [1.0, "#1b7837"]]
ARROW_UNIT = 0.15  # GAN Lab's arrow length per unit of gradient, in unit-square coordinates
MAX_POINTS = 300  # chart points per curve; longer histories are thinned evenly
LEAN = NO_TEMPLATE  # no plotly template: its 7.6 kB would travel with every frame of every figure (4 a second)
CELLS = 30  # D's heat map: CELLS x CELLS cells over the canvas
NOTED = 0.1  # the canvas and the status say where the fakes went once this share of them is off the canvas
CANVAS_HEIGHT = 460  # px


def _gridlines(manifold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A warped grid (rows, cols, 2) as one polyline with NaN breaks: rows, then columns."""
    parts = []
    for grid in (manifold, manifold.transpose(1, 0, 2)):
        if grid.shape[1] > 1:  # a 1-D noise's "grid" is one curve: its rows are single points
            gaps = np.full((grid.shape[0], 1, 2), np.nan, dtype=np.float32)
            parts.append(np.concatenate([grid.astype(np.float32), gaps], axis=1).reshape(-1, 2))
    path = np.concatenate(parts)
    return path[:, 0], path[:, 1]


def _arrows(trainer: GAN2D, fakes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = trainer.data.bounds
    span = hi - lo
    push = trainer.fake_gradients() * ARROW_UNIT * span ** 2  # the same look at any canvas scale
    length = np.linalg.norm(push, axis=1, keepdims=True)
    push = push * np.minimum(1.0, 0.25 * span / np.maximum(length, 1e-12))  # keep arrows on the canvas
    path = np.empty((len(fakes), 3, 2), dtype=np.float32)  # fake, tip, NaN: a break in the line
    path[:, 0], path[:, 1], path[:, 2] = fakes, fakes + push, np.nan
    path = path.reshape(-1, 2)
    return path[:, 0], path[:, 1]


def _decision_trace(trainer: GAN2D) -> dict:
    values = trainer.decision(CELLS)
    if trainer.probabilistic:
        zmin, zmax, title = 0.0, 1.0, "D(x)"
    else:
        limit = float(np.abs(values).max()) or 1.0
        zmin, zmax, title = -limit, limit, "D score"
    lo, hi = trainer.data.bounds
    cell = (hi - lo) / CELLS  # cell centres as x0 + i dx: two numbers instead of two arrays
    return dict(type="heatmap", x0=lo + cell / 2, dx=cell, y0=lo + cell / 2, dy=cell, z=values.astype(np.float32),
                zmin=zmin, zmax=zmax, colorscale=PRGN, opacity=0.75,
                showscale=True, colorbar=dict(title=dict(text=title), thickness=10, len=0.6),
                hovertemplate="x=%{x:.2f}, y=%{y:.2f}<br>" + title + "=%{z:.2f}<extra></extra>")


@Once
def _real_trace(real: np.ndarray) -> dict:
    """The real samples shown, fixed for a trainer's life: made once, as contiguous float32 columns."""
    x, y = (np.ascontiguousarray(real[:, i], dtype=np.float32) for i in (0, 1))
    return dict(type="scatter", x=x, y=y, mode="markers", name="real",
                marker=dict(size=4, color=REAL, opacity=0.7), hovertemplate="real (%{x:.2f}, %{y:.2f})")


@lru_cache(maxsize=256)
def _canvas_layout(lo: float, hi: float, height: int, title: str) -> dict:
    square = dict(AXIS, range=[lo, hi], constrain="domain", fixedrange=True)
    return dict(STYLE, template=LEAN, height=height, title=dict(text=title, font=dict(size=14)),
                xaxis=square, yaxis=dict(square, scaleanchor="x", scaleratio=1),
                legend=dict(orientation="h", y=-0.08), margin=dict(l=30, r=10, t=40, b=30), uirevision="canvas")


def off_canvas(trainer: GAN2D, fakes: np.ndarray | None = None) -> tuple[int, np.ndarray | None]:
    """How many of the shown fakes lie off the canvas, and their median position (None when none do)."""
    fakes = trainer.fakes() if fakes is None else fakes
    lo, hi = trainer.data.bounds
    off = ~((fakes >= lo) & (fakes <= hi)).all(axis=1)
    return int(off.sum()), (np.median(fakes[off], axis=0) if off.any() else None)


def _off_canvas_trace(fakes: np.ndarray, lo: float, hi: float) -> dict | None:
    """Fakes past the canvas's edge, pinned to it as arrowheads that point the way they went."""
    off = ~((fakes >= lo) & (fakes <= hi)).all(axis=1)
    if not off.any():
        return None
    inset = 0.015 * (hi - lo)
    pinned = np.clip(fakes[off], lo + inset, hi - inset)
    way = fakes[off] - pinned
    angle = np.degrees(np.arctan2(way[:, 0], way[:, 1]))  # plotly's marker angle: clockwise from up
    return dict(type="scatter", x=pinned[:, 0], y=pinned[:, 1], mode="markers", name="fake, off the canvas",
                marker=dict(size=11, color=FAKE, symbol="arrow", angle=angle.astype(np.float32), opacity=0.8),
                hoverinfo="skip")


def _where_they_went(count: int, total: int, place: np.ndarray) -> dict:
    return dict(text=f"{count} of {total} fakes off the canvas, around ({place[0]:.3g}, {place[1]:.3g})",
                xref="paper", yref="paper", x=0.5, y=1.0, yanchor="top", showarrow=False,
                font=dict(size=12, color=FAKE), bgcolor="rgba(255,255,255,0.85)")


def canvas_figure(trainer: GAN2D, layers=LAYERS, caption: str = "", height: int = CANVAS_HEIGHT) -> go.Figure:
    """GAN Lab's layered view: real and fake dots, D over the plane, G's warped noise grid, G's pull on each fake.

    Fakes that leave the canvas are pinned to its edge as arrowheads, and a note says how many went where."""
    layers = set(layers)
    fakes = trainer.fakes()
    traces = []
    if "D's decision" in layers:
        traces.append(_decision_trace(trainer))
    if "G's manifold" in layers:
        xs, ys = _gridlines(trainer.manifold(20))
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", name="G's manifold", hoverinfo="skip",
                           line=dict(color="rgba(124,58,237,0.35)", width=1)))
    if "real samples" in layers:
        traces.append(_real_trace(trainer.shown_real))
    if "fake samples" in layers:
        traces.append(dict(type="scatter", x=fakes[:, 0], y=fakes[:, 1], mode="markers", name="fake",
                           marker=dict(size=5, color=FAKE), hovertemplate="fake (%{x:.2f}, %{y:.2f})"))
        traces += [t for t in [_off_canvas_trace(fakes, *trainer.data.bounds)] if t]
    if "gradient arrows" in layers:
        xs, ys = _arrows(trainer, fakes)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", name="G's gradient", hoverinfo="skip",
                           line=dict(color=ARROW, width=1.5)))
    lo, hi = trainer.data.bounds
    layout = _canvas_layout(float(lo), float(hi), height, caption or trainer.data.title)
    count, place = off_canvas(trainer, fakes)
    if count >= NOTED * len(fakes) and "fake samples" in layers:
        layout = dict(layout, annotations=[_where_they_went(count, len(fakes), place)])
    return figure(traces, layout)


CURVES = [  # (history key, label, colour, row)
    ("d_loss", "D loss", "#0ea5e9", 1), ("g_loss", "G loss", "#f97316", 1),
    ("d_real", "mean D(real)", REAL, 2), ("d_fake", "mean D(fake)", FAKE, 2),
    ("kl", "KL(real‖fake), bits", "#dc2626", 3), ("js", "JS, bits", "#64748b", 3),
]
MEASURED = ("kl", "js")  # logged by measure(), at history["measured_at"]; the rest at history["iteration"]
_NO_POINTS = np.full(1, np.nan, dtype=np.float32)  # not logged yet: empty arrays made plotly.js 3 draw NaN paths


@lru_cache(maxsize=32)
def _charts_layout(height: int, rows: int) -> dict:
    gap = 0.06
    band = (1 - gap * (rows - 1)) / rows
    titles = ["losses", "mean D output", "divergence on the grid"][:rows]
    xaxis = dict(AXIS, title=dict(text="iteration"), rangemode="nonnegative", anchor=f"y{rows}" if rows > 1 else "y")
    legend = dict(orientation="h", x=0, y=1.02, yanchor="bottom")  # above: the margin grows to the lines it wraps to
    layout = dict(STYLE, template=LEAN, height=height, showlegend=True, legend=legend,
                  margin=dict(l=45, r=10, t=20, b=45), xaxis=xaxis)
    for row in range(1, rows + 1):
        top = 1 - (row - 1) * (band + gap)
        layout["yaxis" if row == 1 else f"yaxis{row}"] = dict(
            AXIS, domain=[top - band, top], title=dict(text=titles[row - 1], font=dict(size=11)))
        if row > 1:
            layout[f"yaxis{row}"]["anchor"] = "x"
    return layout


def charts_figure(history: dict[str, list[float]], height: int = 460, rows: int = 3) -> go.Figure:
    """Loss curves, mean D outputs and (when measured) KL / JS, stacked on one shared iteration axis.

    Per-iteration series are drawn at history["iteration"] when the history has it (a bounded history
    keeps fewer, evenly spaced entries), else at 1..n; each curve shows at most MAX_POINTS points (one: a dot). A
    curve with no points yet is a blank trace, so every row's axes and legend entry are there from iteration 0."""
    traces = []
    for key, label, color, row in CURVES:
        if row > rows:
            continue
        x, y = _NO_POINTS, _NO_POINTS
        if len(history.get(key, ())):  # lists, or a rewound frame's arrays
            x, y = thinned(history[key], history.get("measured_at" if key in MEASURED else "iteration"), MAX_POINTS)
        dot = len(x) == 1 and x is not _NO_POINTS  # one point: a line would draw nothing
        traces.append(dict(type="scatter", x=x, y=y, mode="markers" if dot else "lines", name=label,
                           line=dict(color=color, width=1.5), marker=dict(color=color, size=5),
                           xaxis="x", yaxis="y" if row == 1 else f"y{row}"))
    return figure(traces, _charts_layout(height, rows))


_D = np.linspace(0.002, 0.998, 200, dtype=np.float32)
_SMALL = "<span style='font-size:11px'>"  # a title's second line
_SIGNAL_CURVES = [  # the same every frame: made once
    dict(type="scatter", x=_D, y=np.log(1 - _D), mode="lines", name="log(1 − D(G(z))) (minimax)",
         line=dict(color="#0ea5e9")),
    dict(type="scatter", x=_D, y=-np.log(_D), mode="lines", name="−log D(G(z)) (non-saturating)",
         line=dict(color="#f97316"))]


@lru_cache(maxsize=16)
def _signal_layout(height: int, probabilistic: bool) -> dict:
    """Short title lines and the legend inside the empty top right (no curve goes there), so that nothing runs out
    of the figure or over the axis title at a phone's 360 px (issue 17: the title ran out in Streamlit at 1280 px)."""
    title = "G's loss vs D(G(z))"
    title += "" if probabilistic else f"<br>{_SMALL}(the log losses; D now gives a score)</span>"
    legend = dict(x=0.99, y=0.99, xanchor="right", yanchor="top", bgcolor="rgba(255,255,255,0.8)", font=dict(size=11))
    return dict(STYLE, template=LEAN, height=height, title=dict(text=title, font=dict(size=13)),
                xaxis=dict(AXIS, range=[0, 1], title=dict(text="D(G(z))")),
                yaxis=dict(AXIS, range=[-6.5, 6.5], title=dict(text="G's loss")),
                legend=legend, margin=dict(l=45, r=10, t=58, b=45))


def _pull_title(trainer: GAN2D, layout: dict) -> dict:
    """The title's second line: how hard each log loss pulls the current fakes, the one in use in bold."""
    pulls = [f"<b>{name} {trainer.pull(loss):.2g}</b>" if loss == trainer.config.loss else f"{name} {trainer.pull(loss):.2g}"
             for loss, name in (("minimax", "log(1 − D)"), ("nonsaturating", "−log D"))]
    text = layout["title"]["text"] + f"<br>{_SMALL}pull on the fakes now: " + " · ".join(pulls)
    return dict(layout, title=dict(layout["title"], text=text + "</span>"))


def signal_figure(trainer: GAN2D, height: int = 320) -> go.Figure:
    """The slide's two generator losses as functions of D(G(z)), with the current fakes marked on both,
    and how hard each loss pulls them now (the mean length of G's gradient at the fakes).

    Where D rejects the fakes (D(G(z)) near 0), log(1 − D) is flat: almost no gradient for G. −log D is steep there.
    """
    traces, layout = list(_SIGNAL_CURVES), _signal_layout(height, bool(trainer.probabilistic))
    if trainer.probabilistic:
        now = np.clip(trainer.d_of(trainer.fakes()), 0.002, 0.998)
        traces += [dict(type="scatter", x=now, y=np.log(1 - now), mode="markers", name="current fakes",
                        marker=dict(color=FAKE, size=6, opacity=0.6), showlegend=True),
                   dict(type="scatter", x=now, y=-np.log(now), mode="markers", showlegend=False,
                        marker=dict(color=FAKE, size=6, opacity=0.6))]
        layout = _pull_title(trainer, layout)
    return figure(traces, layout)
