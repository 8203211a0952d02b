"""A tampered link in a Dutch browser: the notice is Dutch throughout, with Dutch numbers and no link in it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from roi_core import INPUTS
from tests.e2e.helpers import TIMEOUT_MS, assert_no_error, wait_for_app
from ui.common.i18n import translate


def test_a_tampered_link_is_explained_in_dutch_only(page: Page) -> None:
    page.goto("/?lang=nl&s=v1.pg_9_5_1~n_-5~M_99999999~N_!!&[Klik](https://evil.example)=1")
    wait_for_app(page)
    notice = page.get_by_test_id("stAlert").filter(has_text=translate("nl", "notice.link_adjusted"))
    expect(notice).to_be_visible(timeout=TIMEOUT_MS)
    expect(notice).to_contain_text(INPUTS["productivity_gain_pct"].label("nl"))
    expect(notice).to_contain_text("de waarden passen niet bij elkaar")
    expect(notice).to_contain_text("-5 valt buiten het toegestane bereik van 1 tot 1.000.000")
    expect(notice).to_contain_text("99.999.999 valt buiten het toegestane bereik van 100 tot 200.000")
    expect(notice).to_contain_text("Onbekende linkparameter '[Klik](https://evil.example)'")
    expect(notice.locator("a")).to_have_count(0)
    text = notice.inner_text()
    for english in ("ignored", "default", "outside", "must be", "is used"):
        assert english not in text, text
    assert_no_error(page)
