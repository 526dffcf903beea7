"""The Conditional GAN page's live section: a run of either kind from scratch, streamed frame by frame, that
stops by itself on divergence or at its time box, and says why."""
import time

import numpy as np
import plotly.graph_objects as go

from core.trainers import TrainingDiverged
from demos.cgan import live
from demos.gan import runs


def test_a_new_visitor_sees_an_invitation_and_no_model_is_made_yet():
    session = live.new_session()
    grid, losses, status = live.view(session)
    assert session.trainer is None and grid is None and losses is None and "▶ Train" in status


def test_a_frame_trains_and_draws_one_column_per_class():
    session = live.new_session()
    (grid, losses, status), going = live.train_view(session)
    assert going and session.trainer.iterations > 0 and status.startswith(f"iteration {session.trainer.iterations}")
    assert grid.dtype == np.uint8 and grid.shape == ((6 * 29 + 1) * 3, (10 * 29 + 1) * 3)  # 6 rows of 10 classes
    assert isinstance(losses, go.Figure) and [t.name for t in losses.data] == ["D loss", "G loss"]


def test_the_acgan_run_shows_its_class_loss_and_an_unknown_kind_falls_back():
    session = live.new_session()
    assert "AC-GAN" in live.start(session, "AC-GAN: D names the class")
    assert session.trainer.gan.config.auxiliary
    (_, losses, status), _ = live.train_view(session)
    assert "class loss" in status and len(losses.data) == 3
    live.start(session, "no such kind")
    assert session.kind == live.DEFAULT_KIND and not session.trainer.gan.config.auxiliary


def test_a_run_stops_at_its_time_box_and_on_divergence_and_says_why():
    session = live.new_session()
    live.start(session)
    session.run_started = time.monotonic() - runs.MAX_RUN_SECONDS - 1
    (_, _, status), going = live.train_view(session)
    assert not going and "paused after" in status and session.stop_note in status

    def diverge(n):
        raise TrainingDiverged("a loss became NaN")

    session.run_started, session.trainer.step = 0.0, diverge
    (grid, _, status), going = live.train_view(session)
    assert not going and "⚠️ a loss became NaN" in status and grid is not None
