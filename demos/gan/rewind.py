"""The live GAN page's history (demos/history.py): what redraws a frame, and a frame as a GIF image. Framework-free.

A 2-D frame is a `Still`: a frozen copy of what canvas.py and the status line read from a GAN2D (the fakes,
D's surface, G's warped grid, G's pull, the losses so far, thinned as the charts thin them), with the
trainer's own methods' names, so the page draws live frames and rewound ones with the same code. A digit
frame is a `DigitStill`: the fixed-noise grid as uint8, the losses so far and the classifier's counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.gan2d import GAN2D, GAN2DConfig
from demos import history, live, plots
from demos.gan import canvas

BUDGET_2D = 10 << 20  # bytes a visitor's 2-D timeline may hold: 200 frames of ~25 kB, and their states (~20 kB each)
BUDGET_DIGITS = 24 << 20  # the digit run's: 200 grids take 10 MB; a DCGAN's state (4 MB) every ~70 frames
LOG_LOSSES = ("minimax", "nonsaturating")
GIF_SIDE = 360  # pixels: the canvas in a GIF frame; a caption strip goes under it


def thin(hist: dict, series, at: str) -> dict:
    """The history's series at most canvas.MAX_POINTS points each (as the charts draw them), float32."""
    out = {}
    for key in series:
        if key in hist and at in hist:
            x, y = plots.thinned(hist[key], hist[at], canvas.MAX_POINTS)
            out[key], out[at] = y.astype(np.float32), np.asarray(x, dtype=np.float32)
    return out


@dataclass(eq=False)
class Data:
    bounds: tuple[float, float]
    title: str


@dataclass(eq=False)
class Still:
    """One 2-D frame, frozen: read through the same names as a GAN2D (fakes(), decision(), ...)."""
    SHARED = ("shown_real",)  # the trainer's array, not copied: not counted
    iterations: int
    config: GAN2DConfig
    data: Data
    probabilistic: bool
    shown_real: np.ndarray
    fixed: np.ndarray  # the fakes from the fixed noise
    surface: np.ndarray  # D on a canvas.CELLS grid
    grid: np.ndarray  # G's warped noise grid
    push: np.ndarray  # -dL_G/dx at each fake, for the loss in use
    d_fakes: np.ndarray
    pulls: dict
    latest: dict
    history: dict

    @property
    def fixed_noise(self) -> np.ndarray:  # status() counts the fakes through it
        return self.fixed

    def fakes(self) -> np.ndarray:
        return self.fixed

    def decision(self, cells: int) -> np.ndarray:
        return self.surface

    def manifold(self, cells: int) -> np.ndarray:
        return self.grid

    def fake_gradients(self, loss: str | None = None) -> np.ndarray:
        return self.push

    def d_of(self, points: np.ndarray) -> np.ndarray:
        assert points is self.fixed, "a Still knows D only at its fakes"
        return self.d_fakes

    def pull(self, loss: str | None = None) -> float:
        return self.pulls[loss or self.config.loss]

    def metrics(self) -> dict:
        return dict(self.latest)


def still(trainer: GAN2D) -> Still:
    """What the page shows of `trainer` now (it measures KL / JS first, as every frame does)."""
    trainer.measure()
    fakes = trainer.fakes().astype(np.float32)
    pulls = {loss: trainer.pull(loss) for loss in LOG_LOSSES} if trainer.probabilistic else {}
    hist = {**thin(trainer.history, [k for k, *_ in canvas.CURVES if k not in canvas.MEASURED], "iteration"),
            **thin(trainer.history, canvas.MEASURED, "measured_at")}
    return Still(trainer.iterations, trainer.config, Data(tuple(map(float, trainer.data.bounds)), trainer.data.title),
                 bool(trainer.probabilistic), trainer.shown_real, fakes,
                 trainer.decision(canvas.CELLS).astype(np.float32), trainer.manifold(20).astype(np.float32),
                 trainer.fake_gradients().astype(np.float32),
                 trainer.d_of(fakes).astype(np.float32) if trainer.probabilistic else np.empty(0, np.float32),
                 pulls, trainer.metrics(), hist)


def frame_of(run: live.Run) -> Still:
    """The Still to draw: the frame scrubbed to, or the trainer now (recorded in the timeline as it is drawn)."""
    line = history.timeline(run, BUDGET_2D)
    if line.showing(run, run.trainer):
        return line.shown().picture
    now = still(run.trainer)
    line.record(run.trainer, now)
    return now


