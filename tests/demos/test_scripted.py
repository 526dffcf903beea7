"""Scripted training on the live engine (demos/scripted.py): exactly `steps` iterations on the scheduler,
and an error in words for a divergence, a full server or the timeout; never a step after the answer."""
import time

from core.trainers import TrainingDiverged
from demos import live, scripted


class Counter:
    """A trainer that counts: step(n) adds n, slowly if asked; diverges at `diverge_at` if given."""

    def __init__(self, pause: float = 0.0, diverge_at: int | None = None):
        self.iterations, self.pause, self.diverge_at, self.sizes = 0, pause, diverge_at, []

    def step(self, n: int = 1) -> None:
        time.sleep(self.pause)
        if self.diverge_at is not None and self.iterations + n >= self.diverge_at:
            raise TrainingDiverged(f"training diverged within iterations {self.iterations + 1}–{self.iterations + n}")
        self.sizes.append(n)
        self.iterations += n


def test_it_trains_exactly_the_steps_asked_on_the_scheduler():
    scheduler, trainer = live.Scheduler(), Counter()
    assert scripted.train_to(trainer, 5000, timeout=30, scheduler=scheduler) == ""
    assert trainer.iterations == 5000 and len(trainer.sizes) > 1 and not len(scheduler)  # slices, then gone


def test_a_divergence_a_full_server_and_the_timeout_are_errors_in_words():
    scheduler = live.Scheduler()
    trainer = Counter(diverge_at=50)
    assert scripted.train_to(trainer, 100, timeout=30, scheduler=scheduler).startswith("training diverged within")
    assert trainer.iterations < 50
    full = live.Scheduler(max_runs=0)
    assert "runs are training on this server" in scripted.train_to(Counter(), 10, timeout=30, scheduler=full)
    slow = Counter(pause=0.05)
    error = scripted.train_to(slow, 10 ** 6, timeout=0.3, scheduler=scheduler)
    assert error.startswith("timed out after 0.3 s") and not len(scheduler)
    stopped = slow.iterations
    time.sleep(0.2)
    assert slow.iterations == stopped  # never stepped after the answer


def test_a_script_shares_the_server_with_a_visitors_run():
    scheduler, visitor = live.Scheduler(threaded=False), live.Run(Counter(pause=0.001), draw=lambda run, note: None)
    live.play(visitor, scheduler)
    script = live.Run(scripted.UpTo(Counter(pause=0.001), 10 ** 6), draw=lambda run, note: None)
    live.play(script, scheduler)
    for _ in range(40):
        scheduler.serve_once()
    shares = visitor.used, script.used
    assert visitor.trainer.iterations > 0 and script.trainer.iterations > 0 and max(shares) < 3 * min(shares)
