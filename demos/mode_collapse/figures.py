"""The Mode collapse page's figures: samples over the modes, the film strip, the mode histogram, the curves.

Framework-free: numpy in, plotly out. Built from plain dicts (fast), with fixed axes and sizes so nothing
jumps while a run streams, float32 arrays (sent as base64) and no template (as demos/gan/canvas.py).
Each function takes one entry per run shown: (label, data, colour).
"""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.metrics import nearest_modes
from demos.plots import AXIS, STYLE

REAL = "#16a34a"
COLORS = ("#7c3aed", "#ea580c")  # the first run, the second run
OFF = "#cbd5e1"  # samples far from every mode
LEAN = "none"  # no plotly template: it would travel with every frame
FILM = 8  # snapshots in the film strip
CIRCLE = np.stack([np.cos(np.linspace(0, 2 * np.pi, 25)), np.sin(np.linspace(0, 2 * np.pi, 25))], 1)


def extent(mixture) -> float:
    """Half the side of the square every plot of this mixture shows: the modes plus a margin."""
    return float(np.abs(mixture.centers).max() * 1.35 + 0.5)


def high_quality(samples: np.ndarray, mixture) -> np.ndarray:
    """Which samples lie within 3 standard deviations of their nearest mode (VEEGAN's test, core.metrics)."""
    return nearest_modes(samples, mixture.centers, mixture.std)[1]


def _circles(mixture) -> dict:
    """Every mode as a circle of radius 3 std: one polyline, NaN between circles."""
    rings = [np.vstack([c + 3 * mixture.std * CIRCLE, [[np.nan, np.nan]]]) for c in mixture.centers]
    path = np.concatenate(rings).astype(np.float32)
    return dict(type="scatter", x=path[:, 0], y=path[:, 1], mode="lines", name="mode (3 std)", hoverinfo="skip",
                line=dict(color=REAL, width=1.5))


def _square(half: float, index: str = "", domain=None, **extra) -> tuple[dict, dict]:
    x = dict(AXIS, range=[-half, half], constrain="domain", fixedrange=True, **extra)
    y = dict(x, scaleanchor=f"x{index}", scaleratio=1)
    if domain is not None:
        x["domain"], y["anchor"], x["anchor"] = domain, f"x{index}", f"y{index}"
    return x, y


def samples_figure(mixture, panels, height: int = 430) -> go.Figure:
    """One panel per run: its samples (coloured if high quality, grey if not) over the modes' 3-std circles."""
    half, traces, layout = extent(mixture), [], dict(STYLE, template=LEAN, height=height, uirevision="samples",
                                                     legend=dict(orientation="h", y=-0.06),
                                                     margin=dict(l=30, r=10, t=40, b=20), annotations=[])
    n = len(panels)
    for i, (label, samples, color) in enumerate(panels):
        index = "" if i == 0 else str(i + 1)
        domain = [i / n + (0.03 if i else 0), (i + 1) / n - (0.03 if i < n - 1 else 0)]
        layout[f"xaxis{index}"], layout[f"yaxis{index}"] = _square(half, index, domain)
        good = high_quality(samples, mixture)
        on = dict(xaxis=f"x{index}", yaxis=f"y{index}")
        traces += [dict(_circles(mixture), showlegend=i == 0, **on),
                   dict(type="scattergl", x=samples[~good, 0], y=samples[~good, 1], mode="markers",
                        name="off every mode", showlegend=i == 0, marker=dict(size=3, color=OFF), **on),
                   dict(type="scattergl", x=samples[good, 0], y=samples[good, 1], mode="markers",
                        name=f"{label}: high quality", marker=dict(size=3, color=color), **on)]
        layout["annotations"].append(dict(text=label, x=sum(domain) / 2, y=1.0, xref="paper", yref="paper",
                                          yanchor="bottom", showarrow=False, font=dict(size=13, color=color)))
    return go.Figure(dict(data=traces, layout=layout))


