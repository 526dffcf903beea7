"""The bilinear game min_x max_y V(x, y) = xy: why gradient play circles its equilibrium, and what converges.

x is the minimising player (the generator), y the maximising one (the discriminator); the only
equilibrium is z* = (0, 0). A curvature c gives the regularised game

    V(x, y) = xy + (c/2)(x^2 - y^2),    dV/dx = y + c x,    dV/dy = x - c y,

strongly convex in x and concave in y for c > 0, which is what lets plain gradient play converge.
x descends, y ascends, both with the step size lr (eta). Update rules (papers.md §2):

    simultaneous       x+ = x - eta Vx(x, y)            y+ = y + eta Vy(x, y)
    alternating        x+ = x - eta Vx(x, y)            y+ = y + eta Vy(x+, y)        (x moves first)
    extragradient      look ahead one simultaneous step to (x~, y~), then step from (x, y) with the
                       gradient there (Korpelevich; Gidel et al. 2019)
    optimistic         z+ = z - 2 eta g(z) + eta g(z_prev), z_prev = z0 at the start (Daskalakis et al. 2018)
    consensus          z+ = z + eta (v - gamma grad L), v = (-Vx, Vy), L = |v|^2 / 2 (Mescheder et al. 2017)
    negative_momentum  alternating, plus beta (z - z_prev) for each player, beta < 0 (Gidel et al. 2019)

Every rule is linear in z, so each has a closed form: z_t is a sum of c_k t^j lambda_k^t over the roots
lambda_k of the rule's characteristic polynomial, and the spectral radius rho = max |lambda_k| says
whether it converges (rho < 1), cycles (rho = 1) or diverges (rho > 1). In w = x + i y the game's
descent direction is a w with a = c - i, so the first four rules are multiplications of complex numbers.
numpy only; a run that passes MAX_DISTANCE stops there rather than overflowing into inf and NaN.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

METHODS = ("simultaneous", "alternating", "extragradient", "optimistic", "consensus", "negative_momentum")
PARAMS = {"simultaneous": ("c",), "alternating": ("c",), "extragradient": ("c",), "optimistic": ("c",),
          "consensus": ("c", "gamma"), "negative_momentum": ("c", "beta")}
COMPLEX_LINEAR = ("simultaneous", "extragradient", "optimistic", "consensus")  # linear in w = x + iy
MAX_DISTANCE = 1e12  # |z| past this counts as diverged: the next few steps would overflow to inf
MAX_STEPS = 100_000
MAX_START = 1e3  # |x0|, |y0|: far enough to show anything, near enough that 1e12 means divergence
MAX_LR = 10.0
RANGES = {"c": (-10.0, 10.0), "gamma": (0.0, 100.0), "beta": (-0.999, 0.999)}  # closed intervals


@dataclass(frozen=True)
class Rule:
    """One update rule with its settings; make_rule() builds it from checked inputs."""
    method: str
    lr: float  # eta, the step size of both players
    c: float = 0.0  # curvature of V; 0 is the lecture's V = xy
    gamma: float = 1.0  # consensus: weight of grad L; 1 converges for every lr < 2 gamma / (1 + gamma^2) = 1
    beta: float = -0.5  # negative momentum: the paper's theorem takes beta = -1/2


def _number(name: str, value, low: float, high: float, open_low: bool = False) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(value) or value < low or value > high or (open_low and value == low):
        side = "(" if open_low else "["
        raise ValueError(f"{name} must be in {side}{low:g}, {high:g}], not {value:g}")
    return value


def make_rule(method: str, lr: float, **params: float) -> Rule:
    """Checked settings -> Rule. Raises ValueError naming the bad input and its allowed range."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    extra = set(params) - set(PARAMS[method])
    if extra:
        takes = ", ".join(PARAMS[method])
        raise ValueError(f"{method} takes no parameter {', '.join(sorted(extra))} (it takes {takes})")
    checked = {name: _number(name, value, *RANGES[name]) for name, value in params.items()}
    return Rule(method, _number("lr", lr, 0.0, MAX_LR, open_low=True), **checked)


def check_start(z0) -> tuple[float, float]:
    """z0 -> (x0, y0): two finite numbers within +-MAX_START."""
    values = np.asarray(z0, dtype=object).ravel() if np.ndim(z0) else [z0]
    if len(values) != 2:
        raise ValueError(f"z0 must be two numbers (x0, y0), not {z0!r}")
    return (_number("x0", values[0], -MAX_START, MAX_START), _number("y0", values[1], -MAX_START, MAX_START))


def check_steps(steps) -> int:
    if isinstance(steps, bool) or not float(_number("steps", steps, 0, MAX_STEPS)).is_integer():
        raise ValueError(f"steps must be a whole number in [0, {MAX_STEPS}], not {steps!r}")
    return int(steps)


