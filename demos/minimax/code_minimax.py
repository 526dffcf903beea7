"""Gradient play on the bilinear game min_x max_y V(x, y) = xy + (c/2)(x^2 - y^2), as GenLab's Minimax page runs it.

x is the minimising player (the generator), y the maximising one (the discriminator); the only equilibrium
is (0, 0). Each method below is one update rule; with the same settings the paths equal the page's.
Written by GenLab's "Get the code". Needs only numpy and matplotlib (the rules are two lines of arithmetic:
the gradients are written out, dV/dx = y + c x and dV/dy = x - c y).

    python this_file.py                      # run every method, then plot the paths and the distances
    python this_file.py --history run.json   # write the paths as JSON (and plot only with --plot)
"""
import argparse
import json

import numpy as np

# --- settings
METHODS = ["simultaneous", "alternating"]  # the update rules to compare
LR = 0.1  # eta, the step size of both players
X0 = 1.0  # where the minimising player starts
Y0 = 1.0  # where the maximising player starts
C = 0.0  # curvature: V = xy + (c/2)(x^2 - y^2); 0 is the lecture's V = xy
# >>> consensus
GAMMA = 1.0  # consensus: the weight of L = |v|^2 / 2
# <<<
# >>> negative_momentum
BETA = -0.5  # negative momentum: beta < 0 damps the cycle
# <<<
STEPS = 200  # updates (--steps overrides)
# --- end of settings

MAX_DISTANCE = 1e12  # a run past this distance from (0, 0) has diverged: stop before it overflows


def grad_V(x, y):
    """(dV/dx, dV/dy) of V = xy + (c/2)(x^2 - y^2)."""
    return y + C * x, x - C * y


# Each rule: (z, z_prev) -> z+. x descends its gradient, y ascends its own.
# >>> simultaneous extragradient
def simultaneous(x, y, xp, yp):
    gx, gy = grad_V(x, y)
    return x - LR * gx, y + LR * gy  # x+ = x - eta Vx(x, y),  y+ = y + eta Vy(x, y)
# <<<
# >>> alternating
def alternating(x, y, xp, yp):
    x_new = x - LR * grad_V(x, y)[0]  # x+ = x - eta Vx(x, y)
    return x_new, y + LR * grad_V(x_new, y)[1]  # y+ = y + eta Vy(x+, y): y sees the new x
# <<<
# >>> extragradient
def extragradient(x, y, xp, yp):
    x_look, y_look = simultaneous(x, y, xp, yp)  # look ahead one simultaneous step ...
    gx, gy = grad_V(x_look, y_look)  # ... take the gradient there, and step from (x, y)
    return x - LR * gx, y + LR * gy
# <<<
# >>> optimistic
def optimistic(x, y, xp, yp):
    (gx, gy), (gxp, gyp) = grad_V(x, y), grad_V(xp, yp)
    return x - LR * (2 * gx - gxp), y + LR * (2 * gy - gyp)  # z+ = z - 2 eta g(z) + eta g(z_prev)
# <<<
# >>> consensus
def consensus(x, y, xp, yp):
    gx, gy = grad_V(x, y)
    # z+ = z + eta (v - gamma grad L), v = (-Vx, Vy), L = |v|^2 / 2, grad L = (c Vx + Vy, Vx - c Vy)
    return (x - LR * gx - LR * GAMMA * (C * gx + gy),
            y + LR * gy - LR * GAMMA * (gx - C * gy))
# <<<
# >>> negative_momentum
def negative_momentum(x, y, xp, yp):
    x_new = x - LR * grad_V(x, y)[0] + BETA * (x - xp)  # alternating, plus beta (z - z_prev) for each player
    return x_new, y + LR * grad_V(x_new, y)[1] + BETA * (y - yp)
# <<<


def simulate(rule, steps):
    """The path from (X0, Y0): (n + 1, 2), row t after t updates; it stops early if the run diverges."""
    x, y = X0, Y0
    xp, yp = x, y  # the rules with memory start as if they had stood still at z0
    path = [(x, y)]
    for _ in range(steps):
        (x, y), (xp, yp) = rule(x, y, xp, yp), (x, y)
        path.append((x, y))
        if x * x + y * y > MAX_DISTANCE ** 2:
            print(f"{rule.__name__}: diverged after {len(path) - 1} steps")
            break
    return np.array(path, dtype=float)


def plot(paths, path=None):
    """Each method's path in the (x, y) plane, and its distance to the equilibrium on a log scale."""
    import matplotlib.pyplot as plt

    fig, (plane, distance) = plt.subplots(1, 2, figsize=(11, 5))
    for name, z in paths.items():
        plane.plot(z[:, 0], z[:, 1], lw=1, label=name)
        distance.semilogy(np.linalg.norm(z, axis=1), label=name)
    plane.plot(0, 0, "k*", ms=10)
    plane.set(xlabel="x (minimises V)", ylabel="y (maximises V)", aspect="equal", title="paths from (x0, y0)")
    distance.set(xlabel="step t", ylabel="||z_t||", title="distance to the equilibrium (0, 0)")
    distance.legend()
    fig.tight_layout()
    fig.savefig(path) if path else plt.show()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS, help="updates to run")
    parser.add_argument("--history", help="write the paths to this JSON file (no plot unless --plot)")
    parser.add_argument("--plot", help="save the figure to this file instead of showing it")
    args = parser.parse_args()
    paths = {name: simulate(globals()[name], args.steps) for name in METHODS}
    for name, z in paths.items():
        print(f"{name:>18}: |z| {np.linalg.norm(z[0]):.3g} -> {np.linalg.norm(z[-1]):.3g} after {len(z) - 1} steps")
    if args.history:
        with open(args.history, "w") as f:
            json.dump({name: z.tolist() for name, z in paths.items()}, f)
    if args.plot or not args.history:
        plot(paths, args.plot)


if __name__ == "__main__":
    main()
