"""The CycleGAN page's 2-D figures: one cycle drawn with arrows over the target domain's discriminator, and the losses.

Framework-free: a core.cyclegan2d.CycleGAN2D in, plotly figures out: demos.plots.LiveFigure over plain dicts,
neither validated nor deep-copied per frame (a validated go.Figure cost ~5 ms each), layouts made once.
Fixed axes and sizes, so nothing jumps while training streams; float32 arrays (base64), no template.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from demos.plots import AXIS, NO_TEMPLATE, STYLE, figure, thinned

DOTS = 120  # of each cloud's 500 fixed points, this many are drawn (thousands of SVG dots at 4 Hz stall a browser)
ARROWS = 48  # of those, this many get their two arrows
SOURCE, TRANSLATED, BACK, TARGET = "#2563eb", "#ea580c", "#111827", "#6b7280"
FIRST_LEG, SECOND_LEG = "rgba(234,88,12,0.55)", "rgba(17,24,39,0.55)"
PRGN = [[0.0, "#762a83"], [0.25, "#c2a5cf"], [0.5, "#f7f7f7"], [0.75, "#a6dba0"], [1.0, "#1b7837"]]
DIRECTIONS = {  # which translation keys, which discriminator judges the middle step, the names shown
    "X": ("x", "G(x)", "F(G(x))", "y", "D<sub>Y</sub>", "X → Y → X", "y (real Y)"),
    "Y": ("y", "F(y)", "G(F(y))", "x", "D<sub>X</sub>", "Y → X → Y", "x (real X)"),
}
CURVES = [  # (history key, label, colour, row)
    ("g_loss", "G and F: adversarial (LSGAN)", "#f97316", 1), ("d_loss", "D_X and D_Y (LSGAN)", "#0ea5e9", 1),
    ("cycle", "cycle L1", "#111827", 2), ("identity", "identity L1", "#a855f7", 2),
]
MAX_POINTS = 300  # per curve; longer histories are thinned evenly
LEAN = NO_TEMPLATE  # no plotly template: its 7.6 kB would travel with every frame


def _legs(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Segments start -> end as one polyline with NaN breaks, and each arrowhead's angle (degrees clockwise from up)."""
    path = np.empty((len(start), 3, 2), dtype=np.float32)  # start, end, NaN: a break in the line
    path[:, 0], path[:, 1], path[:, 2] = start, end, np.nan
    path = path.reshape(-1, 2)
    delta = end - start
    return path[:, 0], path[:, 1], np.degrees(np.arctan2(delta[:, 0], delta[:, 1])).astype(np.float32)


def _arrow_traces(start: np.ndarray, end: np.ndarray, name: str, color: str, dash: str) -> list[dict]:
    xs, ys, angle = _legs(start, end)
    line = dict(type="scatter", x=xs, y=ys, mode="lines", name=name, hoverinfo="skip", legendgroup=name,
                line=dict(color=color, width=1.2, dash=dash))
    heads = dict(type="scatter", x=end[:, 0], y=end[:, 1], mode="markers", showlegend=False, hoverinfo="skip",
                 legendgroup=name, marker=dict(symbol="arrow", size=7, angle=angle, color=color, line=dict(width=0)))
    return [line, heads]


def _heat_trace(axis: np.ndarray, values: np.ndarray, name: str) -> dict:
    step = float(axis[1] - axis[0]) if len(axis) > 1 else 1.0  # evenly spaced cell centres: x0 + i dx
    return dict(type="heatmap", x0=float(axis[0]), dx=step, y0=float(axis[0]), dy=step, z=values.astype(np.float32),
                zmin=0.0, zmax=1.0, zsmooth="best", colorscale=PRGN, opacity=0.55, name=name,
                colorbar=dict(thickness=8, len=0.6, x=1.0, tickvals=[0, 0.5, 1], ticktext=["0 fake", "0.5", "1 real"],
                              tickfont=dict(size=10)),
                hovertemplate="(%{x:.2f}, %{y:.2f})<br>" + name + " = %{z:.2f}<extra></extra>")


