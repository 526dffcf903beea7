"""Streamlit UI of the Autoencoder page: the same controls and outputs as gradio_page.py."""
import streamlit as st

from demos import digits, mnist
from demos.autoencoder import controls, view
from demos.scene_streamlit_ui import link, scene
from demos.streamlit_ui import control, sketchpad

SOURCES = ("Pick a test digit", "Draw", "Upload")


def _input_digit():
    """The digit chosen by the user, kept in session state so a bad upload loses nothing."""
    ss = st.session_state
    ss.setdefault("ae_digit", view.default_digit())
    source = st.radio("Input", SOURCES, horizontal=True, key="ae_source", help="where the digit comes from")
    if source == "Pick a test digit":
        images = mnist.gallery()
        position = st.selectbox("Test digit", range(len(images)), key="ae_position",
                                format_func=lambda i: images[i][1], help="one of the 1,000 held-out digits")
        st.image([img for img, _ in images[:10]], width=32)
        ss.ae_digit = mnist.gallery_digit(position)
    elif source == "Draw":
        st.caption("Draw a digit with the mouse or a finger; each stroke updates the page.")
        drawing = sketchpad(key="ae_sketch")
        if drawing is not None:
            _keep(*digits.from_bytes(drawing))
    else:
        upload = st.file_uploader("Upload an image of one digit (any format, up to 10 MB)",
                                  type=None, key="ae_upload", help="converted MNIST-style")
        if upload is not None:
            _keep(*digits.from_bytes(upload.getvalue()))
    return ss.ae_digit


def _keep(digit, message: str) -> None:
    """A new digit replaces the current one; a rejected input says why and changes nothing."""
    if digit is None:
        st.warning(message)
    else:
        st.session_state.ae_digit = digit
        st.caption(message)


def render() -> None:
    scene(controls.CONTROLS, "ae")  # a link's setup (/autoencoder?model=MLP%2C+z+%3D+2), the first time here
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    inputs, right = st.columns([2, 3])
    with inputs:
        digit = _input_digit()
        label = control(controls.MODEL, key="ae_model")
        noise = control(controls.NOISE, key="ae_noise")
    r = view.reconstruct(digit, label, noise)
    with right:
        for column, image, caption in zip(st.columns(4), [r.x, r.x_hat, r.error, r.pca],
                                          ["x", "x' = g(f(x))", "|x − x'|", "PCA"]):
            column.image(image, caption=caption, width="stretch")
        st.markdown(r.summary)
        st.plotly_chart(r.code, key="ae_code", theme=None)
    st.markdown(view.PCA_NOTE)
    left, right = st.columns(2)
    with left:
        st.subheader("The latent space")
        st.markdown(view.LATENT_NOTE)
        st.plotly_chart(r.latent_map, key="ae_latent", theme=None)
    with right:
        st.subheader("Sample a random z")
        st.markdown(view.SAMPLE_NOTE)
        seed = control(controls.SEED, key="ae_seed")  # the button's callback moves it on
        st.button("Sample a random z", type="primary", key="ae_sample", on_click=_next_seed)
        grid, verdict, _ = view.random_samples(label, seed)
        st.image(grid, caption="decoded random codes")
        st.markdown(verdict)
    link(controls.CONTROLS, "ae", container=inputs)  # under the model and noise, once the seed is drawn too


def _next_seed() -> None:
    st.session_state.ae_seed = controls.next_seed(st.session_state.get("ae_seed", 0))


render()
