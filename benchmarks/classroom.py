"""A whole class at once (issue 14): N students play the live GAN page while M more move a VAE slider,
all on one server, each through Gradio's own queue protocol as its browser would.

How it is measured:
- `python app.py` runs as a process of its own on a free port of 127.0.0.1, a fresh one per class size
  (so every size starts from an idle server's memory). Its RSS (with any children) is read from /proc
  twice a second, and its CPU time before and after.
- Every student is a benchmarks.queue_client.Tab: a session of its own that fires the page's events
  (found in the page's config by trigger and elem_id, never by number). A GAN student opens /gan (all
  of its load events and their `.then` chains), presses Play (#gan-play), takes frames for --seconds,
  and presses Stop (#gan-stop). Two shapes of the page are understood: Play switches on a gr.Timer
  whose `tick` event returns one frame (ticked every timer period, never while the last tick is
  pending, as the browser does), or else Play's chain streams a generator, one frame a message.
- Per GAN student: iterations per second (from 'iteration N' in #gan-status: gained from Play to the
  last frame, per wall second), frames per second (every new canvas after Play), and the time from
  Play to the first frame that shows training (its iteration count has moved).
- The slider students open /vae and move latent slider #vae-z0 twice a second, each answer timed from
  the move; a move made while the last is pending goes once that one is answered (trigger_mode
  'always_last'), so its wait counts too.
- One real Chromium (if installed) opens /gan in the same crowd, presses Play and counts the status
  line's new iteration counts: the frames per second that a real browser shows.
- Refused: an HTTP answer other than 2xx, a queue_full message, or Play answered with a ⚠️ note
  (every training slot taken). Failed: an event that ended with success false.
- Baseline, in the same run: the page's default 2-D GAN stepped bare, 25 iterations at a time, in one
  process and then in two processes at once (one thread each). The class's aggregate it/s at N = 30
  is given as a fraction of the two-process figure.

This process and Chromium share the server's cores, as a class's browsers would not; their CPU time is
in the table beside the server's.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import re
import resource
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from benchmarks.common import ROOT, median, stop_process, write
from benchmarks.gan_speed import RECORD
from benchmarks.queue_client import Counts, Tab
from benchmarks.slider_latency import CHROMIUM_ARGS, serve
from benchmarks.startup import free_port

ITERATION = re.compile(r"iteration ([\d,]+)")
SLIDER_PERIOD = 0.5  # seconds between two moves of a VAE slider
CLIENT_TIMEOUT = httpx.Timeout(60.0)  # per request, and per read of a message stream
LOAD_SECONDS = 120.0  # the longest a student may take to open a page before the class goes on without them
TARGET_SIZE = 30
TARGETS = {"load_s": 1.0, "it_s": 60, "fps": 3, "first_frame_s": 2.0, "slider_p95_ms": 500, "refused": 0, "of_bare": 0.6}


def now() -> float:
    return time.perf_counter()


# --- the server as a process tree ---------------------------------------------------------------

def proc(path: str) -> str:
    """A /proc file, or "" when its process or thread has just ended."""
    try:
        return Path("/proc", path).read_text()
    except OSError:
        return ""


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        for child in proc(f"{pid}/task/{task.name}/children").split():
            pids += process_tree(int(child))
    return pids


def rss_mb(pid: int) -> float:
    found = [re.search(r"VmRSS:\s+(\d+)", proc(f"{each}/status")) for each in process_tree(pid)]
    return sum(int(f.group(1)) for f in found if f) / 1024


def cpu_seconds(pid: int) -> float:
    """User and system time of the process and its children."""
    ticks = 0
    for each in process_tree(pid):
        fields = proc(f"{each}/stat").rsplit(")", 1)[-1].split()
        ticks += int(fields[11]) + int(fields[12]) if fields else 0  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


async def watch_memory(pid: int, over: asyncio.Event, samples: list[float]) -> None:
    while not over.is_set():
        samples.append(rss_mb(pid))
        await asyncio.sleep(0.5)
    samples.append(rss_mb(pid))


# --- a GAN student ----------------------------------------------------------------------------------

@dataclass
class Player:
    """What one GAN student saw after pressing Play."""
    played: float = 0.0  # perf_counter() at Play
    start: int = 0  # the iteration shown at Play
    frames: list[tuple[float, int]] = field(default_factory=list)  # (time, iteration) of every frame
    warned: bool = False  # Play was answered with a ⚠️ note
    ticked: bool = False  # the page draws a frame per gr.Timer tick (else Play streams them)
    load_s: float | None = None  # from opening the page to its last load event's answer

    def seen(self, tab: Tab, changed: list[int]) -> None:
        status = str(tab.value("gan-status"))
        if self.played and "⚠️" in status:
            self.warned = True
        if self.played and tab.element("gan-canvas") in changed:
            self.frames.append((now(), iteration(status)))

    def rate(self) -> float:
        if not self.frames or self.frames[-1][0] <= self.played:
            return 0.0
        last, count = self.frames[-1]
        return (count - self.start) / (last - self.played)

    def fps(self, stopped: float) -> float:
        return len(self.frames) / (stopped - self.played) if self.played else 0.0

    def first_frame(self) -> float | None:
        """Seconds from Play to the first frame that shows training (the iteration count has moved)."""
        moved = [at for at, count in self.frames if count > self.start]
        return moved[0] - self.played if moved else None


def iteration(status: str) -> int:
    found = ITERATION.search(status)
    return int(found.group(1).replace(",", "")) if found else 0


def frame_timer(tab: Tab) -> int | None:
    """The gr.Timer whose tick draws #gan-canvas, if the page plays that way."""
    canvas = tab.element("gan-canvas")
    ticks = [target for dep in tab.deps.values() if canvas in dep["outputs"]
             for target, event in dep["targets"] if event == "tick"]
    return ticks[0] if ticks else None


