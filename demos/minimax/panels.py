"""The Minimax page's panels: the (x, y) plane, distance to the equilibrium, the lecture's table of
states, the stability panel (plotly figures) and the run's summary (Markdown). Framework-free; traces
are plain dicts (building go objects one by one costs ~2 ms each), and axes are fixed per run, so
nothing jumps while a run plays. frame_panels() and run_panels() are what the UIs call.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from core import games
from demos.minimax.view import COLORS, LABELS, RANGES, Settings, params, run, verdict
from demos.plots import AXIS, STYLE

STATE_COLORS = {1: "#fde2e2", 2: "#dbeafe", 3: "#dcfce7", 4: "#fef3c7", 0: "#ffffff"}  # the lecture's states
TABLE_ROWS = 8  # the most recent rows the table shows
FLOOR = 1e-16  # distances below this are drawn at the bottom of the log plot's range


def extent(s: Settings) -> float:
    """Half-width of the plane's square view: the start point fits well inside, on a 0.5 grid."""
    return float(np.ceil(2 * 2.5 * max(abs(s.x0), abs(s.y0), 0.4)) / 2)


@lru_cache(maxsize=16)
def _plane_base(half: float, c: float) -> tuple[tuple, dict]:
    """The sign of V as shading, the direction field of simultaneous play as arrows, the equilibrium."""
    arrows = dict(type="scatter", x=[], y=[], mode="lines", hoverinfo="skip", showlegend=False,
                  line=dict(color="#6b7280", width=1))
    grid = np.linspace(-0.9 * half, 0.9 * half, 13)
    length = 0.7 * (grid[1] - grid[0])
    for gx in grid:
        for gy in grid:
            dx, dy = -(gy + c * gx), gx - c * gy  # (-dV/dx, dV/dy)
            norm = np.hypot(dx, dy)
            if norm < 1e-12:
                continue
            ux, uy = dx / norm * length, dy / norm * length
            tip = (gx + ux / 2, gy + uy / 2)
            for side in (1, -1):  # the two strokes of the head, 25 degrees off the shaft
                hx, hy = _rotate(-ux * 0.35, -uy * 0.35, side * 0.45)
                arrows["x"] += [gx - ux / 2, tip[0], None, tip[0], tip[0] + hx, None]
                arrows["y"] += [gy - uy / 2, tip[1], None, tip[1], tip[1] + hy, None]
    star = dict(type="scatter", x=[0], y=[0], mode="markers", name="equilibrium (0, 0)",
                marker=dict(symbol="star", size=14, color="black"))
    layout = dict(STYLE, height=480, legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
                  xaxis=dict(AXIS, range=[-half, half], title=dict(text="x (minimises V)"), constrain="domain"),
                  yaxis=dict(AXIS, range=[-half, half], title=dict(text="y (maximises V)"), scaleanchor="x",
                             constrain="domain"),
                  margin=dict(l=50, r=10, t=30, b=40))
    return (*_sign_of_V(half, c), arrows, star), layout


def _sign_of_V(half: float, c: float) -> list[dict]:
    """V > 0 red, V < 0 blue, as four filled wedges: V is a quadratic form, so its zero set is two lines
    through (0, 0), at the angles where sin 2a + c cos 2a = 0. (Polygons redraw much faster than a heatmap.)"""
    radius, shaded = 3 * half, []
    for sign, color in ((1, "rgba(254, 202, 202, 0.55)"), (-1, "rgba(191, 219, 254, 0.55)")):
        x, y = [], []
        for k in range(4):
            start = 0.5 * np.arctan(-c) + k * np.pi / 2
            middle = start + np.pi / 4
            if np.sign(np.sin(2 * middle) + c * np.cos(2 * middle)) == sign:
                arc = np.linspace(start, start + np.pi / 2, 16)
                x += [0.0, *(radius * np.cos(arc)), 0.0, None]
                y += [0.0, *(radius * np.sin(arc)), 0.0, None]
        shaded.append(dict(type="scatter", x=x, y=y, mode="lines", fill="toself", fillcolor=color, hoverinfo="skip",
                           line=dict(width=0), showlegend=False))
    return shaded