def film_figure(mixture, rows, height_per_row: int = 150) -> go.Figure:
    """Small multiples (Metz et al.'s figure): a row per run, its last FILM snapshots of samples, left to right.

    rows: (label, [(iteration, samples), ...], colour). Empty cells keep their place so nothing shifts."""
    half, traces, annotations = extent(mixture), [], []
    layout = dict(STYLE, template=LEAN, height=height_per_row * len(rows) + 20, showlegend=False,
                  margin=dict(l=10, r=10, t=10, b=5), uirevision="film")
    gap = 0.012
    for r, (label, film, color) in enumerate(rows):
        top = 1 - r / len(rows)
        for c in range(FILM):
            k = r * FILM + c + 1
            index = "" if k == 1 else str(k)
            x, y = _square(half, index, [c / FILM + gap, (c + 1) / FILM - gap], showticklabels=False)
            y["domain"] = [top - 1 / len(rows) + 0.03, top - 0.28 / len(rows)]
            layout[f"xaxis{index}"], layout[f"yaxis{index}"] = x, y
            on = dict(xaxis=f"x{index}", yaxis=f"y{index}")
            traces.append(dict(type="scatter", x=mixture.centers[:, 0].astype(np.float32),
                               y=mixture.centers[:, 1].astype(np.float32), mode="markers", hoverinfo="skip",
                               marker=dict(size=4, color=REAL, symbol="circle-open"), **on))
            shown = film[-FILM:]
            if c < len(shown):
                iteration, samples = shown[c]
                traces.append(dict(type="scatter", x=samples[:, 0], y=samples[:, 1], mode="markers",
                                   hoverinfo="skip", marker=dict(size=2, color=color), **on))
                annotations.append(dict(text=f"{iteration:,}", x=(c + 0.5) / FILM, y=top - 0.28 / len(rows),
                                        xref="paper", yref="paper", yanchor="bottom", showarrow=False,
                                        font=dict(size=10)))
        annotations.append(dict(text=f"{label}: snapshots at iteration", x=0, y=top, xref="paper", yref="paper",
                                xanchor="left", yanchor="top", showarrow=False, font=dict(size=11, color=color)))
    layout["annotations"] = annotations
    return go.Figure(dict(data=traces, layout=layout))


def histogram_figure(mixture, bars, height: int = 330) -> go.Figure:
    """Per mode, the share of all samples that are high quality there, one bar per run; the real shares as dots.

    bars: (label, counts (K,), colour) with counts out of `total` samples each."""
    k = len(mixture.centers)
    real = 100 * (mixture.weights if mixture.weights is not None else np.full(k, 1 / k))
    cap = float(min(100.0, 4 * real.max()))  # a fixed range; a taller bar is cut at the top and labelled
    names = [str(i + 1) for i in range(k)]
    traces = []
    for label, (counts, total), color in bars:
        share = 100 * np.asarray(counts, dtype=np.float64) / max(total, 1)
        traces.append(dict(type="bar", x=names, y=np.minimum(share, cap).astype(np.float32), name=label,
                           marker=dict(color=color), text=[f"↑{s:.0f}%" if s > cap else "" for s in share],
                           textposition="inside", hovertemplate="mode %{x}: %{customdata:.1f} %<extra></extra>",
                           customdata=share.astype(np.float32)))
    traces.append(dict(type="scatter", x=names, y=real.astype(np.float32), mode="markers", name="real share",
                       marker=dict(color=REAL, symbol="line-ew-open", size=18, line=dict(width=2.5, color=REAL))))
    layout = dict(STYLE, template=LEAN, height=height, barmode="group", bargap=0.15, uirevision="histogram",
                  title=dict(text="High-quality samples per mode", font=dict(size=13)),
                  xaxis=dict(AXIS, title=dict(text="mode"), type="category"),
                  yaxis=dict(AXIS, range=[0, cap], title=dict(text="% of samples")),
                  legend=dict(orientation="h", y=-0.25), margin=dict(l=45, r=10, t=40, b=40))
    return go.Figure(dict(data=traces, layout=layout))


def curves_figure(mixture, curves, x_max: int, height: int = 430) -> go.Figure:
    """Modes captured, % high quality and reverse KL (nats) against the iteration, a line per run.

    curves: (label, history dict with modes, hq, reverse_kl, measured_at, colour)."""
    k = len(mixture.centers)
    rows = (("modes", f"modes (of {k})", [0, k + 0.5], 1.0),
            ("hq", "% high quality", [0, 100], 100.0),
            ("reverse_kl", "reverse KL", [0, 1.05 * np.log(k)], 1.0))
    traces = []
    for i, (label, history, color) in enumerate(curves):
        x = np.asarray(history["measured_at"], dtype=np.float32)
        for r, (key, _, _, scale) in enumerate(rows):
            y = scale * np.asarray(history[key], dtype=np.float64)
            y = np.where(np.isfinite(y), y, np.nan).astype(np.float32)  # no high-quality sample: a gap
            traces.append(dict(type="scatter", x=x, y=y, mode="lines", name=label, showlegend=r == 0,
                               legendgroup=label, line=dict(color=color, width=2, dash="solid" if i == 0 else "dot"),
                               xaxis="x", yaxis="y" if r == 0 else f"y{r + 1}"))
    layout = dict(STYLE, template=LEAN, height=height, uirevision="curves", legend=dict(orientation="h", y=-0.14),
                  margin=dict(l=50, r=10, t=20, b=40),
                  xaxis=dict(AXIS, range=[0, x_max], title=dict(text="iteration"), anchor="y3"))
    for r, (_, title, span, _) in enumerate(rows):
        top = 1 - r * 0.35
        layout["yaxis" if r == 0 else f"yaxis{r + 1}"] = dict(AXIS, domain=[top - 0.3, top], range=span, anchor="x",
                                                             title=dict(text=title, font=dict(size=11)))
    return go.Figure(dict(data=traces, layout=layout))