async def tick(tab: Tab, timer: int, until: float) -> None:
    """The browser's timer: a tick every period while the timer is active (a pending tick drops the next)."""
    pending = set()
    while now() < until:
        props = tab.props[timer]
        if props.get("active"):
            pending.add(asyncio.create_task(tab.trigger(timer, "tick")))
        await asyncio.sleep(min(props.get("value") or 1.0, max(0.0, until - now())))
    if pending:
        await asyncio.wait(pending, timeout=30)


async def gan_student(base: str, seconds: float, player: Player, counts: Counts) -> float:
    """Open /gan, Play for `seconds`, Stop. -> the time Stop was pressed."""
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT) as http:
        tab = Tab(http, base, "gan", counts=counts)
        tab.on_data = lambda dep, changed: player.seen(tab, changed)
        opened = now()
        await tab.open()
        try:
            await asyncio.wait_for(tab.load(), LOAD_SECONDS)
            player.load_s = now() - opened
            player.played, player.start = now(), iteration(str(tab.value("gan-status")))
            play = asyncio.create_task(tab.trigger("gan-play", "click"))
            timer = frame_timer(tab)
            player.ticked = timer is not None
            await (tick(tab, timer, player.played + seconds) if timer else asyncio.sleep(seconds))
            stopped = now()
            await asyncio.wait_for(tab.trigger("gan-stop", "click"), 30)
            await asyncio.wait_for(play, 30)
            return stopped
        finally:
            await tab.close()


# --- a slider student ---------------------------------------------------------------------------------

