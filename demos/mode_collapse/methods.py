"""The Mode collapse page's words: each method's name, one-line idea, formula (LaTeX) and what to look for.

Framework-free text; the numbers in the formulas (pack size, unrolling steps, λ) are read from the engine's
defaults, so the page says what the trainer does.
"""
from __future__ import annotations

from core.mode_collapse import METHODS, ModeCollapseConfig

_C = {method: ModeCollapseConfig(method=method) for method in METHODS}  # each method's own settings
INTRO = ("Mode collapse: *the generator produces good samples but very few kinds of them.* The data here are a "
         "mixture of Gaussians, each mode a green circle of radius 3 std. Press **Play**: the samples land inside "
         "circles (high quality) yet cover only some of them, and hop from mode to mode as D catches up. The "
         "slides' fixes (minibatch GANs, supervision with labels, unrolled GANs, Wasserstein GANs) are all here: "
         "pick a second method to train side by side on the same data and seed.")
HINTS = dict(mixture="the real distribution: its modes are the green circles", method="the GAN to train",
             versus="train a second method alongside, same data and seed", seed="same seed, same run",
             every="the film strip keeps the last 8 snapshots",
             modes="x, y pairs separated by ';' (2 to 50 modes, every coordinate within ±5)")
LOOK = ("Purple or orange dots inside a circle are high quality; grey ones fell between modes. A collapsed GAN "
        "scores a high % high quality and few modes: the histogram's bars pile onto a few modes while the green "
        "marks show the share each mode should get. Reverse KL is 0 for a perfect spread, ln K for a single mode.")
LABELS = {
    "minimax": "Minimax GAN (saturating)",
    "nonsaturating": "GAN (non-saturating)",
    "minibatch_discrimination": "Minibatch discrimination",
    "minibatch_stddev": "Minibatch std-dev",
    "unrolled": "Unrolled GAN",
    "pacgan": "PacGAN",
    "wgan_gp": "WGAN-GP",
    "labels": "Supervision with labels",
}
MIXTURE_LABELS = {"8 modes on a ring (ring8)": "ring8", "25 modes on a grid (grid25)": "grid25",
                  "5 modes on a ring": "ring5", "8 modes, unequal weights": "ring8_unbalanced",
                  "Your own modes (type them below)": "drawn"}
METHOD_LABELS = {LABELS[m]: m for m in METHODS}
_P = _C['pacgan'].pack
NONE = "— none —"
VERSUS_LABELS = {NONE: "", **METHOD_LABELS}

IDEA = {  # method -> (one-line idea, formula, what to look for)
    "minimax": (
        "The game as first written: G minimises D's log-likelihood of calling its samples fake.",
        r"$$\min_G \max_D\ \mathbb{E}_{x}[\log D(x)] + \mathbb{E}_{z}[\log(1 - D(G(z)))]$$",
        "Early on D rejects every fake and log(1 − D) is flat: G barely moves, and often sits on one or two modes."),
    "nonsaturating": (
        "The usual GAN: G maximises log D(G(z)) instead, the same fixed point with strong early gradients.",
        r"$$\mathcal{L}_G = -\,\mathbb{E}_{z}[\log D(G(z))]$$",
        "Watch the film strip: G piles onto a few modes, D learns to reject them, and G hops to others."),
    "minibatch_discrimination": (
        "Minibatch GAN: D sees how close each sample is to the rest of its batch, so a batch of clones is easy "
        "to call fake (Salimans et al. 2016).",
        r"$$o(x_i)_b = \sum_{j} \exp\big(-\lVert M_{i,b} - M_{j,b} \rVert_1\big), \quad M_i = f(x_i)\,T$$",
        f"With {_C['minibatch_discrimination'].kernels} kernels of dimension "
        f"{_C['minibatch_discrimination'].kernel_dim}: a collapsed batch has large o(x), so G is "
        "pushed to spread out."),
    "minibatch_stddev": (
        "Minibatch GAN, the cheap way: D gets the batch's mean feature standard deviation as one extra input "
        "(Karras et al. 2018).",
        r"$$s = \frac{1}{F}\sum_{f=1}^{F} \operatorname{std}_{i}\, f_f(x_i), \qquad D\big([f(x_i),\ s]\big)$$",
        "A batch of near-copies has s ≈ 0 while real batches do not: one number that betrays collapse."),
    "unrolled": (
        "G is scored against the D of a few steps ahead, differentiated through those steps: it cannot win by "
        "jumping to the mode D forgot (Metz et al. 2017).",
        r"$$\mathcal{L}_G = -\,\mathbb{E}_{z}\big[\log D_{\theta_D^{(k)}}(G(z))\big], \quad "
        r"\theta_D^{(i+1)} = \operatorname{Adam}_D\big(\theta_D^{(i)},\ \nabla_{\theta_D} \mathcal{L}_D(\theta_D^{(i)})\big)$$",
        f"k = {_C['unrolled'].unroll_steps} unrolled steps of D's own Adam: slower per iteration, but the modes fill "
        "in one by one instead of hopping."),
    "pacgan": (
        f"D judges {_P} samples at once, all real or all fake, so it can see that they lack variety "
        "(Lin et al. 2018).",
        rf"$$D\big(x_1, x_2, \dots, x_{{{_P}}}\big): \quad \text{{real packs}} \sim p_{{data}}^{{{_P}}},"
        rf"\ \ \text{{fake packs}} \sim p_G^{{{_P}}}$$",
        "The plain GAN's losses and networks, only D's input changes: compare it with the non-saturating GAN."),
    "wgan_gp": (
        "Wasserstein GAN: a critic estimates the earth mover's distance, which still has a gradient where the "
        "two distributions do not overlap (Gulrajani et al. 2017).",
        r"$$\min_G \max_D\ \mathbb{E}_{x}[D(x)] - \mathbb{E}_{z}[D(G(z))] - "
        r"\lambda\, \mathbb{E}_{\hat x}\big[(\lVert \nabla_{\hat x} D(\hat x) \rVert_2 - 1)^2\big]$$",
        f"λ = {_C['wgan_gp'].gp_weight}, {_C['wgan_gp'].d_steps} critic step(s) per G step: mass moves smoothly "
        "towards every mode; bridges of low-quality samples between modes fade slowly."),
    "labels": (
        "Supervision with labels: G and D are told which mode a sample belongs to, G(z | y) and D(x | y), "
        "so G must make every mode (Mirza & Osindero 2014).",
        r"$$\min_G \max_D\ \mathbb{E}_{x,y}[\log D(x \mid y)] + \mathbb{E}_{z,y}[\log(1 - D(G(z \mid y) \mid y))]$$",
        "Labels make collapse nearly impossible; the price is that someone had to label the data."),
}


def markdown(method: str) -> str:
    """One method's idea, formula and hint as Markdown with LaTeX."""
    idea, formula, look = IDEA.get(method, ("", "", ""))
    return f"**{label(method)}.** {idea}\n\n{formula}\n\n*Look for:* {look}"


def label(method: str) -> str:
    return LABELS.get(method, method)


def all_markdown() -> str:
    return "\n\n---\n\n".join(markdown(method) for method in METHODS)
