"""core.games against the closed forms of papers.md §2: per-step norm factors, the conserved quantity of
alternating updates, the spectral radius of optimistic GDA and negative momentum, each to 1e-9 relative
over 1,000 steps; plus divergence that stops cleanly and inputs that are refused with a clear message."""
import math

import numpy as np
import pytest
import torch

from core import games

STEPS = 1000
RTOL = 1e-9


def norms(path: np.ndarray) -> np.ndarray:
    return np.linalg.norm(path, axis=1)


def assert_same_path(path: np.ndarray, exact: np.ndarray, rtol: float = RTOL) -> None:
    """|z_t - exact_t| <= rtol |z_t| at every step computed (a diverged run is shorter), while |z_t| is a
    normal float: past 1e-150 a fast-converging run's squares underflow and relative error means nothing."""
    exact = exact[: len(path)]
    normal = norms(path) > 1e-150
    assert normal.sum() > 10
    np.testing.assert_allclose(norms(path - exact)[normal] / norms(path)[normal], 0, atol=rtol)


def test_hand_gradients_of_V_match_autograd():
    for x0, y0, c in [(1.3, -0.7, 0.0), (-2.0, 0.4, 0.35), (0.1, 3.0, -0.8)]:
        x, y = torch.tensor(x0, dtype=torch.float64, requires_grad=True), torch.tensor(y0, dtype=torch.float64,
                                                                                         requires_grad=True)
        (x * y + c / 2 * (x**2 - y**2)).backward()
        assert games.grad_V(x0, y0, c) == pytest.approx((x.grad.item(), y.grad.item()), rel=1e-15)


@pytest.mark.parametrize("lr", [0.1, 0.5])
def test_simultaneous_grows_by_sqrt_1_plus_lr_squared_at_every_step(lr):
    path = games.simulate("simultaneous", (1.0, 0.0), lr, STEPS if lr == 0.1 else 100)
    ratios = norms(path)[1:] / norms(path)[:-1]
    np.testing.assert_allclose(ratios, math.sqrt(1 + lr**2), rtol=RTOL)
    assert norms(path)[100] == pytest.approx({0.1: 1.644632, 0.5: 70064.92}[lr], rel=1e-6)  # papers.md checks
    angles = np.diff(np.unwrap(np.arctan2(path[:, 1], path[:, 0])))
    np.testing.assert_allclose(angles, math.atan(lr), rtol=RTOL)  # counter-clockwise: states 1 -> 2 -> 3 -> 4


@pytest.mark.parametrize("lr, factor", [(0.1, 0.995038), (0.5, 0.901388), (1.0, 1.0), (math.sqrt(0.5), 0.866025)])
def test_extragradient_norm_factor(lr, factor):
    path = games.simulate("extragradient", (0.3, -1.2), lr, STEPS)
    exact = math.sqrt(1 - lr**2 + lr**4)
    assert exact == pytest.approx(factor, abs=1e-6)
    np.testing.assert_allclose(norms(path), norms(path)[0] * exact ** np.arange(STEPS + 1), rtol=RTOL)


@pytest.mark.parametrize("lr, gamma, factor", [(0.1, 1.0, 0.905539), (0.2, 10.0, 1.019804), (0.05, 10.0, 0.502494)])
def test_consensus_norm_factor(lr, gamma, factor):
    exact = math.sqrt((1 - lr * gamma) ** 2 + lr**2)
    assert exact == pytest.approx(factor, abs=1e-6) and abs(games.step_factor("consensus", lr, gamma=gamma)) == \
        pytest.approx(exact, rel=1e-15)
    path = games.simulate("consensus", (1.0, 1.0), lr, STEPS, gamma=gamma)  # gamma = 10, lr = 0.2 diverges early
    normal = norms(path) > 1e-150  # gamma = 10, lr = 0.05 halves the distance every step: it underflows
    np.testing.assert_allclose(norms(path)[normal], (norms(path)[0] * exact ** np.arange(len(path)))[normal], rtol=RTOL)