def _rotate(x: float, y: float, angle: float) -> tuple[float, float]:
    return x * np.cos(angle) - y * np.sin(angle), x * np.sin(angle) + y * np.cos(angle)


def plane(s: Settings, t: int) -> go.Figure:
    """Every chosen method's path from the start up to step t, over the game's direction field."""
    base, layout = _plane_base(extent(s), s.c)
    traces = list(base)
    for m, r in run(s).items():
        path = r.path[: t + 1]
        traces.append(dict(type="scatter", x=path[:, 0], y=path[:, 1], mode="lines", name=LABELS[m],
                           legendgroup=m, line=dict(color=COLORS[m], width=2), hoverinfo="skip"))
        traces.append(dict(type="scatter", x=path[-1:, 0], y=path[-1:, 1], mode="markers", legendgroup=m,
                           showlegend=False, marker=dict(color=COLORS[m], size=11, line=dict(color="white", width=1.5)),
                           hovertemplate=f"{LABELS[m]}<br>step {len(path) - 1}: "
                                         "(%{x:.3g}, %{y:.3g})<extra></extra>"))
    traces.append(dict(type="scatter", x=[s.x0], y=[s.y0], mode="markers", name="start",
                       marker=dict(symbol="circle-open", size=13, color="black", line=dict(width=2))))
    return go.Figure(dict(data=traces, layout=layout))


def distance(s: Settings, t: int) -> go.Figure:
    """||z_t|| per method on a log scale (solid), the closed form (dashed), step t marked."""
    traces, low, high = [], np.inf, 0.0
    for m, r in run(s).items():
        d = np.linalg.norm(r.path, axis=1)
        steps = np.arange(len(d))
        low, high = min(low, d[d > 0].min(initial=np.inf)), max(high, d.max(), r.predicted.max())
        traces.append(dict(type="scatter", x=steps, y=np.maximum(d, FLOOR), mode="lines", name=LABELS[m],
                           legendgroup=m, line=dict(color=COLORS[m], width=3), opacity=0.55,
                           hovertemplate="step %{x}: ‖z‖ = %{y:.4g}<extra>" + LABELS[m] + "</extra>"))
        traces.append(dict(type="scatter", x=steps, y=np.maximum(r.predicted, FLOOR), mode="lines",
                           name="closed form", legendgroup=m, showlegend=m == s.methods[0],
                           line=dict(color=COLORS[m], width=1.5, dash="dash"), hoverinfo="skip"))
        k = min(t, len(d) - 1)
        traces.append(dict(type="scatter", x=[k], y=[max(d[k], FLOOR)], mode="markers", showlegend=False,
                           legendgroup=m, marker=dict(color=COLORS[m], size=9), hoverinfo="skip"))
    low, high = np.log10(max(min(low, 0.5), FLOOR)), np.log10(max(high, 2.0))
    pad = 0.05 * (high - low)
    layout = dict(STYLE, height=340, legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
                  xaxis=dict(AXIS, range=[0, s.steps], title=dict(text="step t")),
                  yaxis=dict(AXIS, type="log", range=[low - pad, high + pad], title=dict(text="‖z_t‖")),
                  shapes=[dict(type="line", x0=t, x1=t, yref="paper", y0=0, y1=1,
                               line=dict(color="#9ca3af", dash="dot"))],
                  margin=dict(l=60, r=10, t=30, b=40))
    return go.Figure(dict(data=traces, layout=layout))


