"""Streamlit UI of the Autoencoder page: the same controls and outputs as gradio_page.py."""
import streamlit as st

from demos import digits, mnist
from demos.autoencoder import view

SOURCES = ("Pick a test digit", "Upload")


def _input_digit():
    """The digit chosen by the user, kept in session state so a bad upload loses nothing."""
    ss = st.session_state
    ss.setdefault("ae_digit", view.default_digit())
    source = st.radio("Input", SOURCES, horizontal=True, key="ae_source",
                      help="Drawing a digit is available in the Gradio app (python app.py).")
    if source == SOURCES[0]:
        images = mnist.gallery()
        position = st.selectbox("Test digit", range(len(images)), key="ae_position",
                                format_func=lambda i: images[i][1], help="one of the 1,000 held-out digits")
        st.image([img for img, _ in images[:10]], width=32)
        ss.ae_digit = mnist.gallery_digit(position)
    else:
        upload = st.file_uploader("Upload an image of one digit (any format, up to 10 MB)",
                                  type=None, key="ae_upload", help="converted MNIST-style")
        if upload is not None:
            digit, message = digits.from_bytes(upload.getvalue())
            if digit is None:
                st.warning(message)
            else:
                ss.ae_digit = digit
                st.caption(message)
    return ss.ae_digit


def render() -> None:
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    left, right = st.columns([2, 3])
    with left:
        digit = _input_digit()
        label = st.selectbox("Model", list(view.MODELS), index=list(view.MODELS).index(view.DEFAULT_MODEL),
                             key="ae_model", help="architecture and code size (the bottleneck)")
        noise = st.slider("Input noise σ", 0.0, view.NOISE_MAX, 0.0, 0.05, key="ae_noise",
                          help="Gaussian noise added to the digit before encoding")
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
        seed = st.number_input("Seed", min_value=0, value=0, step=1, key="ae_seed", help="same seed, same samples")
        if st.button("Sample a random z", type="primary", key="ae_sample"):
            grid, verdict = view.random_samples(label, seed)
            st.image(grid, caption="decoded random codes")
            st.markdown(verdict)


render()