async def slider_student(base: str, over: asyncio.Event, latencies: list[float], counts: Counts) -> None:
    """Open /vae and move #vae-z0 every SLIDER_PERIOD until the class is over; time each answer."""
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT) as http:
        tab = Tab(http, base, "vae", counts=counts)
        await tab.open()
        try:
            await asyncio.wait_for(tab.load(), LOAD_SECONDS)
            slider = tab.props[tab.element("vae-z0")]
            due = now()
            while not over.is_set():
                await asyncio.sleep(max(0.0, due - now()))
                due += (now() - due) // SLIDER_PERIOD * SLIDER_PERIOD  # moves made meanwhile: the last one goes
                slider["value"] = round(random.uniform(slider["minimum"], slider["maximum"]), 2)
                if await asyncio.wait_for(tab.trigger("vae-z0", "input"), 60):
                    latencies.append(now() - due)
                due += SLIDER_PERIOD
        finally:
            await tab.close()


# --- one real browser ------------------------------------------------------------------------------

async def browser_fps(base: str, over: asyncio.Event) -> float:
    """Chromium opens /gan, presses Play and counts new iteration counts in #gan-status until the class is over."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            await page.goto(f"{base}/gan", timeout=LOAD_SECONDS * 1000)
            await page.locator("#gan-canvas .js-plotly-plot").wait_for(timeout=LOAD_SECONDS * 1000)
            await page.evaluate(RECORD)
            if over.is_set():
                raise TimeoutError("Chromium had the page open only after the class ended")
            played = await page.evaluate("performance.now()")
            await page.locator("#gan-play").click()
            await over.wait()
            frames, ended = await page.evaluate("[window.__frames, performance.now()]")
            await page.evaluate("document.querySelector('#gan-stop').click()")  # a locator hung on the busy page
        finally:
            await browser.close()
    shown = {iteration(text) for _, text in frames}  # the count at Play, then one new count per frame
    return max(0, len(shown) - 1) / ((ended - played) / 1000)


# --- the bare trainer: the baseline ------------------------------------------------------------------

def bare_rate(seconds: float) -> float:
    """it/s of the page's default 2-D GAN stepped alone on one thread, 25 iterations at a time."""
    import torch

    from core.trainers import make_gan2d
    from demos.gan.controls import DEFAULT_PRESET, preset_settings

    torch.set_num_threads(1)
    trainer = make_gan2d(**preset_settings(DEFAULT_PRESET))
    trainer.step(100)  # warm up
    start, done = now(), 0
    while now() - start < seconds:
        trainer.step(25)
        done += 25
    return done / (now() - start)


def bare_rates(seconds: float) -> dict:
    """The bare trainer in one process, then in two processes at once (each its own trainer): it/s."""
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        one = pool.apply(bare_rate, (seconds,))
        two = pool.map(bare_rate, [seconds, seconds], chunksize=1)
    return {"one_process_it_s": one, "two_processes_it_s": sum(two), "seconds": seconds}


# --- one class ---------------------------------------------------------------------------------------

async def run_class(base: str, pid: int, students: int, sliders: int, seconds: float, browser: bool = True) -> dict:
    """`students` play /gan for `seconds` while `sliders` move a VAE slider and Chromium (if any and `browser`)
    watches. `pid`: the server's process, whose tree is measured (children too: replicas behind a proxy)."""
    players, latencies, rss, counts, over = [Player() for _ in range(students)], [], [], Counts(), asyncio.Event()
    cpu, mine, began = cpu_seconds(pid), driver_cpu(), now()
    others = [asyncio.create_task(watch_memory(pid, over, rss)),
              *[asyncio.create_task(slider_student(base, over, latencies, counts)) for _ in range(sliders)]]
    browser = asyncio.create_task(browser_fps(base, over)) if browser and shutil.which("chromium") else None
    playing = [asyncio.create_task(gan_student(base, seconds, p, counts)) for p in players]
    await asyncio.wait(playing, timeout=LOAD_SECONDS + seconds + 60)
    over.set()
    stopped = [t.result() if succeeded(t) else now() for t in playing]
    for task in playing:
        task.cancel()  # only the late ones are still running
    await asyncio.wait([*playing, *others, *([browser] if browser else [])], timeout=60)
    wall = now() - began
    chromium_fps, chromium_note = finished(browser)
    errors = [repr(t.exception()) for t in [*playing, *others] if t.done() and not t.cancelled() and t.exception()]
    return summarize(players, stopped, latencies, rss, counts, chromium_fps) | {
        "students": students, "sliders": sliders, "browser_note": chromium_note, "errors": errors,
        "server_cpu_cores": (cpu_seconds(pid) - cpu) / wall, "driver_cpu_cores": (driver_cpu() - mine) / wall}


