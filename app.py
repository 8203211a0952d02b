"""Upskilling ROI Explorer: the Streamlit entry point (``streamlit run app.py``).

Shared controls live here, before ``pg.run()``, so they persist across pages
and rewrite the share link on every run. Pages stay thin: they read the
scenario that the sidebar built and the cached results.
"""

import streamlit as st

from ui import kpi_plan, sidebar
from ui.i18n import t
from ui.warmup import freeze_startup_objects

st.set_page_config(page_title="Upskilling ROI Explorer", page_icon=":material/trending_up:", layout="wide")

sidebar.prepare()  # reads the link on a session's first run; fixes the language before page titles

pages = [
    st.Page("views/overview.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
    st.Page("views/over_time.py", title=t("nav.over_time"), icon=":material/timeline:", url_path="over-time"),
    st.Page("views/sensitivity.py", title=t("nav.sensitivity"), icon=":material/tune:", url_path="sensitivity"),
    st.Page("views/kpi_plan.py", title=t("nav.kpi_plan"), icon=":material/flag:", url_path="kpi-plan"),
    st.Page("views/programme.py", title=t("nav.programme"), icon=":material/event_repeat:", url_path="rounds"),
    st.Page("views/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("views/share.py", title=t("nav.share"), icon=":material/ios_share:", url_path="share"),
    st.Page("views/method.py", title=t("nav.method"), icon=":material/menu_book:", url_path="method"),
]
pg = st.navigation(pages)

sidebar.render()
kpi_plan.sync_link()  # the KPI plan travels in the link as its own parameter
sidebar.show_notices()
pg.run()
freeze_startup_objects()  # once per process, after the first page: makes Streamlit's GC after each run cheap
