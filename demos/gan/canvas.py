"""The live GAN page's figures: GAN Lab's layered canvas, the training charts, and the gradient-signal panel.

Framework-free: a trainer in, plotly figures out. Every figure keeps fixed axes and size so nothing
jumps while training streams, and is built from plain dicts (go objects one by one cost ~2 ms each).
Streamed figures stay small: float32 arrays (sent as base64), NaN for breaks in a line, no template.
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.gan2d import GAN2D
from demos.plots import AXIS, STYLE

LAYERS = ("real samples", "fake samples", "D's decision", "G's manifold", "gradient arrows")
REAL, FAKE, ARROW = "#16a34a", "#7c3aed", "#db2777"
PRGN = [[0.0, "#762a83"], [0.25, "#c2a5cf"], [0.5, "#f7f7f7"], [0.75, "#a6dba0"], [1.0, "#1b7837"]]
ARROW_UNIT = 0.15  # GAN Lab's arrow length per unit of gradient, in unit-square coordinates
MAX_POINTS = 400  # chart points per curve; longer histories are thinned evenly
LEAN = "none"  # no plotly template: its 7.6 kB would travel with every frame of every figure (4 a second)


def _gridlines(manifold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A warped grid (rows, cols, 2) as one polyline with NaN breaks: rows, then columns."""
    lines = [line for grid in (manifold, manifold.transpose(1, 0, 2)) for line in grid if len(line) > 1]
    path = np.concatenate([np.vstack([line, [[np.nan, np.nan]]]) for line in lines]).astype(np.float32)
    return path[:, 0], path[:, 1]


def _arrows(trainer: GAN2D, fakes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = trainer.data.bounds
    span = hi - lo
    push = trainer.fake_gradients() * ARROW_UNIT * span ** 2  # the same look at any canvas scale
    length = np.linalg.norm(push, axis=1, keepdims=True)
    push = push * np.minimum(1.0, 0.25 * span / np.maximum(length, 1e-12))  # keep arrows on the canvas
    tips = fakes + push
    gaps = np.full(len(fakes), np.nan)
    xs = np.stack([fakes[:, 0], tips[:, 0], gaps], 1).ravel().astype(np.float32)  # NaN: a break in the line
    ys = np.stack([fakes[:, 1], tips[:, 1], gaps], 1).ravel().astype(np.float32)
    return xs, ys


def _decision_trace(trainer: GAN2D) -> dict:
    axis, _ = trainer.grid(30)
    values = trainer.decision(30)
    if trainer.probabilistic:
        zmin, zmax, title = 0.0, 1.0, "D(x)"
    else:
        limit = float(np.abs(values).max()) or 1.0
        zmin, zmax, title = -limit, limit, "D score"
    axis = axis.astype(np.float32)
    return dict(type="heatmap", x=axis, y=axis, z=values.astype(np.float32), zmin=zmin, zmax=zmax,
                colorscale=PRGN, opacity=0.75,
                showscale=True, colorbar=dict(title=dict(text=title), thickness=10, len=0.6),
                hovertemplate="x=%{x:.2f}, y=%{y:.2f}<br>" + title + "=%{z:.2f}<extra></extra>")


def canvas_figure(trainer: GAN2D, layers=LAYERS, caption: str = "", height: int = 460) -> go.Figure:
    """GAN Lab's layered view: real and fake dots, D over the plane, G's warped noise grid, G's pull on each fake."""
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
        real = trainer.shown_real
        traces.append(dict(type="scatter", x=real[:, 0], y=real[:, 1], mode="markers", name="real",
                           marker=dict(size=4, color=REAL, opacity=0.7), hovertemplate="real (%{x:.2f}, %{y:.2f})"))
    if "fake samples" in layers:
        traces.append(dict(type="scatter", x=fakes[:, 0], y=fakes[:, 1], mode="markers", name="fake",
                           marker=dict(size=5, color=FAKE), hovertemplate="fake (%{x:.2f}, %{y:.2f})"))
    if "gradient arrows" in layers:
        xs, ys = _arrows(trainer, fakes)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", name="G's gradient", hoverinfo="skip",
                           line=dict(color=ARROW, width=1.5)))
    lo, hi = trainer.data.bounds
    square = dict(AXIS, range=[lo, hi], constrain="domain", fixedrange=True)
    layout = dict(STYLE, template=LEAN, height=height,
                  title=dict(text=caption or trainer.data.title, font=dict(size=14)),
                  xaxis=square, yaxis=dict(square, scaleanchor="x", scaleratio=1),
                  legend=dict(orientation="h", y=-0.08), margin=dict(l=30, r=10, t=40, b=30), uirevision="canvas")
    return go.Figure(dict(data=traces, layout=layout))


