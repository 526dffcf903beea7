"""The import rules of design.md §2, checked on every module's imports."""
import ast
from pathlib import Path

import pytest

from demos import pages as registry

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


def page_folders() -> set[str]:
    """demos/<page>/: every folder under demos/ that holds Python modules (a page may have no __init__.py)."""
    return {p.name for p in (ROOT / "demos").iterdir()
            if p.is_dir() and not p.name.startswith(("_", ".")) and any(p.rglob("*.py"))}


def foreign_page_imports(source: str, page: str, pages: set[str], package: str | None = None) -> list[str]:
    """The imports in a module of demos/<page>/ that reach another page's folder (design.md §2), as written.

    `import demos.gan`, `import demos.gan.view`, `from demos.gan import runs`, `from demos import gan` and
    `from ..gan import runs` all name demos.gan; the shared modules directly under demos/ (`from demos import
    live, plots`) and the page's own modules are fine. `package` is the module's package (default demos.<page>),
    against which relative imports resolve.
    """
    package = (package or f"demos.{page}").split(".")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            base += node.module.split(".") if node.module else []
            modules = [".".join([*base, alias.name]) for alias in node.names]  # `from demos import gan` -> demos.gan
        else:
            continue
        if any(parts[:1] == ["demos"] and len(parts) > 1 and parts[1] in pages and parts[1] != page
               for parts in (module.split(".") for module in modules)):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


PAGES = {page.folder for page in registry.PAGES}  # the checker's own tests use the registry, not the tree


@pytest.mark.parametrize("source", [
    "from demos.gan import runs", "import demos.gan.view", "import demos.gan", "from demos import gan",
    "from demos import live, mode_collapse", "from demos.gan.runs import slot", "from ..gan import runs",
    "from .. import gan", "def f():\n    import demos.vae.view as v",
])
def test_the_page_rule_refuses_a_module_of_another_page(source):
    [hit] = foreign_page_imports(source, "cgan", PAGES)
    assert hit == f"line {len(source.splitlines())}: {source.splitlines()[-1].strip()}"


@pytest.mark.parametrize("source", [
    "from demos import pages, plots, live, mnist, digits", "import demos.plots", "from demos.live import Run",
    "from demos.cgan import view", "import demos.cgan.live", "from . import view", "from .view import draw",
    "from .. import live", "import gan", "from core import gan",
])
def test_the_page_rule_accepts_shared_modules_and_the_pages_own(source):
    assert foreign_page_imports(source, "cgan", PAGES) == []


def test_the_page_rule_knows_every_page():
    assert page_folders() >= PAGES


@pytest.mark.parametrize("page", sorted(page_folders()))
def test_a_page_never_imports_another_page(page):
    folder, pages = ROOT / "demos" / page, page_folders()
    found = [f"{path.relative_to(ROOT)} {hit}" for path in sorted(folder.rglob("*.py"))
             for hit in foreign_page_imports(path.read_text(), page, pages,
                                             ".".join(path.relative_to(ROOT).parent.parts))]
    assert not found, "\n".join(found)
