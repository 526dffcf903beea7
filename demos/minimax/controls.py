"""The Minimax page's controls, declared once for both UIs (demos/controls.py), from view.RANGES and view.HINTS
(which the API checks too); the defaults are the first preset's. Methods is a multi-choice, declared by
view.LABELS; a link writes it comma-separated (?methods=simultaneous,alternating&lr=0.5).

SCENE is what a link sets: the methods and the numbers. The preset is not in it: a preset only fills the
controls, which the link already carries, so a linked page shows the preset box at its default."""
from demos.controls import Control
from demos.minimax import view

_START = view.PRESETS[view.DEFAULT_PRESET]
LABELS = {"lr": "Learning rate η", "steps": "Steps", "x0": "Start x₀", "y0": "Start y₀", "gamma": "γ (consensus)",
          "beta": "β (negative momentum)", "c": "Curvature c"}
PRESET = Control("preset", "Preset", view.DEFAULT_PRESET, "the lecture's example, and one setting from each paper",
                 choices={name: name for name in view.PRESETS})
NUMBERS = {name: Control(name, LABELS[name], getattr(_START, name), view.HINTS[name], *view.RANGES[name])
           for name in view.CONTROLS[1:]}  # lr, steps, x0, y0, gamma, beta, c: in the order read() takes them
METHODS_LABEL, METHODS_HINT = "Methods", "each drawn in its own colour"
METHODS = Control("methods", METHODS_LABEL, _START.methods, METHODS_HINT,
                  choices={label: name for name, label in view.LABELS.items()}, multiple=True)
SCENE = [METHODS, *NUMBERS.values()]  # in view.CONTROLS order, as view.read takes them
FRAME = Control("t", "Step t", _START.steps, "scrub through the run", low=0, high=view.RANGES["steps"][1], step=1)
