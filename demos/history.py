"""A live run's history, framework-free: snapshots to rewind to, resume training from, and save as a GIF.

A page records a snapshot where it draws a frame (its `run.draw`, called by live.tick and by its handlers):
a *picture*, what redraws that frame (the page's own small arrays: samples, D's surface, the losses so far),
and every k frames the trainer's `state_dict()`, which resumes training exactly from there.

Memory: each Timeline has a budget in bytes (arrays and tensors by their buffers, OBJECT bytes per object). Its
states may use half of it: k is chosen from the size of a state so that the states of `keep` frames fit
there. Over budget, the oldest frames beyond the newest `keep` are thinned (every other one dropped, the
run's first frame kept), then the oldest states, then the oldest frames. The timeline lives in the session's
`live.Run` (`run.timeline`) and goes with it.

A page that only scrubs (the mode-collapse page) keeps no states (`states=False`), and may pin the frames it shows
again (its film strip's): thinning passes them by while unpinned older frames remain.
"""
from __future__ import annotations

import dataclasses
import io
import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import torch
from PIL import Image

from demos import live

KEEP = 200  # frames always kept (50 s at 4 frames a second), memory allowing
STATE_SHARE = 0.5  # of the budget, for the resumable states
TIMELINE_HINT = "drag back through this run's kept frames (100 = now); training stops while you look"
GIF_FRAMES = 120  # at most, evenly spread over the run; the first and the newest always among them


OBJECT = 100  # bytes Python spends on an object beside its data: an array's header, a dict's slot, a boxed float


