"""Get the code of the Minimax page: the chosen methods' runs (code_minimax.py) as one standalone script.

Framework-free: the page's Settings in, the script's text out. Its paths equal core.games.simulate's
(tests/demos/test_code_scripts.py).
"""
from __future__ import annotations

from pathlib import Path

from demos import codegen
from demos.minimax.view import Settings, read

HERE = Path(__file__).parent


def script(s: Settings) -> str:
    """The methods of `s` from (x0, y0), with its step size, curvature and parameters, for s.steps updates."""
    values = dict(METHODS=list(s.methods), LR=float(s.lr), X0=float(s.x0), Y0=float(s.y0), C=float(s.c),
                  STEPS=int(s.steps))
    values |= {"GAMMA": float(s.gamma)} if "consensus" in s.methods else {}
    values |= {"BETA": float(s.beta)} if "negative_momentum" in s.methods else {}
    return codegen.render(HERE / "code_minimax.py", values, set(s.methods))


def filename(s: Settings) -> str:
    return f"genlab_minimax_{'_'.join(s.methods) if len(s.methods) <= 2 else 'methods'}.py"


def of_controls(*values) -> tuple[str, str] | None:
    """(file name, script) of the run the page's controls make (view.CONTROLS order); None while they make none."""
    s, _ = read(*values)
    return None if s is None else (filename(s), script(s))
