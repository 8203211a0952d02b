"""Workshop rooms under load: ``python -m benchmarks.rooms [--phones 40] [--pg URL|auto|none]``.

Measured side by side in one run, on SQLite and (when a server is available) PostgreSQL:

* **40 phones submitting and revising at once**: each phone joins, sends three
  assumptions and revises them twice, all threads released together; the wall
  time, each call's latency, and a check that nothing was lost;
* **time until the facilitator's view shows a new entry**: a loop that does
  what the page's fragment does every ``REFRESH_SECONDS`` (read the entries,
  pool them, analyse the room's scenario: simulation, tornado, value of
  information), with a phone submitting at a random moment; from the commit
  to the end of the first refresh that includes it;
* the same on the **real page**: the facilitator's view in headless Chromium
  against a live server, from a saved entry until the page's count shows it;
* **time to a participant's first screen with 40 phones opening the link at
  once**: 40 clients speaking Streamlit's websocket protocol to a real
  ``streamlit run app.py`` (no browsers: 40 Chromiums on 2 cores would measure
  the browsers), from the request until the script run finished; beside it,
  the same 40 opening the app's Overview page.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from roi_core.assumptions import INPUTS
from roi_core.decision import evppi_all
from roi_core.pooling import Estimate, disagreement, pool
from roi_core.scenario import Scenario
from roi_core.sensitivity import tornado
from roi_core.simulate import simulate
from storage import Store

ROOT = Path(__file__).resolve().parents[1]
KEYS = ["productivity_gain_pct", "attribution_productivity", "turnover_reduction_pp"]
REFRESH_SECONDS = 2.0  # ui.rooms.rooms.REFRESH_SECONDS (not imported: that module imports streamlit)


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))]


def estimates(i: int, r: int) -> list[Estimate]:
    return [
        Estimate(KEYS[0], 1 + i % 3, 3 + i % 5 + r, 9 + i % 4 + r, f"phone {i}"),
        Estimate(KEYS[1], 20, 40 + i % 20, 70 + r),
        Estimate(KEYS[2], 0, 0.5 + (i % 4) / 4, 2 + r),
    ]


def phones_at_once(store: Store, n: int) -> dict[str, float]:
    room = store.create_room("bench", KEYS, "en")
    start = threading.Barrier(n + 1)
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def phone(i: int) -> None:
        try:
            start.wait()
            t0 = time.perf_counter()
            token = store.join(room.code, f"p{i}")
            mine = [time.perf_counter() - t0]
            for r in range(3):
                t0 = time.perf_counter()
                store.submit(room.code, token, estimates(i, r))
                mine.append(time.perf_counter() - t0)
            with lock:
                latencies.extend(mine)
        except BaseException as exc:  # noqa: BLE001 - counted below
            errors.append(exc)

    threads = [threading.Thread(target=phone, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    start.wait()
    t0 = time.perf_counter()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    entries = store.entries(room.code, room.key)
    lost = (
        n * len(KEYS)
        - len(entries)
        + sum(e.likely != estimates(int(e.name[1:]), 2)[KEYS.index(e.key)].likely for e in entries)
    )
    return {
        "wall": wall,
        "p50": statistics.median(latencies),
        "p95": pct(latencies, 95),
        "max": max(latencies),
        "lost": float(lost),
        "errors": float(len(errors)),
    }


def refresh(store: Store, code: str, key: str, base: Scenario) -> int:
    """What the facilitator's fragment does on each refresh (without drawing); returns the entry count."""
    entries = store.entries(code, key)
    current = max(e.round for e in entries)
    room_values = {}
    for k in KEYS:
        triples = [e.triple for e in entries if e.key == k and e.round == current]
        p = pool(triples, INPUTS[k])
        disagreement(triples, p.p95 - p.p5)
        room_values[k] = p.range
    room = base.with_values(**room_values)
    sim = simulate(room)
    sim.summary()
    tornado(room)
    evppi_all(sim)
    return len(entries)


