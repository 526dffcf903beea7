"""A visitor's memory is freed when their tab closes (design.md §8), not an hour later.

Gradio 6.31 keeps a closed session's gr.State values for SessionState.STATE_TTL_WHEN_CLOSED = 3600 s
(gradio/state_holder.py), and the SessionState itself (a copy of every block's config) until
`state_session_capacity` sessions push it out. When the page's heartbeat stream
(GET /gradio_api/heartbeat/<session_hash>) ends, which is how Gradio learns that a tab has closed,
routes.py fires the `demo.unload` dependencies for that session. `free_on_leave` registers one that
stops every live run of the session (demos/live.py) and drops its state there and then, so that its
trainers are freed at once. Without it, the scheduler would stop a run after live.GONE_SECONDS without
frames, but the trainers would stay in memory for the hour.

Gradio also ends the heartbeat when a tab reloads (the reloaded page is a new session) and when the
connection drops; a page whose state was dropped while it was still open (a long network cut) is
reloaded by its visitor, as after a server restart.

An open session's memory must not grow either. Gradio 6.31 answers an update of an output (gr.skip(),
gr.update(...)) by putting a new component, with a new _id, in the session's config under the old
key (blocks.py postprocess_data). The next plain value for that output looks the component up by
the new _id, misses, and stores it, and the value's whole serialised config, under a new key, for
good. A live page's tick skips its charts on two frames of three and sends them on the third: 45 kB
a student a second, which was the soak's 30-70 MB a minute. `keep_component_ids` gives the new
component its key's _id, so the next value replaces the old one.

A session with no tab has no heartbeat to end: every call of /gradio_api/call/<name> without a session
makes one (0.75 MB: a copy of every block's config), and Gradio keeps it until 10,000 newer sessions
push it out. `Heartbeats`, an ASGI middleware, knows which sessions hold a heartbeat stream now; the
sweeper started by `free_on_leave` frees every other session left unused for IDLE_SECONDS.
"""
from __future__ import annotations

import collections
import ctypes
import ctypes.util
import datetime
import functools
import gc
import threading
import time

import gradio as gr
from gradio.blocks import Block
from gradio.state_holder import SessionState
from starlette.middleware import Middleware

from demos import live


def runs_in(value) -> list[live.Run]:
    """The live runs in one gr.State value: the value itself, or its attributes one level down (a page's
    Session holds `run` and perhaps more, e.g. the GAN page's `digits`; a dict, its values)."""
    if isinstance(value, live.Run):
        return [value]
    if isinstance(value, dict):
        attributes = value.values()
    else:
        attributes = vars(value).values() if hasattr(value, "__dict__") else ()
    return [attribute for attribute in attributes if isinstance(attribute, live.Run)]


def release(run: live.Run) -> None:
    """Stop the run and let go of its trainer, so that it is freed even while something still holds the Run."""
    live.stop(run)  # no slice starts after this
    with run.lock:  # the scheduler may be in the middle of one: wait for it to end
        run.trainer = run.draw = run.timeline = None


def free_session(holder, session_hash: str) -> int:
    """Release every live run in the session's gr.State values, then forget the session. -> runs released."""
    session = holder.session_data.get(session_hash) if holder is not None else None
    if session is None:
        return 0
    runs = [run for value in list(session.state_data.values()) if value is not None for run in runs_in(value)]
    for run in runs:
        release(run)
    holder.delete_state(session_hash)  # each gr.State's delete_callback, then its value
    with holder.lock:
        holder.session_data.pop(session_hash, None)
        holder.time_last_used.pop(session_hash, None)
    return len(runs)


IDLE_SECONDS = 60.0  # a session with no tab, unused this long, is freed
SWEEP_SECONDS = 15.0  # how often the sweeper looks
TRIM_SECONDS = 60.0  # at most this often: a full collection and a heap trim (a few hundred ms of the GIL)
HEARTBEAT = "/gradio_api/heartbeat/"
OPEN: collections.Counter[str] = collections.Counter()  # session hash -> heartbeat streams open now
_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None)


class Heartbeats:
    """ASGI middleware counting each session's open heartbeat streams (GET /gradio_api/heartbeat/<hash>) in OPEN."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if HEARTBEAT not in path:
            return await self.app(scope, receive, send)
        session_hash = path.rsplit("/", 1)[-1]
        OPEN[session_hash] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            OPEN[session_hash] -= 1
            if OPEN[session_hash] <= 0:
                del OPEN[session_hash]


def sweep(holder, idle: float = IDLE_SECONDS) -> int:
    """Free every session that holds no heartbeat and was last used over `idle` seconds ago. -> sessions freed."""
    if holder is None:
        return 0
    oldest = datetime.datetime.now() - datetime.timedelta(seconds=idle)
    with holder.lock:
        stale = [h for h, used in holder.time_last_used.copy().items() if used < oldest and h not in OPEN]
    for session_hash in stale:
        free_session(holder, session_hash)
    return len(stale)


def sweep_forever(demo: gr.Blocks) -> None:
    """Every SWEEP_SECONDS: free idle sessions; when there are fewer sessions than last time, hand the freed
    memory back to the system (glibc keeps it otherwise: 2,000 visitors left 300 MB more held than trimmed)."""
    held, trimmed, due = 0, 0.0, False
    while True:
        time.sleep(SWEEP_SECONDS)
        holder = getattr(demo, "state_holder", None)
        sweep(holder)
        now = len(holder.session_data) if holder is not None else 0
        due, held = due or now < held, now
        if due and time.monotonic() - trimmed > TRIM_SECONDS:
            gc.collect()  # a freed session's objects sit in reference cycles until a full collection
            _LIBC.malloc_trim(0)
            trimmed, due = time.monotonic(), False


def keep_component_ids() -> None:
    """Patch SessionState so that a component put in a session under a key keeps that key as its _id (see above)."""
    store = SessionState.__setitem__
    if getattr(store, "keeps_ids", False):
        return

    @functools.wraps(store)
    def setitem(self: SessionState, key: int, value) -> None:
        if isinstance(value, Block) and not value.stateful and value._id != key:
            value._id = key  # a render=False copy made for this session alone: nothing else knows its _id
        store(self, key, value)

    setitem.keeps_ids = True
    SessionState.__setitem__ = setitem


def free_on_leave(demo: gr.Blocks) -> Middleware:
    """When a visitor's tab closes, stop their live runs and free their per-session state at once; while it is
    open, its state stays the size of the page (keep_component_ids).

    Call once, after every page is built into `demo`. -> Heartbeats, for the launch's app_kwargs["middleware"]."""
    keep_component_ids()
    threading.Thread(target=sweep_forever, args=(demo,), name="session-sweeper", daemon=True).start()

    def leave(request: gr.Request) -> None:
        free_session(getattr(demo, "state_holder", None), request.session_hash)

    demo.unload(leave)
    return Middleware(Heartbeats)
