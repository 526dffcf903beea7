"""Streamlit against Gradio, side by side (issue 14): "a Streamlit page shows at least 80 % of the Gradio
page's rate". Both front ends serve the same live page at once and one Chromium plays both.

How it is measured:
- `python app.py` (Gradio) and `streamlit run streamlit_app.py` run as two processes of their own on free
  ports of 127.0.0.1, each with its own demos/live.py scheduler; they share this machine's cores, so what
  differs between them is the front end's cost (its frames, its reruns), not the training.
- One headless Chromium opens two pages, each in a context of its own (no background-tab throttling):
  Gradio's /<page> and Streamlit's /<page>. Once both show the page, Play is pressed on both in the same
  breath (Gradio: #<id>-play; Streamlit: the button of key <key>_play, '▶ Play'), by page.evaluate, as a
  locator's click can time out on a busy page.
- In each page a recorder notes the status line's text (Gradio: #<id>-status; Streamlit: the Markdown that
  starts with 'iteration N') every 50 ms when it has changed: each change is a frame the browser showed.
  The page also samples its iteration count once a second, on its own clock (page.evaluate answers late
  from a busy browser), from just before Play for --seconds. Then Stop on both.
- iterations per second: the slope of a least-squares line through the once-a-second samples, and (beside
  it) the last sample's count minus the count at Play over the time between. frames per second: changes of
  the status text after Play, per second. The ratio is Streamlit / Gradio; the target is ≥ 0.8.
- Beside them, each server's CPU use over the window (cores), from /proc.
- Then (unless --no-alone) each page plays alone for as long, the other page open but stopped: if the ratio
  is the same alone, the gap is the front end's own; if not, it comes from sharing the cores.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import time

import numpy as np

from benchmarks.classroom import cpu_seconds, iteration
from benchmarks.common import ROOT, stop_process, wait_until_up, write
from benchmarks.slider_latency import CHROMIUM_ARGS, serve
from benchmarks.startup import free_port

TARGET = 0.8
LOAD_SECONDS = 180.0
# both pages run timers; no throttling of a page Chromium thinks is in the background
ARGS = [*CHROMIUM_ARGS, "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows"]

# page: (route, Gradio elem_id prefix, Streamlit key prefix, title)
PAGES = {"gan": ("gan", "gan", "gan", "Live GAN (/gan)"),
         "mode-collapse": ("mode-collapse", "mc", "mc", "Mode collapse (/mode-collapse)")}

# The status element: Gradio's by elem_id; Streamlit's is the Markdown whose text starts with 'iteration N'.
FIND = {"gradio": "() => document.querySelector('#%s-status')",
        "streamlit": """() => [...document.querySelectorAll('[data-testid="stMarkdownContainer"]')]
                          .find(e => /^iteration [\\d,]+/.test(e.innerText.trim()))"""}
# Records [performance.now(), text] each time the status text changes (polled every 50 ms, as Streamlit replaces
# nodes), and once a second from start() on (window.__samples): the page's own clock, so a busy browser that
# answers page.evaluate late does not skew the times.
RECORD = """(find) => { const status = eval(find); window.__frames = []; window.__samples = []; let last = null;
  window.__status = () => { const e = status(); return e ? e.innerText.trim() : ''; };
  setInterval(() => { const t = window.__status();
    if (t && t !== last) { last = t; window.__frames.push([performance.now(), t]); } }, 50);
  window.__start = () => { const sample = () => window.__samples.push([performance.now(), window.__status()]);
    clearInterval(window.__sampler); window.__samples = []; sample(); window.__sampler = setInterval(sample, 1000);
  }; }"""
# A button: Gradio's by elem_id; Streamlit's by its key (class st-key-<key>), else by its label.
BUTTON = {"gradio": "document.querySelector('#%s button, button#%s')",
          "streamlit": """(document.querySelector('.st-key-%s button')
                         || [...document.querySelectorAll('button')].find(e => e.innerText.trim() === '%s'))"""}


def serve_streamlit(port: int) -> subprocess.Popen:
    """`streamlit run streamlit_app.py` on 127.0.0.1:port, once /_stcore/health answers."""
    command = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_until_up(process, f"http://127.0.0.1:{port}/_stcore/health", 120, "streamlit")


class Side:
    """One front end's page in the shared browser."""

    def __init__(self, kind: str, base: str, pid: int, page: str):
        route, self.prefix, self.key, _ = PAGES[page]
        self.kind, self.url, self.pid = kind, f"{base}/{route}", pid
        self.find = FIND[kind] % self.prefix if kind == "gradio" else FIND[kind]

    async def open(self, browser) -> None:
        context = await browser.new_context(viewport={"width": 1280, "height": 1000})
        self.page = await context.new_page()
        await self.page.goto(self.url, timeout=LOAD_SECONDS * 1000)
        await self.page.wait_for_function(f"({self.find})() !== undefined && ({self.find})() !== null",
                                          timeout=LOAD_SECONDS * 1000, polling=200)
        await self.page.wait_for_function(self.button_js("play", check=True), timeout=LOAD_SECONDS * 1000,
                                          polling=200)
        await self.page.evaluate(RECORD, self.find)

    def button_js(self, which: str, check: bool = False) -> str:
        """JS that clicks the Play or Stop button (-> whether it was there), or with check=True only tells
        whether it is there and enabled."""
        if self.kind == "gradio":
            element = f"{self.prefix}-{which}"
            button = BUTTON["gradio"] % (element, element)
        else:
            button = BUTTON["streamlit"] % (f"{self.key}_{which}", {"play": "▶ Play", "stop": "■ Stop"}[which])
        if check:
            return f"() => {{ const b = {button}; return !!b && !b.disabled; }}"
        return f"() => {{ const b = {button}; if (b) b.click(); return !!b; }}"

    async def press(self, which: str) -> bool:
        return await self.page.evaluate(self.button_js(which))