def _dots(points: np.ndarray, name: str, **marker) -> dict:
    return dict(type="scatter", x=points[:, 0], y=points[:, 1],
                mode="markers", name=name, marker=marker, hovertemplate=name + " (%{x:.2f}, %{y:.2f})<extra></extra>")


def cycle_figure(shown: dict, decision: tuple, bounds: tuple[float, float], direction: str = "X",
                 height: int = 430) -> go.Figure:
    """One direction of the cycle: source points, their translations and the way back, arrows for a subset,
    over the heat map of the discriminator that judges the translations (shown = trainer.translate(),
    decision = trainer.decision())."""
    source, middle, back, target, judge, title, target_name = DIRECTIONS[direction]
    axis, d_x, d_y = decision
    shown = {k: v[np.linspace(0, len(v) - 1, DOTS).astype(int)] for k, v in shown.items()}
    pick = np.linspace(0, DOTS - 1, ARROWS).astype(int)
    traces = [_heat_trace(axis, d_y if direction == "X" else d_x, judge),
              _dots(shown[target], target_name, size=5, color=TARGET, opacity=0.45),
              _dots(shown[source], source, size=4, color=SOURCE, opacity=0.8),
              _dots(shown[middle], middle, size=4, color=TRANSLATED, opacity=0.8),
              _dots(shown[back][pick], f"{back} (for the arrowed points)", size=7, color=BACK, symbol="circle-open"),
              *_arrow_traces(shown[source][pick], shown[middle][pick], f"{source} → {middle}", FIRST_LEG, "solid"),
              *_arrow_traces(shown[middle][pick], shown[back][pick], f"{middle} → {back}", SECOND_LEG, "dot")]
    lo, hi = bounds
    return figure(traces, _cycle_layout(float(lo), float(hi), direction, height))


@lru_cache(maxsize=64)
def _cycle_layout(lo: float, hi: float, direction: str, height: int) -> dict:
    _, _, _, _, judge, title, _ = DIRECTIONS[direction]
    square = dict(AXIS, range=[lo, hi], constrain="domain", fixedrange=True)
    return dict(STYLE, template=LEAN, height=height, title=dict(text=f"{title}, over {judge}", font=dict(size=14)),
                xaxis=square, yaxis=dict(square, scaleanchor="x", scaleratio=1),
                legend=dict(orientation="h", y=-0.08, font=dict(size=11)), margin=dict(l=30, r=10, t=40, b=20),
                uirevision=f"cycle-{direction}")


@lru_cache(maxsize=16)
def _losses_layout(height: int) -> dict:
    return dict(STYLE, template=LEAN, height=height, showlegend=True, legend=dict(orientation="h", y=-0.22),
                margin=dict(l=45, r=10, t=30, b=40), title=dict(text="losses", font=dict(size=13)),
                xaxis=dict(AXIS, title=dict(text="iteration"), anchor="y2"),
                yaxis=dict(AXIS, domain=[0.56, 1.0], rangemode="tozero",
                           title=dict(text="adversarial", font=dict(size=11))),
                yaxis2=dict(AXIS, domain=[0.0, 0.44], rangemode="tozero", anchor="x",
                            title=dict(text="L1 (unweighted)", font=dict(size=11))))


def losses_figure(history: dict[str, list[float]], identity: bool, height: int = 360) -> go.Figure:
    """The adversarial losses above, the cycle (and identity) L1 below, on one iteration axis.

    Drawn at history["iteration"] when the history has it (a bounded history keeps fewer, evenly spaced
    entries), else at 1..n; each curve shows at most MAX_POINTS points."""
    traces = []
    for key, label, color, row in CURVES:
        if key == "identity" and not identity or not history.get(key):
            continue
        x, y = thinned(history[key], history.get("iteration"), MAX_POINTS)
        traces.append(dict(type="scatter", x=x, y=y, mode="lines", name=label, line=dict(color=color, width=1.5),
                           xaxis="x", yaxis="y" if row == 1 else "y2"))
    return figure(traces, _losses_layout(height))