def facilitator_delay(store: Store, n: int, samples: int) -> dict[str, float]:
    room = store.create_room("bench", KEYS, "en")
    for i in range(n - 1):
        store.submit(room.code, store.join(room.code), estimates(i, 0))
    base = Scenario()
    refresh(store, room.code, room.key, base)  # warm: quantile tables and imports
    t0 = time.perf_counter()
    refresh(store, room.code, room.key, base)
    one_refresh = time.perf_counter() - t0
    delays = []
    late = store.join(room.code)
    for s in range(samples):
        seen = len(store.entries(room.code, room.key))
        stop = threading.Event()
        shown: list[float] = []

        def facilitator(stop: threading.Event = stop, seen: int = seen, shown: list[float] = shown) -> None:
            next_tick = time.perf_counter()
            while not stop.is_set():
                if refresh(store, room.code, room.key, base) != seen:
                    shown.append(time.perf_counter())
                    return
                next_tick += REFRESH_SECONDS
                time.sleep(max(0.0, next_tick - time.perf_counter()))

        th = threading.Thread(target=facilitator)
        th.start()
        time.sleep(random.uniform(0.2, REFRESH_SECONDS + 0.2))
        # A new answer (a new input for this phone, or a revision that is not counted as new: use a new phone).
        phone = late if s == 0 else store.join(room.code)
        store.submit(room.code, phone, estimates(1000 + s, 0))
        committed = time.perf_counter()
        th.join(timeout=30)
        stop.set()
        if shown:
            delays.append(shown[0] - committed)
    return {"refresh": one_refresh, "p50": statistics.median(delays), "max": max(delays), "n": float(len(delays))}


# --- 40 phones opening the link (websocket clients) ---------------------------------------------------------


async def _open(url: str, query: str, locale: str = "en-US") -> float:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    t0 = time.perf_counter()
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None, open_timeout=60) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        msg.rerun_script.context_info.locale = locale
        await ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
            if fwd.WhichOneof("type") == "script_finished":
                return time.perf_counter() - t0


async def _crowd(url: str, query: str, n: int) -> list[float]:
    return list(await asyncio.gather(*(_open(url, query) for _ in range(n))))


def first_screens(n: int) -> dict[str, list[float]]:
    from tests.e2e.helpers import start_streamlit, stop_streamlit

    data = tempfile.mkdtemp(prefix="roi-bench-")
    os.environ["ROI_DATA_DIR"] = data
    os.environ.pop("ROI_DATABASE_URL", None)
    from storage import open_store

    room = open_store().create_room("bench", KEYS, "en")
    proc, url = start_streamlit()
    try:
        out = {}
        # Each crowd on a fresh server process would be fairer still; one warm-up visit of each page instead.
        asyncio.run(_crowd(url, f"r={room.code}&lang=en", 1))
        out["phone page"] = asyncio.run(_crowd(url, f"r={room.code}&lang=en", n))
        asyncio.run(_crowd(url, "lang=en", 1))
        out["Overview page"] = asyncio.run(_crowd(url, "lang=en", n))
        return out
    finally:
        stop_streamlit(proc)


def facilitator_in_browser(samples: int) -> list[float]:
    """The real page: a facilitator's view in headless Chromium; seconds from a saved entry until it shows it."""
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop_streamlit, wait_for_app
    from ui.common.i18n import translate

    os.environ["ROI_DATA_DIR"] = tempfile.mkdtemp(prefix="roi-bench-")
    os.environ.pop("ROI_DATABASE_URL", None)
    from storage import open_store

    store = open_store()
    proc, url = start_streamlit()
    delays = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/room?lang=en", timeout=60_000)
            wait_for_app(page, timeout=60_000)
            page.get_by_role("button", name=translate("en", "rooms.open")).click()
            code_box = page.get_by_test_id("stCode").filter(has_text="/?r=")
            expect(code_box).to_have_count(1, timeout=60_000)
            code = code_box.inner_text().split("r=")[1].split("&")[0]
            state = store.state(code)
            label = translate("en", "rooms.answered", round=1)
            value = (
                page.get_by_test_id("stMetric")
                .filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
                .get_by_test_id("stMetricValue")
            )
            for i in range(samples):
                time.sleep(random.uniform(0.1, REFRESH_SECONDS))
                token = store.join(code)
                store.submit(code, token, [Estimate(state.inputs[0], 1 + i % 3, 4, 9 + i % 5)])
                saved = time.perf_counter()
                want = translate("en", "rooms.answered_value", n=i + 1, people=i + 1)
                expect(value).to_have_text(want, timeout=60_000)
                delays.append(time.perf_counter() - saved)
            browser.close()
    finally:
        stop_streamlit(proc)
    return delays