# The phases of one page: both play at once (the measure), then each alone (where the slower one's
# shortfall comes from: its front end, or the other process sharing the cores).
PHASES = {"together": ("gradio", "streamlit"), "gradio alone": ("gradio",), "streamlit alone": ("streamlit",)}


async def side_by_side(gradio_base: str, gradio_pid: int, streamlit_base: str, streamlit_pid: int,
                       page: str, seconds: float, phases: list[str]) -> dict:
    from playwright.async_api import async_playwright

    sides = [Side("gradio", gradio_base, gradio_pid, page), Side("streamlit", streamlit_base, streamlit_pid, page)]
    results = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        try:
            await asyncio.gather(*(side.open(browser) for side in sides))
            await asyncio.sleep(2)  # let both pages settle after their first draw
            for name in phases:
                results[name] = await phase([side for side in sides if side.kind in PHASES[name]], seconds)
                print(f"{page}, {name}: " + ", ".join(f"{kind} {r['it_s']:,.0f} it/s {r['fps']:.1f} frames/s"
                                                      for kind, r in results[name].items()))
        finally:
            await browser.close()
    for name, result in results.items():
        if len(result) == 2:
            result["ratio"] = ratio(result["streamlit"], result["gradio"])
    if "gradio alone" in results and "streamlit alone" in results:
        results["alone ratio"] = ratio(results["streamlit alone"]["streamlit"], results["gradio alone"]["gradio"])
    return results


def ratio(streamlit: dict, gradio: dict) -> dict:
    return {key: (streamlit[key] / gradio[key] if gradio[key] else None) for key in ("it_s", "it_s_span", "fps")}


async def phase(sides: list[Side], seconds: float) -> dict:
    """Play on every side at once for `seconds`, then Stop; -> each side's it/s, frames/s, server CPU."""
    cpu = [cpu_seconds(side.pid) for side in sides]
    await asyncio.gather(*(side.page.evaluate("window.__start()") for side in sides))
    began = time.perf_counter()
    pressed = await asyncio.gather(*(side.press("play") for side in sides))
    await asyncio.sleep(seconds)
    records = await asyncio.gather(*(side.page.evaluate("[window.__samples, window.__frames]") for side in sides))
    cpu = [(cpu_seconds(side.pid) - used) / (time.perf_counter() - began) for side, used in zip(sides, cpu)]
    await asyncio.gather(*(side.press("stop") for side in sides))
    for side in sides:  # Play is back: the page has taken the Stop
        await side.page.wait_for_function(side.button_js("play", check=True), timeout=LOAD_SECONDS * 1000, polling=200)
    await asyncio.sleep(2)
    visibility = [await side.page.evaluate("document.visibilityState") for side in sides]
    result = {}
    for side, (samples, seen), cores, ok, shown in zip(sides, records, cpu, pressed, visibility):
        played, ended = samples[0][0], samples[-1][0]  # the page's clock at Play, and at the last sample
        counts = [((at - played) / 1000, iteration(text)) for at, text in samples]
        changes = [text for at, text in seen if played < at <= ended]
        result[side.kind] = {**rates(counts), "fps": len(changes) / ((ended - played) / 1000),
                             "frames": len(changes), "server_cpu_cores": cores, "play_pressed": ok,
                             "visibility": shown, "samples": counts, "last_status": seen[-1][1] if seen else ""}
    return result


