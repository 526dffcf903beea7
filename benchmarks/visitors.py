"""A term of visitors (issue 16): do 2,000 visitors who come and go leave the server's memory where it was?

The issue's target: "after 2,000 visitors have come and gone, RSS is within 300 MB of the idle server's".
How it is measured:
- `python app.py` runs as a process of its own on a free port of 127.0.0.1 (benchmarks.classroom's serve).
- Idle: one visitor opens every page once (the lazy imports and caches a first visit fills), then the
  server rests --settle seconds; its RSS (with any children, from /proc) is the idle figure.
- Visitors: --visitors (2,000), --at-once (20) at a time. Three in four are browser tabs
  (benchmarks.queue_client.Tab): open a page (in turn, every page), fire its load events as the browser
  does, hold the heartbeat stream, then close the tab. One in four is a script: one call of a public
  endpoint over raw HTTP (POST /gradio_api/call/<name>, then read its result), with no session of its own,
  as a careless script does; Gradio makes a session for each such call.
- After the last visitor, the server rests --settle seconds again (closed tabs' unload events run), and
  its RSS is read: the growth over idle, against the target.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import os
from pathlib import Path

import httpx
import orjson

from benchmarks.classroom import CLIENT_TIMEOUT, LOAD_SECONDS, now, rss_mb, served
from benchmarks.common import ROOT, write
from benchmarks.queue_client import Counts, Tab

TARGET_MB = 300.0
PAGES = ["", "autoencoder", "vae", "gan", "mode-collapse", "cgan", "cyclegan", "minimax"]
CALLS = [("vae_decode", [[0.5, -0.5, 0, 0, 0, 0, 0, 0]]), ("ae_sample", []), ("mode_collapse_table", [])]


async def tab_visit(http: httpx.AsyncClient, base: str, route: str, counts: Counts) -> bool:
    tab = Tab(http, base, route, counts=counts)
    await tab.open()
    try:
        return await asyncio.wait_for(tab.load(), LOAD_SECONDS)
    finally:
        await tab.close()


async def script_visit(http: httpx.AsyncClient, base: str, name: str, arguments: list, counts: Counts) -> bool:
    """One call as a script makes it: POST the arguments (the defaults for the rest), then read the result's stream."""
    answer = await http.post(f"{base}/gradio_api/call/{name}", json={"data": arguments})
    if answer.status_code != 200:
        counts.refused += 1
        return False
    event_id = orjson.loads(answer.content)["event_id"]
    async with http.stream("GET", f"{base}/gradio_api/call/{name}/{event_id}") as stream:
        text = "".join([chunk async for chunk in stream.aiter_text()])
    ok = "event: complete" in text
    counts.failed += not ok
    return ok


async def visitors(base: str, total: int, at_once: int, counts: Counts) -> dict:
    routes, calls = itertools.cycle(PAGES), itertools.cycle(CALLS)
    gate, done, errors = asyncio.Semaphore(at_once), {"tab": 0, "script": 0}, []

    async def one(i: int) -> None:
        async with gate, httpx.AsyncClient(timeout=CLIENT_TIMEOUT) as http:
            kind = "script" if i % 4 == 3 else "tab"
            try:
                if kind == "tab":
                    ok = await tab_visit(http, base, next(routes), counts)
                else:
                    ok = await script_visit(http, base, *next(calls), counts)
                done[kind] += ok
            except Exception as error:  # noqa: BLE001 - a visitor who failed is counted, and the term goes on
                errors.append(repr(error))

    began = now()
    await asyncio.gather(*(one(i) for i in range(total)))
    return {"seconds": now() - began, "tabs_ok": done["tab"], "scripts_ok": done["script"], "errors": errors}


async def first_visits(base: str) -> None:
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT) as http:
        for route in PAGES:
            await tab_visit(http, base, route, Counts())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=2000)
    parser.add_argument("--at-once", type=int, default=20)
    parser.add_argument("--settle", type=float, default=90.0,
                        help="seconds of rest before each RSS reading (a script's session is freed after 60 s)")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py")
    args = parser.parse_args()
    counts = Counts()
    with served(args.app) as (base, pid):
        asyncio.run(first_visits(base))
        asyncio.run(asyncio.sleep(args.settle))
        idle = rss_mb(pid)
        result = asyncio.run(visitors(base, args.visitors, args.at_once, counts))
        asyncio.run(asyncio.sleep(args.settle))
        after = rss_mb(pid)
    report(args, idle, after, result, counts)


def report(args, idle: float, after: float, result: dict, counts: Counts) -> None:
    growth = after - idle
    rows = [["visitors (tabs / scripts), answered", f"{args.visitors} ({result['tabs_ok']} / {result['scripts_ok']})"],
            ["server RSS MB: idle → after every visitor left", f"{idle:.0f} → {after:.0f}"],
            [f"growth (target within {TARGET_MB:g} MB)", f"{growth:+.0f} MB ({'met' if growth <= TARGET_MB else '**not met**'})"],
            ["per visitor", f"{1024 * growth / args.visitors:+.1f} kB"],
            ["refused / failed / errors", f"{counts.refused} / {counts.failed} / {len(result['errors'])}"],
            ["time for every visitor", f"{result['seconds']:.0f} s"]]
    caption = (f"A term of visitors (`python -m benchmarks.visitors`): {args.visitors} visitors, {args.at_once} at a time, "
               f"come and go on one `app.py` on this {os.cpu_count()}-core machine: three in four open a page (every "
               f"page in turn), fire its load events and close it; one in four is a script calling a public endpoint "
               f"over raw HTTP with no session. RSS read after {args.settle:g} s of rest, before and after. "
               f"Issue 16's target: within {TARGET_MB:g} MB of the idle server's.")
    write("visitors", {"visitors": args.visitors, "at_once": args.at_once, "idle_mb": idle, "after_mb": after,
                       "growth_mb": growth, "target_mb": TARGET_MB, "met": growth <= TARGET_MB,
                       "refused": counts.refused, "failed": counts.failed, **result}, [["", "value"], *rows], caption)


if __name__ == "__main__":
    main()
