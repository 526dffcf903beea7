"""Streamlit UI of the Overview page: the lecture's map and a card per page."""
import streamlit as st

from demos.overview import view


def render() -> None:
    st.title(view.TITLE)
    st.markdown(view.INTRO)
    st.markdown(view.MAP)
    st.caption(view.TAXONOMY_NOTE)
    st.plotly_chart(view.taxonomy(), key="overview_taxonomy", theme=None)
    st.header("The pages")
    # a scene's link wraps onto a second line rather than ending in "…" (st.page_link keeps its label on one line)
    st.html("<style>[data-testid='stPageLink-NavLink'] span, [data-testid='stPageLink-NavLink'] span * "
            "{white-space: normal !important; text-overflow: clip !important; overflow: visible !important}</style>")
    cards = view.cards()  # three to a row: seven in one row left each card 31 px of text at 1280 px
    columns = [column for start in range(0, len(cards), 3) for column in st.columns(3)][:len(cards)]
    for column, page in zip(columns, cards):
        with column, st.container(border=True):
            st.page_link(f"demos/{page.folder}/streamlit_page.py", label=page.nav, icon=page.icon)
            st.markdown(view.card_markdown(page))
            if view.scene(page):  # a curated scene: the page opens on that setup
                title, query, _ = view.scene(page)
                st.page_link(f"demos/{page.folder}/streamlit_page.py", label=f"Scene: {title}",
                             icon=":material/play_circle:", query_params=query)


render()
