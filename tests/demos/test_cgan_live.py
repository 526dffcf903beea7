"""The Conditional GAN page's live section: a run of either kind from scratch on the live engine, its trainer
made on first Train; a divergence stops it and says why, and a run stopped and played again trains again."""
import time

import numpy as np
import plotly.graph_objects as go

from core.trainers import TrainingDiverged
from demos import live as engine
from demos.cgan import live


def played(session: live.Session, turns: int = 3, scheduler: engine.Scheduler | None = None):
    """Train pressed (the run made first if need be), `turns` slices on a private scheduler, then the frame."""
    scheduler = scheduler or engine.Scheduler(threaded=False)
    assert engine.play(live.ready(session), scheduler) == ""
    time.sleep(0.01)
    for _ in range(turns):
        if not session.run.playing:
            break
        scheduler.serve_once()
    return engine.tick(session.run)


def test_a_new_visitor_sees_an_invitation_and_no_model_is_made_yet():
    session = live.new_session()
    grid, losses, status = session.run.frame()
    assert session.trainer is None and grid is None and losses is None and "▶ Train" in status


def test_a_playing_run_trains_and_draws_one_column_per_class():
    session = live.new_session()
    (grid, losses, status), going = played(session)
    assert going and session.trainer.iterations > 0 and status.startswith(f"iteration {session.trainer.iterations}")
    assert "it/s" in status and "the only run on this server" in status
    assert grid.dtype == np.uint8 and grid.shape == ((6 * 29 + 1) * 3, (10 * 29 + 1) * 3)  # 6 rows of 10 classes
    assert isinstance(losses, go.Figure) and [t.name for t in losses.data] == ["D loss", "G loss"]


def test_the_acgan_run_shows_its_class_loss_and_an_unknown_kind_falls_back():
    session = live.new_session()
    assert "AC-GAN" in live.start(session, "AC-GAN: D names the class")
    assert session.trainer.gan.config.auxiliary
    (_, losses, status), _ = played(session)
    assert "class loss" in status and len(losses.data) == 3
    assert live.start(session, "no such kind").endswith(".")  # a playing run goes on with the new one
    assert session.kind == live.DEFAULT_KIND and not session.trainer.gan.config.auxiliary
    assert session.run.playing and session.trainer.iterations == 0


def test_a_divergence_stops_the_run_and_its_message_shows(monkeypatch):
    session = live.new_session()
    live.ready(session)

    def diverge(n):
        raise TrainingDiverged("a loss became NaN")

    monkeypatch.setattr(session.trainer, "step", diverge)
    (grid, _, status), going = played(session)
    assert not going and "⚠️ a loss became NaN" in status and grid is not None


def test_a_run_stopped_and_played_again_after_its_time_box_trains():
    scheduler = engine.Scheduler(threaded=False)
    session = live.new_session()
    played(session, scheduler=scheduler)
    session.run.started -= engine.MAX_RUN_SECONDS + 1  # the first Play was more than the time box ago
    engine.stop(session.run)
    before = session.trainer.iterations
    (_, _, status), going = played(session, turns=1, scheduler=scheduler)
    assert going and session.trainer.iterations > before and "paused" not in status