def test_consensus_converges_only_below_2_gamma_over_1_plus_gamma_squared():
    for gamma in (0.5, 1.0, 3.0, 10.0):
        edge = 2 * gamma / (1 + gamma**2)
        assert games.spectral_radius("consensus", edge * 0.999, gamma=gamma)[0] < 1
        assert games.spectral_radius("consensus", edge * 1.001, gamma=gamma)[0] > 1
        best = games.spectral_radius("consensus", gamma / (1 + gamma**2), gamma=gamma)[0]
        assert best == pytest.approx(1 / math.sqrt(1 + gamma**2), rel=1e-12)


@pytest.mark.parametrize("lr", [0.1, 0.5, 1.0, 1.9])
def test_alternating_conserves_x2_plus_y2_minus_lr_xy(lr):
    path = games.simulate("alternating", (1.0, 0.0), lr, STEPS)
    energy = path[:, 0] ** 2 + path[:, 1] ** 2 - lr * path[:, 0] * path[:, 1]
    np.testing.assert_allclose(energy, energy[0], rtol=RTOL)
    np.testing.assert_allclose(games.alternating_energy(path, lr), energy, rtol=1e-15)
    assert len(path) == STEPS + 1 and norms(path).max() <= math.sqrt(1 / (1 - lr / 2)) * (1 + 1e-12)
    if lr in (0.5, 1.0):  # papers.md: max radius from (1, 0) is 1.1547 at lr = 0.5 and 1.4142 at lr = 1
        assert norms(path).max() == pytest.approx({0.5: 1.1547, 1.0: 1.4142}[lr], abs=2e-4)


def test_alternating_energy_shrinks_by_1_minus_lr_c_squared_on_the_curved_game():
    lr, c = 0.3, 0.2
    path = games.simulate("alternating", (-0.4, 1.5), lr, STEPS, c=c)
    energy = games.alternating_energy(path, lr, c)
    np.testing.assert_allclose(energy, energy[0] * (1 - lr * c) ** (2 * np.arange(STEPS + 1)), rtol=RTOL)


def test_alternating_with_y_first_would_conserve_the_other_sign():
    # papers.md §2.2: V = x^2 + y^2 + eta x y if y moves first; we move x first, so that one must NOT hold
    path = games.simulate("alternating", (1.0, 0.0), 0.5, 50)
    other = path[:, 0] ** 2 + path[:, 1] ** 2 + 0.5 * path[:, 0] * path[:, 1]
    assert np.ptp(other) > 0.1


@pytest.mark.parametrize("lr, rho", [(0.1, 0.994936), (0.2, 0.978906), (0.5, 1 / math.sqrt(2))])
def test_optimistic_spectral_radius(lr, rho):
    exact = math.sqrt((1 + math.sqrt(1 - 4 * lr**2)) / 2)
    assert exact == pytest.approx(rho, abs=1e-6)
    assert games.spectral_radius("optimistic", lr)[0] == pytest.approx(exact, rel=1e-7)  # 1e-7: a double root at 1/2


@pytest.mark.parametrize("lr", [0.1, 0.3, 0.45])
def test_optimistic_path_is_the_two_root_closed_form(lr):
    """w_t = A l+^t + B l-^t with l+- = [(1 + 2i lr) +- sqrt(1 - 4 lr^2)] / 2, w_-1 = w_0 (the authors' notebook)."""
    path = games.simulate("optimistic", (1.7, 1.4), lr, STEPS)
    w = path[:, 0] + 1j * path[:, 1]
    disc = np.sqrt(complex(1 - 4 * lr**2))
    plus, minus = (1 + 2j * lr + disc) / 2, (1 + 2j * lr - disc) / 2
    a = (w[1] - minus * w[0]) / (plus - minus)
    t = np.arange(STEPS + 1)
    exact = a * plus**t + (w[0] - a) * minus**t
    np.testing.assert_allclose(np.abs(w - exact) / np.abs(w), 0, atol=RTOL)
    assert w[1] == pytest.approx(w[0] * (1 + 1j * lr), rel=1e-15)  # the first step is plain simultaneous GDA
    assert abs(w[-1]) / abs(w[-2]) == pytest.approx(abs(plus), rel=1e-6)  # the distance shrinks at rate rho


