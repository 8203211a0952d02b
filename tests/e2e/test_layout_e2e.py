"""Every page at 390 px (a phone in the room), 1440 px (a laptop) and 1920 px (a projector), in both languages.

Each case opens a page, waits for its first complete run, saves a full-page screenshot for review under
``test-results/screenshots/layout/`` and checks what a reader would notice first:

* nothing is wider than the window (the document does not scroll sideways, and no element of the page sticks out
  past the right edge, except inside a container that scrolls on its own, such as a table);
* no chart text is cut short with an ellipsis (a clipped title, axis label or legend entry), runs past the chart's
  edge (a legend entry wider than a phone's chart, an axis title wider than its plot) or lies on another chart text
  (a line's label on an input's name);
* no metric value or widget label is cut short ("Niet terugverdiend binn..." on a phone, "Overzicht tonen op ..."
  beside a toggle): they wrap.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    ROOT,
    TIMEOUT_MS,
    assert_no_error,
    fit_height_to_content,
    start_streamlit,
    stop_streamlit,
    wait_for_app,
)
from ui.common.i18n import translate

SHOTS = ROOT / "test-results" / "screenshots" / "layout"

#: (name, path and query) of every page; "What matters most" once per part (``sv``).
PAGES = [
    ("overview", "/"),
    ("over-time", "/over-time"),
    ("sensitivity-drivers", "/sensitivity?sv=drivers"),
    ("sensitivity-ranking", "/sensitivity?sv=ranking"),
    ("sensitivity-targets", "/sensitivity?sv=targets"),
    ("sensitivity-voi", "/sensitivity?sv=voi"),
    ("kpi-plan", "/kpi-plan"),
    ("evidence", "/evidence"),
    ("rounds", "/rounds"),
    ("compare", "/compare"),
    ("share", "/share"),
    ("room", "/room"),
    ("method", "/method"),
    ("phone-unknown-room", "/?r=no-such-room"),  # a participant's page: here the notice for a room that is gone
]
WIDTHS = {"phone": 390, "laptop": 1440, "projector": 1920}

# Elements of the main area whose right edge lies past the window, outside any container that scrolls sideways
# on its own (tables and code blocks may scroll; the page itself may not).
_STICKING_OUT = """() => {
  const w = window.innerWidth;
  const scrolls = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') && p.clientWidth < w)
        return true;
    }
    return false;
  };
  return [...document.querySelectorAll('[data-testid=stMain] *')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right > w + 1; })
    .filter(e => !scrolls(e))
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}[${e.getAttribute('data-testid') || e.className}] right=` +
              Math.round(e.getBoundingClientRect().right) + ': ' + (e.textContent || '').trim().slice(0, 40));
}"""

# Chart texts that Vega cut short ("Break-eve…") because their label limit or the plot was too narrow.
_CLIPPED_CHART_TEXT = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')]
  .map(t => t.textContent || '').filter(s => s.endsWith('…'))"""


# Chart texts drawn (partly) outside their chart's box: the browser clips them at the edge without an ellipsis.
_CHART_TEXT_OUTSIDE = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].flatMap(c => {
  const b = c.getBoundingClientRect();
  return [...c.querySelectorAll('svg text')].filter(t => t.getAttribute('opacity') !== '0').filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < b.left - 1 || r.right > b.right + 1);
  }).map(t => t.textContent);
})"""

# Pairs of chart texts of one chart whose boxes overlap by more than a sliver (2 px each way).
_CHART_TEXT_OVERLAP = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].flatMap(c => {
  // Vega hides axis labels that would collide (labelOverlap) by giving them opacity 0: those do not count.
  const texts = [...c.querySelectorAll('svg text')]
    .filter(t => (t.textContent || '').trim() && t.getAttribute('opacity') !== '0')
    .map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0);
  const out = [];
  texts.forEach(([a, ra], i) => texts.slice(i + 1).forEach(([b, rb]) => {
    const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (w > 2 && h > 2) out.push(`${a} / ${b}`);
  }));
  return out;
})"""

# Metric values whose text is wider than their box (Streamlit ends them with an ellipsis unless they wrap).
_CUT_METRICS = """() => [...document.querySelectorAll('[data-testid=stMetricValue]')]
  .filter(m => [m, ...m.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
  .map(m => (m.textContent || '').trim())"""

# Widget labels that end in an ellipsis because their text is wider than their box ("Overzicht tonen op ...").
_CUT_LABELS = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stWidgetLabel] *')]
  .filter(e => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1)
  .map(e => (e.textContent || '').trim())"""


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_fits_the_screen(page: Page, name: str, path: str, lang: str) -> None:
    page.set_viewport_size({"width": WIDTHS["phone"], "height": 900})
    page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
    wait_for_app(page)
    assert_no_error(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for width_name, width in WIDTHS.items():  # one page load, three window sizes: the page lays itself out anew
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function(f"() => window.innerWidth === {width}", timeout=TIMEOUT_MS)
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        fit_height_to_content(page)
        page.screenshot(path=str(SHOTS / f"{name}--{width_name}--{lang}.png"), full_page=True)
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        found = {
            "page scrolls sideways": [f"{scroll_width} > {inner_width}"] if scroll_width > inner_width else [],
            "sticks out": page.evaluate(_STICKING_OUT),
            "chart text cut short": page.evaluate(_CLIPPED_CHART_TEXT),
            "chart text past the chart's edge": page.evaluate(_CHART_TEXT_OUTSIDE),
            "chart texts on top of each other": page.evaluate(_CHART_TEXT_OVERLAP),
            "metric value cut short": page.evaluate(_CUT_METRICS),
            "widget label cut short": page.evaluate(_CUT_LABELS),
        }
        problems.update({f"{width_name}: {k}": v for k, v in found.items() if v})
    assert problems == {}


def test_open_workshop_room_fits_the_screen(browser, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The facilitator's view of an open room (QR code, round buttons, the toggle) at each width, in Dutch.

    It needs a room, so a server of its own with its own room database. At 1280 px the toggle's label read
    "Overzicht tonen op ..." in its narrow column.
    """
    monkeypatch.delenv("ROI_DATABASE_URL", raising=False)
    monkeypatch.setenv("ROI_DATA_DIR", str(tmp_path))
    proc, url = start_streamlit()
    try:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.goto(f"{url}/room?lang=nl", timeout=TIMEOUT_MS)
        wait_for_app(page)
        page.get_by_role("button", name=translate("nl", "rooms.open")).click()
        expect(page.get_by_text(translate("nl", "rooms.show_overview"))).to_be_visible(timeout=TIMEOUT_MS)
        # The join link is this computer's address: the page says a phone cannot open it (as the Share page does).
        expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text("127.0.0.1", timeout=TIMEOUT_MS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        problems = {}
        for width_name, width in {"phone": 390, "laptop": 1280, "projector": 1920}.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(f"() => window.innerWidth === {width}", timeout=TIMEOUT_MS)
            page.screenshot(path=str(SHOTS / f"room-open--{width_name}--nl.png"), full_page=True)
            found = {
                "sticks out": page.evaluate(_STICKING_OUT),
                "widget label cut short": page.evaluate(_CUT_LABELS),
                "metric value cut short": page.evaluate(_CUT_METRICS),
            }
            problems.update({f"{width_name}: {k}": v for k, v in found.items() if v})
        ctx.close()
        assert problems == {}
    finally:
        stop_streamlit(proc)
