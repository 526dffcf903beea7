"""A flood (issue 16): one script sends a burst of training calls; do other visitors' pages and sliders notice?

The issue measured it at 3749d3c: one client sent 90 requests, filled the shared 64-slot queue, and for nearly
two minutes everyone else got HTTP 503, page loads included. The target: "a page load or slider never gets
a 503 because of someone else's training requests". How it is measured, in one run on one `app.py`:
- Quiet: --sliders (5) students each open /vae and move a slider twice a second for --seconds (30)
  (benchmarks.classroom's slider_student, over Gradio's queue protocol); meanwhile --pages (10) more
  students open pages one after another. Slider answer times p50/p95, page loads, refused/failed events.
- Flooded: the same again, while one script sends --calls (90) /gradio_api/call/gan2d_train calls at
  once from one address (5,000 iterations each) and reads whatever it is given.
  The script's accepted and refused calls are counted (demos/api_contract.Gate allows a client
  MAX_WAITING_CALLS waiting calls; scripts run in concurrency groups apart from the pages').
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
from pathlib import Path

import httpx

from benchmarks.classroom import CLIENT_TIMEOUT, LOAD_SECONDS, now, percentile, served, slider_student
from benchmarks.common import ROOT, write
from benchmarks.queue_client import Counts, Tab

PAGES = ["", "autoencoder", "vae", "gan", "mode-collapse", "cgan", "cyclegan", "minimax"]


async def page_opener(base: str, over: asyncio.Event, loads: list, counts: Counts) -> None:
    """Open pages one after another until `over`; each load's seconds in `loads` (None if it failed)."""
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT) as http:
        while not over.is_set():
            tab, started = Tab(http, base, random.choice(PAGES), counts=counts), now()
            await tab.open()
            try:
                ok = await asyncio.wait_for(tab.load(), LOAD_SECONDS)
                loads.append(now() - started if ok else None)
            finally:
                await tab.close()


async def script(base: str, calls: int) -> dict:
    """`calls` training calls at once from one client; -> HTTP status counts of the POSTs."""
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT) as http:
        answers = await asyncio.gather(*(http.post(f"{base}/gradio_api/call/gan2d_train",
                                                   json={"data": ["gaussians", 5000, 0]}) for _ in range(calls)),
                                       return_exceptions=True)
    statuses = [a.status_code if isinstance(a, httpx.Response) else type(a).__name__ for a in answers]
    return {str(s): statuses.count(s) for s in sorted(set(statuses), key=str)}


async def phase(base: str, sliders: int, pages: int, seconds: float, calls: int) -> dict:
    counts, over, latencies, loads = Counts(), asyncio.Event(), [], []
    tasks = [*[asyncio.create_task(slider_student(base, over, latencies, counts)) for _ in range(sliders)],
             *[asyncio.create_task(page_opener(base, over, loads, counts)) for _ in range(pages)]]
    flood = asyncio.create_task(script(base, calls)) if calls else None
    await asyncio.sleep(seconds)
    over.set()
    await asyncio.wait(tasks, timeout=LOAD_SECONDS + 60)
    done = [s for s in loads if s is not None]
    return {"slider_ms_p50": percentile([1000 * x for x in latencies], 50),
            "slider_ms_p95": percentile([1000 * x for x in latencies], 95), "slider_answers": len(latencies),
            "page_loads": len(done), "page_loads_failed": len(loads) - len(done),
            "page_load_s_p95": percentile(done, 95), "refused": counts.refused, "failed": counts.failed,
            "script": (await flood) if flood else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sliders", type=int, default=5)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--calls", type=int, default=90)
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    args = parser.parse_args()
    with served(args.app) as (base, _):
        quiet = asyncio.run(phase(base, args.sliders, args.pages, args.seconds, 0))
        flooded = asyncio.run(phase(base, args.sliders, args.pages, args.seconds, args.calls))
    report(args, quiet, flooded)


def report(args, quiet: dict, flooded: dict) -> None:
    def cells(r: dict) -> list[str]:
        return [f"{r['slider_ms_p50']:.0f} / {r['slider_ms_p95']:.0f}", f"{r['page_loads']} ({r['page_loads_failed']})",
                f"{r['page_load_s_p95']:.1f}", f"{r['refused']} / {r['failed']}"]
    script = ", ".join(f"{n} × {code}" for code, n in flooded["script"].items())
    rows = [["quiet", *cells(quiet), "—"], [f"one script sends {args.calls} training calls at once", *cells(flooded),
                                            script]]
    caption = (f"A flood (`python -m benchmarks.flood`): on one `app.py` on this {os.cpu_count()}-core machine, "
               f"{args.sliders} students move a VAE slider twice a second and {args.pages} more open pages one after "
               f"another, for {args.seconds:g} s, first alone, then while one script sends {args.calls} "
               f"`/gan2d_train` calls at once. Issue 16's target: no page load or slider refused because of the "
               f"script (before, at 3749d3c: 90 calls filled the 64-slot queue and everyone got HTTP 503 for nearly "
               f"two minutes). The script's answers: 200 = accepted, 429 = refused, too many waiting from it.")
    write("flood", {**vars(args) | {"app": str(args.app)}, "quiet": quiet, "flooded": flooded},
          [["", "slider ms p50 / p95", "page loads (failed)", "page load s p95", "visitors refused / failed",
            "the script's calls"], *rows], caption)


if __name__ == "__main__":
    main()
