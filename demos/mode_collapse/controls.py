"""The Mode collapse page's controls, declared once for both UIs (demos/controls.py). "Your own modes" is free
text, not a declared control: parse_modes (view.py) checks it and says why it refuses one."""
from demos.controls import Control
from demos.mode_collapse import methods, view

D, H = view.DEFAULTS, methods.HINTS
MIXTURE = Control("mixture", "Mixture", D["mixture"], H["mixture"], choices=methods.MIXTURE_LABELS)
METHOD = Control("method", "Method", D["method"], H["method"], choices=methods.METHOD_LABELS)
VERSUS = Control("versus", "Compare with", D["versus"], H["versus"], choices=methods.VERSUS_LABELS)
SEED = Control("seed", "Seed", D["seed"], H["seed"], low=0, high=10_000, step=1)
EVERY = Control("every", "Snapshot every N iterations", D["every"], H["every"], low=50, high=2000, step=50)
CONTROLS = [MIXTURE, METHOD, VERSUS, SEED, EVERY]
MODES_LABEL = "Your own modes (pick 'Your own modes' above)"
