"""A live run's history (demos/history.py) and the GAN page's use of it (demos/gan/rewind.py): the budget holds,
200 frames stay, a resumed run goes on exactly as the original did, and the GIF decodes."""
import io

import numpy as np
import pytest
from PIL import Image

from core.gan2d import GAN2D, GAN2DConfig
from demos import history, live
from demos.gan import digits, rewind, view


class Counter:
    """A trainer with a state of a known size, which records what it was asked."""

    def __init__(self, state_bytes: int = 1000):
        self.iterations, self.state_bytes = 0, state_bytes

    def state_dict(self) -> dict:
        return {"weights": np.zeros(self.state_bytes, np.uint8), "iterations": self.iterations}


def fill(line: history.Timeline, frames: int, picture_bytes: int, trainer=None) -> Counter:
    trainer = trainer or Counter()
    for _ in range(frames):
        trainer.iterations += 1
        line.record(trainer, np.zeros(picture_bytes, np.uint8))
    return trainer


def test_a_long_run_keeps_its_newest_200_frames_and_its_first_within_the_budget():
    line = history.Timeline(budget=1_000_000)
    fill(line, 2000, picture_bytes=2000)  # 2000 frames of ~3 kB would be 6 MB
    iterations = [s.iteration for s in line.frames]
    assert line.used <= line.budget
    assert iterations[-200:] == list(range(1801, 2001))  # the last 200, none missing
    assert iterations[0] == 1 and len(iterations) > 200  # older ones thinned, the run's start kept
    assert iterations == sorted(iterations)


def test_states_are_kept_every_k_frames_so_that_200_frames_of_states_take_half_the_budget():
    line = history.Timeline(budget=1_000_000)
    fill(line, 400, picture_bytes=100, trainer=Counter(state_bytes=50_000))
    assert line.every == 21  # ceil(50 kB x 200 / 500 kB)
    assert line.used <= line.budget
    states = [i for i, s in enumerate(line.frames) if s.state is not None]
    assert len(states) >= 200 // 21 and np.diff(states[-5:]).max() <= 21


def test_a_new_trainer_starts_a_new_timeline():
    line = history.Timeline(budget=100_000)
    fill(line, 10, 10)
    fill(line, 3, 10)
    assert [s.iteration for s in line.frames] == [1, 2, 3]


def trainer(**changes) -> GAN2D:
    return GAN2D(GAN2DConfig(**{"d_optimizer": "adam", "g_optimizer": "adam", "loss": "wgan_gp", **changes}))


@pytest.mark.parametrize("position, resumed_at", [(50, 105), (0, 0)])
def test_resume_from_a_snapshot_continues_the_run_as_the_original_did(position, resumed_at):
    original = live.Run(trainer())
    line = history.timeline(original, rewind.BUDGET_2D)
    for _ in range(30):  # 30 frames of 7 iterations, recorded as the page records them
        line.record(original.trainer, rewind.still(original.trainer))
        original.trainer.step(7)
    line.record(original.trainer, rewind.still(original.trainer))
    losses = {key: list(original.trainer.history[key]) for key in ("iteration", "d_loss", "g_loss")}

    assert history.resume(original, position, play=False).startswith(f"resumed from iteration {resumed_at}")
    assert original.trainer.iterations == resumed_at and line.frames[-1].iteration == resumed_at
    original.trainer.step(13)  # other chunks than the original's: the same iterations
    original.trainer.step(210 - resumed_at - 13)
    again = original.trainer.history
    assert again["iteration"] == losses["iteration"]
    assert again["d_loss"] == losses["d_loss"] and again["g_loss"] == losses["g_loss"]  # exactly


def test_a_scrubbed_page_shows_the_earlier_frame_until_it_plays_again():
    session = view.new_session()
    view.frame(session)
    for _ in range(4):
        session.trainer.step(5)
        view.frame(session)
    session.trainer.step(5)  # trained since the last frame, as a playing run is
    history.scrub(session.run, 25)  # frame 2 of 6: the frame of now is recorded first
    assert [s.iteration for s in session.run.timeline.frames] == [0, 5, 10, 15, 20, 25]
    shown = view.frame(session)
    assert "iteration 5 " in shown.status and "rewound to iteration 5" in shown.status
    fakes = next(t for t in shown.canvas.data if t.name == "fake")
    np.testing.assert_array_equal(fakes.x, session.run.timeline.frames[1].picture.fixed[:, 0])
    session.trainer.step(1)
    assert "iteration 26" in view.frame(session).status  # stepped on: the trainer's frame again


def test_play_ends_the_rewind_at_once_even_before_anything_has_trained():
    """For one frame after Play, before the scheduler has trained a step, the status said "rewound" (the live GAN
    page; the mode-collapse page had it fixed on its own): the frame drawn is now's, so the cursor is too."""
    run = live.Run(Counter())
    line = history.timeline(run, 100_000)
    fill(line, 5, 10, trainer=run.trainer)
    history.scrub(run, 0)
    assert line.showing(run, run.trainer) is line.frames[0] and line.shown() is line.frames[0]
    run.playing = True  # Play: nothing trained yet, the newest frame is still the trainer's iteration
    assert line.showing(run, run.trainer) is None and line.shown() is None and line.cursor is None
    run.playing = False
    assert line.showing(run, run.trainer) is None  # stopped again: still now, not back to the old frame


def test_the_gan_pages_first_frame_after_play_is_not_rewound():
    session = view.new_session()
    for _ in range(3):
        view.frame(session)
        session.trainer.step(5)
    view.frame(session)
    history.scrub(session.run, 0)
    assert "rewound to iteration 0" in view.frame(session).status
    session.run.playing = True  # Play, before the scheduler's first slice
    shown = view.frame(session)
    assert shown.status.startswith("iteration 15") and "rewound" not in shown.status


def test_the_run_downloads_as_a_gif_of_its_frames():
    session = view.new_session()
    for _ in range(12):
        view.frame(session)
        session.trainer.step(3)
    data, frames, name = rewind.film(session)
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF" and gif.n_frames == frames == 12 and name == "genlab_gan_33.gif"
    assert gif.size == (rewind.GIF_SIDE, rewind.GIF_SIDE + 28)
    gif.seek(0)
    first = np.asarray(gif.convert("RGB")).copy()
    gif.seek(11)
    last = np.asarray(gif.convert("RGB"))
    assert (first != last).any()  # the fakes moved


def test_more_frames_than_a_gif_holds_are_spread_over_the_whole_run():
    line = history.Timeline(budget=10_000_000)
    fill(line, 500, 10)
    pictures = line.pictures(limit=120)
    assert len(pictures) == 120 and pictures[0] is line.frames[0].picture and pictures[-1] is line.frames[-1].picture


def test_the_digit_section_keeps_its_frames_and_resumes(monkeypatch):
    session = view.new_session()
    digits.attach(session)
    digits.start(session, from_checkpoint=False)
    for _ in range(3):
        digits.view(session)
        session.digits.trainer.step(2)
    grid, _, _, status = digits.view(session)
    assert "iteration 6" in status and [s.iteration for s in session.digits.timeline.frames] == [0, 2, 4, 6]
    history.scrub(session.digits, 0)
    old_grid, _, _, status = digits.view(session)
    assert "rewound to iteration 0" in status and (old_grid != grid).any()
    assert history.resume(session.digits, 0, play=False) == "resumed from iteration 0"
    assert session.digits.trainer.iterations == 0
    gif = Image.open(io.BytesIO(rewind.digit_film(session)[0]))
    assert gif.n_frames == 1
