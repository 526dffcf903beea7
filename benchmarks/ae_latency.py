"""Slider -> image latency in a real browser (system Chromium): move the Autoencoder page's noise
slider and time, inside the page, from the input event to the new image being in the DOM.

Baseline in the same run: a bare Gradio app whose slider returns a fixed image (no model, no
figures), so the ratio shows what GenLab adds to Gradio's own round trip. Target: median < 100 ms.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.request

from benchmarks.common import ROOT, median, write
from benchmarks.startup import free_port

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Set the range input to `value`, fire its input event, resolve with the ms until #ae-x's image changes.
MEASURE = """async (value) => {
  const slider = document.querySelector('#ae-noise input[type=range]');
  const before = document.querySelector('#ae-x img')?.src;
  const start = performance.now();
  slider.value = value;
  slider.dispatchEvent(new Event('input', {bubbles: true}));
  while (true) {
    const img = document.querySelector('#ae-x img');
    if (img && img.src !== before && img.complete) return performance.now() - start;
    await new Promise(r => requestAnimationFrame(r));
  }
}"""


def serve(script, port: int) -> subprocess.Popen:
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise TimeoutError(f"{script} did not start")


def measure(browser, url: str, runs: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.locator("#ae-x img").wait_for(timeout=60_000)
    values = [round(0.05 * (1 + i % 19), 2) for i in range(runs + 3)]
    times = [page.evaluate(MEASURE, str(v)) for v in values]
    page.close()
    return times[3:]  # the first few warm the caches


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("needs Debian's chromium (make chromium)")
    ports = {"app": free_port(), "bare": free_port()}
    processes = [serve(ROOT / "app.py", ports["app"]), serve(ROOT / "benchmarks" / "bare_slider_app.py", ports["bare"])]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            app = measure(browser, f"http://127.0.0.1:{ports['app']}/autoencoder", args.runs)
            bare = measure(browser, f"http://127.0.0.1:{ports['bare']}/", args.runs)
            browser.close()
    finally:
        for process in processes:
            process.terminate()
    ratio = median(app) / median(bare)
    write("ae_latency", {"runs": args.runs, "ms_app": app, "ms_bare": bare, "median_app": median(app),
                         "median_bare": median(bare), "ratio": ratio, "target_median_ms": 100},
          [["slider -> image, in Chromium", "median (ms)", "max (ms)", "runs"],
           ["bare Gradio slider returning a fixed image", f"{median(bare):.0f}", f"{max(bare):.0f}", str(args.runs)],
           ["Autoencoder page, noise slider (4 images + summary)", f"{median(app):.0f}", f"{max(app):.0f}", str(args.runs)],
           ["**ratio**", f"**{ratio:.2f}**", "", ""]],
          "Slider latency in a real browser (`python -m benchmarks.ae_latency`): from the slider's input "
          "event to the new image in the page.")


if __name__ == "__main__":
    main()
