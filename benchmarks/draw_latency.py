"""Drawing -> reconstruction latency in a real browser (system Chromium): draw a stroke with the mouse and time,
inside the page, from the mouse-up to the reconstruction being in the DOM (issue 17: it took 2.7-3.4 s).

Cases, measured in the same run:
- before: gr.Sketchpad with `.change`, the Autoencoder page's wiring before issue 17 (benchmarks/draw_app.py #old);
- now: demos/sketch_ui.DrawingPad with `.input` and the same handler (draw_app.py #new);
- the Autoencoder page itself (app.py), whose drawing redraws seven outputs.
Where the time goes: the browser's resource timings split each stroke into the browser's own work before its
first request (gr.Sketchpad: PixiJS exports background, layer and composite as PNGs), the uploads before the
event is sent, and the event's round trip with the image. The handler alone is timed in this process.
Target: median < 500 ms. The load average is written beside the figures: the machine may be shared.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys

import numpy as np

from benchmarks.classroom import served
from benchmarks.common import ROOT, median, median_seconds, write
from benchmarks.slider_latency import CHROMIUM_ARGS

# (label, app, path, pad, image, click before drawing, (element, text) that says the page's first view is in)
CASES = [("before: gr.Sketchpad + .change", "draw_app", "", "#old", "#old-out", '#old button[aria-label="Brush"]', None),
         ("now: DrawingPad + .input", "draw_app", "", "#new", "#new-out", None, None),
         ("now: the Autoencoder page (x' first, plots in .then)", "app", "autoencoder", "#ae-sketch", "#ae-xhat",
          'role=tab[name="Draw"]', ("#ae-status", "Showing test digit"))]

ARM = """(image) => { window.__up = null; performance.clearResourceTimings();
  window.__before = document.querySelector(image + ' img')?.src;
  addEventListener('pointerup', () => { window.__up = performance.now(); }, {capture: true, once: true}); }"""
# -> {total, browser, uploads, event}: ms from the mouse-up to the new image, split at the first request and at
# the event's queue/join
WAIT = """async (image) => {
  while (true) {
    const img = document.querySelector(image + ' img');
    if (window.__up !== null && img && img.src !== window.__before && img.complete) break;
    await new Promise(r => requestAnimationFrame(r));
  }
  const end = performance.now(), up = window.__up;
  const sent = performance.getEntriesByType('resource').filter(e => e.startTime >= up && e.name.includes('/gradio_api/'));
  const first = sent.length ? sent[0].startTime : end, join = sent.find(e => e.name.includes('queue/join'));
  const joined = join ? join.startTime : first;
  return {total: end - up, browser: first - up, uploads: joined - first, event: end - joined};
}"""


def stroke(page, pad: str, dx: float) -> None:
    box = page.locator(f"{pad} canvas").first.bounding_box()
    x, y = box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2
    page.mouse.move(x, y - 70)
    page.mouse.down()
    page.mouse.move(x + 6, y + 70, steps=8)
    page.mouse.up()


def measure(browser, url: str, pad: str, image: str, click: str | None, ready, runs: int) -> list[dict]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(180_000)
    page.goto(url)
    if ready:
        page.locator(ready[0], has_text=ready[1]).wait_for()
    page.wait_for_timeout(3000)  # the page's other load events
    if click:
        page.locator(click).first.click()
    page.locator(f"{pad} canvas").first.wait_for()
    times = []
    for i in range(runs + 1):  # the first stroke warms the caches; each adds a line, so each drawing differs
        page.evaluate(ARM, image)
        stroke(page, pad, -90 + 180 * i / max(runs, 1))
        times.append(page.evaluate(WAIT, image))
    page.close()
    return times[1:]


def handler_ms() -> float:
    """The handler alone, in this process: the drawing decoded, converted and reconstructed."""
    from benchmarks.draw_app import reconstruct
    from core.threads import one_thread

    canvas = np.full((280, 280), 255, np.uint8)
    canvas[60:220, 130:150] = 0
    with one_thread():  # as the server runs it
        return 1000 * median_seconds(lambda: reconstruct({"composite": canvas}), 20)


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("needs Debian's chromium (make chromium)")
    load = [os.getloadavg()[0]]
    times = {}
    with served(ROOT / "benchmarks" / "draw_app.py") as (bare, _), served(ROOT / "app.py") as (app, _):
        urls = {"draw_app": bare, "app": app}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for label, server, path, pad, image, click, ready in CASES:
                times[label] = measure(browser, f"{urls[server]}/{path}", pad, image, click, ready, args.runs)
            browser.close()
    handler = handler_ms()
    load.append(os.getloadavg()[0])
    report(times, handler, load, args.runs)


def report(times: dict, handler: float, load: list[float], runs: int) -> None:
    before = median([t["total"] for t in times[CASES[0][0]]])
    rows = [[label, *(f"{median([t[k] for t in ts]):,.0f}" for k in ("total", "browser", "uploads", "event")),
             f"{median([t['total'] for t in ts]) / before:.2f}", str(len(ts))] for label, ts in times.items()]
    rows.append(["the handler alone, in-process", "", "", "", f"{handler:,.0f}", "", "20"])
    write("draw_latency", {"runs": runs, "ms": times, "handler_ms": handler, "load_average_1min": load,
                           "target_median_ms": 500},
          [["stroke -> reconstruction, in Chromium", "median (ms)", "browser before 1st request", "uploads",
            "event + image", "× before", "strokes"], *rows],
          "Drawing latency in a real browser (`python -m benchmarks.draw_latency`): from the mouse-up to the "
          f"reconstruction in the page, split by the browser's resource timings. 1-minute load average "
          f"{load[0]:.1f} at the start, {load[1]:.1f} at the end, on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