def nbytes(value) -> int:
    """Bytes held by `value`: the buffers of its arrays and tensors, and OBJECT for each object around them
    (dicts, lists, tuples, dataclasses, scalars), so that the count stays near what the process holds."""
    if isinstance(value, np.ndarray):
        return value.nbytes + OBJECT
    if isinstance(value, torch.Tensor):
        return value.numel() * value.element_size() + 2 * OBJECT
    if isinstance(value, dict):
        return OBJECT + sum(OBJECT + nbytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return OBJECT + sum(nbytes(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        shared = getattr(value, "SHARED", ())  # the trainer's own arrays, referenced, not copied
        return OBJECT + sum(OBJECT + nbytes(getattr(value, f.name)) for f in dataclasses.fields(value)
                            if f.name not in shared)
    return len(value) + OBJECT if isinstance(value, (str, bytes)) else OBJECT


@dataclass(eq=False)
class Snapshot:
    iteration: int
    picture: Any  # what the page redraws this frame from
    state: dict | None = None  # trainer.state_dict(): training resumes from here
    nbytes: int = 0
    pinned: bool = False  # a frame the page shows again (the mode-collapse film strip's): thinned last


@dataclass(eq=False)
class Timeline:
    """The snapshots of one run's current lineage, oldest first; `cursor` is the one shown, None for now."""
    budget: int  # bytes
    keep: int = KEEP
    frames: list[Snapshot] = field(default_factory=list)
    cursor: int | None = None
    owner: Any = field(default=None, repr=False)  # the trainer the frames belong to
    every: int = 1  # a state every k frames
    since: int = 0  # frames since the last state
    states: bool = True  # keep trainer states to resume from (False: pictures only, a page that only scrubs)

    @property
    def used(self) -> int:
        return sum(s.nbytes for s in self.frames)

    def record(self, trainer, picture, pinned: bool = False) -> bool:
        """A frame drawn now; kept when the iteration moved on (a new trainer starts a new timeline). -> kept.
        pinned: thinned only once every unpinned older frame has gone."""
        if trainer is not self.owner:
            self.frames, self.owner, self.since = [], trainer, 0
        if self.frames and self.frames[-1].iteration == trainer.iterations:
            return False
        self.cursor = None
        snap = Snapshot(trainer.iterations, picture, pinned=pinned)
        if self.states and (not self.frames or self.since + 1 >= self.every):
            snap.state, self.since = trainer.state_dict(), 0
            size = nbytes(snap.state)
            self.every = max(1, math.ceil(size * self.keep / (STATE_SHARE * self.budget)))
        elif self.states:
            self.since += 1
        snap.nbytes = nbytes(picture) + nbytes(snap.state)
        self.frames.append(snap)
        self._fit()
        return True

    def _fit(self) -> None:
        """Back within the budget: thin the frames older than the newest `keep`, then drop states, then frames."""
        used = self.used
        while used > self.budget and len(self.frames) > 1:
            loose = [i for i in range(1, len(self.frames) - self.keep) if not self.frames[i].pinned]
            if len(loose) >= 2:
                gone = set(loose[::2])  # every other old frame, pinned ones aside; the run's first stays
                self.frames = [s for i, s in enumerate(self.frames) if i not in gone]
            elif sum(s.state is not None for s in self.frames) > 1:
                oldest = next(s for s in self.frames if s.state is not None)
                oldest.nbytes, oldest.state = oldest.nbytes - nbytes(oldest.state), None
            else:
                self.frames.pop(0)
            used = self.used

    def index(self, position: float) -> int:
        """A timeline slider's position, 0 (the oldest frame kept) to 100 (the newest) -> a frame's index."""
        return round(min(max(position, 0.0), 100.0) / 100 * (len(self.frames) - 1))

    def shown(self) -> Snapshot | None:
        return None if self.cursor is None or not self.frames else self.frames[self.cursor]

    def showing(self, run: live.Run, trainer) -> Snapshot | None:
        """The frame scrubbed to, while the run stays where it was (stopped, not stepped, not replaced). Otherwise
        None, and the rewind is over: the cursor is back at now, so that shown() and the status's rewound note
        (where) agree with the frame drawn, even when Play has trained nothing yet."""
        newest = self.frames[-1] if self.frames else None
        if run.playing or trainer is not self.owner or newest is None or newest.iteration != trainer.iterations:
            self.cursor = None
            return None
        return self.shown()

    def pictures(self, limit: int = GIF_FRAMES) -> list:
        """At most `limit` pictures, evenly spread, the first and the newest included."""
        n = len(self.frames)
        count = min(n, limit)
        picks = sorted({round(i * (n - 1) / max(count - 1, 1)) for i in range(count)})
        return [self.frames[i].picture for i in picks]


def timeline(run: live.Run, budget: int, states: bool = True) -> Timeline:
    """The run's timeline, made on first use (states=False: pictures only, nothing to resume from)."""
    if run.timeline is None:
        run.timeline = Timeline(budget, states=states)
    return run.timeline


def scrub(run: live.Run, position: float) -> Snapshot | None:
    """Show the frame at `position` (0-100) of the run's timeline: the run stops; its next draw shows that frame."""
    with run.lock:
        line = run.timeline
        if line is None or not line.frames:
            return None
        live.stop(run)
        if run.trainer is not None and run.trainer.iterations != line.frames[-1].iteration:
            run.frame()  # trained since its last frame: that is recorded first, so the timeline ends at now
        line.cursor = line.index(position)
        return line.frames[line.cursor]


def where(run: live.Run) -> str:
    """The status's note for a frame shown from the timeline."""
    line = run.timeline
    snap = line.shown()
    resume = "**Resume from here** trains on from it, **Play**" if line.states else "**Play** goes on"
    return (f"rewound to iteration {snap.iteration:,} (frame {line.cursor + 1} of {len(line.frames)} kept): "
            f"{resume} from iteration {line.frames[-1].iteration:,}")


def resume(run: live.Run, position: float, play: bool = True) -> str:
    """Training goes on from the frame at `position`, or the nearest earlier one with a state; later frames go.

    The trainer loads that state and is swapped in (Run.swap), so the same run continues as it did from there."""
    with run.lock:
        line = run.timeline
        if line is None or not line.frames or run.trainer is None:
            return "⚠️ Nothing to resume from yet: press Play first."
        live.stop(run)
        at = line.index(position)
        back = next((i for i in range(at, -1, -1) if line.frames[i].state is not None), None)
        if back is None:
            return f"⚠️ No saved state at or before iteration {line.frames[at].iteration:,}: pick a later frame."
        snap = line.frames[back]
        trainer = line.owner
        trainer.load_state_dict(snap.state)
        del line.frames[back + 1:]
        line.cursor, line.since = None, 0
        run.swap(run.trainer)  # the same trainer object, now at the snapshot (a page's wrapper stays)
        note = f"resumed from iteration {snap.iteration:,}" + ("" if back == at else ", the nearest saved state")
        return (live.play(run) or live.say(run, note)) if play else note


def film(run: live.Run, draw: Callable[[Any], Any]) -> tuple[bytes, int]:
    """The run's timeline as an animated GIF -> (its bytes, frames in it); draw(picture) -> a PIL image."""
    with run.lock:  # a consistent list; the pictures themselves never change
        pictures = run.timeline.pictures() if run.timeline is not None else []
    return gif(pictures, draw), len(pictures)


def gif(pictures: list, draw: Callable[[Any], Any], seconds: float = 6.0) -> bytes:
    """An animated GIF (pillow) of draw(picture) -> PIL image for each picture, looping, `seconds` long in all.

    One palette of 64 colours for every frame, made from the first, middle and last: quantising each frame
    on its own cost ~70 ms a frame, mapping to a shared palette ~2 ms, and colours don't flicker."""
    images = [draw(p).convert("RGB") for p in pictures]
    if not images:
        raise ValueError("no frames yet: press Play first")
    width, height = images[0].size
    sample = Image.new("RGB", (width, 3 * height))
    for i, image in enumerate((images[0], images[len(images) // 2], images[-1])):
        sample.paste(image, (0, i * height))
    palette = sample.quantize(colors=64)
    frames = [image.quantize(palette=palette, dither=Image.Dither.NONE) for image in images]
    buffer = io.BytesIO()
    duration = max(40, round(1000 * seconds / len(frames)))  # ms per frame; browsers slow anything under 20 ms
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=duration, loop=0,
                   optimize=False)
    return buffer.getvalue()