def test_optimistic_converges_up_to_1_over_sqrt3_then_diverges():
    edge = 1 / math.sqrt(3)
    assert games.spectral_radius("optimistic", edge - 1e-3)[0] < 1 < games.spectral_radius("optimistic", edge + 1e-3)[0]
    for lr in (0.52, 0.55, 0.57):  # papers.md §2.4: for 1/2 < lr < 1/sqrt(3), rho^2 = 1/4 + (lr + sqrt(4 lr^2 - 1)/2)^2
        rho_squared = 0.25 + (lr + math.sqrt(4 * lr**2 - 1) / 2) ** 2
        assert games.spectral_radius("optimistic", lr)[0] ** 2 == pytest.approx(rho_squared, rel=1e-12)


@pytest.mark.parametrize("beta, lr, rho", [(-0.1, 0.5, 0.98064), (-0.1, 1.0, 0.91393), (-0.1, 1.5, 0.74212),
                                           (-0.5, 0.5, 0.96254), (-0.5, 0.871, 0.8847), (0.5, 0.5, 1.26922)])
def test_negative_momentum_spectral_radius_matches_the_papers_spot_values(beta, lr, rho):
    assert games.spectral_radius("negative_momentum", lr, beta=beta)[0] == pytest.approx(rho, abs=6e-5)


def test_negative_momentum_roots_solve_the_papers_polynomial_and_the_run_decays_at_rho():
    beta, lr = -0.5, 0.871
    for lam in games.roots("negative_momentum", lr, beta=beta)[0]:
        assert abs((lam - 1) ** 2 * (lam - beta) ** 2 + lr**2 * lam**3) < 1e-12
    path = games.simulate("negative_momentum", (1.0, 1.0), lr, STEPS, beta=beta)
    rho = games.spectral_radius("negative_momentum", lr, beta=beta)[0]
    assert (norms(path)[800] / norms(path)[400]) ** (1 / 400) == pytest.approx(rho, rel=1e-3)


def test_negative_momentum_converges_for_lr_below_2_1_plus_beta():
    for beta in (-0.1, -0.3, -0.5, -0.75):
        edge = 2 * (1 + beta)
        assert games.spectral_radius("negative_momentum", edge * 0.99, beta=beta)[0] < 1
        assert games.spectral_radius("negative_momentum", edge * 1.01, beta=beta)[0] > 1
    assert games.spectral_radius("negative_momentum", 0.5, beta=0.0)[0] == pytest.approx(1, abs=1e-7)  # = alternating


CASES = [("simultaneous", 0.1, {}), ("simultaneous", 0.2, {"c": 0.3}), ("alternating", 0.7, {}),
         ("alternating", 0.4, {"c": -0.2}), ("extragradient", 0.6, {"c": 0.1}), ("optimistic", 0.3, {"c": 0.5}),
         ("consensus", 0.3, {"gamma": 2.0, "c": 0.1}), ("negative_momentum", 0.5, {"beta": -0.3}),
         ("negative_momentum", 1.2, {"beta": -0.1, "c": 0.2}), ("negative_momentum", 0.5, {"beta": 0.0})]


@pytest.mark.parametrize("method, lr, params", CASES)
def test_every_simulator_equals_its_closed_form_over_1000_steps(method, lr, params):
    path = games.simulate(method, (0.8, -0.6), lr, STEPS, **params)
    assert_same_path(path, games.closed_form(method, (0.8, -0.6), lr, STEPS, **params))


def test_closed_form_handles_the_double_roots():
    for method, lr in [("optimistic", 0.5), ("alternating", 2.0)]:  # Jordan blocks: t * rho^t terms
        path = games.simulate(method, (1.0, 0.5), lr, 200)
        assert_same_path(path, games.closed_form(method, (1.0, 0.5), lr, 200), rtol=1e-8)


def test_curvature_makes_plain_simultaneous_play_converge():
    flat, curved = (games.spectral_radius("simultaneous", 0.2, c=c)[0] for c in (0.0, 0.2))
    assert flat > 1 > curved
    path = games.simulate("simultaneous", (1.0, 1.0), 0.2, STEPS, c=0.2)
    assert norms(path)[-1] < 1e-6


