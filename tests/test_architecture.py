"""The import rules of design.md §2, checked on every module's imports."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UI = {"gradio", "streamlit"}


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def py_files(*globs: str) -> list[Path]:
    return sorted(p for g in globs for p in ROOT.glob(g))


@pytest.mark.parametrize("path", py_files("core/*.py"), ids=str)
def test_core_imports_no_ui_or_plotting_library(path):
    assert not imported(path) & (UI | {"plotly", "demos"})


# every framework-free module under demos/: views, their helpers, shared code (*_page.py, *_ui.py are UI)
VIEWS = [p for p in py_files("demos/**/*.py") if not p.name.endswith(("_page.py", "_ui.py"))]


@pytest.mark.parametrize("path", VIEWS, ids=str)
def test_views_and_shared_demo_helpers_import_no_ui_library(path):
    assert not imported(path) & UI


@pytest.mark.parametrize("path", py_files("demos/**/*_page.py", "demos/*_ui.py",
                                          "app.py", "streamlit_app.py"), ids=str)
def test_ui_files_hold_no_maths(path):
    assert not imported(path) & {"torch", "numpy", "core"}


def test_a_page_never_imports_another_page():
    for page in (ROOT / "demos").iterdir():
        if not page.is_dir() or page.name.startswith("_"):
            continue
        for path in page.glob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("demos."):
                    parts = node.module.split(".")
                    assert parts[1] == page.name or len(parts) == 2, f"{path} imports {node.module}"
