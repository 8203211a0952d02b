"""A shared deep link must work as the very first request a fresh server gets.

In a workshop the hosted app may just have been (re)started when the first
participant opens a link to a sub-page. With page scripts in a ``pages/``
folder, Streamlit 1.67 then ran that page alone (file-based navigation, no
sidebar, no scenario); the scripts live in ``views/`` to prevent that.
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from roi_core import Range, Scenario, deterministic
from roi_core.scenario_io import encode
from tests.e2e.helpers import TIMEOUT_MS, assert_no_error, start_streamlit, stop_streamlit, wait_for_app


def test_deep_link_is_the_first_request_of_a_fresh_server(browser: Browser) -> None:
    scenario = Scenario().with_values(productivity_gain_pct=Range(2.0, 7.0, 12.0))
    assert deterministic(scenario).roi_pct != deterministic(Scenario()).roi_pct
    proc, url = start_streamlit()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.goto(f"{url}/share?lang=nl&s={encode(scenario)}", timeout=TIMEOUT_MS)
        wait_for_app(page)
        assert_no_error(page)
        nav = page.get_by_test_id("stSidebarNav")
        # The app's own navigation (Dutch titles), not file names such as "share" / "app".
        expect(nav.get_by_role("link", name="Overzicht")).to_be_visible(timeout=TIMEOUT_MS)
        expect(nav.get_by_role("link", name="app")).to_have_count(0)
        # The scenario of the link is in force: the sidebar shows the linked productivity gain.
        # The assumption panel is there (its groups start closed; the starting points are a radio group).
        panel = page.get_by_test_id("stSidebar")
        expect(panel.get_by_role("radiogroup", name="Beginpunt")).to_be_visible(timeout=TIMEOUT_MS)
        expect(panel.get_by_test_id("stExpander").first).to_be_visible(timeout=TIMEOUT_MS)
        assert "pg_2_7_12" in page.url
        context.close()
    finally:
        stop_streamlit(proc)