def _pg(arg: str) -> tuple[str | None, str | None]:
    if arg == "none":
        return None, None
    if arg != "auto":
        return arg, None
    folder = tempfile.mkdtemp(prefix="roi-pg-")
    done = subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start", folder], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"(no PostgreSQL: {done.stderr.strip()[-200:]})")
        return None, None
    return done.stdout.strip().splitlines()[-1], folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phones", type=int, default=40)
    ap.add_argument("--samples", type=int, default=8, help="new entries timed on the facilitator's view")
    ap.add_argument("--pg", default="auto", help="PostgreSQL URL, 'auto' (start one with scripts/pg.sh) or 'none'")
    ap.add_argument("--no-server", action="store_true", help="skip the tests against a live server")
    ap.add_argument("--browser-samples", type=int, default=10, help="new entries timed on the real page (0: skip)")
    args = ap.parse_args(argv)
    random.seed(1)
    pg_url, pg_dir = _pg(args.pg)
    dbs = {"SQLite": f"sqlite:///{tempfile.mkdtemp(prefix='roi-bench-')}/rooms.sqlite3"}
    if pg_url:
        dbs["PostgreSQL"] = pg_url
    try:
        print(f"{args.phones} phones, each: join, send {len(KEYS)} assumptions, revise twice, all at once")
        print(f"{'database':<12} {'wall':>8} {'call p50':>9} {'call p95':>9} {'call max':>9} {'lost':>5} {'errors':>7}")
        for name, url in dbs.items():
            store = Store(url)
            r = phones_at_once(store, args.phones)
            print(
                f"{name:<12} {r['wall'] * 1000:>6.0f} ms {r['p50'] * 1000:>6.1f} ms {r['p95'] * 1000:>6.1f} ms "
                f"{r['max'] * 1000:>6.1f} ms {r['lost']:>5.0f} {r['errors']:>7.0f}"
            )
            store.dispose()
        print()
        print(
            f"facilitator's view, {args.phones} people x {len(KEYS)} assumptions, refresh every {REFRESH_SECONDS:g} s"
        )
        print(f"{'database':<12} {'one refresh':>12} {'new entry shown after: median':>30} {'max':>8}")
        for name, url in dbs.items():
            store = Store(url)
            r = facilitator_delay(store, args.phones, args.samples)
            print(f"{name:<12} {r['refresh'] * 1000:>9.0f} ms {r['p50']:>28.2f} s {r['max']:>6.2f} s")
            store.dispose()
        if not args.no_server:
            print()
            print(f"{args.phones} clients opening a page at once (websocket protocol, one server process, SQLite)")
            print(f"{'page':<16} {'median':>8} {'p90':>8} {'last':>8}")
            for page, xs in first_screens(args.phones).items():
                print(f"{page:<16} {statistics.median(xs):>6.2f} s {pct(xs, 90):>6.2f} s {max(xs):>6.2f} s")
            if args.browser_samples:
                xs = facilitator_in_browser(args.browser_samples)
                print()
                print(f"the real facilitator's page in Chromium (SQLite), {len(xs)} new entries, each one person more:")
                print(f"shown after: median {statistics.median(xs):.2f} s, min {min(xs):.2f} s, max {max(xs):.2f} s")
    finally:
        if pg_dir:
            subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "stop", pg_dir], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
