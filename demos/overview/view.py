"""Overview page: the lecture's map, and a card for every GenLab page that exists.

What the student must see: where each model sits (supervised vs unsupervised, generative vs
discriminative, explicit vs implicit density) and which page to open to play with it.
Framework-free: Markdown strings and one plotly figure.
"""
from __future__ import annotations

import plotly.graph_objects as go

from demos import pages

TITLE, SLUG = pages.OVERVIEW.title, pages.OVERVIEW.slug
INTRO = r"""Every idea of the lecture *Autoencoders & Generative Adversarial Networks* as a page you can
drive: change a control, and the model answers. Everything runs on your CPU, offline."""

MAP = r"""### Two axes of the lecture

| | **supervised**: data $(x, y)$, learn $x \mapsto y$ | **unsupervised**: data $x$ only, learn its structure |
|---|---|---|
| **discriminative**: model $p(y \mid x)$ | classification, regression (our digit classifier, the judge of generated digits) | — |
| **generative**: model $p(x)$ or $p(x, y)$ | conditional generation $p(x \mid y)$: cGAN, AC-GAN | autoencoders (compression), VAEs and GANs (new samples) |

A **generative** model can produce new $x$ that look like the training data. An **autoencoder**
learns a compact code of $x$ without labels, but is not by itself a generative model: we have no
distribution over codes to sample from. Making that code space samplable gives the **VAE**; learning
to sample without any explicit density gives the **GAN**."""

TAXONOMY_NOTE = r"""The taxonomy of generative models (after Goodfellow, NIPS 2016 tutorial). Click a sector to
zoom in; the models with a page here are outlined in black."""

# (node, parent, has a GenLab page): the tree drawn by taxonomy()
_TREE = [
    ("generative models", "", False),
    ("explicit density", "generative models", False),
    ("implicit density", "generative models", False),
    ("tractable density", "explicit density", False),
    ("approximate density", "explicit density", False),
    ("autoregressive: PixelRNN / PixelCNN", "tractable density", False),
    ("normalizing flows", "tractable density", False),
    ("variational: VAE", "approximate density", True),
    ("Markov chain: Boltzmann machine", "approximate density", False),
    ("direct: GAN", "implicit density", True),
    ("Markov chain: GSN", "implicit density", False),
]


def taxonomy() -> go.Figure:
    labels, parents, pages_here = zip(*_TREE)
    outline = ["#000" if here else "#fff" for here in pages_here]
    fig = go.Figure(go.Sunburst(
        labels=labels, parents=parents, insidetextorientation="radial",
        marker=dict(line=dict(color=outline, width=[3 if here else 1 for here in pages_here])),
        hovertemplate="%{label}<extra></extra>",
    ))
    fig.update_layout(height=460, margin=dict(l=0, r=0, t=10, b=10))
    return fig


def cards() -> list[pages.Page]:
    """One card per page that exists, this one excluded."""
    return [p for p in pages.PAGES if p.slug != SLUG]


def card_markdown(page: pages.Page, link: str) -> str:
    return f"### [{page.nav}]({link})\n**Slides:** {page.slides}.\n\n**Look for:** {page.look_for}."