def succeeded(task: asyncio.Task) -> bool:
    return task.done() and not task.cancelled() and task.exception() is None


def driver_cpu() -> float:
    """CPU seconds of this process: the students' side of the traffic."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def finished(task: asyncio.Task | None) -> tuple[float | None, str]:
    """The browser's frames/s, and why there is none (no browser, it failed, it did not finish)."""
    if task is None:
        return None, "no chromium"
    if not task.done() or task.cancelled():
        task.cancel()
        return None, "did not finish"
    return (task.result(), "") if task.exception() is None else (None, repr(task.exception()))


def summarize(players: list[Player], stopped: list[float], latencies: list[float], rss: list[float],
              counts: Counts, browser: float | None) -> dict:
    rates = [p.rate() for p in players]
    fps = [p.fps(end) for p, end in zip(players, stopped)]
    first = [p.first_frame() for p in players]
    ms = [1000 * s for s in latencies]
    loads = [p.load_s for p in players if p.load_s is not None]
    return {"it_s": rates, "fps": fps, "first_frame_s": first, "load_s": loads, "aggregate_it_s": sum(rates),
            "slider_p50_ms": percentile(ms, 50), "slider_p95_ms": percentile(ms, 95),
            "slider_answers": len(latencies), "rss_mb": {"start": rss[0], "peak": max(rss), "end": rss[-1]},
            "refused": counts.refused + sum(p.warned for p in players), "failed": counts.failed,
            "frames_by": "gr.Timer ticks" if any(p.ticked for p in players) else "a streaming generator",
            "browser_fps": browser}


