"""The Mode collapse page's history (demos/history.py): the timeline and the film strip from the same frames.

Every frame the page draws is kept as a `Still`: per run, the samples its panel draws (at most figures.SHOWN of
the 2,500) and the scores of all 2,500 (modes, % high quality, reverse KL, the per-mode counts). The Pair also
keeps one at every multiple of its `every` iterations, pinned: those are the film strip's snapshots, the last
figures.FILM of them up to the frame shown. The curves of a frame are the trainer's own measurements up to its
iteration, so nothing else is copied. This page scrubs; it keeps no trainer states and has nothing to resume from
(the live GAN page does). Framework-free.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from demos import history, live
from demos.mode_collapse import figures

# bytes a visitor's timeline may hold: a frame of two runs is ~14 kB (2 x 625 samples, float32, and the scores),
# so ~440 frames, 110 s at 4 frames a second, before the oldest are thinned; the film strip's snapshots stay
BUDGET = 6 << 20
SCORES = ("modes", "hq", "reverse_kl")
TIMELINE_HINT = "drag back through this run (100 = now): both panels, their numbers and the film strip go back too"


@dataclass(eq=False)
class Shot:
    """One run at one iteration."""
    iteration: int
    samples: np.ndarray  # (<= figures.SHOWN, 2) float32: the ones its panel draws
    total: int  # samples measured
    scores: dict  # core.metrics.mode_coverage of all `total`: modes, hq, reverse_kl, counts


@dataclass(eq=False)
class Still:
    """One frame of the page: the Pair's iteration and a Shot per run."""
    iteration: int
    shots: tuple


def scores(line) -> dict:
    """A view.Line's scores now, measured once per iteration (the trainer logs each measurement: the curves)."""
    measured = line.trainer.history["measured_at"]
    if not line.last or not measured or measured[-1] != line.trainer.iterations:
        line.last = line.trainer.measure()
    return line.last


def still(pair) -> Still:
    """The frame of `pair` (a view.Pair) now."""
    shots = []
    for line in pair.lines:
        samples = line.trainer.sample()
        shots.append(Shot(line.trainer.iterations, figures.thin(samples), len(samples), scores(line)))
    return Still(pair.iterations, tuple(shots))


def keep(run: live.Run, pair) -> history.Timeline:
    """`pair`'s timeline (the run's), with its frame now kept: pinned at a multiple of the pair's `every`."""
    line = history.timeline(run, BUDGET, states=False)
    line.record(pair, still(pair), pinned=pair.iterations % pair.every == 0)
    return line


def frame_of(run: live.Run) -> Still:
    """The Still to draw: the frame scrubbed to, or the Pair now (kept in the timeline as it is drawn)."""
    line = history.timeline(run, BUDGET, states=False)
    if line.showing(run, run.trainer):
        return line.shown().picture
    newest = line.frames[-1] if line.frames and line.owner is run.trainer else None
    if newest is not None and newest.iteration == run.trainer.iterations:
        return newest.picture  # nothing trained since: the same frame
    return keep(run, run.trainer).frames[-1].picture


def film(line: history.Timeline, shown: Still) -> list[list[tuple[int, np.ndarray]]]:
    """Per run, the film strip up to the frame shown: (iteration, samples) of the last figures.FILM pinned
    frames, each iteration once (a run that has finished stays at its last)."""
    pinned = [s.picture for s in line.frames if s.pinned and s.iteration <= shown.iteration]
    rows = []
    for i in range(len(shown.shots)):
        cells: list[tuple[int, np.ndarray]] = []
        for picture in pinned:
            shot = picture.shots[i]
            if not cells or cells[-1][0] != shot.iteration:
                cells.append((shot.iteration, shot.samples))
        rows.append(cells[-figures.FILM:])
    return rows


def until(hist: dict, iteration: int) -> dict:
    """The measured curves of a trainer's history up to `iteration` (all of them for the frame now)."""
    kept = bisect_right(hist["measured_at"], iteration)
    return {key: hist[key][:kept] for key in (*SCORES, "measured_at")}
