"""Compare: save the current scenario under a name, then compare two to four side by side.

Saved scenarios live in this session only (``st.session_state["_compare"]``).
The page body is one ``st.fragment``: saving, renaming and removing change
only this page, so they rerun it alone, not the app (sidebar, simulation).
"Open" loads a saved scenario into the sidebar and so reruns the whole app.
The parts live in :mod:`ui.compare.compare`.
"""

import streamlit as st

from ui.common.i18n import current_lang, t
from ui.compare import compare

lang = current_lang()
cur = st.session_state.get("cur", "EUR")

st.title(t("compare.title"))
st.caption(t("compare.intro", n=compare.MAX_SAVED))


@st.fragment(key="compare_body")
def _body() -> None:
    """Save, rename, remove, and the comparison (reruns alone when its controls change)."""
    saved = compare.saved()
    compare.save_box(saved)
    compare.saved_list(saved)  # rename, open, remove
    if len(saved) < 2:
        st.info(t("compare.need_two", missing=2 - len(saved)), icon=":material/info:")
        return
    compare.side_by_side(saved, lang, cur)


_body()