def states(path: np.ndarray, c: float = 0.0, upto: int | None = None) -> list[dict]:
    """The lecture's table for a path: one row per run of consecutive steps with the same signs of x, y, V
    and the same directions of motion. state = the quadrant, numbered as on the slides (1: x > 0, y > 0;
    2: x < 0, y > 0; 3: both < 0; 4: x > 0, y < 0; 0 on an axis); a row where 1 follows 4 closes a turn.
    upto: the last step tabled (default: all); its next move is read from the path when the path goes on."""
    x, y = path[:, 0], path[:, 1]
    v = x * y + c / 2 * (x**2 - y**2)
    moves = np.sign(np.diff(path, axis=0))
    moves = np.vstack([moves, np.full((1, 2), np.nan)])  # the last step has no next move yet
    quadrant = {(1, 1): 1, (-1, 1): 2, (-1, -1): 3, (1, -1): 4}
    rows, turns, previous = [], 0, None
    for t in range(len(path) if upto is None else min(upto + 1, len(path))):
        key = (np.sign(x[t]), np.sign(y[t]), np.sign(v[t]), moves[t, 0], moves[t, 1])
        if rows and _same(key, rows[-1]["key"]):
            rows[-1].update(last=t, distance=float(np.hypot(x[t], y[t])))
            continue
        state = quadrant.get((key[0], key[1]), 0)
        turns += state == 1 and previous == 4
        rows.append(dict(key=key, first=t, last=t, state=state, turn=turns if state == 1 and previous == 4 else 0,
                         distance=float(np.hypot(x[t], y[t]))))
        previous = state if state else previous
    return rows


def _same(a: tuple, b: tuple) -> bool:
    return all((p == q) or (np.isnan(p) and np.isnan(q)) for p, q in zip(a, b))


def _sign(value: float) -> str:
    return "+" if value > 0 else "−" if value < 0 else "0"


def _move(value: float) -> str:
    return "—" if np.isnan(value) else "↑" if value > 0 else "↓" if value < 0 else "·"


CELL = ("padding:3px 5px;border-bottom:1px solid #e5e7eb;text-align:left;white-space:nowrap;"
        "color:#111827")  # dark text on every cell: a dark theme colours td and th itself, over the table's colour
HEADER = ("steps", "x", "y", "V", "Δx", "Δy", "state", "‖z‖")


def _cells(row: dict) -> list[str]:
    steps = f"{row['first']}" if row["first"] == row["last"] else f"{row['first']}–{row['last']}"
    state = f"<b style='color:inherit'>{row['state']} ↺</b>" if row["turn"] else str(row["state"] or "axis")
    key = row["key"]
    return [steps, *map(_sign, key[:3]), *map(_move, key[3:]), state, f"{row['distance']:.3g}"]


def state_table(s: Settings, t: int) -> tuple[str, str]:
    """The first chosen method's table up to step t as HTML (its last TABLE_ROWS rows, padded so the
    height stays put while a run plays; an HTML table draws far faster than a plotly one), and a caption."""
    m = s.methods[0]
    rows = states(run(s)[m].path, s.c, upto=t)
    lines = ["<tr style='background:{}'>{}</tr>".format(STATE_COLORS[r["state"]],
                                                       "".join(f"<td style='{CELL}'>{c}</td>" for c in _cells(r)))
             for r in rows[-TABLE_ROWS:]]
    blank = "<tr>" + f"<td style='{CELL}'>&nbsp;</td>" * len(HEADER) + "</tr>"
    lines += [blank] * (TABLE_ROWS - len(lines))
    head = "".join(f"<th style='{CELL}'>{h}</th>" for h in HEADER)
    html = ("<div style='overflow-x:auto'><table style='border-collapse:collapse;width:100%;color:#111827;"
            f"background:white;font-size:14px'><thead style='background:#e5e7eb'><tr>{head}</tr></thead>"
            f"<tbody>{''.join(lines)}</tbody></table></div>")
    visited = [r["state"] for r in rows if r["state"]]
    visited = [k for i, k in enumerate(visited) if i == 0 or k != visited[i - 1]]  # one entry per state visited
    turns = max((r["turn"] for r in rows), default=0)
    sequence = " → ".join(map(str, visited[-13:]))
    text = (f"**{LABELS[m]}**, steps 0–{min(t, len(run(s)[m].path) - 1)}: states … {sequence}. "
            f"**{turns} full turn{'s' * (turns != 1)}** of the cycle 1 → 2 → 3 → 4 → 1.")
    return html, text


