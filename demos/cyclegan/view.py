"""The CycleGAN page's words: the slide's formulas, what to look for at each level, and the measured facts.

Three levels, one module each, all framework-free: toy.py (2-D clouds trained live, figures in figures.py),
zebra.py (digits <-> zebra digits, pretrained), photos.py (the official photo models); api.py for scripts.
"""
from __future__ import annotations

from demos import pages

TITLE, SLUG = pages.CYCLEGAN.title, pages.CYCLEGAN.slug
TABS = ("1 · Points", "2 · Digits", "3 · Photos")  # short: three tabs fit a phone's width
INTRO = r"""Paired data (this photo, and *the same* photo as a painting) is hard to get; two unpaired piles of
images are easy. CycleGAN (Zhu et al., 2017) learns two translators at once, $G: X \to Y$ and $F: Y \to X$,
each with a discriminator that tells its domain's real images from translations ($D_Y$ judges $G(x)$,
$D_X$ judges $F(y)$). Fooling the discriminators only puts $G(x)$ *somewhere* in $Y$; the **cycle loss**
asks that translating there and back returns the original:

$$\mathcal{L}_\text{cyc}(G, F) = \mathbb{E}_x \lVert F(G(x)) - x \rVert_1$$

$$+\ \mathbb{E}_y \lVert G(F(y)) - y \rVert_1$$

and the total loss, with weight $\lambda$ on the cycle:

$$\mathcal{L} = \mathcal{L}_\text{GAN}(G, D_Y) + \mathcal{L}_\text{GAN}(F, D_X)$$

$$+\ \lambda\, \mathcal{L}_\text{cyc}(G, F)$$

As in the official code, the adversarial terms are least squares (LSGAN): $D$ is pushed to 1 on real images
and 0 on translations, $G$ pushes $D(G(x))$ to 1. **Look for:** translation both ways, the way back, and
what breaks when $\lambda = 0$."""

TOY_HINT = r"""## Level 1: two point clouds, trained live
$X$ and $Y$ are two clouds of points in the plane, and no point of one is paired with a point of the other.
$G$ and $F$ are small MLPs. Left: each blue $x$ goes to $G(x)$ (orange, solid arrow) and back to $F(G(x))$
(black ring, dotted arrow), over $D_Y$'s verdict (green: "a real $y$", purple: "a translation"). Right: the
same the other way round, over $D_X$. The identity loss, weight $0.5\lambda$, adds
$\mathbb{E}_y \lVert G(y) - y \rVert_1 + \mathbb{E}_x \lVert F(x) - x \rVert_1$:
"leave a point alone if it is already in your target domain"."""
TOY_FACTS = r"""**Measured here, after 2,000 iterations (about 6 s of training):** moons ↔ turned moons, cycle error
**0.04** with $\lambda = 10$ against **1.05** with $\lambda = 0$; moons ↔ ring, **0.03** against **0.22**. Both
land $G(x)$ on the target cloud (the adversarial loss alone does that); only the cycle loss keeps track of
*which* $x$ went where. With the identity loss on moons ↔ turned moons, $F(y)$ lands 0.40 off the moons on average: the
identity loss pulls $G$ towards "change nothing", which is wrong for a cloud that must turn 90°.
*Cycle error:* the mean L1 distance $|F(G(x)) - x|$ and $|G(F(y)) - y|$, averaged over both ways.
*Off Y / off X:* how far translations land from the nearest point of the other cloud."""
