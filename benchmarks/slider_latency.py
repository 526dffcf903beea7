"""Slider -> image latency in a real browser (system Chromium): move a page's slider and time, inside
the page, from the input event to the new image being in the DOM. Pages: the Autoencoder's noise
slider and the VAE's latent slider z3.

Baseline in the same run: a bare Gradio app whose slider returns a fixed image (no model, no
figures), so the ratio shows what GenLab adds to Gradio's own round trip.
Targets: median < 100 ms; for the VAE also 95th percentile < 250 ms over at least 50 moves.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys

import numpy as np

from benchmarks.common import ROOT, median, wait_until_up, write
from benchmarks.startup import free_port

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# (path, slider, image, label): what is measured
CASES = [("autoencoder", "#ae-noise", "#ae-x", "Autoencoder page, noise slider (4 images + summary)"),
         ("vae", "#vae-z3", "#vae-decoded", "VAE page, latent slider z3 (decoded digit)")]
BARE = ("", "#ae-noise", "#ae-x", "bare Gradio slider returning a fixed image")

# Set the range input to `value`, fire its input event, resolve with the ms until the image changes.
MEASURE = """async ([value, sliderId, imageId]) => {
  const slider = document.querySelector(sliderId + ' input[type=range]');
  const before = document.querySelector(imageId + ' img')?.src;
  const start = performance.now();
  slider.value = value;
  slider.dispatchEvent(new Event('input', {bubbles: true}));
  while (true) {
    const img = document.querySelector(imageId + ' img');
    if (img && img.src !== before && img.complete) return performance.now() - start;
    await new Promise(r => requestAnimationFrame(r));
  }
}"""


def serve(script, port: int) -> subprocess.Popen:
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_until_up(process, f"http://127.0.0.1:{port}/", 300, str(script))


def measure(browser, url: str, slider: str, image: str, runs: int) -> list[float]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.locator(image + " img").wait_for(timeout=60_000)
    page.wait_for_timeout(2000)  # let the page's load events settle
    values = [round(0.05 * (1 + i % 19), 2) for i in range(runs + 3)]
    times = [page.evaluate(MEASURE, [str(v), slider, image]) for v in values]
    page.close()
    return times[3:]  # the first few warm the caches


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or sys.exit("needs Debian's chromium (make chromium)")
    ports = {"app": free_port(), "bare": free_port()}
    processes = [serve(ROOT / "app.py", ports["app"]), serve(ROOT / "benchmarks" / "bare_slider_app.py", ports["bare"])]
    times = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for path, slider, image, label in [BARE, *CASES]:
                port = ports["bare"] if label == BARE[3] else ports["app"]
                times[label] = measure(browser, f"http://127.0.0.1:{port}/{path}", slider, image, args.runs)
            browser.close()
    finally:
        for process in processes:
            process.terminate()
    bare = median(times[BARE[3]])
    rows = [[label, f"{median(ms):.0f}", f"{p95(ms):.0f}", f"{median(ms) / bare:.2f}", str(len(ms))]
            for label, ms in times.items()]
    write("slider_latency", {"runs": args.runs, "ms": times, "target_median_ms": 100, "target_p95_ms": 250},
          [["slider -> image, in Chromium", "median (ms)", "95th pct (ms)", "× bare", "moves"], *rows],
          "Slider latency in a real browser (`python -m benchmarks.slider_latency`): from the slider's input "
          "event to the new image in the page.")


if __name__ == "__main__":
    main()
