"""A workshop room in real browsers: one facilitator and three phones (one at 390 px).

The phones send estimates; the facilitator's view shows them by itself (no reload), the room's ROI changes with
each new entry; the facilitator adopts the room's ranges and opens round 2, which the phones pick up by themselves,
seeded with their first answer. Screenshots of both views land in test-results/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import (
    ROOT,
    TIMEOUT_MS,
    assert_no_error,
    fit_height_to_content,
    metric,
    no_horizontal_overflow,
    start_streamlit,
    stop_streamlit,
    wait_for_app,
)
from ui.common.i18n import translate

SHOTS = ROOT / "test-results" / "screenshots"
LIVE_MS = 45_000  # the facilitator's view refreshes every 2 s; phones look every 4 s; two shared cores


def tr(key: str, **fmt: object) -> str:
    return translate("en", key, **fmt)


def shot(page: Page, name: str, full: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"rooms--{name}.png"
    page.evaluate("document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
    if full:
        fit_height_to_content(page)
    page.screenshot(path=str(path), full_page=True)
    return path


def send_estimate(page: Page, low: str, likely: str, high: str, note: str, name: str | None = None) -> None:
    main = page.get_by_test_id("stMain")
    if name is not None:
        main.get_by_role("textbox", name=tr("rooms.p_name")).fill(name)
    main.get_by_role("textbox", name=tr("rooms.p_low"), exact=True).first.fill(low)
    main.get_by_role("textbox", name=tr("rooms.p_likely"), exact=True).first.fill(likely)
    main.get_by_role("textbox", name=tr("rooms.p_high"), exact=True).first.fill(high)
    main.get_by_role("textbox", name=tr("rooms.p_note")).first.fill(note)
    main.get_by_role("button", name=tr("rooms.p_send")).click()
    expect(main.get_by_text(tr("rooms.p_saved"))).to_be_visible(timeout=TIMEOUT_MS)


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("ROI_DATABASE_URL", raising=False)
    monkeypatch.setenv("ROI_DATA_DIR", str(tmp_path))  # this server's own room database
    proc, url = start_streamlit()
    yield url
    stop_streamlit(proc)


def test_room_with_a_facilitator_and_three_phones(browser: Browser, server: str) -> None:
    fac_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    fac = fac_ctx.new_page()
    fac.goto(f"{server}/room?lang=en", timeout=TIMEOUT_MS)
    wait_for_app(fac)
    expect(fac.get_by_role("heading", name=tr("rooms.title"))).to_be_visible(timeout=TIMEOUT_MS)
    fac.get_by_role("button", name=tr("rooms.open")).click()
    code_box = fac.get_by_test_id("stCode").filter(has_text="/?r=")
    expect(code_box).to_have_count(1, timeout=TIMEOUT_MS)
    join = code_box.inner_text().strip()
    assert re.fullmatch(rf"{re.escape(server)}/\?r=[\w-]{{22}}&lang=en", join), join
    expect(fac.get_by_test_id("stImage")).to_be_visible()  # the QR code
    assert "key=" not in fac.url  # the facilitator's key stays out of the address bar

    phones = []
    for width in (390, 1024, 1280):
        ctx = browser.new_context(viewport={"width": width, "height": 860}, is_mobile=width == 390)
        page = ctx.new_page()
        page.goto(join, timeout=TIMEOUT_MS)
        wait_for_app(page)
        expect(page.get_by_role("heading", name=tr("rooms.p_title"))).to_be_visible()
        expect(page.get_by_test_id("stSidebar")).to_have_count(0)
        phones.append((ctx, page))

    narrow = phones[0][1]
    send_estimate(narrow, "2", "4", "7", "our pilot team", name="Ann")
    send_estimate(phones[1][1], "3", "5", "9", "", name="Bob")
    assert_no_error(narrow)
    width, inner = no_horizontal_overflow(narrow)
    assert width <= inner, f"the 390 px phone page scrolls sideways ({width} > {inner})"
    shot(narrow, "phone-390")

    answered = metric(fac, tr("rooms.answered", round=1))
    expect(answered).to_have_text(tr("rooms.answered_value", n=2, people=2), timeout=LIVE_MS)  # no reload
    room_roi = metric(fac, tr("rooms.roi_metric")).nth(1)
    expect(room_roi).to_be_visible(timeout=LIVE_MS)
    before = room_roi.inner_text()

    # A third person who expects far more: the room's ROI moves by itself.
    send_estimate(phones[2][1], "15", "20", "25", "seen it elsewhere", name="Cem")
    expect(answered).to_have_text(tr("rooms.answered_value", n=3, people=3), timeout=LIVE_MS)
    expect(room_roi).not_to_have_text(before, timeout=LIVE_MS)
    expect(fac.get_by_text(tr("rooms.disagree_lonely", names="Cem"), exact=False).first).to_be_visible()
    assert_no_error(fac)
    shot(fac, "facilitator", full=False)

    fac.get_by_role("button", name=tr("rooms.adopt")).click()
    expect(fac.get_by_text(tr("rooms.adopted", round=1, n=3))).to_be_visible(timeout=LIVE_MS)

    fac.get_by_role("button", name=tr("rooms.next_round", round=2)).click()
    expect(fac.get_by_text(tr("rooms.round", round=2), exact=False).first).to_be_visible(timeout=LIVE_MS)
    # The phone notices the new round by itself and starts from its first answer.
    expect(narrow.get_by_text(tr("rooms.p_seeded", round=2))).to_be_visible(timeout=LIVE_MS)
    expect(narrow.get_by_role("textbox", name=tr("rooms.p_likely"), exact=True).first).to_have_value("4")
    send_estimate(narrow, "3", "5", "8", "moved after the discussion")
    expect(fac.get_by_role("heading", name=tr("rooms.compare_heading", before=1))).to_be_visible(timeout=LIVE_MS)
    shot(fac, "facilitator-round-2")

    for ctx, _ in phones:
        ctx.close()
    fac_ctx.close()
