"""The CycleGAN page's controls, declared once and framework-free (demos.controls.Control).

Both UIs build their widgets from these declarations, so the two front ends offer the same knobs with the
same words, ranges and defaults; toy.py cleans every value with them (Control.take: kept, or clipped with a
one-line note). Level 2 has no settings of its own: its digits are picked from galleries, drawn or uploaded.
"""
from __future__ import annotations

from core.cyclegan import OFFICIAL_MODELS
from demos.controls import Control

PAIRS = {"two moons ↔ the moons turned 90° and grown": "moons_turned", "two moons ↔ a ring": "moons_ring"}
MAX_LAMBDA, MAX_SEED = 100.0, 10_000
LAMBDA_HINT = "0 removes the cycle loss: look for many-to-one maps and F(G(x)) far from x (lost correspondence)"

PAIR = Control("pair", "Domains X ↔ Y", "moons_turned",
               "two unpaired point clouds; changing a setting starts a new run", choices=PAIRS)
LAMBDA = Control("lam", "λ (cycle loss weight)", 10.0, LAMBDA_HINT, 0.0, MAX_LAMBDA, 0.5)
IDENTITY = Control("identity", "Identity loss (0.5 λ)", False, "G(y) ≈ y and F(x) ≈ x",
                   choices={"off": False, "on": True})
SEED = Control("seed", "Seed", 0, "same seed, same run", 0, MAX_SEED, 1)
TOY = [PAIR, LAMBDA, IDENTITY, SEED]  # level 1, in the order toy.clean takes them
OFFICIAL = Control("model", "Official model", "horse2zebra",
                   "from the authors' server; about 45 MB, downloaded once, then cached",
                   choices={name: name for name in OFFICIAL_MODELS})
CONTROLS = [*TOY, OFFICIAL]
SCENE = TOY  # what a link sets (/cyclegan?lam=0): level 1's run; level 3's model loads by a button, not by a link
