"""The registry of GenLab's pages: what each serves in the lecture and what to look for.

Both front ends build their navigation from PAGES, the Overview builds its cards from it, and each
page's view.py takes its TITLE and SLUG from here, so a page's name is written once.
A page is listed only once it exists.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    slug: str  # URL path, Gradio route and Streamlit url_path
    title: str
    nav: str  # short label for navigation bars
    slides: str  # the lecture slides it serves
    look_for: str  # the one thing a student must see
    icon: str  # Streamlit sidebar icon (the app-wide emoji page_icon keeps the favicon off the CDN)

    @property
    def folder(self) -> str:
        """demos/<folder>/: the slug as a Python package name ("mode-collapse" -> "mode_collapse")."""
        return self.slug.replace("-", "_")


OVERVIEW = Page(
    slug="overview", title="GenLab: autoencoders, VAEs and GANs, interactively", nav="Overview",
    slides="supervised vs unsupervised, generative vs discriminative, the taxonomy of generative models",
    look_for="where each model sits, and a door to every page", icon=":material/map:",
)
AUTOENCODER = Page(
    slug="autoencoder", title="Autoencoder: squeeze a digit through a bottleneck", nav="Autoencoder",
    slides="AE, encoder z = f(x), decoder x' = g(z), transposed convolution, "
           "\"how to make AEs generative?\"",
    look_for="reconstruction through a narrow code beats PCA; random codes decode to non-digits "
             "because the latent space has holes",
    icon=":material/compress:",
)

VAE = Page(
    slug="vae", title="VAE: a latent space you can sample", nav="VAE",
    slides="q(z|x), the reparameterisation trick, ELBO = reconstruction − KL, sampling from the prior, "
           "smooth variation along latent directions",
    look_for="moving a latent slider morphs the digit smoothly; the 2-D code space is filled, with no holes; "
             "β trades sharp reconstructions for well-behaved samples",
    icon=":material/blur_on:",
)

GAN = Page(
    slug="gan", title="GAN, live: two networks play a game", nav="GAN (live)",
    slides="the two-player game, training D / training G, Algorithm 1 (k D steps per G step), "
           "the saturating vs non-saturating generator loss",
    look_for="D's decision surface and G's samples chasing each other, step by step, in 2-D and on digits",
    icon=":material/sports_esports:",
)

MINIMAX = Page(
    slug="minimax", title="Minimax: why gradient play on V(x, y) = xy does not converge", nav="Minimax",
    slides="non-convergence, min over x, max over y of V(x, y) = xy, the table of states 1 → 5, "
           "SGD was not built to find a Nash equilibrium",
    look_for="simultaneous gradient play spirals out of the equilibrium while the signs repeat states 1 → 4 → 1; "
             "alternating updates circle forever; extragradient, optimistic, consensus and negative momentum "
             "converge, each at its closed-form rate",
    icon=":material/cyclone:",
)

MODE_COLLAPSE = Page(
    slug="mode-collapse", title="Mode collapse: good samples, too few kinds", nav="Mode collapse",
    slides="mode collapse, minibatch GANs, supervision with labels, unrolled GANs, Wasserstein GANs",
    look_for="a GAN hopping between the modes of a Gaussian mixture, each fix side by side with the plain GAN, "
             "and the numbers: modes captured, high-quality samples, reverse KL",
    icon=":material/scatter_plot:",
)

CGAN = Page(
    slug="cgan", title="Conditional GAN: ask for a digit, get that digit", nav="Conditional GAN",
    slides="the conditional GAN: G(z | y) and D(x | y), the conditional minimax objective, generation with "
           "a chosen attribute, AC-GAN, supervision with labels",
    look_for="pick a class and get that class; the same z across classes keeps the style (slant, thickness) "
             "while y sets the identity; the classifier agrees with the class asked for",
    icon=":material/label:",
)

CYCLEGAN = Page(
    slug="cyclegan", title="CycleGAN: translation without pairs, and back again", nav="CycleGAN",
    slides="unpaired image-to-image translation, G: X → Y and F: Y → X, discriminators D_X and D_Y, "
           "the cycle-consistency loss ||F(G(x)) − x||₁ + ||G(F(y)) − y||₁, the total loss with weight λ",
    look_for="translation both ways, F(G(x)) coming back to x, and what breaks at λ = 0: many-to-one maps "
             "and lost correspondence, a digit that comes back as another digit",
    icon=":material/sync_alt:",
)

PAGES: list[Page] = [OVERVIEW, AUTOENCODER, VAE, GAN, MODE_COLLAPSE, CGAN, CYCLEGAN, MINIMAX]

# The Overview's curated scene per page (issue 18 §1): slug -> (what it shows, the query of its link). Each query
# is one that its page's declared controls take with no note (tests/test_scenes.py); a page is listed once it
# applies links (demos/scene_table.py's SCENE_CONTROLS).
SCENES: dict[str, tuple[str, dict[str, str]]] = {
    "autoencoder": ("a 32-number MLP code on a noisy digit", {"model": "MLP, z = 32", "noise": "0.3"}),
    "vae": ("a 2-D latent space on a 9 × 9 grid", {"model": "z = 2", "grid_n": "9"}),
    "mode-collapse": ("collapse vs PacGAN on ring8",
                      {"mixture": "ring8", "method": "nonsaturating", "versus": "pacgan"}),
    "gan": ("WGAN-GP on 8 Gaussians on a ring", {"data": "ring8", "loss": "wgan_gp", "d_lr": "0.001", "seed": "3"}),
    "minimax": ("alternating vs simultaneous at η = 0.5", {"methods": "simultaneous,alternating", "lr": "0.5"}),
    "cgan": ("AC-GAN asked for a 7", {"model": "acgan_mnist", "y": "7", "live": "AC-GAN: D names the class"}),
    "cyclegan": ("CycleGAN at λ = 0", {"lam": "0"}),
}
