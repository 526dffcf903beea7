"""The one live engine (demos/live.py): fair shares, Stop, the time box, divergence, a vanished page, the cap.

Most tests drive a private Scheduler(threaded=False) by hand, turn by turn, so they are deterministic; one
runs the real thread."""
import threading
import time

import pytest

from core.trainers import TrainingDiverged, make_gan2d
from demos import live


class Counter:
    """A trainer whose step costs `cost` seconds of busy CPU per iteration."""

    def __init__(self, cost: float = 0.0005):
        self.cost, self.iterations, self.calls = cost, 0, 0

    def step(self, n: int = 1) -> dict:
        end = time.perf_counter() + self.cost * n
        while time.perf_counter() < end:
            pass
        self.iterations += n
        self.calls += 1
        return {"iteration": self.iterations}


def drawn(run: live.Run, note: str) -> tuple:
    return run.trainer.iterations, note, live.describe(run)


def new_run(trainer=None, **kwargs) -> live.Run:
    return live.Run(trainer or Counter(), draw=drawn, **kwargs)


@pytest.fixture
def scheduler():
    return live.Scheduler(threaded=False)


def test_every_playing_run_gets_an_equal_share_of_training_time(scheduler):
    cheap, dear = new_run(Counter(0.0002)), new_run(Counter(0.002))  # one step of `dear` costs 10 of `cheap`
    for run in (cheap, dear):
        assert live.play(run, scheduler) == ""
    for _ in range(60):
        scheduler.serve_once()
    assert cheap.used == pytest.approx(dear.used, rel=0.3)  # equal time, not equal steps
    assert cheap.trainer.iterations > 5 * dear.trainer.iterations


def test_a_run_that_starts_late_gets_no_credit_for_time_it_was_stopped(scheduler):
    first, late = new_run(), new_run()
    live.play(first, scheduler)
    for _ in range(20):
        scheduler.serve_once()
    live.play(late, scheduler)
    assert late.used == pytest.approx(first.used)
    served = [scheduler.serve_once() for _ in range(20)]
    assert served.count(first) >= 5 and served.count(late) >= 5  # they alternate, the newcomer does not hog


def test_slices_adapt_to_a_few_milliseconds_whatever_the_trainer_costs(scheduler, monkeypatch):
    clock = [0.0]  # a fake perf_counter that only the trainers advance: no timing in the test
    monkeypatch.setattr(live.time, "perf_counter", lambda: clock[0])

    class Ticking(Counter):
        def step(self, n: int = 1) -> dict:
            clock[0] += self.cost * n
            self.iterations += n
            return {"iteration": self.iterations}
    cheap, dear = new_run(Ticking(0.0001)), new_run(Ticking(0.05))
    for run in (cheap, dear):
        live.play(run, scheduler)
    for _ in range(12):
        scheduler.serve_once()
    assert cheap.chunk == round(scheduler.slice / 0.0001)  # 100 steps of 0.1 ms make a 10 ms slice
    assert dear.chunk == 1  # a step longer than a slice is never split
    assert dear.trainer.iterations == 2 and abs(cheap.used - dear.used) <= 0.05  # equal time, to within a step


def test_stop_lands_before_the_next_slice(scheduler):
    run = new_run()
    live.play(run, scheduler)
    scheduler.serve_once()
    live.stop(run)
    done = run.trainer.iterations
    assert len(scheduler) == 0 and not run.playing
    (iterations, _, share), going = live.tick(run)
    assert not going and iterations == done and share == []


def test_tick_reports_the_rate_and_how_many_runs_share_the_server(scheduler):
    runs = [new_run() for _ in range(3)]
    for run in runs:
        live.play(run, scheduler)
    time.sleep(0.01)
    for _ in range(9):
        scheduler.serve_once()
    (iterations, note, share), going = live.tick(runs[0])
    assert going and iterations > 0 and note == ""
    assert runs[0].rate > 0 and share[1] == "3 runs share this server" and share[0].endswith("it/s")


def test_the_first_frame_rate_counts_the_slice_it_waited_for(scheduler):
    """Play draws a frame at once; when a slice holds the lock then, the frame waits for it. The rate's window
    must include that wait: the clock read before the lock gave 1 iteration in ~0.1 ms ("8,544 it/s")."""
    run = new_run(Counter(cost=0.05))  # 20 it/s
    live.play(run, scheduler)
    holding = threading.Event()

    def slice_():  # the scheduler's thread: one slice of one iteration, holding the lock
        with run.lock:
            holding.set()
            run.trainer.step(1)

    worker = threading.Thread(target=slice_)
    worker.start()
    holding.wait(5)
    (iterations, _, said), _ = live.tick(run)
    worker.join()
    assert iterations == 1 and 0 < run.rate <= 25, f"{run.rate:,.0f} it/s from 1 iteration of 0.05 s"
    assert said[0] in (f"{run.rate:,.1f} it/s", f"{run.rate:,.0f} it/s")