def test_a_diverging_run_stops_cleanly_and_says_after_how_many_steps():
    path = games.simulate("simultaneous", (1.0, 1.0), 2.0, STEPS)  # x sqrt(5) per step: 1e12 after ~34 steps
    assert games.diverged(path, STEPS) and len(path) - 1 == 34
    assert np.isfinite(path).all() and norms(path)[-1] > games.MAX_DISTANCE > norms(path)[-2]
    assert not games.diverged(games.simulate("extragradient", (1, 1), 0.5, STEPS), STEPS)


def test_a_converged_run_may_reach_zero_but_never_nan():
    path = games.simulate("consensus", (1.0, 1.0), 0.1, 5000, gamma=10.0)  # x 0.1 per step: underflows to 0
    assert np.isfinite(path).all() and (path[-1] == 0).all()


@pytest.mark.parametrize("call, message", [
    (lambda: games.simulate("adam", (1, 1), 0.1, 10), "unknown method 'adam'"),
    (lambda: games.simulate("simultaneous", (1, 1), 0.0, 10), "lr must be in (0, 10]"),
    (lambda: games.simulate("simultaneous", (1, 1), -1, 10), "lr must be in"),
    (lambda: games.simulate("simultaneous", (1, 1), math.nan, 10), "lr must be in"),
    (lambda: games.simulate("simultaneous", (1, 1), "fast", 10), "lr must be a number"),
    (lambda: games.simulate("simultaneous", (1, 1), 0.1, -1), "steps must be in"),
    (lambda: games.simulate("simultaneous", (1, 1), 0.1, 2.5), "whole number"),
    (lambda: games.simulate("simultaneous", (1, 1), 0.1, 10**9), "steps must be in"),
    (lambda: games.simulate("simultaneous", (1, 1, 1), 0.1, 10), "z0 must be two numbers"),
    (lambda: games.simulate("simultaneous", 1.0, 0.1, 10), "z0 must be two numbers"),
    (lambda: games.simulate("simultaneous", (math.inf, 0), 0.1, 10), "x0 must be in"),
    (lambda: games.simulate("simultaneous", (0, None), 0.1, 10), "y0 must be a number"),
    (lambda: games.simulate("simultaneous", (1, 1), 0.1, 10, gamma=1.0), "simultaneous takes no parameter gamma"),
    (lambda: games.simulate("negative_momentum", (1, 1), 0.1, 10, beta=1.0), "beta must be in"),
    (lambda: games.simulate("consensus", (1, 1), 0.1, 10, gamma=-1.0), "gamma must be in"),
    (lambda: games.simulate("alternating", (1, 1), 0.1, 10, c=50.0), "c must be in"),
])
def test_bad_input_is_refused_with_a_message_that_names_it(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[").replace("]", r"\]")):
        call()


def test_shapes_and_zero_steps():
    assert games.simulate("optimistic", [0.5, -0.5], 0.1, 0).shape == (1, 2)
    assert games.simulate("alternating", np.array([0.5, -0.5]), 0.1, 7).shape == (8, 2)
    assert games.closed_form("negative_momentum", (1, 0), 0.3, 7, beta=-0.2).shape == (8, 2)
    assert games.spectral_radius("optimistic", np.linspace(0.01, 1, 50)).shape == (50,)


@pytest.mark.parametrize("method, lr, expected", [
    ("alternating", 1.0, "cycles"), ("alternating", 2.0, "grows linearly"), ("alternating", 2.1, "diverges"),
    ("simultaneous", 0.1, "diverges"), ("extragradient", 0.1, "converges")])
def test_behaviour_tells_bounded_cycles_from_linear_growth(method, lr, expected):
    assert games.behaviour(method, lr) == expected
    if expected == "grows linearly":  # a double root at -1: |z_t| grows like t, not like rho^t
        path = games.simulate(method, (1.0, 0.0), lr, 400)
        norms = np.linalg.norm(path, axis=1)
        assert 1.5 < norms[400] / norms[200] < 2.5