def percentile(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


@contextlib.contextmanager
def served(app: Path):
    """`python app` on a free port of 127.0.0.1, once it answers; -> (its base URL, its pid); stopped at the end."""
    port = free_port()
    process = serve(app, port)
    try:
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        stop_process(process)


def class_of(app: Path, students: int, sliders: int, seconds: float) -> dict:
    """A fresh server for one class size; always stopped at the end."""
    with served(app) as (base, pid):
        return asyncio.run(run_class(base, pid, students, sliders, seconds))


# --- the report -----------------------------------------------------------------------------------------

def spread(values: list[float], worst, digits: int) -> str:
    """'median (worst)' of the students' figures."""
    return f"{median(values):,.{digits}f} ({worst(values):,.{digits}f})" if values else "none"


def row(size: int, c: dict, bare_two: float) -> list[str]:
    rss, browser, firsts = c["rss_mb"], c["browser_fps"], [s for s in c["first_frame_s"] if s is not None]
    missing = len(c["first_frame_s"]) - len(firsts)
    return [str(size), spread(c["load_s"], max, 2), spread(c["it_s"], min, 0), spread(c["fps"], min, 1),
            spread(firsts, max, 2) + (f", {missing} never" if missing else ""),
            f"{c['aggregate_it_s']:,.0f} ({c['aggregate_it_s'] / bare_two:.2f})",
            "—" if c["slider_p95_ms"] is None else f"{c['slider_p50_ms']:.0f} / {c['slider_p95_ms']:.0f}",
            f"{rss['start']:.0f} / {rss['peak']:.0f} / {rss['end']:.0f}", str(c["refused"]), str(c["failed"]),
            "—" if browser is None else f"{browser:.1f}",
            f"{c['server_cpu_cores']:.2f} / {c['driver_cpu_cores']:.2f}"]


def checks(c: dict, bare_two: float) -> list[tuple[str, str, bool]]:
    """The issue's targets, judged on one class: (target, measured, met?)."""
    t, inf = TARGETS, float("inf")
    first = max(inf if s is None else s for s in c["first_frame_s"])
    p95 = inf if c["slider_p95_ms"] is None else c["slider_p95_ms"]
    share = c["aggregate_it_s"] / bare_two
    load = median(c["load_s"]) if c["load_s"] else inf
    return [(f"median page load < {t['load_s']:.0f} s", f"{load:.2f} s", load < t["load_s"]),
            (f"every student ≥ {t['it_s']} it/s", f"min {min(c['it_s']):,.0f}", min(c["it_s"]) >= t["it_s"]),
            (f"every student ≥ {t['fps']} frames/s", f"min {min(c['fps']):.1f}", min(c["fps"]) >= t["fps"]),
            (f"first frame within {t['first_frame_s']:.0f} s", f"max {first:.2f} s", first <= t["first_frame_s"]),
            (f"slider p95 < {t['slider_p95_ms']} ms", f"{p95:.0f} ms", p95 < t["slider_p95_ms"]),
            ("nobody refused", f"{c['refused']} refused", c["refused"] == t["refused"]),
            (f"aggregate ≥ {t['of_bare']} × bare two-core", f"{share:.2f}", share >= t["of_bare"])]


def verdict(c: dict | None, bare_two: float) -> str:
    if c is None:
        return f"Issue 14's targets are judged at N = {TARGET_SIZE}, which this run left out."
    lines = [f"- {target}: {measured}, {'met' if ok else '**not met**'}"
             for target, measured, ok in checks(c, bare_two)]
    return f"Targets at N = {TARGET_SIZE} (issue 14):\n" + "\n".join(lines)


def report(classes: dict[int, dict], bare: dict, args) -> None:
    two, first = bare["two_processes_it_s"], next(iter(classes.values()))
    header = ["N", "page load s, median (max)", "it/s per student, median (min)", "frames/s, median (min)", "first frame s, median (max)",
              "aggregate it/s (× bare 2-core)", f"slider ms p50 / p95 ({args.sliders} students)",
              "server RSS MB start / peak / end", "refused", "failed", "Chromium frames/s",
              "CPU cores: server / this driver"]
    caption = (f"A whole class at once (`python -m benchmarks.classroom`): N students play the live GAN page for "
               f"{args.seconds:.0f} s through Gradio's queue protocol while {args.sliders} more move a VAE slider "
               f"twice a second, one fresh `app.py` per N on this {os.cpu_count()}-core machine. Bare trainer "
               f"(default 2-D GAN): {bare['one_process_it_s']:,.0f} it/s on one process, {two:,.0f} it/s on two "
               f"at once. Frames came from {first['frames_by']}.\n\n{verdict(classes.get(TARGET_SIZE), two)}")
    write("classroom", {"sizes": list(classes), "seconds": args.seconds, "sliders": args.sliders, "bare": bare,
                        "targets_at": TARGET_SIZE, "targets": TARGETS, "classes": classes},
          [header, *[row(size, c, two) for size, c in classes.items()]], caption)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,30,60", help="class sizes N, comma-separated")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each GAN student plays")
    parser.add_argument("--sliders", type=int, default=10, help="students moving a VAE slider meanwhile")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py", help="the Gradio app to serve")
    args = parser.parse_args()
    if not shutil.which("chromium"):
        print("No chromium on PATH (apt-get install -y chromium): the real-browser column is skipped.")
    bare = bare_rates(5.0)
    classes = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        classes[size] = class_of(args.app, size, args.sliders, args.seconds)
        errors = classes[size]["errors"]
        print(f"N = {size}: done" + (f"; {len(errors)} students stopped early, e.g. {errors[0]}" if errors else ""))
    report(classes, bare, args)


if __name__ == "__main__":
    main()
