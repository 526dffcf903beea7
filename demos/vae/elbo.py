"""VAE page, second half: one digit's posterior, its ELBO term by term, β-VAEs side by side, and
interpolation in latent space against cross-fading in pixel space. Framework-free, like view.py."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import torch

from core.vae import kl_per_dim, reparameterize
from demos import mnist, plots
from demos.vae.view import AE_MAP, BETAS, MODELS, VAE_MAP, code_space, model_label

N_POSTERIOR_SAMPLES = 8
N_STEPS = 9  # interpolation strips: both ends included
N_PANELS = 10  # outputs of digit_panels()


def _tensor(digit: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.asarray(digit, np.float32).reshape(1, 1, 28, 28))


@torch.no_grad()
def posterior(digit: np.ndarray, label: str | None, seed: int = 0) -> tuple[go.Figure, np.ndarray]:
    """-> (bars of mu_j with +-sigma_j error bars, a strip of digits decoded from z = mu + sigma * eps)."""
    model = mnist.model(MODELS[model_label(label)])
    mu, logvar = model.encode(_tensor(digit))
    sigma = torch.exp(0.5 * logvar)[0].numpy()
    fig = plots.bar_chart(mu[0].numpy(), 3.5, "posterior q(z|x): μ ± σ per dimension")
    fig.update_traces(error_y=dict(type="data", array=sigma, visible=True, color="#333"))
    eps_generator = torch.Generator().manual_seed(int(seed))
    z = reparameterize(mu.expand(N_POSTERIOR_SAMPLES, -1), logvar.expand(N_POSTERIOR_SAMPLES, -1), eps_generator)
    return fig, plots.image_grid(model.decode(z)[:, 0].numpy(), ncol=N_POSTERIOR_SAMPLES, scale=3)


@torch.no_grad()
def elbo_terms(digit: np.ndarray, name: str, seed: int = 0) -> dict[str, float | np.ndarray]:
    """One digit's -ELBO under model `name`: recon = -log p(x|z) for one z ~ q(z|x), kl, and kl per dim."""
    model = mnist.model(name)
    x = _tensor(digit)
    mu, logvar = model.encode(x)
    z = reparameterize(mu, logvar, torch.Generator().manual_seed(int(seed)))
    recon = torch.nn.functional.binary_cross_entropy_with_logits(model.decode_logits(z), x, reduction="sum").item()
    per_dim = kl_per_dim(mu, logvar)[0].numpy()
    return {"recon": recon, "kl": float(per_dim.sum()), "kl_per_dim": per_dim, "x_hat": model(x)[0, 0].numpy()}


def elbo_panel(digit: np.ndarray, label: str | None) -> tuple[str, go.Figure]:
    """-> (Markdown with the two terms and the bound, bar chart of KL per dimension)."""
    terms = elbo_terms(digit, MODELS[model_label(label)])
    text = (f"| reconstruction $-\\log p(x\\mid z)$ | KL$(q(z\\mid x)\\,\\|\\,p(z))$ | $-$ELBO |\n|---|---|---|\n"
            f"| {terms['recon']:.1f} nats | {terms['kl']:.1f} nats | **{terms['recon'] + terms['kl']:.1f} nats** |")
    kl = terms["kl_per_dim"]
    fig = plots.bar_chart(kl, max(1.0, float(kl.max()) * 1.1), "KL per latent unit (nats)")
    fig.update_yaxes(range=[0, max(1.0, float(kl.max()) * 1.1)])
    return text, fig


def beta_comparison(digit: np.ndarray) -> tuple[list[np.ndarray], str]:
    """This digit reconstructed by each β-VAE, and a table of each model's held-out numbers (from its card)."""
    images, rows = [], ["| model | recon. (nats) | KL (nats) | −ELBO (nats) | active units |", "|---|---|---|---|---|"]
    for label, name in BETAS.items():
        images.append(plots.upscale(elbo_terms(digit, name)["x_hat"], 4))
        m = mnist.card_metrics(name)
        rows.append(f"| {label} | {m['test_recon']:.1f} | {m['test_kl']:.1f} | {m['test_neg_elbo']:.1f} | "
                    f"{m['active_units']} |")
    return images, "\n".join(rows) + "\n\nHeld-out means over the 1,000 test digits, one z per digit."


def beta_note() -> str:
    """The β section's text, saying what the table (the models' cards) measures: whether large β switched
    units off, or kept them all with less information in each (issue 17: the text said "fewer" beside 8 / 8 / 8)."""
    active = [mnist.card_metrics(name)["active_units"] for name in BETAS.values()]
    counts = " / ".join(map(str, active))
    if active[-1] < active[0]:
        units = f"so fewer units stay active ({counts}, last column)"
    else:
        units = ("so the code carries fewer nats (the KL column): " + (
            f"here all {active[0]} units stay active at every β, each carrying less" if len(set(active)) == 1
            else f"active units {counts} (last column)"))
    return ("## β: sharp reconstructions or a well-behaved latent space\nThe current digit through β-VAEs with "
            f"$z \\in \\mathbb{{R}}^8$: small β reconstructs more detail, large β pays more for every nat of KL, {units}, "
            "and samples from the prior look more typical.")


BETA_NOTE = beta_note()


@torch.no_grad()
def interpolate(a: np.ndarray, b: np.ndarray, label: str | None, spherical: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """-> (strip decoded along the latent path from mu(a) to mu(b), strip cross-fading the pixels)."""
    model = mnist.model(MODELS[model_label(label)])
    za, zb = model.encode(_tensor(a))[0][0], model.encode(_tensor(b))[0][0]
    t = torch.linspace(0, 1, N_STEPS)[:, None]
    if spherical:
        omega = torch.arccos(torch.clamp(torch.dot(za / za.norm(), zb / zb.norm()), -1 + 1e-6, 1 - 1e-6))
        path = (torch.sin((1 - t) * omega) * za + torch.sin(t * omega) * zb) / torch.sin(omega)
    else:
        path = (1 - t) * za + t * zb
    fade = (1 - t.view(-1, 1, 1)) * _tensor(a)[0] + t.view(-1, 1, 1) * _tensor(b)[0]
    latent = plots.image_grid(model.decode(path)[:, 0].numpy(), ncol=N_STEPS, scale=3)
    return latent, plots.image_grid(fade.numpy(), ncol=N_STEPS, scale=3)


def interpolate_gallery(a: int, b: int, label: str | None, spherical: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """interpolate() between the a-th and b-th gallery digits."""
    return interpolate(mnist.gallery_digit(a), mnist.gallery_digit(b), label, bool(spherical))


def digit_panels(digit: np.ndarray, label: str | None) -> tuple:
    """Everything on the page that depends on the current digit, in page order: posterior bars and
    samples, ELBO terms and KL per dimension, the three beta reconstructions and their table, and
    the digit on the VAE's and on the autoencoder's 2-D code spaces."""
    mu_sigma, strip = posterior(digit, label)
    terms, kl = elbo_panel(digit, label)
    betas, table = beta_comparison(digit)
    return (mu_sigma, strip, terms, kl, *betas, table, code_space(*VAE_MAP, digit), code_space(*AE_MAP, digit))
