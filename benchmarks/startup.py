"""Start-up time: `python app.py` until its first HTTP 200, against a bare Gradio + torch app.

The two are started alternately, `--runs` times each, in this one run, so both see the same
machine load; the figure that matters is the ratio of the medians (target: at most 1.5).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request

from benchmarks.common import ROOT, median, write

APPS = {"GenLab app.py": ROOT / "app.py", "bare Gradio + torch": ROOT / "benchmarks" / "bare_app.py"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_to_first_200(script, timeout: float = 120.0) -> float:
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_SERVER_NAME": "127.0.0.1",
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"{script} did not answer within {timeout} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = {name: [] for name in APPS}
    for _ in range(args.runs):
        for name, script in APPS.items():
            times[name].append(time_to_first_200(script))
    app, bare = median(times["GenLab app.py"]), median(times["bare Gradio + torch"])
    ratio = app / bare
    write("startup", {"runs": args.runs, "seconds": times, "median_app": app, "median_bare": bare,
                      "ratio": ratio, "target_ratio": 1.5},
          [["app", "median start-up (s)", "runs"],
           ["bare Gradio + torch", f"{bare:.2f}", str(args.runs)],
           ["GenLab `app.py`", f"{app:.2f}", str(args.runs)],
           ["**ratio**", f"**{ratio:.2f}** (target ≤ 1.5)", ""]],
          "Start-up: `python app.py` until the first HTTP 200 (`python -m benchmarks.startup`).")


if __name__ == "__main__":
    main()
