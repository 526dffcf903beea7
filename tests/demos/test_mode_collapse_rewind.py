"""The Mode collapse page's history (demos/mode_collapse/rewind.py over demos/history.py), without a UI: the
timeline scrubs both panels back to an earlier iteration (samples, modes, % high quality, histogram, curves and
film strip of that frame), Play goes on from the newest frame, new settings start a new history, and a long run
stays within the stated memory budget with the film strip's snapshots kept."""
import numpy as np
import pytest

from core.mode_collapse import STEPS
from demos import history, live
from demos.mode_collapse import figures, rewind, view

EVERY = 50


def serve(scheduler, session, until: int) -> None:
    """Train until `until` iterations, drawing a frame every few slices as a browser does (a run nobody draws
    stops itself after live.GONE_SECONDS)."""
    for turn in range(10_000):
        if not session.run.playing or session.run.trainer.iterations >= until:
            return
        scheduler.serve_once()
        if turn % 3 == 0:
            live.tick(session.run)


def dots(figure, panel: int) -> np.ndarray:
    """The samples drawn in a panel of the samples figure (high quality or not), sorted."""
    axis = "x" if panel == 0 else f"x{panel + 1}"
    traces = [t for t in figure.data if t.mode == "markers" and t.xaxis == axis]
    points = np.concatenate([np.stack([np.asarray(t.x), np.asarray(t.y)], 1) for t in traces])
    return points[np.lexsort(points.T)]


@pytest.fixture(scope="module")
def trained():
    """Two runs side by side, trained 150 iterations on the live engine (served by hand), then stopped; and the
    first frame's samples of each, as the page drew them at iteration 0."""
    session = view.build(dict(method="nonsaturating", versus="pacgan", every=EVERY))
    first = view.frame(session)
    scheduler = live.Scheduler(threaded=False)
    live.play(session.run, scheduler)
    serve(scheduler, session, until=150)
    live.stop(session.run)
    return session, first


def test_scrubbing_back_shows_both_panels_at_that_iteration(trained):
    session, first = trained
    now = view.frame(session)
    newest = session.run.trainer.iterations
    assert newest >= 150 and now.status.startswith(f"iteration {newest:,} / ")

    assert history.scrub(session.run, 0).iteration == 0
    back = view.frame(session)
    assert back.status.startswith(f"iteration 0 / {STEPS['pacgan']:,}")
    assert f"rewound to iteration 0 (frame 1 of {len(session.run.timeline.frames)} kept)" in back.status
    assert f"**Play** goes on from iteration {newest:,}" in back.status and "Resume" not in back.status
    for panel in (0, 1):  # both runs, exactly the samples drawn at iteration 0
        assert np.array_equal(dots(back.samples, panel), dots(first.samples, panel))
        assert not np.array_equal(dots(back.samples, panel), dots(now.samples, panel))
    assert back.status.split(" — ")[0] == first.status.split(" — ")[0]  # its modes, % high quality, reverse KL
    assert [list(t.y) for t in back.histogram.data] == [list(t.y) for t in first.histogram.data]
    assert session.run.trainer.iterations == newest  # looking back trains nothing, changes nothing


def test_a_middle_frame_cuts_the_curves_and_the_film_strip_at_its_iteration(trained):
    session, _ = trained
    snap = history.scrub(session.run, 50)
    shown = view.frame(session)
    assert 0 < snap.iteration < session.run.trainer.iterations
    assert shown.status.startswith(f"iteration {snap.iteration:,} / ")
    for trace in shown.curves.data:  # every curve ends at the frame shown
        assert max(trace.x) <= snap.iteration
    strip = [a.text for a in shown.film.layout.annotations if a.text.replace(",", "").isdigit()]
    assert strip == [str(i) for i in range(0, snap.iteration + 1, EVERY)] * 2  # a row per run, up to here
    all_of_it = rewind.film(session.run.timeline, session.run.timeline.frames[-1].picture)
    assert [i for i, _ in all_of_it[0]] == list(range(0, session.run.trainer.iterations + 1, EVERY))[-figures.FILM:]


def test_play_after_scrubbing_goes_on_from_the_newest_frame():
    session = view.build(dict(versus="unrolled", every=EVERY))
    scheduler = live.Scheduler(threaded=False)
    live.play(session.run, scheduler)
    serve(scheduler, session, until=60)
    history.scrub(session.run, 0)
    stopped = session.run.trainer.iterations
    assert not session.run.playing and view.frame(session).status.startswith("iteration 0 /")
    live.play(session.run, scheduler)
    frame, _ = live.tick(session.run)  # before the scheduler has trained a step: the newest frame, not a rewound one
    assert frame.status.startswith(f"iteration {stopped:,} / ") and "rewound" not in frame.status
    serve(scheduler, session, until=stopped + 5)
    frame, _ = live.tick(session.run)
    assert frame.status.startswith(f"iteration {session.run.trainer.iterations:,} / ")
    assert session.run.trainer.iterations > stopped and "rewound" not in frame.status


def test_new_settings_start_a_new_history_at_iteration_0(trained):
    session = view.build(dict(every=EVERY))
    session.run.trainer.step(EVERY)  # the Pair keeps its frame at each multiple of `every`, drawn or not
    assert [s.iteration for s in session.run.timeline.frames] == [0, EVERY]
    assert all(s.pinned and s.state is None for s in session.run.timeline.frames)  # nothing to resume: no states
    view.rebuild(session, dict(seed=3, every=EVERY))
    view.frame(session)
    assert [s.iteration for s in session.run.timeline.frames] == [0]


def test_a_long_run_stays_within_the_budget_and_keeps_the_film_strips_snapshots(trained):
    """A frame of two runs as the page keeps it, recorded 3,000 times (a long run drawn 4 times a second): the
    budget holds, the newest KEEP frames and every film-strip snapshot stay, the first frame too."""
    session, _ = trained
    picture = session.run.timeline.frames[-1].picture
    size = history.nbytes(picture)
    assert size <= 16_000 and rewind.BUDGET // size >= 2 * history.KEEP  # README: ~14 kB, 6 MB

    class Clock:  # a trainer whose iterations we set
        iterations = 0

    line, clock = history.Timeline(rewind.BUDGET, states=False), Clock()
    for i in range(3000):
        clock.iterations = 10 * i
        line.record(clock, picture, pinned=clock.iterations % 500 == 0)
    kept = [s.iteration for s in line.frames]
    assert line.used <= rewind.BUDGET and all(s.state is None for s in line.frames)
    assert kept[-history.KEEP:] == list(range(10 * (3000 - history.KEEP), 30_000, 10))
    assert set(range(0, 30_000, 500)) <= set(kept) and kept[0] == 0 and kept == sorted(kept)
