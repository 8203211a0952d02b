"""Browser benchmark: ``python -m benchmarks --browser [--moves N]``.

What a person in the room feels, measured in headless Debian chromium against
a fresh ``streamlit run app.py`` on a free local port:

* server start until ``/_stcore/health`` answers;
* cold first render: the first session on the fresh server, from ``goto`` until
  the headline metric and the first chart's marks are drawn and no script runs;
* warm first render: a new browser session on the now warm server;
* slider moves (the issue's "Speed" goal: under 0.5 s at the default draw
  count): focus the productivity-gain slider, press an arrow key, time until
  the headline metric shows a new text ("headline") and until the script has
  finished, i.e. the status widget is gone ("rerun done"). Measured twice:
  new values each time (every move computes, nothing is cached yet) and back
  and forth between two values (the results come from ``st.cache_data``);
* the Sensitivity page ("What matters most"), tab by tab (only the open tab
  is computed and drawn): a sidebar slider move on each tab (a full rerun,
  new values each time; until the tab's charts, tables or metric change, and
  until no script runs), opening each tab, and the page-local options, which
  rerun only the ``st.fragment`` that holds them: the metric switch (ROI <->
  NPV; until the tornado's axis title changes) and the target ROI (typed in, a
  new target each time; until the goal-seek table's header names it). The
  options and the open tab must reach the link (checked after each series);
* page switches through the sidebar navigation;
* the largest websocket message the server sends per page: Streamlit sends
  each element (a chart with its data, a table) as one message, so this is an
  upper bound for the largest chart payload (goal: about 100 KB at most).

Needs chromium (``apt-get install -y chromium``, or ``CHROMIUM_PATH``).
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, WebSocket, expect, sync_playwright

from roi_core import DRIVER_LABELS, Scenario
from tests.e2e.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    open_sidebar_group,
    slider,
    start_streamlit,
    stop_streamlit,
    wait_for_app,
)
from ui.common.i18n import translate

GAIN = "Productivity gain per trained employee (%)"
PARTICIPANTS = "Participants"
#: Sidebar link name -> (URL path, catalogue key of the page title).
PAGES = {
    "Over time": ("/over-time", "over_time.title"),
    "What matters most": ("/sensitivity", "sens.title"),
    "Compare": ("/compare", "compare.title"),
    "Share & export": ("/share", "share.title"),
    "Method": ("/method", "method.title"),
    "Overview": ("/", "overview.title"),
}
VIEWPORT = {"width": 1400, "height": 900}

# True once the headline metric no longer reads `old` and no script is running.
_CHANGED = """old => {
  const m = document.querySelector('[data-testid=stMetricValue]');
  return m !== null && m.innerText.trim() !== old;
}"""
_IDLE = """() => document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]') !== null
  && document.querySelector('[data-testid=stStatusWidget]') === null"""


def _percentile(xs: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a small sample."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, round(q / 100 * len(s) + 0.5) - 1))]


def _s_param(url: str) -> str:
    return parse_qs(urlparse(url).query).get("s", [""])[-1]


def _first_render(page: Page, url: str) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    wait_for_app(page, timeout=120_000)
    page.get_by_test_id("stVegaLiteChart").first.locator("svg path").first.wait_for(state="attached", timeout=60_000)
    return time.perf_counter() - t0


def _moves(page: Page, keys: list[str]) -> tuple[list[float], list[float]]:
    """Press each key on the focused gain slider; seconds until the headline changed and until the rerun ended."""
    s = slider(page, GAIN)
    headline, done = [], []
    for key in keys:
        old = page.get_by_test_id("stMetricValue").first.inner_text().strip()
        s.focus()
        t0 = time.perf_counter()
        s.press(key)
        page.wait_for_function(_CHANGED, arg=old, polling="raf", timeout=30_000)
        t1 = time.perf_counter()
        page.wait_for_function(_IDLE, polling="raf", timeout=30_000)
        t2 = time.perf_counter()
        headline.append(t1 - t0)
        done.append(t2 - t0)
        page.wait_for_timeout(150)  # a person does not press faster than this; let the browser settle
    return headline, done


# A signature of what the Sensitivity benchmark waits on: the tables' headers, the first chart's axis titles, and for
# the whole page the main area's text (captions and sentences name the current ROI; textContent needs no layout) and
# every chart's marks (Vega-Lite gives each mark an aria-label with its fields). A sidebar slider move changes the
# page part on every tab.
_SENS_STATE = """() => {
  const all = (root, sel, f) => root ? [...root.querySelectorAll(sel)].map(f).join('|') : '';
  const th = all(document, '[data-testid=stDataFrame] table th', e => e.textContent);
  const chart = document.querySelector('[data-testid=stVegaLiteChart]');
  const axis = all(chart, 'svg g.role-axis-title text', e => e.textContent);
  const marks = all(document, '[data-testid=stVegaLiteChart] svg g.role-mark path', e => e.getAttribute('aria-label'));
  const text = document.querySelector('[data-testid=stMain]').textContent;
  return {th, axis, page: text + '#' + marks};
}"""
_SENS_CHANGED = f"""([part, old]) => ({_SENS_STATE})()[part] !== old"""
METRIC_LABELS = ("Net present value", "ROI (%)")
#: The Sensitivity page's tabs, in order (views.sensitivity.VIEWS), by their English labels.
SENS_TABS = {view: translate("en", f"sens.tab_{view}") for view in ("drivers", "ranking", "targets", "voi")}


def _timed(page: Page, action: Callable[[], None], part: str, frames: list[int]) -> tuple[float, float, int]:
    """Run ``action``; seconds until ``part`` of the Sensitivity page changed and until no script runs, and the
    bytes the server sent meanwhile (websocket frames: a fragment rerun sends only its own elements)."""
    old = page.evaluate(_SENS_STATE)[part]
    frames.clear()
    t0 = time.perf_counter()
    action()
    page.wait_for_function(_SENS_CHANGED, arg=[part, old], polling="raf", timeout=30_000)
    t1 = time.perf_counter()
    page.wait_for_function(_IDLE, polling="raf", timeout=30_000)
    t2 = time.perf_counter()
    page.wait_for_timeout(150)
    return t1 - t0, t2 - t0, sum(frames)


Series = tuple[list[float], list[float], int]


def _press(slider_: Locator, key: str) -> None:
    slider_.focus()
    slider_.press(key)


def _series(rows: list[tuple[float, float, int]]) -> Series:
    return [r[0] for r in rows], [r[1] for r in rows], round(statistics.median(r[2] for r in rows))


def _page_local(page: Page, url: str, n: int, frames: list[int]) -> dict[str, Series]:
    """Sensitivity page: sidebar slider moves (full reruns) on each tab, page-local options (fragment reruns), and
    the tab switches (a rerun each: only the open tab is computed and drawn)."""
    page.goto(url + "/sensitivity")
    wait_for_app(page, timeout=120_000)
    page.get_by_test_id("stVegaLiteChart").first.locator("svg g.mark-rect path").first.wait_for(
        state="attached", timeout=60_000
    )
    page.wait_for_function(_IDLE, polling="raf", timeout=30_000)
    out: dict[str, Series] = {}
    open_sidebar_group(page, DRIVER_LABELS["productivity"]["en"])
    open_sidebar_group(page, translate("en", "group.programme"))
    # Every part gets scenarios it has not computed yet (caches are shared by all sessions; this new session starts
    # at the defaults: gain 5 %, 50 participants). The tornado part walks the gain up by n steps, the ranking part
    # down again (the tornado part ran no simulation), the value-of-information part walks the participants up
    # (at 5 % gain, where the decision is still uncertain: at 15 % it is clear and the part shows EVPI 0 for every
    # move), then the goal-seek part walks the gain up again with the new participant count. Hence n <= 20.
    walks = {
        "drivers": (GAIN, "ArrowRight"),
        "ranking": (GAIN, "ArrowLeft"),
        "voi": (PARTICIPANTS, "ArrowRight"),
        "targets": (GAIN, "ArrowRight"),
    }

    parts = page.locator(".st-key-sens_view")
    for view, (name, key) in walks.items():
        label = SENS_TABS[view]
        if view != "drivers":
            button = parts.get_by_role("radio", name=label, exact=True)
            out[f"tab {view}"] = _series([_timed(page, button.click, "page", frames)])
        if view == "drivers":  # NPV, ROI, NPV, ...: computed once, then cached
            radio = page.locator(".st-key-sens_metric")
            rows = [
                _timed(page, radio.get_by_text(METRIC_LABELS[i % 2], exact=True).click, "axis", frames)
                for i in range(n // 2 * 2)
            ]
            out["metric"] = _series(rows)
            expect(page).not_to_have_url(re.compile(r"[?&]sm="), timeout=10_000)  # back at ROI, the default
        if view == "targets":  # 110, 120, ...: a new goal seek each time, typed into the field and entered
            box = page.locator(".st-key-txt_sens_target input")

            def type_target(value: int, box: Locator = box) -> None:
                box.fill(str(value))
                box.press("Enter")

            out["target"] = _series(
                [_timed(page, functools.partial(type_target, 100 + 10 * i), "th", frames) for i in range(1, n + 1)]
            )
            expect(page).to_have_url(re.compile(rf"[?&]st={100 + 10 * n}(&|$)"), timeout=10_000)
        moved = slider(page, name)
        out[view] = _series([_timed(page, functools.partial(_press, moved, key), "page", frames) for _ in range(n)])
        expect(page).to_have_url(re.compile(rf"[?&]sv={view}(&|$)" if view != "drivers" else r"^(?!.*[?&]sv=)"))
    expect(page).to_have_url(re.compile(rf"[?&]st={100 + 10 * n}(&|$)"), timeout=10_000)  # full runs keep it
    return out


def _page_switches(page: Page, biggest: Callable[[], int], reset: Callable[[], None]) -> list[tuple[str, float, int]]:
    nav = page.get_by_test_id("stSidebarNav")
    rows = []
    for name, (path, title_key) in PAGES.items():
        reset()
        t0 = time.perf_counter()
        nav.get_by_role("link", name=re.compile(re.escape(name) + "$")).click()
        expect(page).to_have_url(re.compile(rf"^https?://[^/]+{re.escape(path)}(\?|$)"), timeout=30_000)
        expect(page.get_by_role("heading", level=1).first).to_have_text(translate("en", title_key), timeout=60_000)
        # The new page's title comes from the new run: now wait only for its end. (wait_for_rerun first waits up to
        # 2 s to see the run start, which a run that is already over never shows: it added 2 s to fast pages.)
        page.wait_for_function(_IDLE, polling="raf", timeout=60_000)
        charts = page.get_by_test_id("stVegaLiteChart")
        for i in range(charts.count()):  # drawn, not only announced
            charts.nth(i).locator("svg path").first.wait_for(state="attached", timeout=60_000)
        rows.append((name, time.perf_counter() - t0, biggest()))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks --browser", description=__doc__.splitlines()[0])
    parser.add_argument("--browser", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--moves", type=int, default=15, help="slider moves per series (default 15, at most 20)")
    args = parser.parse_args(argv)
    if not 2 <= args.moves <= 20:
        parser.error("--moves must be within 2..20 (each series needs values that no earlier series computed)")
    if not Path(CHROMIUM).exists():
        print(f"no chromium at {CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)")
        return 2

    log = ROOT / "test-results" / "benchmark-streamlit.log"
    log.parent.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    proc, url = start_streamlit(log)
    t_server = time.perf_counter() - t0
    frames: list[int] = []

    def on_ws(ws: WebSocket) -> None:
        ws.on("framereceived", lambda payload: frames.append(len(payload)))

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cold_ctx = browser.new_context(viewport=VIEWPORT)
            t_cold = _first_render(cold_ctx.new_page(), url)
            cold_ctx.close()

            ctx = browser.new_context(viewport=VIEWPORT)
            page = ctx.new_page()
            page.on("websocket", on_ws)
            t_warm = _first_render(page, url)
            overview_max = max(frames, default=0)
            open_sidebar_group(page, DRIVER_LABELS["productivity"]["en"])
            n = args.moves
            fresh = _moves(page, ["ArrowRight"] * n)  # 5 % -> 5 % + n * 0.5: a new scenario every time
            cached = _moves(page, ["ArrowLeft", "ArrowRight"] * (n // 2) + ["ArrowLeft"] * (n % 2))

            def biggest() -> int:
                return max(frames, default=0)

            local = _page_local(page, url, n, frames)
            open_sidebar_group(page, DRIVER_LABELS["productivity"]["en"])
            link_before = _s_param(page.url)
            switches = _page_switches(page, biggest, frames.clear)
            kept = _s_param(page.url) == link_before
            ctx.close()
            browser.close()
    finally:
        stop_streamlit(proc)

    draws = Scenario().draws
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Browser benchmark - headless chromium, streamlit run app.py, default scenario ({draws:,} draws)")
    print(f"{os.cpu_count()} cores; load average (1/5/15 min) at the end: {load}\n")
    print(f"{'what':<52} {'median':>9} {'p90':>9} {'max':>9}")

    def row(name: str, xs: list[float]) -> None:
        ms = [x * 1000 for x in xs]
        print(f"{name:<52} {statistics.median(ms):>6.0f} ms {_percentile(ms, 90):>6.0f} ms {max(ms):>6.0f} ms")

    print(f"{'server start until /_stcore/health answers':<52} {t_server * 1000:>6.0f} ms")
    print(f"{'cold first render (first session, fresh server)':<52} {t_cold * 1000:>6.0f} ms")
    print(f"{'warm first render (new session)':<52} {t_warm * 1000:>6.0f} ms")
    row(f"slider move, new values: headline changed (n={n})", fresh[0])
    row(f"slider move, new values: rerun done (n={n})", fresh[1])
    row(f"slider move, cached: headline changed (n={n})", cached[0])
    row(f"slider move, cached: rerun done (n={n})", cached[1])
    print()
    print("Sensitivity page: a sidebar slider (full rerun) on each tab, the tab's own options (st.fragment rerun)")
    names = {"drivers": "tornado and spider", "ranking": "ranking and scatter", "targets": "goal seek", "voi": "EVPPI"}
    for view, label in SENS_TABS.items():
        if view != "drivers":
            row(f"open tab '{label[:22]}': rerun done", local[f"tab {view}"][1])
        row(f"sidebar slider, {names[view]} tab: changed (n={n})", local[view][0])
        row(f"sidebar slider, {names[view]} tab: rerun done (n={n})", local[view][1])
        if view == "drivers":
            m = len(local["metric"][0])
            row(f"metric ROI <-> NPV: tornado axis changed (n={m})", local["metric"][0])
            row(f"metric ROI <-> NPV: rerun done (n={m})", local["metric"][1])
        if view == "targets":
            row(f"target ROI +10, new: goal-seek table changed (n={n})", local["target"][0])
            row(f"target ROI +10, new: rerun done (n={n})", local["target"][1])
    sent = ", ".join(f"{name} {local[name][2] / 1024:.1f} KB" for name in ("target", "metric", *SENS_TABS))
    print(f"server -> browser per change (median): {sent}")
    print("the options reached the link after fragment reruns and tab switches (st=, sm=, sv=): yes (checked)")
    print()
    print(f"{'page':<24} {'switch time':>12} {'largest websocket message':>27}")
    print(f"{'Overview (first render)':<24} {t_warm * 1000:>9.0f} ms {overview_max / 1024:>24.1f} KB")
    for name, t, size in switches:
        print(f"{name:<24} {t * 1000:>9.0f} ms {size / 1024:>24.1f} KB")
    print(f"\nscenario link kept across the page switches: {'yes' if kept else 'NO (s= changed)'}")
    print("\ngoal: slider move under 500 ms (median, rerun done, new values)")
    for name, xs in [("Overview", fresh[1])] + [(f"What matters most, {names[v]} tab", local[v][1]) for v in SENS_TABS]:
        ms = statistics.median(xs) * 1000
        print(f"  {name:<46} {ms:>5.0f} ms  {'met' if ms < 500 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
