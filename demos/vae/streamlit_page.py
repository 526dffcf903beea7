"""Streamlit UI of the VAE page: the same controls and outputs as gradio_page.py."""
import streamlit as st

import hashlib

from demos import digits, mnist
from demos.scene_streamlit_ui import link, scene
from demos.streamlit_ui import control, sketchpad
from demos.vae import controls, elbo, view


def _set_sliders(values, label: str) -> None:
    """Move the sliders; values outside their range are clipped (a slider refuses them)."""
    for i, v in enumerate(view.clip_z(values, label)[0]):
        st.session_state[f"vae_z{i}"] = round(float(v), 2)


def _start(origin: tuple, digit, message: str, label: str) -> None:
    """A digit not seen before (origin: where it came from) sets the sliders to its mu(x); a rejected
    one says why. Reruns with the same input leave the sliders where the user put them."""
    if digit is None:
        st.warning(message)
    elif st.session_state.get("_vae_origin") != origin:
        st.session_state.vae_digit = digit
        _set_sliders(view.encode(digit, label)[0], label)
        st.session_state["_vae_origin"] = origin


def _pick_a_digit(label: str) -> None:
    """Where the sliders start: a test digit, a drawing or an upload (each sets them to its mu(x)), a sample, 0."""
    ss = st.session_state
    k = view.latent_dim(label)
    ss.setdefault("vae_digit", view.default_digit())
    source = st.radio("Start from", ("a test digit", "a drawing", "an upload"), horizontal=True, key="vae_source",
                      help="sets the sliders to the digit's posterior mean μ(x)")
    content = None
    if source == "a test digit":
        position = st.selectbox("Test digit", range(30), key="vae_start", format_func=mnist.gallery_caption)
        _start(("gallery", position, label), mnist.gallery_digit(position), "", label)
    elif source == "a drawing":
        content = sketchpad(key="vae_sketch")
    else:
        upload = st.file_uploader("An image of one digit (up to 10 MB)", key="vae_upload")
        content = upload.getvalue() if upload is not None else None
    if content is not None:
        _start((source, hashlib.sha256(content).hexdigest(), label), *digits.from_bytes(content), label)
    seed_box, left, right = st.columns(3, vertical_alignment="bottom")
    control(controls.SEED, key="vae_seed", container=seed_box)  # Sample's callback moves it on
    left.button("Sample z ~ N(0, I)", type="primary", key="vae_sample", on_click=_sample, args=(label,))
    if right.button("Reset to 0", key="vae_reset"):
        _set_sliders([0.0] * k, label)


def _sample(label: str) -> None:
    """Sample's callback: z ~ N(0, I) from the seed shown, then the seed moves on (as in the Gradio page)."""
    z, used = view.prior_sample(label, controls.SEED.take(st.session_state.get("vae_seed", 0))[0])
    _set_sliders(z, label)
    st.session_state.vae_seed = controls.next_seed(used)


def render() -> None:
    scene(controls.CONTROLS, "vae")  # a link's setup (/vae?model=z+%3D+2&grid_n=9), the session's first time here
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    label = control(controls.MODEL, key="vae_model")
    left, shown, right = st.columns([5, 4, 4])  # a phone stacks them in this order: the digit above its sliders
    with left:
        _pick_a_digit(label)
    with right:
        values = [control(controls.Z[i], key=f"vae_z{i}") for i in range(view.latent_dim(label))]
    with shown:
        z, note = view.clip_z(values, label)
        st.image(view.decode(z, label), caption="decoded digit E[x | z]", width="stretch")
        if note:
            st.caption(note)
        st.markdown(view.SLIDERS_NOTE)
    _digit_panels(st.session_state.vae_digit, label)
    _interpolation_and_prior(label)
    link(controls.CONTROLS, "vae", container=left)  # under the seed, once every control is drawn


def _digit_panels(digit, label: str) -> None:
    st.header("The 2-D manifold")
    st.markdown(view.MANIFOLD_NOTE)
    columns = st.columns(3)
    n = control(controls.GRID_N, key="vae_grid_n", container=columns[0])
    columns[0].image(view.manifold(n), caption="decoded grid z = Φ⁻¹(u)")
    columns[1].plotly_chart(view.code_space(*view.VAE_MAP, digit), key="vae_map", theme=None)
    columns[2].plotly_chart(view.code_space(*view.AE_MAP, digit), key="vae_ae_map", theme=None)
    st.header("Posterior, reparameterisation and the ELBO")
    st.markdown(view.POSTERIOR_NOTE + "\n\n" + view.ELBO_NOTE)
    left, right = st.columns(2)
    mu_sigma, strip = elbo.posterior(digit, label)
    left.plotly_chart(mu_sigma, key="vae_posterior", theme=None)
    left.image(strip, caption="decoded from z = μ + σ ⊙ ε")
    terms, kl = elbo.elbo_panel(digit, label)
    right.markdown(terms)
    right.plotly_chart(kl, key="vae_kl", theme=None)
    st.markdown(elbo.BETA_NOTE)
    images, table = elbo.beta_comparison(digit)
    for column, image, caption in zip(st.columns(4), images, elbo.BETAS):
        column.image(image, caption=caption)
    st.markdown(table)


def _interpolation_and_prior(label: str) -> None:
    st.markdown(view.INTERPOLATION_NOTE)
    a, b, c = st.columns(3)
    start = control(controls.END_A, key="vae_end_a", container=a)
    end = control(controls.END_B, key="vae_end_b", container=b)
    spherical = c.checkbox(controls.SPHERICAL_LABEL, key="vae_slerp", help=controls.SPHERICAL_HINT)
    latent, fade = elbo.interpolate(mnist.gallery_digit(start), mnist.gallery_digit(end), label, spherical)
    st.image(latent, caption="latent interpolation")
    st.image(fade, caption="pixel cross-fade")
    st.markdown(view.PRIOR_NOTE)
    temperature = control(controls.TEMPERATURE, key="vae_temperature")
    st.image(view.prior_grid(label, temperature), caption="decoded prior samples")


render()
