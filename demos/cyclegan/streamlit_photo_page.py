"""Streamlit UI of the CycleGAN page's level 3, the official photo models: the same as gradio_photo_page.py."""
import streamlit as st

from demos.cyclegan import controls, photos
from demos.streamlit_ui import control

ss = st.session_state


def _generator(session) -> None:
    """An official model by name (a button) or an uploaded .pth (once per new file)."""
    left, right = st.columns(2)
    name = control(controls.OFFICIAL, key="cg_official", container=left)
    fetch, tiny = left.columns(2)
    if fetch.button("Download and load", type="primary", key="cg_fetch", width="stretch"):
        with st.spinner(f"Fetching {name}…"):
            ss.cg_model_note = photos.fetch(session, name)
    if tiny.button("Use the tiny offline model", key="cg_tiny", width="stretch"):
        ss.cg_model_note = photos.use_tiny(session)
    checkpoint = right.file_uploader(f"…or upload a generator, a .pth file (up to {photos.MAX_CHECKPOINT_MB} MB)",
                                     type=["pth"], key="cg_pth",
                                     max_upload_size=photos.MAX_CHECKPOINT_MB)
    if checkpoint is not None and ss.get("_cg_pth") != checkpoint.file_id:
        ss._cg_pth = checkpoint.file_id
        ss.cg_model_note = photos.load_upload_bytes(session, checkpoint.getvalue(), checkpoint.name)
    st.markdown(ss.get("cg_model_note") or photos.model_note(session))


def section() -> None:
    """Level 3; a translation is kept until the generator or the photo changes (reruns are frequent). Until a
    photo is uploaded, the example photo goes through the generator (the tiny offline one at first)."""
    st.markdown(photos.HINT)
    ss.cg_photos = ss.get("cg_photos") or photos.new_session()
    session = ss.cg_photos
    _generator(session)
    photo = st.file_uploader("A photo (JPEG, PNG, …; up to 10 MB)", key="cg_photo")
    key = (session.name, id(session.generator), photo and photo.file_id)
    if ss.get("_cg_photo_key") != key:
        ss._cg_photo_key, ss._cg_photo = key, photos.translate_bytes(session, photo and photo.getvalue())
    before, after, message = ss._cg_photo
    st.markdown(message)
    if before is not None:
        left, right = st.columns(2)
        left.image(before, caption="the photo, as the network sees it", output_format="PNG")
        right.image(after, caption="translated", output_format="PNG")