def _thin(values: list[float], at: list[float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """At most MAX_POINTS evenly spaced points of a curve, as compact float32 (NaN/inf: a gap)."""
    x = np.asarray(at if at is not None else np.arange(1, len(values) + 1), dtype=np.float32)
    y = np.asarray(values, dtype=np.float64)
    stride = max(1, len(y) // MAX_POINTS)
    y = y[::stride]
    return x[::stride], np.where(np.isfinite(y), y, np.nan).astype(np.float32)


CURVES = [  # (history key, label, colour, row)
    ("d_loss", "D loss", "#0ea5e9", 1), ("g_loss", "G loss", "#f97316", 1),
    ("d_real", "mean D(real)", REAL, 2), ("d_fake", "mean D(fake)", FAKE, 2),
    ("kl", "KL(real‖fake), bits", "#dc2626", 3), ("js", "JS, bits", "#64748b", 3),
]


def charts_figure(history: dict[str, list[float]], height: int = 460, rows: int = 3) -> go.Figure:
    """Loss curves, mean D outputs and (when measured) KL / JS, stacked on one shared step axis."""
    traces = []
    for key, label, color, row in CURVES:
        if row > rows or not history.get(key):
            continue
        at = history.get("measured_at") if key in ("kl", "js") else None
        x, y = _thin(history[key], at)
        traces.append(dict(type="scatter", x=x, y=y, mode="lines", name=label, line=dict(color=color, width=1.5),
                           xaxis="x", yaxis="y" if row == 1 else f"y{row}"))
    gap = 0.06
    band = (1 - gap * (rows - 1)) / rows
    titles = ["losses", "mean D output", "divergence on the grid"][:rows]
    layout = dict(STYLE, template=LEAN, height=height, showlegend=True, legend=dict(orientation="h", y=-0.2),
                  margin=dict(l=45, r=10, t=20, b=40),
                  xaxis=dict(AXIS, title=dict(text="iteration"), anchor=f"y{rows}" if rows > 1 else "y"))
    for row in range(1, rows + 1):
        top = 1 - (row - 1) * (band + gap)
        layout["yaxis" if row == 1 else f"yaxis{row}"] = dict(
            AXIS, domain=[top - band, top], title=dict(text=titles[row - 1], font=dict(size=11)))
        if row > 1:
            layout[f"yaxis{row}"]["anchor"] = "x"
    return go.Figure(dict(data=traces, layout=layout))


def signal_figure(trainer: GAN2D, height: int = 320) -> go.Figure:
    """The slide's two generator losses as functions of D(G(z)), with the current fakes marked on both.

    Where D rejects the fakes (D(G(z)) near 0), log(1 − D) is flat: almost no gradient for G. −log D is steep there.
    """
    d = np.linspace(0.002, 0.998, 200, dtype=np.float32)
    traces = [dict(type="scatter", x=d, y=np.log(1 - d), mode="lines", name="log(1 − D(G(z))) (minimax)",
                   line=dict(color="#0ea5e9")),
              dict(type="scatter", x=d, y=-np.log(d), mode="lines", name="−log D(G(z)) (non-saturating)",
                   line=dict(color="#f97316"))]
    if trainer.probabilistic:
        now = np.clip(trainer.d_of(trainer.fakes()), 0.002, 0.998)
        traces += [dict(type="scatter", x=now, y=np.log(1 - now), mode="markers", name="current fakes",
                        marker=dict(color=FAKE, size=6, opacity=0.6), showlegend=True),
                   dict(type="scatter", x=now, y=-np.log(now), mode="markers", showlegend=False,
                        marker=dict(color=FAKE, size=6, opacity=0.6))]
    title = "G's loss vs D(G(z))" + ("" if trainer.probabilistic else " (for the log losses; D now outputs a score)")
    layout = dict(STYLE, template=LEAN, height=height, title=dict(text=title, font=dict(size=13)),
                  xaxis=dict(AXIS, range=[0, 1], title=dict(text="D(G(z))")),
                  yaxis=dict(AXIS, range=[-6.5, 6.5], title=dict(text="G's loss")),
                  legend=dict(orientation="h", y=-0.3), margin=dict(l=45, r=10, t=40, b=40))
    return go.Figure(dict(data=traces, layout=layout))
