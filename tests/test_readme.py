"""The README quotes the benchmark tables as the scripts last wrote them, and documents the API."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_readme_quotes_every_benchmark_table_as_written():
    for table in sorted((ROOT / "benchmarks" / "results").glob("*.md")):
        rows = [line for line in table.read_text().splitlines() if line.startswith("|")]
        assert rows and all(row in README for row in rows), f"README is out of date with {table.name}"


def test_readme_lists_every_api_name_the_app_declares():
    declared = set()
    for page in ROOT.glob("demos/*/gradio*_page.py"):
        declared |= set(re.findall(r'api_name="(\w+)"', page.read_text()))
    assert declared and all(f"`/{name}`" in README for name in declared)


def test_space_front_matter():
    front = README.split("---")[1]
    for line in ("sdk: gradio", "sdk_version: 6.31.0", "app_file: app.py", 'python_version: "3.11"'):
        assert line in front
