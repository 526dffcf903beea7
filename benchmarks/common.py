"""Helpers shared by the benchmark scripts: where results go and how they are written."""
from __future__ import annotations

import json
import subprocess
import platform
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def machine() -> dict:
    """Where a result was measured: the same code ran 5x slower on one 2-core machine than on another (README)."""
    import os

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
            "cpu": cpu_model(), "when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def cpu_model() -> str:
    """/proc/cpuinfo's model name (Linux), else what platform says."""
    try:
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
    except OSError:
        names = []
    return names[0] if names else platform.processor() or "unknown"


def write(name: str, payload: dict, table: list[list[str]], caption: str) -> None:
    """benchmarks/results/<name>.json (numbers) and <name>.md (the table), quoted into the README."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps({**payload, "machine": machine()}, indent=2) + "\n")
    header, *rows = table
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    (RESULTS / f"{name}.md").write_text(caption + "\n\n" + "\n".join(lines) + "\n")
    quote_in_readme(name)
    print((RESULTS / f"{name}.md").read_text())


def quote_in_readme(name: str) -> None:
    """Replace the README's text between <!-- bench:name --> and <!-- /bench:name --> by the table."""
    readme = ROOT / "README.md"
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = readme.read_text()
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        readme.write_text(f"{before}{start}\n{(RESULTS / f'{name}.md').read_text()}{end}{after}")


def median(values: list[float]) -> float:
    return statistics.median(values)


def median_seconds(fn, runs: int) -> float:
    """Median wall time of fn() over `runs` runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)


def stop_process(process: subprocess.Popen) -> None:
    """Terminate a server the benchmark started; kill it if it has not gone in 30 s."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_up(process: subprocess.Popen, url: str, seconds: float, name: str) -> subprocess.Popen:
    """Poll `url` until it answers; -> process. Terminates it and raises TimeoutError after `seconds`."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise TimeoutError(f"{name} did not start")
