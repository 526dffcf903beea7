"""Helpers shared by the benchmark scripts: where results go and how they are written."""
from __future__ import annotations

import json
import platform
import statistics
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


def machine() -> dict:
    import os

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
            "when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def write(name: str, payload: dict, table: list[list[str]], caption: str) -> None:
    """benchmarks/results/<name>.json (numbers) and <name>.md (the table the README quotes)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps({**payload, "machine": machine()}, indent=2) + "\n")
    header, *rows = table
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    (RESULTS / f"{name}.md").write_text(caption + "\n\n" + "\n".join(lines) + "\n")
    print((RESULTS / f"{name}.md").read_text())


def median(values: list[float]) -> float:
    return statistics.median(values)
