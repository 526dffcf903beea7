"""Get the code of the Mode collapse page: its methods' runs (code_mode_collapse.py) as one standalone script.

Framework-free: the page's settings (mixture or drawn modes, method, versus, seed) in, the script's text out.
Its losses equal the page's trainers' (tests/demos/test_code_scripts.py).
"""
from __future__ import annotations

from pathlib import Path

from core import data
from demos import codegen
from demos.mode_collapse.view import DEFAULTS, parse_modes

HERE = Path(__file__).parent


def script(settings: dict) -> str:
    """The chosen method (and the one it is compared with) on the chosen mixture, from the chosen seed."""
    s = {**DEFAULTS, **settings}
    mixture = data.drawn_mixture(parse_modes(s["modes"])) if s["mixture"] == "drawn" else data.mixture(s["mixture"])
    k = len(mixture.centers)
    weights = mixture.weights.tolist() if mixture.weights is not None else [1 / k] * k
    methods = [s["method"]] + ([s["versus"]] if s["versus"] and s["versus"] != s["method"] else [])
    values = dict(METHODS=methods, CENTERS=mixture.centers.tolist(), STD=float(mixture.std), WEIGHTS=weights,
                  SEED=int(s["seed"]))
    return codegen.render(HERE / "code_mode_collapse.py", values, set(methods))


def filename(settings: dict) -> str:
    s = {**DEFAULTS, **settings}
    return codegen.filename(f"mode_collapse_{s['method']}", int(s["seed"]))


def of_session(session) -> tuple[str, str]:
    """(file name, script) of a page session's runs, from the settings they were built from (view.Session)."""
    return filename(session.settings), script(session.settings)
