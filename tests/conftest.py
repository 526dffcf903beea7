"""Shared fixtures: the repo on sys.path, no analytics, the Gradio app launched in-process,
and Playwright pointed at the system Chromium (never a downloaded browser)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ARTIFACTS = ROOT / "artifacts"  # screenshots from browser tests; git-ignored
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def gradio_url():
    """The app launched in this process; GENLAB_GRADIO_URL (ending in /) points at one already running instead,
    to rerun a few browser tests without a start-up (tests that set the app's environment need this process)."""
    if os.environ.get("GENLAB_GRADIO_URL"):
        yield os.environ["GENLAB_GRADIO_URL"].rstrip("/") + "/"
        return
    import app

    _, url, _ = app.demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True, **app.LAUNCH_KWARGS)
    yield url
    app.demo.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright hook: the system Chromium. In CI a missing Chromium fails; elsewhere it skips."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium: `make chromium` installs it")
        pytest.skip("no system Chromium found (apt-get install chromium): browser tests skipped")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