def rates(samples: list[tuple[float, int]]) -> dict:
    """it/s: slope of the least-squares line through the samples, and end minus start over the time between."""
    t, n = np.array(samples, dtype=float).T
    slope = float(np.polyfit(t, n, 1)[0]) if len(t) > 1 else 0.0
    return {"it_s": slope, "it_s_span": float((n[-1] - n[0]) / (t[-1] - t[0])) if t[-1] > t[0] else 0.0,
            "iterations": int(n[-1] - n[0])}


def run(pages: list[str], seconds: float, phases: list[str]) -> dict:
    gradio_port, streamlit_port = free_port(), free_port()
    gradio = streamlit = None
    try:
        gradio = serve(ROOT / "app.py", gradio_port)
        streamlit = serve_streamlit(streamlit_port)
        results = {}
        for page in pages:
            results[page] = asyncio.run(side_by_side(f"http://127.0.0.1:{gradio_port}", gradio.pid,
                                                     f"http://127.0.0.1:{streamlit_port}", streamlit.pid,
                                                     page, seconds, phases))
        return results
    finally:
        for process in (streamlit, gradio):
            if process is not None:
                stop_process(process)


def fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def report(results: dict, args) -> None:
    header = ["page", "who plays", "front end", "it/s (fit)", "it/s (end − start)", "frames/s in the browser",
              "server CPU cores", "Streamlit / Gradio it/s", "Streamlit / Gradio frames/s"]
    rows, verdicts = [], []
    for page, phases in results.items():
        for name in PHASES:
            for kind, s in phases.get(name, {}).items():
                if kind == "ratio":
                    continue
                r = (phases[name].get("ratio") if name == "together" else
                     phases.get("alone ratio") if name == "streamlit alone" else None)
                last = kind == "streamlit" and r is not None
                rows.append([PAGES[page][3], name, kind.capitalize(), fmt(s["it_s"], 0), fmt(s["it_s_span"], 0),
                             fmt(s["fps"], 1), fmt(s["server_cpu_cores"]),
                             fmt(r["it_s"]) if last else "", fmt(r["fps"]) if last else ""])
        together = phases.get("together", {}).get("ratio")
        if together:
            met = together["it_s"] is not None and together["it_s"] >= TARGET
            verdicts.append(f"- {PAGES[page][3]}: Streamlit / Gradio = {fmt(together['it_s'])} it/s, "
                            f"{fmt(together['fps'])} frames/s, played together: {'met' if met else '**not met**'}")
    caption = (f"Streamlit against Gradio, side by side (`python -m benchmarks.side_by_side`): one Chromium plays "
               f"the same live page on `app.py` and on `streamlit run streamlit_app.py`, each server a process of "
               f"its own with its own scheduler, sharing this {os.cpu_count()}-core machine, {args.seconds:.0f} s "
               f"a phase: both at once (the issue's measure), then each alone. it/s from the status line's iteration "
               f"count, sampled once a second in the page (slope of a least-squares line; end minus start beside "
               f"it); frames/s = changes of the status text the browser showed. Server CPU: the process's cores "
               f"over the phase. Issue 14's target: Streamlit's it/s ≥ {TARGET} × Gradio's.\n\n"
               + "\n".join(verdicts))
    write("side_by_side", {"seconds": args.seconds, "target": TARGET, "pages": results},
          [header, *rows], caption)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="gan,mode-collapse", help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long both pages play")
    parser.add_argument("--alone", action=argparse.BooleanOptionalAction, default=True,
                        help="also play each page alone after the two together (default: yes)")
    args = parser.parse_args()
    if not shutil.which("chromium"):
        sys.exit("No chromium on PATH (apt-get install -y chromium): this benchmark needs a browser.")
    phases = list(PHASES) if args.alone else ["together"]
    report(run(args.pages.split(","), args.seconds, phases), args)


if __name__ == "__main__":
    main()
