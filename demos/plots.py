"""Figure and image helpers shared by several pages. Framework-free: numpy in, uint8 / plotly out."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

# one colour per digit class: D3's category10, the most distinct 10 (hex: plotly.js 3 and 4 both draw it)
DIGIT_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
MARGIN = dict(l=40, r=10, t=40, b=40)
# A white look set by hand: applying a named template (template="plotly_white") costs ~12 ms per figure,
# which is most of a slider update's budget.
AXIS = dict(gridcolor="#e5e7eb", zerolinecolor="#9ca3af", linecolor="#d1d5db")
STYLE = dict(paper_bgcolor="white", plot_bgcolor="white", margin=MARGIN, xaxis=AXIS, yaxis=AXIS)


def upscale(image: np.ndarray, scale: int = 8) -> np.ndarray:
    """(H, W) in [0, 1] or (H, W, 3) uint8 -> uint8, each pixel a scale x scale block (nearest)."""
    if image.dtype != np.uint8:
        image = (np.clip(image, 0.0, 1.0) * 255).round().astype(np.uint8)
    return image.repeat(scale, axis=0).repeat(scale, axis=1)


def image_grid(batch: np.ndarray, ncol: int, scale: int = 3, pad: int = 1) -> np.ndarray:
    """(N, H, W) in [0, 1] -> one uint8 grid image, ncol per row, a grey line between tiles."""
    n, h, w = batch.shape
    nrow = -(-n // ncol)
    canvas = np.full((nrow * (h + pad) + pad, ncol * (w + pad) + pad), 0.35, dtype=np.float32)
    for i, image in enumerate(batch):
        r, c = divmod(i, ncol)
        canvas[pad + r * (h + pad): pad + r * (h + pad) + h, pad + c * (w + pad): pad + c * (w + pad) + w] = image
    return upscale(canvas, scale)


def heat(values: np.ndarray, vmax: float = 1.0) -> np.ndarray:
    """(H, W) >= 0 -> (H, W, 3) uint8, black -> red -> yellow -> white ('hot'), saturating at vmax."""
    t = np.clip(values / vmax, 0.0, 1.0)
    rgb = np.stack([np.clip(3 * t, 0, 1), np.clip(3 * t - 1, 0, 1), np.clip(3 * t - 2, 0, 1)], axis=-1)
    return (rgb * 255).round().astype(np.uint8)


def bar_chart(values: np.ndarray, limit: float, title: str, height: int = 260) -> go.Figure:
    """One bar per component, on a fixed symmetric y-range so bars don't jump between updates."""
    bar = dict(type="bar", x=[f"z{i}" for i in range(len(values))], y=np.asarray(values, dtype=float),
               marker=dict(color=["#EF553B" if v < 0 else "#636EFA" for v in values]),
               hovertemplate="%{x} = %{y:.3f}<extra></extra>")
    layout = dict(STYLE, title=dict(text=title), height=height, showlegend=False,
                  yaxis=dict(AXIS, range=[-limit, limit], zeroline=True))
    return go.Figure(dict(data=[bar], layout=layout))


def class_scatter(points: np.ndarray, labels: np.ndarray, x_range: list[float], y_range: list[float],
                  title: str, height: int = 420) -> tuple[list[dict], dict]:
    """2-D points coloured by digit class (one legend entry per class), on fixed axes.

    Returns plain dicts (traces, layout): cache them, add a marker trace, then go.Figure(dict(...)).
    Building go objects one by one costs ~2 ms each, too slow to redo on every slider step.
    """
    traces = [dict(type="scatter", x=points[labels == d, 0], y=points[labels == d, 1], mode="markers",
                   name=str(d), marker=dict(size=5, color=DIGIT_COLORS[d], opacity=0.75),
                   hovertemplate=f"a {d}<extra></extra>") for d in range(10)]
    layout = dict(STYLE, title=dict(text=title), height=height,
                  legend=dict(title=dict(text="digit"), itemsizing="constant"),
                  xaxis=dict(AXIS, range=x_range, title=dict(text="z0")),
                  yaxis=dict(AXIS, range=y_range, title=dict(text="z1")))
    return traces, layout


def cross(x: float, y: float, name: str) -> dict:
    """A big black x marking one point (a trace dict for class_scatter's figures)."""
    return dict(type="scatter", x=[x], y=[y], mode="markers", name=name,
                marker=dict(size=16, color="black", symbol="x-thin", line=dict(width=3, color="black")))
