"""Upskilling ROI Explorer: the Streamlit entry point (``streamlit run app.py``).

Shared controls live here, before ``pg.run()``, so they persist across pages
and rewrite the share link on every run. Pages stay thin: they read the
scenario that the sidebar built and the cached results.

A participants' link to a workshop room (the app's root with ``?r=<code>``) opens only the phone
page: no sidebar, no scenario, none of the analysis modules (they are imported
below, for the other pages only), so 40 phones opening the link at once cost
the server little.
"""

from pathlib import Path

import streamlit as st

from ui.common.i18n import t
from ui.rooms import rooms

# The tab's icon is a file in the repository, served by this app: for a Material icon name (":material/...:")
# Streamlit's browser code fetches the icon from fonts.gstatic.com, which fails offline and on strict networks.
ICON = Path(__file__).with_name("ui") / "assets" / "icon.png"
st.set_page_config(page_title="Upskilling ROI Explorer", page_icon=str(ICON), layout="wide")

if rooms.is_participant_link(st.query_params):
    rooms.prepare_participant_lang()
    # The only page, so it is served at the app's root (a default page has no path of its own).
    join = st.Page("views/room_participant.py", title=t("nav.join"), icon=":material/how_to_vote:")
    st.navigation([join], position="hidden").run()
    rooms.freeze_loaded_objects()  # once per process: keeps Streamlit's GC after each phone's run cheap
else:
    from ui.common.warmup import freeze_startup_objects
    from ui.kpi import kpi_plan
    from ui.sidebar import sidebar

    rooms.capture_facilitator_link()  # a facilitator's private link: room and key into the session, off the URL
    sidebar.prepare()  # reads the link on a session's first run; fixes the language before page titles

    pages = [
        st.Page("views/overview.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
        st.Page("views/over_time.py", title=t("nav.over_time"), icon=":material/timeline:", url_path="over-time"),
        st.Page("views/sensitivity.py", title=t("nav.sensitivity"), icon=":material/tune:", url_path="sensitivity"),
        st.Page("views/kpi_plan.py", title=t("nav.kpi_plan"), icon=":material/flag:", url_path="kpi-plan"),
        st.Page("views/evidence.py", title=t("nav.evidence"), icon=":material/fact_check:", url_path="evidence"),
        st.Page("views/programme.py", title=t("nav.programme"), icon=":material/event_repeat:", url_path="rounds"),
        st.Page("views/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
        st.Page("views/share.py", title=t("nav.share"), icon=":material/ios_share:", url_path="share"),
        st.Page("views/room_facilitator.py", title=t("nav.rooms"), icon=":material/groups:", url_path="room"),
        st.Page("views/method.py", title=t("nav.method"), icon=":material/menu_book:", url_path="method"),
    ]
    pg = st.navigation(pages)

    sidebar.render()
    kpi_plan.sync_link()  # the KPI plan travels in the link as its own parameter
    sidebar.show_notices()
    pg.run()
    freeze_startup_objects()  # once per process, after the first page: makes Streamlit's GC after each run cheap
