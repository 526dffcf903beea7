"""A blank session as gr.State's default (demos/visitor.py, issue 17): the first click of a visitor, even one
made before the page's load event, finds a session of their own, and its first use makes the run.

Gradio gives each visitor `copy.deepcopy(default)` when their first event arrives; these tests do the same.
"""
import copy
import time

import pytest

from demos import live, visitor
from demos.cgan import live as cgan
from demos.cyclegan import toy
from demos.mode_collapse import view as mode_collapse

PAGES = [pytest.param(mode_collapse.Session, id="mode-collapse"), pytest.param(cgan.Session, id="cgan"),
         pytest.param(toy.Session, id="cyclegan-toy")]


def trained(run: live.Run, turns: int = 3):
    """Play pressed on `run`, `turns` slices on a private scheduler, then the next frame."""
    scheduler = live.Scheduler(threaded=False)
    assert live.play(run, scheduler) == ""
    time.sleep(0.01)
    for _ in range(turns):
        if run.playing:
            scheduler.serve_once()
    frame = live.tick(run)
    live.stop(run)
    return frame


@pytest.mark.parametrize("Session", PAGES)
def test_each_visitor_gets_a_blank_session_of_their_own_that_trains_on_the_first_play(Session):
    default = Session()  # gr.State's default: nothing costly made at start-up
    assert default.blank and default.run.trainer is None
    page, other = copy.deepcopy(default), copy.deepcopy(default)  # two visitors' first events
    assert type(page) is Session and page is not other and page.run is not other.run and page.lock is not other.lock
    assert page.blank and other.blank
    run = visitor.ready(page)  # the player's run_of: Play pressed before the load event
    assert run is page.run and run.trainer is not None and run.trainer.iterations == 0
    assert page.ready().trainer is run.trainer  # made once
    frame, going = trained(run)
    assert going and run.trainer.iterations > 0 and frame[-1].startswith(f"iteration {run.trainer.iterations:,}")
    assert other.blank and default.blank  # nobody else's page was touched
    with pytest.raises(TypeError, match="only a blank"):
        copy.deepcopy(page)  # a visitor's session is never copied


@pytest.mark.parametrize("Session", PAGES)
def test_a_blank_sessions_run_draws_the_sessions_frame(Session):
    page = copy.deepcopy(Session())
    status = page.run.frame()[-1]  # the engine draws through run.draw
    assert isinstance(status, str) and status
    assert page.run.draw is not Session().run.draw  # each session's own closure, not the default's


def test_the_load_after_an_early_play_keeps_the_run_when_the_settings_are_the_same():
    """Mode collapse: the load applies a link's settings; a Play pressed before it trained from the defaults."""
    page = copy.deepcopy(mode_collapse.Session())
    run = mode_collapse.ready(page)
    trained(run)
    at, pair = run.trainer.iterations, run.trainer
    assert mode_collapse.opened(page, dict(mode_collapse.DEFAULTS, seed=0.0, every=500.0)) == ""  # as a UI sends them
    assert run.trainer is pair and pair.iterations == at  # goes on, not back to 0
    assert mode_collapse.opened(page, dict(method="pacgan")) == "Ready: press Play."  # a link's: new runs
    assert run.trainer is not pair and [line.method for line in page.runs] == ["pacgan", "minibatch_stddev"]


def test_the_load_on_a_blank_mode_collapse_session_builds_from_its_settings_or_says_why_not():
    page = copy.deepcopy(mode_collapse.Session())
    assert mode_collapse.opened(page, dict(seed=99_999)).startswith("⚠️ the seed must be")
    assert page.blank  # nothing made from a bad link; the frame makes the defaults'
    assert mode_collapse.frame(page).status.startswith("iteration 0 / ") and not page.blank
    assert page.settings["seed"] == 0


def test_the_cyclegan_load_keeps_an_early_run_when_the_link_sets_nothing_new():
    page = copy.deepcopy(toy.Session())
    trained(toy.ready(page))
    at = page.trainer.iterations
    assert toy.apply(page, **toy.DEFAULTS) == "" and page.trainer.iterations == at > 0
    assert toy.apply(page, lam=0).startswith("A new run") and page.trainer.iterations == 0


def test_the_cgan_load_chooses_the_kind_of_a_blank_session_and_leaves_a_made_run_alone():
    page = copy.deepcopy(cgan.Session())
    acgan = next(kind for kind in cgan.KINDS if cgan.KINDS[kind])
    cgan.choose(page, acgan)  # a link's kind, before any run: Train starts that one
    assert page.blank and cgan.ready(page).trainer.gan.config.auxiliary
    cgan.choose(page, cgan.DEFAULT_KIND)
    assert page.kind == acgan  # a run already made keeps its own
