"""A workshop room across two app processes: scripts/serve.sh (nginx + 2 processes) on one PostgreSQL database.

The facilitator's browser is pinned to one process and two phones to the other (each browser gets, before its
first request, an affinity cookie that nginx sends to the chosen process; nginx's access log proves where every
request went). The phones' answers, written by one process, appear in the facilitator's live view served by the
other; the facilitator's next round, written by that process, reaches the phones on the first. At the end the
room, both people and their answers are counted in PostgreSQL itself, so a process that had quietly used a file of
its own would fail the test.

Needs nginx and PostgreSQL: both fail the test when missing under CI (the test command installs them); locally
nginx missing skips it (tests/deploy/serve.py), PostgreSQL is started with scripts/pg.sh.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, text

from tests.deploy.serve import Launcher, postgres_database, start_launcher, state_folder
from tests.e2e.helpers import TIMEOUT_MS, assert_no_error, metric, wait_for_app
from ui.common.i18n import translate

TABLES = ("rooms", "participants", "estimates")
LIVE_MS = 45_000  # the facilitator's view refreshes every 2 s; phones look every 4 s; two shared cores


def tr(key: str, **fmt: object) -> str:
    return translate("en", key, **fmt)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Launcher, str]]:
    with postgres_database() as url:
        launched = start_launcher(state_folder(), processes=2, env={"ROI_DATABASE_URL": url})
        try:
            yield launched, url
        finally:
            launched.stop()


def pinned(browser: Browser, served: Launcher, port: int, **options: object) -> tuple[BrowserContext, Page, str]:
    """A browser whose every request nginx sends to the app process on ``port``; its page and cookie."""
    cookie = served.cookie_for(port)
    ctx = browser.new_context(**options)
    ctx.add_cookies([{"name": "stsession", "value": cookie, "url": served.url}])
    return ctx, ctx.new_page(), cookie


def send_estimate(page: Page, name: str, low: str, likely: str, high: str) -> None:
    main = page.get_by_test_id("stMain")
    main.get_by_role("textbox", name=tr("rooms.p_name")).fill(name)
    main.get_by_role("textbox", name=tr("rooms.p_low"), exact=True).first.fill(low)
    main.get_by_role("textbox", name=tr("rooms.p_likely"), exact=True).first.fill(likely)
    main.get_by_role("textbox", name=tr("rooms.p_high"), exact=True).first.fill(high)
    main.get_by_role("button", name=tr("rooms.p_send")).click()
    expect(main.get_by_text(tr("rooms.p_saved"))).to_be_visible(timeout=TIMEOUT_MS)


def test_facilitator_on_one_process_sees_phones_on_the_other(browser: Browser, served: tuple[Launcher, str]) -> None:
    launched, db_url = served
    facilitator_port, phones_port = launched.app_ports
    assert db_url.startswith("postgresql")

    fac_ctx, fac, fac_cookie = pinned(browser, launched, facilitator_port, viewport={"width": 1400, "height": 1000})
    fac.goto(f"{launched.url}/room?lang=en", timeout=TIMEOUT_MS)
    wait_for_app(fac)
    fac.get_by_role("button", name=tr("rooms.open")).click()
    code_box = fac.get_by_test_id("stCode").filter(has_text="/?r=")
    expect(code_box).to_have_count(1, timeout=TIMEOUT_MS)
    join = code_box.inner_text().strip()
    assert re.fullmatch(rf"{re.escape(launched.url)}/\?r=[\w-]{{22}}&lang=en", join), join  # the proxy's address

    phones = []
    for name, triple in (("Ann", ("2", "4", "7")), ("Bob", ("3", "5", "9"))):
        ctx, page, cookie = pinned(browser, launched, phones_port, viewport={"width": 390, "height": 860})
        page.goto(join, timeout=TIMEOUT_MS)
        wait_for_app(page)
        expect(page.get_by_role("heading", name=tr("rooms.p_title"))).to_be_visible(timeout=TIMEOUT_MS)
        send_estimate(page, name, *triple)
        phones.append((ctx, page, cookie))

    # Written by the phones' process, read by the facilitator's: the live view shows both, without a reload.
    answered = metric(fac, tr("rooms.answered", round=1))
    expect(answered).to_have_text(tr("rooms.answered_value", n=2, people=2), timeout=LIVE_MS)
    assert_no_error(fac)

    # And the other way: the facilitator's process opens round 2; a phone on the other process picks it up.
    fac.get_by_role("button", name=tr("rooms.next_round", round=2)).click()
    expect(fac.get_by_text(tr("rooms.round", round=2), exact=False).first).to_be_visible(timeout=LIVE_MS)
    first_phone = phones[0][1]
    expect(first_phone.get_by_text(tr("rooms.p_seeded", round=2))).to_be_visible(timeout=LIVE_MS)
    expect(first_phone.get_by_role("textbox", name=tr("rooms.p_likely"), exact=True).first).to_have_value("4")
    assert_no_error(first_phone)

    for ctx, _, _ in phones:
        ctx.close()
    fac_ctx.close()
    # Every request of each browser, its websockets included (logged when they close), went to its own process.
    expected = {fac_cookie: f"127.0.0.1:{facilitator_port}"} | {c: f"127.0.0.1:{phones_port}" for _, _, c in phones}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        seen = {cookie: set(launched.upstreams_of(cookie)) for cookie in expected}
        sockets = re.findall(r'"GET /_stcore/stream [^"]*" 101 .* session=(\w+)$', launched.access_log(), re.M)
        if all(cookie in sockets for cookie in expected):
            break
        time.sleep(0.2)
    assert all(cookie in sockets for cookie in expected), "a browser's websocket was not logged by nginx"
    assert seen == {cookie: {upstream} for cookie, upstream in expected.items()}
    # The room, the two people and their answers are in PostgreSQL (no process fell back on a file of its own).
    engine = create_engine(db_url)
    with engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in TABLES]
    engine.dispose()
    assert counts == [1, 2, 2]