def test_a_run_pauses_at_its_time_box_and_play_goes_on_from_there(scheduler):
    run = new_run(time_box=60)
    live.play(run, scheduler)
    scheduler.serve_once()
    run.started -= 61
    (done, note, _), going = live.tick(run)
    assert not going and note == "paused after 1 minutes; Play goes on from here"
    live.play(run, scheduler)  # a fresh clock: the next Play trains again (the old Streamlit cGAN never reset it)
    scheduler.serve_once()
    (iterations, note, _), going = live.tick(run)
    assert going and iterations > done and note == ""


def test_divergence_stops_the_run_with_the_trainers_message_shown_once(scheduler):
    trainer = make_gan2d(preset="gaussians")
    run = new_run(trainer)
    live.play(run, scheduler)
    scheduler.serve_once()
    done = trainer.iterations

    def diverge(n=1):
        raise TrainingDiverged("training diverged: a loss became NaN")
    trainer.step = diverge
    scheduler.serve_once()
    (iterations, note, _), going = live.tick(run)
    assert not going and note == "⚠️ training diverged: a loss became NaN" and iterations == done
    assert live.tick(run)[0][1] == ""  # said once


def test_a_trainer_with_nothing_left_finishes_and_says_so(scheduler):
    trainer = Counter()

    def finish(n=1):
        raise live.Finished("finished: every run reached its iterations")
    trainer.step = finish
    run = new_run(trainer)
    live.play(run, scheduler)
    scheduler.serve_once()
    (_, note, _), going = live.tick(run)
    assert not going and note.startswith("finished")


def test_a_page_that_stops_drawing_frames_loses_its_run(scheduler):
    run, watched = new_run(), new_run()
    live.play(run, scheduler)
    live.play(watched, scheduler)
    run.seen -= scheduler.gone + 1  # its tab closed: no tick for longer than GONE_SECONDS
    for _ in range(4):
        scheduler.serve_once()
    assert not run.playing and "stopped drawing" in run.note and len(scheduler) == 1 and watched.playing


def test_beyond_the_cap_play_is_refused_with_a_clear_message():
    scheduler = live.Scheduler(max_runs=2, threaded=False)
    runs = [new_run() for _ in range(3)]
    notes = [live.play(run, scheduler) for run in runs]
    assert notes[:2] == ["", ""] and "2 runs are training on this server" in notes[2] and not runs[2].playing
    live.stop(runs[0])
    assert live.play(runs[2], scheduler) == ""


def test_a_failing_trainer_stops_its_own_run_only(scheduler):
    broken, fine = new_run(), new_run()
    broken.trainer.step = lambda n=1: 1 / 0
    live.play(broken, scheduler)
    live.play(fine, scheduler)
    for _ in range(4):
        scheduler.serve_once()
    assert not broken.playing and "training stopped" in broken.note and fine.playing


def test_swapping_the_trainer_keeps_a_playing_run_going_from_the_new_start(scheduler):
    run = new_run()
    live.play(run, scheduler)
    scheduler.serve_once()
    run.swap(Counter())
    assert run.playing and run.trainer.iterations == 0
    scheduler.serve_once()
    assert run.trainer.iterations > 0


def test_the_real_thread_trains_between_frames_and_never_while_a_handler_holds_the_lock():
    runs = [new_run() for _ in range(2)]
    for run in runs:
        live.play(run)
    try:
        time.sleep(0.2)
        for run in runs:
            live.tick(run)
        assert all(run.trainer.iterations > 0 for run in runs)
        with runs[0].lock:
            held = runs[0].trainer.iterations
            time.sleep(0.1)
            assert runs[0].trainer.iterations == held
    finally:
        for run in runs:
            live.stop(run)
    assert not any(run in live.SCHEDULER._runs for run in runs)


def test_many_handlers_and_the_scheduler_never_step_one_trainer_at_once():
    trainer = make_gan2d(preset="gaussians")
    run = new_run(trainer)
    live.play(run)
    errors = []

    def handler():
        try:
            for _ in range(20):
                run.frame()
                with run.lock:
                    trainer.step(1, phase="d")
        except Exception as error:  # noqa: BLE001: any error here is the failure
            errors.append(error)
    threads = [threading.Thread(target=handler) for _ in range(3)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        live.stop(run)
    assert errors == [] and trainer.iterations > 60


def test_a_controls_note_stays_on_a_playing_runs_frames_for_a_few_seconds(scheduler):
    run = new_run()
    live.play(run, scheduler)
    assert live.say(run, "changed d_lr on the fly") == "changed d_lr on the fly"
    assert [live.tick(run)[0][1] for _ in range(3)] == ["changed d_lr on the fly"] * 3
    run.said = (run.said[0] - live.SAID_SECONDS - 1, run.said[1])
    assert live.tick(run)[0][1] == ""
