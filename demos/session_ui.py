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
"""
from __future__ import annotations

import gradio as gr

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
        run.trainer = run.draw = None


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


def free_on_leave(demo: gr.Blocks) -> None:
    """When a visitor's tab closes, stop their live runs and free their per-session state at once.

    Call once, after every page is built into `demo`."""
    def leave(request: gr.Request) -> None:
        free_session(getattr(demo, "state_holder", None), request.session_hash)

    demo.unload(leave)
