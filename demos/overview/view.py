"""Overview page: the lecture's map, and a card for every GenLab page that exists.

What the student must see: where each model sits (supervised vs unsupervised, generative vs
discriminative, explicit vs implicit density) and which page to open to play with it.
Framework-free: Markdown strings and one plotly figure.
"""
from __future__ import annotations

from urllib.parse import urlencode

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

TAXONOMY_NOTE = r"""The taxonomy of generative models (after Goodfellow's NIPS 2016 tutorial). The models with
a page here are highlighted."""

# node: (depth, row, parent, has a GenLab page); rows are the leaves' order from the top. Labels wrap onto two
# lines (<br>) and sit centred on their column, so the four columns fit side by side in a 390 px phone
_TREE = {
    "generative<br>models": (0, 2.5, None, False),  # the labels at depth 2 say which kind of density
    "explicit<br>density": (1, 1.5, "generative<br>models", False),
    "implicit<br>density": (1, 4.5, "generative<br>models", False),
    "tractable": (2, 0.5, "explicit<br>density", False),
    "approximate": (2, 2.5, "explicit<br>density", False),
    "direct": (2, 4.0, "implicit<br>density", False),
    "Markov<br>chain": (2, 5.0, "implicit<br>density", False),
    "PixelRNN<br>/ CNN": (3, 0.0, "tractable", False),
    "normalizing<br>flows": (3, 1.0, "tractable", False),
    "VAE": (3, 2.0, "approximate", True),
    "Boltzmann<br>machine": (3, 3.0, "approximate", False),
    "GAN": (3, 4.0, "direct", True),
    "GSN": (3, 5.0, "Markov<br>chain", False),
}


def taxonomy() -> go.Figure:
    """The taxonomy as a left-to-right tree: root on the left, model families on the right."""
    fig = go.Figure()
    for name, (depth, row, parent, _) in _TREE.items():
        if parent is not None:
            p_depth, p_row = _TREE[parent][:2]
            middle = (p_depth + depth) / 2
            fig.add_scatter(x=[p_depth, middle, middle, depth], y=[p_row, p_row, row, row], mode="lines",
                            line=dict(color="#aaa", width=1.5), hoverinfo="skip", showlegend=False)
    for name, (depth, row, _, here) in _TREE.items():
        fig.add_annotation(x=depth, y=row, text=f"<b>{name}</b>" if here else name, showarrow=False,
                           bgcolor="#4f46e5" if here else "#eef2ff", bordercolor="#4f46e5", borderpad=4,
                           font=dict(color="white" if here else "#1e1b4b", size=11))
    fig.update_layout(height=400, width=None, margin=dict(l=10, r=10, t=10, b=10), template="plotly_white",
                      showlegend=False, dragmode=False)
    fig.update_xaxes(visible=False, range=[-0.5, 3.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[5.6, -0.6], fixedrange=True)
    return fig


def cards() -> list[pages.Page]:
    """One card per page that exists, this one excluded."""
    return [p for p in pages.PAGES if p.slug != SLUG]


def scene(page: pages.Page) -> tuple[str, dict[str, str], str] | None:
    """The page's curated scene (pages.SCENES): (what it shows, its query, its link from the app's root), or None."""
    if page.slug not in pages.SCENES:
        return None
    title, query = pages.SCENES[page.slug]
    return title, query, f"{page.slug}?{urlencode(query)}"


def card_markdown(page: pages.Page) -> str:
    """A card's body; each UI puts its own link to the page above it."""
    return f"**Slides:** {page.slides}.\n\n**Look for:** {page.look_for}."
