"""One replica against two behind nginx (issue 16): the classroom benchmark with N students on one `app.py`, then
2N students through deploy/'s nginx over two replicas (`python -m deploy.serve --replicas 2`), in the same run.

Every class is benchmarks.classroom's: GAN students play /gan through Gradio's queue protocol (each its own cookie
jar, as a browser), slider students move a VAE slider, one Chromium (if installed) plays too. One replica gets
--sliders slider students, two replicas twice as many, so each replica carries the same load in both setups. The
servers' CPU and memory are those of the whole process tree (deploy.serve, its replicas and nginx). Which replica
served which visitor comes from nginx's access log.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import classroom
from benchmarks.common import ROOT, median, stop_process, wait_until_up, write
from benchmarks.startup import free_port
from deploy.serve import replicas_by_visitor


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def through_proxy(students: int, sliders: int, seconds: float) -> dict:
    """2 replicas behind nginx, started as one process tree; the class plays through nginx."""
    run, port = Path(tempfile.mkdtemp(prefix="genlab-replicas-")), free_port()
    command = [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--port", str(port), "--run-dir", str(run),
               "--access-log", str(run / "access.log")]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(process, f"http://127.0.0.1:{port}/", 180, "deploy.serve")
        result = asyncio.run(classroom.run_class(f"http://127.0.0.1:{port}", process.pid, students, sliders, seconds))
    finally:
        stop_process(process)
    visitors = replicas_by_visitor(run / "access.log", asked="/config")  # pages opened, not wait_until_up's
    per_replica: dict[str, int] = {}
    for where in visitors.values():
        for replica in where:
            per_replica[replica] = per_replica.get(replica, 0) + 1
    return result | {"visitors_per_replica": sorted(per_replica.values(), reverse=True),
                     "visitors_on_two_replicas": sum(len(where) > 1 for where in visitors.values())}


def row(setup: str, c: dict) -> list[str]:
    firsts = [s for s in c["first_frame_s"] if s is not None]
    missing = len(c["first_frame_s"]) - len(firsts)
    split = c.get("visitors_per_replica")
    return [setup, f"{c['students']} + {c['sliders']}", classroom.spread(c["load_s"], max, 2),
            classroom.spread(c["it_s"], min, 0), classroom.spread(c["fps"], min, 1),
            classroom.spread(firsts, max, 2) + (f", {missing} never" if missing else ""),
            "—" if c["slider_p95_ms"] is None else f"{c['slider_p50_ms']:.0f} / {c['slider_p95_ms']:.0f}",
            f"{c['aggregate_it_s']:,.0f}", f"{c['refused']} / {c['failed']}", f"{c['server_cpu_cores']:.2f}",
            f"{c['rss_mb']['peak']:.0f}", "—" if c["browser_fps"] is None else f"{c['browser_fps']:.1f}",
            "—" if split is None else " / ".join(map(str, split)) + f" ({c['visitors_on_two_replicas']} moved)"]


def ratio(one: dict, two: dict) -> str:
    per_student = median(two["it_s"]) / median(one["it_s"]) if median(one["it_s"]) else float("nan")
    return (f"{two['students']} students on 2 replicas vs {one['students']} on 1: per-student it/s × "
            f"{per_student:.2f}, aggregate it/s × {two['aggregate_it_s'] / one['aggregate_it_s']:.2f}, "
            f"server cores × {two['server_cpu_cores'] / one['server_cpu_cores']:.2f}")


def report(runs: list[tuple[str, dict]], bare: dict, loads: tuple[str, str], args) -> None:
    header = ["setup", "students: GAN + slider", "page load s, median (max)", "it/s per student, median (min)",
              "frames/s, median (min)", "first frame s, median (max)", "slider ms p50 / p95", "aggregate it/s",
              "refused / failed", "server CPU cores", "server RSS MB, peak", "Chromium frames/s",
              "visitors per replica"]
    pairs = [ratio(runs[i][1], runs[i + 1][1]) for i in range(0, len(runs) - 1, 2)]
    caption = (f"One replica against two behind nginx (`python -m benchmarks.replicas`): the classroom benchmark, "
               f"N students on one `app.py`, then 2N through `python -m deploy.serve --replicas 2` (sticky sessions "
               f"by cookie), {args.seconds:.0f} s of play each, {args.sliders} slider students per replica, in one run "
               f"on this {os.cpu_count()}-core machine (load average 1/5/15 min: {loads[0]} before, {loads[1]} "
               f"after). Bare trainer: {bare['one_process_it_s']:,.0f} it/s on one process, "
               f"{bare['two_processes_it_s']:,.0f} on two at once. Server columns cover the whole process tree.\n\n"
               + "\n".join(f"- {line}" for line in pairs))
    write("replicas", {"sizes": args.sizes, "seconds": args.seconds, "sliders_per_replica": args.sliders,
                       "bare": bare, "load_average": loads, "runs": [{"setup": s, **c} for s, c in runs]},
          [header, *[row(setup, c) for setup, c in runs]], caption)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="15,30", help="N per size: N students on 1 replica, 2N on 2")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each GAN student plays")
    parser.add_argument("--sliders", type=int, default=5, help="slider students per replica")
    args = parser.parse_args()
    before, bare, runs = load_average(), classroom.bare_rates(5.0), []
    for size in [int(s) for s in args.sizes.split(",")]:
        runs.append(("1 replica", classroom.class_of(ROOT / "app.py", size, args.sliders, args.seconds)))
        runs.append(("2 replicas + nginx", through_proxy(2 * size, 2 * args.sliders, args.seconds)))
        print(f"N = {size} and {2 * size}: done")
    report(runs, bare, (before, load_average()), args)


if __name__ == "__main__":
    main()
