"""GenLab, the Streamlit front end: `streamlit run streamlit_app.py`. Same pages, same views as app.py.

Each page is demos/<slug>/streamlit_page.py, served at /<slug> (the Overview at /).
"""
from demos import runtime

runtime.prepare()  # the environment (2 torch threads), and the allocator policy app.py sets

import streamlit as st  # noqa: E402

from demos import pages, presenter  # noqa: E402

st.set_page_config(page_title="GenLab", page_icon="🧠", layout="wide")  # emoji: drawn locally, no CDN
presenting = st.query_params.get(presenter.PARAMETER) == "1"  # the presenter view: no sidebar, larger type
if presenting:
    st.html(presenter.STREAMLIT_CSS)

navigation = st.navigation([
    st.Page(f"demos/{page.folder}/streamlit_page.py", title=page.nav, icon=page.icon, url_path=page.slug,
            default=page is pages.OVERVIEW)
    for page in pages.PAGES
], position="hidden" if presenting else "sidebar")
navigation.run()
