"""The Mode collapse page's figures: samples over the modes, the film strip, the mode histogram, the curves.

Framework-free: numpy in, plotly out. demos.plots.LiveFigure over plain dicts (neither validated nor
deep-copied per frame), with fixed axes and sizes so nothing jumps while a run streams, float32 arrays
(sent as base64), no template, and the layouts and mode circles made once (as demos/gan/canvas.py).
Each function takes one entry per run shown: (label, data, colour).

Every trace is SVG: the page redraws 3-4 times a second, and a WebGL trace (scattergl) took a fresh WebGL
context on each redraw ("Too many active WebGL contexts" 50 times in 15 s, 1.7 frames/s). SVG stays fast
because the dots are thinned for display: at most SHOWN of a run's samples, FILM_SHOWN per snapshot.
The numbers (modes, % high quality, the histogram) are measured on every sample, not on the drawn ones.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from core.metrics import nearest_modes
from demos.plots import AXIS, NO_TEMPLATE, STYLE, Once, figure, thinned

REAL = "#16a34a"
COLORS = ("#7c3aed", "#ea580c")  # the first run, the second run
OFF = "#cbd5e1"  # samples far from every mode
LEAN = NO_TEMPLATE  # no plotly template: it would travel with every frame
FILM = 8  # snapshots in the film strip
SHOWN = 700  # samples drawn per run (of 2,500): SVG dots, a few thousand a frame at most
FILM_SHOWN = 200  # samples drawn per film-strip snapshot (of the SHOWN its frame keeps)
MAX_POINTS = 300  # per curve; longer histories are thinned evenly
CIRCLE = np.stack([np.cos(np.linspace(0, 2 * np.pi, 25)), np.sin(np.linspace(0, 2 * np.pi, 25))], 1)


def extent(mixture) -> float:
    """Half the side of the square every plot of this mixture shows: the modes plus a margin."""
    return float(np.abs(mixture.centers).max() * 1.35 + 0.5)


def high_quality(samples: np.ndarray, mixture) -> np.ndarray:
    """Which samples lie within 3 standard deviations of their nearest mode (VEEGAN's test, core.metrics)."""
    return nearest_modes(samples, mixture.centers, mixture.std)[1]


def _every(points: np.ndarray, most: int) -> np.ndarray:
    """At most `most` of the points, evenly spread through the array (the samples are i.i.d.: a fair subset)."""
    return points[::-(-len(points) // most)] if len(points) > most else points


@Once
def _circles(mixture) -> dict:
    """Every mode as a circle of radius 3 std: one polyline, NaN between circles (made once per mixture)."""
    rings = [np.vstack([c + 3 * mixture.std * CIRCLE, [[np.nan, np.nan]]]) for c in mixture.centers]
    path = np.concatenate(rings).astype(np.float32)
    return dict(type="scatter", x=path[:, 0], y=path[:, 1], mode="lines", name="mode (3 std)",
                hoverinfo="skip", line=dict(color=REAL, width=1.5))


def _square(half: float, index: str = "", domain=None, **extra) -> tuple[dict, dict]:
    x = dict(AXIS, range=[-half, half], constrain="domain", fixedrange=True, **extra)
    y = dict(x, scaleanchor=f"x{index}", scaleratio=1)
    if domain is not None:
        x["domain"], y["anchor"], x["anchor"] = domain, f"x{index}", f"y{index}"
    return x, y


def _domain(i: int, n: int) -> list[float]:
    return [i / n + (0.03 if i else 0), (i + 1) / n - (0.03 if i < n - 1 else 0)]


def _title(label: str, panels: int) -> str:
    """A panel's title: beside another panel, a long label breaks at its middle space (a phone gives a panel ~150 px)."""
    if panels < 2 or len(label) <= 14 or " " not in label:
        return label
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return label[:cut] + "<br>" + label[cut + 1:]


@lru_cache(maxsize=128)
def _samples_layout(half: float, height: int, heads: tuple, counts: tuple) -> dict:
    """heads: (label, colour) per panel; counts: the distinct (drawn, total) of the panels.

    One note for the figure, at its top, over the panels' titles; each title sits on its own panel (its y axis's
    domain, which the square shrinks), so titles and note never meet however narrow the figure is."""
    each = "each run: " if len(heads) > 1 else ""
    note = " / ".join(f"{drawn:,} of its {total:,} samples drawn" for drawn, total in counts if drawn != total)
    layout = dict(STYLE, template=LEAN, height=height, uirevision="samples", legend=dict(orientation="h", y=-0.06),
                  margin=dict(l=30, r=10, t=40 if note else 10, b=20), annotations=[])
    if note:
        text = f"{each}{note};<br>the numbers count all {counts[0][1]:,}"
        layout["annotations"].append(dict(text=text, x=0.5, y=1, xref="paper", yref="paper", yanchor="bottom",
                                          yshift=4, showarrow=False, font=dict(size=10, color="#6b7280")))
    n = len(heads)
    for i, (label, color) in enumerate(heads):
        index = "" if i == 0 else str(i + 1)
        layout[f"xaxis{index}"], layout[f"yaxis{index}"] = _square(half, index, _domain(i, n))
        layout["annotations"].append(dict(text=_title(label, n), x=0.5, y=1, xref=f"x{index} domain",
                                          yref=f"y{index} domain", yanchor="bottom", showarrow=False,
                                          font=dict(size=13, color=color)))
    return layout


def samples_figure(mixture, panels, height: int = 380) -> go.Figure:
    """One panel per run: its samples (coloured if high quality, grey if not) over the modes' 3-std circles.

    panels: (label, samples, colour) or (label, samples, colour, total): `total` when the samples given are
    already a thinned subset of that many (a frame from the history). At most SHOWN samples a run are drawn
    (evenly through the batch), as SVG dots; the figure's note says so."""
    half, traces, heads, counts = extent(mixture), [], [], []
    for i, (label, samples, color, *total) in enumerate(panels):
        index = "" if i == 0 else str(i + 1)
        drawn = _every(samples, SHOWN)
        total = total[0] if total else len(samples)
        heads.append((label, color))
        counts += [] if (len(drawn), total) in counts else [(len(drawn), total)]
        good = high_quality(drawn, mixture)
        on = dict(xaxis=f"x{index}", yaxis=f"y{index}")
        hover = f"(%{{x:.2f}}, %{{y:.2f}})<extra>{len(drawn):,} of {total:,} drawn</extra>"
        traces += [dict(_circles(mixture), showlegend=i == 0, **on),
                   dict(type="scatter", x=drawn[~good, 0], y=drawn[~good, 1], mode="markers",
                        name="off every mode", showlegend=i == 0, marker=dict(size=3, color=OFF),
                        hovertemplate=hover, **on),
                   dict(type="scatter", x=drawn[good, 0], y=drawn[good, 1], mode="markers",
                        name=f"{label}: high quality", marker=dict(size=3, color=color), hovertemplate=hover, **on)]
    return figure(traces, _samples_layout(half, height, tuple(heads), tuple(counts)))


def thin(samples: np.ndarray) -> np.ndarray:
    """The samples a panel draws (at most SHOWN, evenly through the batch): what a frame of the history keeps."""
    return np.ascontiguousarray(_every(samples, SHOWN), dtype=np.float32)


@Once
def _film_centres(mixture) -> tuple[np.ndarray, np.ndarray]:
    return tuple(np.ascontiguousarray(mixture.centers[:, i], dtype=np.float32) for i in (0, 1))


@lru_cache(maxsize=64)
def _film_layout(half: float, rows: int, height_per_row: int) -> dict:
    layout = dict(STYLE, template=LEAN, height=height_per_row * rows + 20, showlegend=False,
                  margin=dict(l=10, r=10, t=10, b=5), uirevision="film")
    gap = 0.012
    for r in range(rows):
        top = 1 - r / rows
        for c in range(FILM):
            k = r * FILM + c + 1
            index = "" if k == 1 else str(k)
            x, y = _square(half, index, [c / FILM + gap, (c + 1) / FILM - gap], showticklabels=False)
            y["domain"] = [top - 1 / rows + 0.03, top - 0.28 / rows]
            layout[f"xaxis{index}"], layout[f"yaxis{index}"] = x, y
    return layout


def film_figure(mixture, rows, height_per_row: int = 150) -> go.Figure:
    """Small multiples (Metz et al.'s figure): a row per run, its last FILM snapshots of samples, left to right.

    rows: (label, [(iteration, samples), ...], colour): the snapshots up to the frame shown (rewind.film).
    Empty cells keep their place so nothing shifts.
    Each snapshot draws at most FILM_SHOWN of its samples."""
    half, traces, annotations = extent(mixture), [], []
    cx, cy = _film_centres(mixture)
    for r, (label, film, color) in enumerate(rows):
        shown = film[-FILM:]
        for c in range(FILM):
            k = r * FILM + c + 1
            index = "" if k == 1 else str(k)
            on = dict(xaxis=f"x{index}", yaxis=f"y{index}")
            traces.append(dict(type="scatter", x=cx, y=cy, mode="markers", hoverinfo="skip",
                               marker=dict(size=4, color=REAL, symbol="circle-open"), **on))
            if c < len(shown):
                iteration, samples = shown[c]
                drawn = _every(samples, FILM_SHOWN)
                traces.append(dict(type="scatter", x=drawn[:, 0], y=drawn[:, 1], mode="markers",
                                   hoverinfo="skip", marker=dict(size=2, color=color), **on))
                annotations.append(dict(text=f"{iteration:,}", x=0.5, y=1, xref=f"x{index} domain",
                                        yref=f"y{index} domain", yanchor="bottom", showarrow=False,
                                        font=dict(size=10)))
        first = "" if r == 0 else str(r * FILM + 1)  # the row's label just over its cells, however they shrink
        annotations.append(dict(text=f"{label}: snapshots at iteration", x=0, y=1, xref="paper",
                                yref=f"y{first} domain", xanchor="left", yanchor="bottom", yshift=14,
                                showarrow=False, font=dict(size=11, color=color)))
    return figure(traces, dict(_film_layout(half, len(rows), height_per_row), annotations=annotations))


@lru_cache(maxsize=64)
def _histogram_layout(cap: float, height: int) -> dict:
    return dict(STYLE, template=LEAN, height=height, barmode="group", bargap=0.15, uirevision="histogram",
                title=dict(text="High-quality samples per mode", font=dict(size=13)),
                xaxis=dict(AXIS, title=dict(text="mode"), type="category"),
                yaxis=dict(AXIS, range=[0, cap], title=dict(text="% of samples")),
                legend=dict(orientation="h", y=-0.25), margin=dict(l=45, r=10, t=40, b=40))


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
    return figure(traces, _histogram_layout(cap, height))


@lru_cache(maxsize=64)
def _curves_layout(k: int, x_max: int, height: int) -> dict:
    layout = dict(STYLE, template=LEAN, height=height, uirevision="curves", legend=dict(orientation="h", y=-0.14),
                  margin=dict(l=50, r=10, t=20, b=40),
                  xaxis=dict(AXIS, range=[0, x_max], title=dict(text="iteration"), anchor="y3"))
    for r, (_, title, span, _) in enumerate(_rows(k)):
        top = 1 - r * 0.35
        layout["yaxis" if r == 0 else f"yaxis{r + 1}"] = dict(AXIS, domain=[top - 0.3, top], range=span, anchor="x",
                                                             title=dict(text=title, font=dict(size=11)))
    return layout


def _rows(k: int) -> tuple:
    return (("modes", f"modes (of {k})", [0, k + 0.5], 1.0),
            ("hq", "% high quality", [0, 100], 100.0),
            ("reverse_kl", "reverse KL", [0, float(1.05 * np.log(k))], 1.0))


def curves_figure(mixture, curves, x_max: int, height: int = 430) -> go.Figure:
    """Modes captured, % high quality and reverse KL (nats) against the iteration, a line per run.

    curves: (label, history dict with modes, hq, reverse_kl, measured_at, colour). Each line shows at most
    MAX_POINTS of its measurements, evenly spaced, the newest included."""
    k = len(mixture.centers)
    traces = []
    for i, (label, history, color) in enumerate(curves):
        for r, (key, _, _, scale) in enumerate(_rows(k)):
            x, y = thinned(history[key], history["measured_at"], MAX_POINTS)  # no high-quality sample: a gap
            traces.append(dict(type="scatter", x=x, y=y * scale if scale != 1.0 else y, mode="lines", name=label,
                               showlegend=r == 0, legendgroup=label,
                               line=dict(color=color, width=2, dash="solid" if i == 0 else "dot"),
                               xaxis="x", yaxis="y" if r == 0 else f"y{r + 1}"))
    return figure(traces, _curves_layout(k, int(x_max), height))