def grad_V(x: float, y: float, c: float = 0.0) -> tuple[float, float]:
    """(dV/dx, dV/dy) of V = xy + (c/2)(x^2 - y^2)."""
    return y + c * x, x - c * y


# ---------------------------------------------------------------- one step of each rule: (z, z_prev) -> z+

def _simultaneous(x, y, xp, yp, r: Rule):
    gx, gy = grad_V(x, y, r.c)
    return x - r.lr * gx, y + r.lr * gy


def _alternating(x, y, xp, yp, r: Rule):
    x_new = x - r.lr * grad_V(x, y, r.c)[0]
    return x_new, y + r.lr * grad_V(x_new, y, r.c)[1]  # y sees the new x


def _extragradient(x, y, xp, yp, r: Rule):
    x_look, y_look = _simultaneous(x, y, xp, yp, r)  # extrapolate ...
    gx, gy = grad_V(x_look, y_look, r.c)  # ... and take the gradient there, stepping from (x, y)
    return x - r.lr * gx, y + r.lr * gy


def _optimistic(x, y, xp, yp, r: Rule):
    (gx, gy), (gxp, gyp) = grad_V(x, y, r.c), grad_V(xp, yp, r.c)
    return x - r.lr * (2 * gx - gxp), y + r.lr * (2 * gy - gyp)


def _consensus(x, y, xp, yp, r: Rule):
    gx, gy = grad_V(x, y, r.c)
    # v = (-gx, gy); grad L = (v')^T v = (c gx + gy, gx - c gy) for L = |v|^2 / 2
    return (x - r.lr * gx - r.lr * r.gamma * (r.c * gx + gy),
            y + r.lr * gy - r.lr * r.gamma * (gx - r.c * gy))


def _negative_momentum(x, y, xp, yp, r: Rule):
    x_new = x - r.lr * grad_V(x, y, r.c)[0] + r.beta * (x - xp)
    return x_new, y + r.lr * grad_V(x_new, y, r.c)[1] + r.beta * (y - yp)


STEPS = {"simultaneous": _simultaneous, "alternating": _alternating, "extragradient": _extragradient,
         "optimistic": _optimistic, "consensus": _consensus, "negative_momentum": _negative_momentum}


def simulate(method: str, z0, lr: float, steps: int, **params: float) -> np.ndarray:
    """Run a rule from z0 -> (steps + 1, 2) array of (x, y), row t after t steps.

    A run whose distance to (0, 0) passes MAX_DISTANCE stops at that step: the array is then shorter,
    (n + 1, 2) for a run that diverged after n steps, and everything in it is finite.
    Raises ValueError for an unknown method, a parameter it does not take, or a value out of range.
    """
    rule, (x, y), n = make_rule(method, lr, **params), check_start(z0), check_steps(steps)
    step, limit = STEPS[rule.method], MAX_DISTANCE**2
    path = [(x, y)]
    xp, yp = x, y  # the rules with memory start as if they had stood still at z0
    for _ in range(n):
        (x, y), (xp, yp) = step(x, y, xp, yp, rule), (x, y)
        path.append((x, y))
        if x * x + y * y > limit:
            break
    return np.array(path, dtype=float)


def diverged(path: np.ndarray, steps: int) -> bool:
    """Did simulate() stop early? A diverged run has fewer than steps + 1 rows."""
    return len(path) < steps + 1


# ---------------------------------------------------------------- closed forms

def characteristic_polynomial(method: str, lr, **params: float) -> np.ndarray:
    """Coefficients (highest power first) of the rule's characteristic polynomial, one row per lr.

    Complex-linear rules: a polynomial in w = x + iy (degree 1, or 2 for optimistic); the real system
    has these roots and their conjugates. Alternating and negative momentum: the real polynomial
    (papers.md §2.2 and §2.6, generalised to c: q(l)^2 + eta^2 l^3 with q = l^2 - (1 + beta - eta c) l + beta).
    """
    p = {"c": Rule.c, "gamma": Rule.gamma, "beta": Rule.beta, **params}
    eta = np.atleast_1d(np.asarray(lr, dtype=float)).astype(complex)
    a, one = p["c"] - 1j, np.ones_like(eta)
    if method == "simultaneous":
        rows = [one, -(1 - eta * a)]
    elif method == "extragradient":
        rows = [one, -(1 - eta * a + (eta * a) ** 2)]
    elif method == "consensus":
        rows = [one, -(1 - eta * a - eta * p["gamma"] * (1 + p["c"] ** 2))]
    elif method == "optimistic":
        rows = [one, -(1 - 2 * eta * a), -eta * a]
    elif method == "alternating":
        s = 1 - eta * p["c"]
        rows = [one, -(2 * s - eta**2), s**2]
    elif method == "negative_momentum":
        b, q1 = p["beta"], -(1 + p["beta"] - eta * p["c"])  # q = l^2 + q1 l + b
        rows = [one, 2 * q1 + eta**2, q1**2 + 2 * b, 2 * q1 * b, b**2 * one]
    else:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    return np.stack(rows, axis=1)