@lru_cache(maxsize=32)
def _stability_curves(methods: tuple[str, ...], gamma: float, beta: float, c: float) -> tuple[np.ndarray, dict]:
    lrs = np.linspace(RANGES["lr"][0] / 2, RANGES["lr"][1], 500)
    s = Settings(methods, gamma=gamma, beta=beta, c=c)
    return lrs, {m: games.spectral_radius(m, lrs, **params(m, s)) for m in methods}


def stability(s: Settings) -> go.Figure:
    """rho(lr) per chosen method, the line rho = 1, the current lr marked."""
    lrs, curves = _stability_curves(s.methods, s.gamma, s.beta, s.c)
    traces = []
    for m, rho in curves.items():
        traces.append(dict(type="scatter", x=lrs, y=rho, mode="lines", name=LABELS[m], legendgroup=m,
                           line=dict(color=COLORS[m], width=2),
                           hovertemplate="η = %{x:.3f}: ρ = %{y:.4f}<extra></extra>"))
        traces.append(dict(type="scatter", x=[s.lr], y=[run(s)[m].rho], mode="markers", legendgroup=m,
                           showlegend=False, marker=dict(color=COLORS[m], size=11, line=dict(color="white", width=1.5)),
                           hovertemplate=f"{LABELS[m]}: ρ(%{{x}}) = %{{y:.4f}}<extra></extra>"))
    shapes = [dict(type="rect", xref="paper", x0=0, x1=1, y0=0, y1=1, fillcolor="#dcfce7", opacity=0.5,
                   line=dict(width=0), layer="below"),
              dict(type="rect", xref="paper", x0=0, x1=1, y0=1, y1=2, fillcolor="#fee2e2", opacity=0.5,
                   line=dict(width=0), layer="below"),
              dict(type="line", x0=s.lr, x1=s.lr, y0=0, y1=2, line=dict(color="#374151", dash="dot"))]
    notes = [dict(x=0.98, y=0.08, xref="paper", text="ρ < 1: converges", showarrow=False, xanchor="right"),
             dict(x=0.98, y=1.92, xref="paper", text="ρ > 1: spirals out", showarrow=False, xanchor="right")]
    layout = dict(STYLE, height=340, shapes=shapes, annotations=notes,
                  legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0), margin=dict(l=50, r=10, t=30, b=40),
                  xaxis=dict(AXIS, range=[0, RANGES["lr"][1]], title=dict(text="learning rate η")),
                  yaxis=dict(AXIS, range=[0, 2], title=dict(text="ρ(η), per step")))
    return go.Figure(dict(data=traces, layout=layout))


def divergence_notes(s: Settings) -> str:
    """One line per method that stopped early; '' when none did."""
    return "\n".join(f"⚠️ **{LABELS[m]} diverged after {len(r.path) - 1} steps** (‖z‖ > 10¹²): "
                     "the plots show what was computed." for m, r in run(s).items() if games.diverged(r.path, s.steps))


def summary(s: Settings) -> str:
    """A Markdown table: each method's rho, what that means, and where the run ended."""
    rows = ["| method | ρ(η) | so it | final ‖z‖ | closed form |", "|---|---|---|---|---|"]
    for m, r in run(s).items():
        n = len(r.path) - 1
        end = f"{np.linalg.norm(r.path[-1]):.3g}" + (f" (**diverged after {n} steps**)" if n < s.steps else "")
        rows.append(f"| {LABELS[m]} | {r.rho:.4f} | {verdict(r)} | {end} | {r.predicted[-1]:.3g} |")
    return f"η = {s.lr:g}, {s.steps} steps from ({s.x0:g}, {s.y0:g})\n\n" + "\n".join(rows)


def frame_panels(s: Settings, t: int) -> tuple[go.Figure, go.Figure, str, str]:
    """What changes with the animation's step t: the plane, the distance plot, the table (HTML) and its caption."""
    return (plane(s, t), distance(s, t), *state_table(s, t))


def run_panels(s: Settings) -> tuple[go.Figure, str, str]:
    """What changes only with the settings: the stability panel, the summary, and any divergence ('' if none)."""
    return stability(s), summary(s), divergence_notes(s)