@dataclass(eq=False)
class DigitStill:
    iterations: int
    samples: np.ndarray  # (64, 28, 28) uint8
    history: dict
    latest: dict
    quality: dict


def digit_frame(run: live.Run, trainer, quality: dict) -> DigitStill:
    """The digit section's frame to draw: the one scrubbed to, or `trainer` (a DCGANTrainer) now, recorded."""
    line = history.timeline(run, BUDGET_DIGITS)
    if line.showing(run, trainer):
        return line.shown().picture
    samples = (trainer.fixed_samples()[:, 0].numpy() * 255).round().astype(np.uint8)
    hist = thin(trainer.history, ("d_loss", "g_loss", "d_real", "d_fake"), "iteration")
    now = DigitStill(trainer.iterations, samples, hist, trainer.metrics(), dict(quality))
    line.record(trainer, now)
    return now


# ---------------------------------------------------------------------------- GIF frames (pillow, no plotly)


def _colours(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """D's values -> (H, W, 3) uint8 on the canvas's purple-green scale."""
    where = np.clip((values - low) / max(high - low, 1e-12), 0, 1)
    stops = [s for s, _ in canvas.PRGN]
    rgb = [[int(c[i:i + 2], 16) for i in (1, 3, 5)] for _, c in canvas.PRGN]
    out = np.stack([np.interp(where, stops, [c[k] for c in rgb]) for k in range(3)], axis=-1)
    return (0.75 * out + 0.25 * 255).astype(np.uint8)  # the canvas's opacity 0.75 over white


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=14)  # pillow's own font: nothing fetched


def _caption(image: Image.Image, text: str, height: int = 28) -> Image.Image:
    framed = Image.new("RGB", (image.width, image.height + height), "white")
    framed.paste(image, (0, 0))
    ImageDraw.Draw(framed).text((8, image.height + 6), text, fill="black", font=_font())
    return framed


def _dots(pixels: np.ndarray, points: np.ndarray, bounds: tuple[float, float], colour: str, radius: int) -> None:
    """Paint (n, 2) canvas points into `pixels` (side, side, 3) as discs of `radius` pixels (numpy, no loop per dot)."""
    side = pixels.shape[0]
    lo, hi = bounds
    xy = (np.asarray(points, dtype=np.float64) - lo) / (hi - lo) * side
    xy = np.round(xy[np.isfinite(xy).all(axis=1)]).astype(np.int64)
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            if dx * dx + dy * dy <= radius * radius + 1:
                x, y = xy[:, 0] + dx, side - 1 - (xy[:, 1] + dy)
                inside = (x >= 0) & (x < side) & (y >= 0) & (y < side)
                pixels[y[inside], x[inside]] = rgb


def gif_image(s: Still, side: int = GIF_SIDE) -> Image.Image:
    """A 2-D frame as a picture: D's surface, the real (green) and fake (purple) samples, the iteration and losses."""
    limit = float(np.abs(s.surface).max()) or 1.0
    low, high = (0.0, 1.0) if s.probabilistic else (-limit, limit)
    surface = Image.fromarray(_colours(s.surface[::-1], low, high)).resize((side, side), Image.BILINEAR)
    pixels = np.array(surface)
    _dots(pixels, s.shown_real, s.data.bounds, canvas.REAL, 2)
    _dots(pixels, s.fixed, s.data.bounds, canvas.FAKE, 3)
    m = s.latest
    losses = f" · D loss {m['d_loss']:.3g} · G loss {m['g_loss']:.3g}" if "d_loss" in m else ""
    return _caption(Image.fromarray(pixels), f"iteration {s.iterations:,}{losses}")


def digit_image(s: DigitStill) -> Image.Image:
    grid = plots.image_grid(s.samples / 255.0, ncol=8, scale=2)
    share = f" · recognisable {s.quality['recognisable']:.0%}" if "recognisable" in s.quality else ""
    return _caption(Image.fromarray(grid).convert("RGB"), f"iteration {s.iterations:,}{share}")


def film(session) -> tuple[bytes, int, str]:
    """The page's 2-D run as an animated GIF -> (bytes, frames, file name)."""
    data, frames = history.film(session.run, gif_image)
    return data, frames, f"genlab_gan_{session.run.timeline.frames[-1].iteration}.gif"


def digit_film(session) -> tuple[bytes, int, str]:
    """The digit section's run as an animated GIF -> (bytes, frames, file name)."""
    data, frames = history.film(session.digits, digit_image)
    return data, frames, f"genlab_dcgan_{session.digits.timeline.frames[-1].iteration}.gif"