def roots(method: str, lr, **params: float) -> np.ndarray:
    """Roots of the characteristic polynomial: (len(lr), degree) complex, via companion matrices."""
    coeffs = characteristic_polynomial(method, lr, **params)
    n, d = coeffs.shape[0], coeffs.shape[1] - 1
    companion = np.zeros((n, d, d), dtype=complex)
    companion[:, 0, :] = -coeffs[:, 1:]
    companion[:, np.arange(1, d), np.arange(d - 1)] = 1.0
    return np.linalg.eigvals(companion)


def spectral_radius(method: str, lr, **params: float) -> np.ndarray:
    """rho(lr) = max |root|: the asymptotic factor by which the distance to z* shrinks (< 1) or grows per step."""
    return np.abs(roots(method, lr, **params)).max(axis=1)


def behaviour(method: str, lr: float, **params: float) -> str:
    """"converges" (rho < 1), "cycles" (rho = 1, distinct unit roots: bounded orbits), "grows linearly"
    (a repeated unit root, e.g. alternating GDA at lr = 2: |z_t| ~ t) or "diverges" (rho > 1)."""
    found = roots(method, lr, **params)[0]
    rho = np.abs(found).max()
    if abs(rho - 1) > 1e-9:
        return "converges" if rho < 1 else "diverges"
    unit = found[np.abs(np.abs(found) - 1) <= 1e-9]
    repeated = any(abs(a - b) <= 1e-6 for i, a in enumerate(unit) for b in unit[i + 1:])
    return "grows linearly" if repeated else "cycles"


def step_factor(method: str, lr: float, **params: float) -> complex:
    """m with w+ = m w (w = x + iy) for the one-step rules: |z+| = |m| |z| exactly at every step."""
    if method not in ("simultaneous", "extragradient", "consensus"):
        raise ValueError(f"{method} has no single per-step factor; see roots()")
    return complex(-characteristic_polynomial(method, lr, **params)[0, 1])


def closed_form(method: str, z0, lr: float, steps: int, **params: float) -> np.ndarray:
    """z_t from the roots alone -> (steps + 1, 2): z_t = sum c_k C(t, j) lambda_k^(t-j) per root (repeated
    roots get j = 0 .. multiplicity - 1), the c_k fixed by the first `degree` states of the rule."""
    rule, n = make_rule(method, lr, **params), check_steps(steps)
    found = roots(method, rule.lr, **params)[0]
    first = simulate(method, z0, lr, len(found) - 1, **params)
    series = first[:, 0] + 1j * first[:, 1] if method in COMPLEX_LINEAR else first.T.astype(complex)
    series = np.atleast_2d(series)
    basis = _basis(found, np.arange(len(found)))
    coeffs = np.linalg.solve(basis, series.T)  # (degree, components)
    values = _basis(found, np.arange(n + 1)) @ coeffs
    return np.stack([values[:, 0].real, values[:, 0].imag], 1) if method in COMPLEX_LINEAR else values.real


def _basis(found: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Columns C(t, j) lambda^(t - j) (0 for t < j), one per root and multiplicity: (len(t), len(found))."""
    columns, groups = [], []
    for lam in found:  # roots closer than 1e-7 are one repeated root (numerically split by ~sqrt(eps))
        match = next((g for g in groups if abs(g[0] - lam) <= 1e-7 * max(1.0, abs(lam))), None)
        if match:
            match[1] += 1
        else:
            groups.append([lam, 1])
    for lam, multiplicity in groups:
        for j in range(multiplicity):
            shifted = np.maximum(t - j, 0)
            binom = np.prod([t - i for i in range(j)], axis=0) / math.factorial(j)  # C(t, j)
            columns.append(np.where(t >= j, binom * np.power(complex(lam), shifted), 0.0))
    return np.stack(columns, axis=1)


def alternating_energy(path: np.ndarray, lr: float, c: float = 0.0) -> np.ndarray:
    """E = (1 - eta c) x^2 + y^2 - eta x y along a path of alternating updates: E_t = (1 - eta c)^(2t) E_0
    exactly, so for c = 0 it is conserved (papers.md §2.2: the orbit is the ellipse E = E_0)."""
    x, y = path[:, 0], path[:, 1]
    return (1 - lr * c) * x**2 + y**2 - lr * x * y
