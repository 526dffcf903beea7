"""A page's per-visitor session that gr.State can hold as its default: ready on first use (issue 17). Framework-free.

gr.State() made each visitor's session on the page's load event, so a Play or Train pressed while the page still
loaded met None, showed "Error" and was lost. Gradio gives each visitor a deepcopy of gr.State's default when
their first event arrives, whichever it is; so a page's default is a *blank* session (a live.Run with no trainer
yet: nothing costly made at start-up), whose copy is a new blank one, and `ready()` makes its trainer on first use.

A visitor's session still goes when they leave: demos/session_ui.free_session releases the live.Run attributes
of every gr.State value (runs_in) and drops them, a blank one's copy as any other.
"""
from __future__ import annotations

from demos import live


class Blank:
    """Base of a page's Session. Not a dataclass: Gradio turns a dataclass default into a dict for its config, and a
    Run's lock will not copy.

    A subclass's constructor with no arguments makes a blank session; it supplies `make()`, which gives `self.run`
    its trainer (run.swap), and `draw(note)`, the page's frame, which the engine draws (run.draw)."""

    def __init__(self):
        self.run = live.Run()
        self.run.draw = lambda run, note: self.draw(note)

    def make(self) -> None:
        raise NotImplementedError

    def draw(self, note: str = ""):
        raise NotImplementedError

    @property
    def blank(self) -> bool:
        """No trainer made yet in any of its runs."""
        return all(value.trainer is None for value in vars(self).values() if isinstance(value, live.Run))

    def ready(self) -> live.Run:
        """The live run, its trainer made now if there is none yet (the visitor's first click, or any handler)."""
        with self.run.lock:
            if self.run.trainer is None:
                self.make()
        return self.run

    @property
    def lock(self):
        return self.run.lock

    def __deepcopy__(self, memo) -> Blank:
        """gr.State deep-copies its default for each visitor: a blank session's copy is a new blank session."""
        if not self.blank:
            raise TypeError(f"only a blank {type(self).__name__} (gr.State's default) is copied; a visitor's holds "
                            "its trainers")
        return type(self)()


def ready(session: Blank) -> live.Run:
    """The player's run_of: the session's run, ready to train."""
    return session.ready()
