"""Figure and image helpers shared by several pages. Framework-free: numpy in, uint8 / plotly out."""
from __future__ import annotations

import base64
import threading

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


# ---------------------------------------------------------------- live figures: plain dicts, no validation
#
# A live page redraws its figures 3-4 times a second for every student. go.Figure(dict) validates every
# property on the way in (3.4 ms for the GAN canvas) and deep-copies the figure on the way out (to_dict,
# then to_json: 1.2 ms). LiveFigure skips both: it keeps the dict it is given and writes its JSON straight
# from it; the validated go.Figure is built only if someone reads .data / .layout (the tests do, so every
# spec still passes plotly's validators there). Gradio's gr.Plot calls .to_json(), Streamlit's
# st.plotly_chart calls .to_dict(): both take a LiveFigure as any go.Figure.

try:
    import orjson
    from orjson import loads as _loads

    def _dumps(spec: dict) -> str:
        return orjson.dumps(spec, default=_encode).decode()
except ImportError:  # orjson comes with Gradio; a Streamlit-only install falls back to json
    import json
    from json import loads as _loads

    def _dumps(spec: dict) -> str:
        return json.dumps(spec, default=_encode, separators=(",", ":"))


def _encode(value):
    """The JSON of what orjson / json can't write: numpy arrays as plotly.js typed arrays (base64), scalars."""
    if isinstance(value, np.ndarray):
        return typed(value)
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_INT_TYPES = ((np.int8, "i1"), (np.int16, "i2"), (np.int32, "i4"))


def typed(values) -> dict | list:
    """An array as plotly.js's base64 typed array (what plotly.py 6+ sends): 4 bytes a float32, 1-4 an int.

    Whole numbers take the smallest int type that holds them; other numbers go as float32 (NaN: a gap),
    which is smaller than their text even rounded to 3 digits. An empty array stays an empty list."""
    a = np.asarray(values)
    if a.size == 0:
        return []
    if a.dtype.kind in "iub":
        lo, hi = (int(a.min()), int(a.max()))
        for kind, code in _INT_TYPES:
            info = np.iinfo(kind)
            if info.min <= lo and hi <= info.max:
                a, dtype = a.astype(kind, copy=False), code
                break
        else:
            a, dtype = a.astype(np.float64), "f8"
    else:
        a, dtype = a.astype(np.float32, copy=False), "f4"
    spec = {"dtype": dtype, "bdata": base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()}
    if a.ndim > 1:
        spec["shape"] = ",".join(map(str, a.shape))
    return spec


def values(array) -> np.ndarray:
    """The numbers of a figure's array property, whether a list, a numpy array or a base64 typed array."""
    if isinstance(array, dict) and "bdata" in array:
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        return flat.reshape([int(n) for n in array["shape"].split(",")]) if "shape" in array else flat
    return np.asarray(array)


_FIGURE_ATTRIBUTES: set[str] = set()  # what go.Figure.__init__ sets on an instance: reading one builds the figure


class LiveFigure(go.Figure):
    """A go.Figure over a plain figure dict {"data": [...], "layout": {...}}: free to make and cheap to send.

    The dict may hold numpy arrays (sent as base64 typed arrays) and may share parts with other
    LiveFigures (cached layouts, fixed traces): nothing here changes it. to_json() writes it directly;
    to_dict() returns a fresh copy, as plotly's does; anything else (.data, .layout, update_layout, ...)
    first builds the ordinary, validated go.Figure from it, once, and works on that from then on.
    """

    def __init__(self, spec: dict | None = None, **_):
        self.__dict__["_spec"] = spec if spec is not None else {"data": [], "layout": {}}

    def _built(self) -> bool:
        return "_spec" not in self.__dict__

    def _build(self) -> None:
        spec = self.__dict__.pop("_spec", None)
        if spec is None:  # built meanwhile
            return
        go.Figure.__init__(self, {key: spec[key] for key in ("data", "layout", "frames") if key in spec})

    def __getattr__(self, name: str):  # only called for what the instance lacks
        if not _FIGURE_ATTRIBUTES:
            _FIGURE_ATTRIBUTES.update(vars(go.Figure()))
        if name in _FIGURE_ATTRIBUTES and "_spec" in self.__dict__:
            self._build()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __reduce__(self):  # copy.deepcopy and pickle
        return (LiveFigure, (self.to_dict(),))

    def to_json(self, *args, **kwargs) -> str:
        if self._built() or args or kwargs:
            return super().to_json(*args, **kwargs)
        return _dumps(self.__dict__["_spec"])

    def to_dict(self) -> dict:
        if self._built():
            return super().to_dict()
        return _loads(self.to_json())

    def to_plotly_json(self) -> dict:
        return self.to_dict()


def thinned(values, at=None, limit: int = 300) -> tuple[np.ndarray, np.ndarray]:
    """At most `limit` evenly spaced points of a curve, the newest always among them -> (x, y), y float32.

    x is `at` (e.g. a history's "iteration" list) when it lines up with `values`, else 1..n. The stride is a
    power of two, so the points kept stay the same from frame to frame while the curve grows (no shimmer)
    until it doubles. NaN / inf become NaN: a gap in the line."""
    n = len(values)
    stride = 1
    while n > stride * (limit - 1):
        stride *= 2
    last = n > 0 and (n - 1) % stride != 0  # the newest point, when the stride skips it
    y = np.asarray(values[::stride], dtype=np.float64)  # slice first: converting a 4,000-float list costs
    x = np.asarray(at[::stride]) if at is not None and len(at) == n else np.arange(1, n + 1, stride)
    if last:
        y = np.append(y, float(values[-1]))
        x = np.append(x, at[-1] if at is not None and len(at) == n else n)
    return x, np.where(np.isfinite(y), y, np.nan).astype(np.float32)


class Once:
    """A small cache of values made from an object that doesn't change (a trainer's fixed real samples, a
    mixture): keyed by the object's identity, holding it so its id can't be reused while cached."""

    def __init__(self, make, size: int = 64):
        self.make, self.size, self.cache, self.lock = make, size, {}, threading.Lock()

    def __call__(self, thing, *args):
        key = (id(thing), *args)
        hit = self.cache.get(key)
        if hit is not None and hit[0] is thing:
            return hit[1]
        value = self.make(thing, *args)
        with self.lock:
            while len(self.cache) >= self.size:
                self.cache.pop(next(iter(self.cache)))
            self.cache[key] = (thing, value)
        return value


# plotly.py's template="none" as the JSON it sends: the named template's 7.6 kB would travel with every frame
NO_TEMPLATE = {"data": {"scatter": [{"type": "scatter"}]}}


def figure(data: list[dict], layout: dict) -> LiveFigure:
    """A live figure from trace dicts and a layout dict (see LiveFigure): no validation, no copy."""
    return LiveFigure({"data": data, "layout": layout})
