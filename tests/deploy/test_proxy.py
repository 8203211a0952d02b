"""scripts/serve.sh end to end without a browser: nginx in front of two app processes.

(The browser session through the proxy and the failover are in tests/e2e/test_proxy_e2e.py.)
"""

from __future__ import annotations

import asyncio
import gzip
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.load import Session, room_link
from deploy import launcher as launcher_files
from tests.deploy.serve import NGINX, Launcher, alive, free_port, require_nginx, start_launcher, state_folder

DB_URL = "sqlite:////tmp/roi-proxy-test.db"


@pytest.fixture(scope="module")
def served() -> Iterator[Launcher]:
    launched = start_launcher(state_folder(), processes=2, env={"ROI_DATABASE_URL": DB_URL, "ROI_COOKIE_SECRET": ""})
    yield launched
    launched.stop()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_security_headers_on_the_page(served):
    status, headers, body = get(served.url + "/")
    assert status == 200 and b"<!DOCTYPE html>" in body
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert "server" not in headers or "nginx/" not in headers["server"]  # no version


def test_affinity_cookie_set_once(served):
    _, first, _ = get(served.url + "/")
    assert re.fullmatch(r"stsession=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", first["set-cookie"])
    _, again, _ = get(served.url + "/", {"Cookie": "stsession=abc"})
    assert "set-cookie" not in again


METRICS_PATHS = ["/_stcore/metrics", "/_stcore/metrics?x=1", "//_stcore/metrics", "/_stcore/%6detrics"]


@pytest.mark.parametrize("path", METRICS_PATHS)
def test_metrics_private(served, path):
    # Streamlit itself serves its metrics: the 404 comes from the proxy.
    assert get(f"http://127.0.0.1:{served.app_ports[0]}/_stcore/metrics")[0] == 200
    status, _, body = get(served.url + path)
    assert status == 404
    assert b"session" not in body


def test_static_files_compressed(served):
    _, _, page = get(served.url + "/")
    script = re.search(rb'src="\./(static/js/index\.[^"]+\.js)"', page).group(1).decode()
    status, headers, body = get(f"{served.url}/{script}", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert len(gzip.decompress(body)) > 2 * len(body)  # a valid gzip stream, and worth it
    assert headers["x-content-type-options"] == "nosniff"


def test_sessions_run_through_the_proxy_on_every_process(served):
    # Streamlit's own websocket protocol through nginx: 4 sessions open the link; 40 more only connect, each with
    # its own cookie, so that both processes get some (all 44 on one of two would happen about once in 10^12).
    async def open_pages() -> list:
        sessions = [Session(served.url, query_string=room_link()) for _ in range(44)]
        for s in sessions:
            await s.connect()
        runs = await asyncio.gather(*(s.run() for s in sessions[:4]))
        for s in sessions:
            await s.close()
        return runs

    runs = asyncio.run(open_pages())
    assert [r.error for r in runs] == [None] * 4
    # nginx logs a websocket when it has closed: wait for all 44 lines (or fail on the count).
    deadline = time.monotonic() + 20
    while True:
        upstreams = re.findall(r'"GET /_stcore/stream [^"]*" 101 \d+ upstream=(\S+)', served.access_log())
        if len(upstreams) >= 44 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(upstreams) >= 44
    assert set(upstreams) == {f"127.0.0.1:{p}" for p in served.app_ports}


def test_every_process_gets_one_cookie_secret_and_the_database_url(served):
    environs = []
    for port in served.app_ports:
        raw = Path(f"/proc/{served.app_pid(port)}/environ").read_bytes().split(b"\0")
        environs.append(dict(item.decode().split("=", 1) for item in raw if b"=" in item))
    secrets = {env["STREAMLIT_SERVER_COOKIE_SECRET"] for env in environs}
    assert len(secrets) == 1 and len(secrets.pop()) >= 32
    assert all(env["ROI_DATABASE_URL"] == DB_URL for env in environs)


def test_sigterm_stops_every_process():
    launched = start_launcher(state_folder(), processes=1)
    pids = [launched.app_pid(p) for p in launched.app_ports] + [launched.nginx_pid()]
    assert all(alive(pid) for pid in pids)
    assert launched.stop() == 143
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids)


def test_outage_page_while_no_process_answers():
    # nginx alone, its only upstream a port where nothing listens: what a browser sees while every process is down.
    require_nginx()
    port = free_port()
    state = state_folder()
    conf = launcher_files.write_state(state, listen=f"127.0.0.1:{port}", ports=[free_port()])
    proc = subprocess.Popen([NGINX, "-e", str(state / "nginx-error.log"), "-p", str(state), "-c", str(conf)])
    try:
        wait_for_status(f"http://127.0.0.1:{port}/", 502, proc)
        status, headers, body = get(f"http://127.0.0.1:{port}/?s=v1.n_120")
        assert status == 502
        page = body.decode()
        assert page == launcher_files.outage_page()
        assert headers["cache-control"] == "no-store"
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert get(f"http://127.0.0.1:{port}/_outage.html")[0] == 404  # only as the error page
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(state.parent, ignore_errors=True)


def wait_for_status(url: str, status: int, proc: subprocess.Popen, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while get_status(url) != status:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} never answered {status}")
        time.sleep(0.1)


def get_status(url: str) -> int | None:
    try:
        return get(url)[0]
    except OSError:
        return None
