"""Start and stop ``scripts/serve.sh`` for the proxy tests (tests/deploy and tests/e2e/test_proxy_e2e.py), pin a
client to one of its processes, and give the launcher a PostgreSQL database of its own."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def require_nginx() -> None:
    """Skip locally without nginx; fail in CI, whose test command installs it (scripts/test.sh)."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail(f"no nginx at {NGINX}: CI must install it (apt-get install -y nginx-light)")
        pytest.skip("no nginx: apt-get install -y nginx-light")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def free_port_run(n: int) -> int:
    """The first of ``n`` consecutive free local ports (the launcher numbers its processes upwards)."""
    for _ in range(50):
        first = free_port()
        try:
            for p in range(first, first + n):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return first
        except OSError:
            continue
    raise RuntimeError(f"no {n} consecutive free ports")


def wait_for(url: str, proc: subprocess.Popen, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer (launcher exit code {proc.poll()})")
        time.sleep(0.2)


@dataclass
class Launcher:
    """A running ``scripts/serve.sh``: the public URL, its app ports and its state folder."""

    proc: subprocess.Popen
    url: str
    app_ports: list[int]
    state: Path
    env: dict[str, str]

    def app_pid(self, port: int) -> int:
        return int((self.state / f"app-{port}.pid").read_text())

    def nginx_pid(self) -> int:
        return int((self.state / "nginx.main.pid").read_text())

    def access_log(self) -> str:
        return (self.state / "nginx-access.log").read_text(errors="replace")

    def upstreams_of(self, cookie: str) -> list[str]:
        """The processes (``127.0.0.1:PORT``) that answered requests with this affinity cookie, oldest first."""
        pattern = rf"upstream=(127\.0\.0\.1:\d+) session={re.escape(cookie)}$"
        return re.findall(pattern, self.access_log(), flags=re.MULTILINE)

    def cookie_for(self, port: int, timeout_s: float = 30.0) -> str:
        """An affinity cookie that nginx sends to the app process on ``port`` (found by asking through the proxy).

        nginx's consistent hash of the cookie picks the process; a browser given this cookie before its first
        request stays on that process for the page, its websocket and its uploads.
        """
        wanted = f"127.0.0.1:{port}"
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            cookie = secrets.token_hex(16)
            request = urllib.request.Request(self.url + "/_stcore/health", headers={"Cookie": f"stsession={cookie}"})
            with urllib.request.urlopen(request, timeout=10) as r:
                r.read()
            while not (seen := self.upstreams_of(cookie)) and time.monotonic() < deadline:
                time.sleep(0.05)  # nginx writes the access log line when the request has ended
            if seen and seen[-1] == wanted:
                return cookie
        raise RuntimeError(f"no affinity cookie for {wanted} within {timeout_s:.0f} s")

    def stop(self) -> int:
        """SIGTERM, as Ctrl-C or `docker stop` would; the launcher's exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.state.parent, ignore_errors=True)
        return int(self.proc.returncode)


def state_folder() -> Path:
    """A new folder for the launcher's state that nginx's workers may enter when the tests run as root.

    (pytest's own temporary folders are closed to other users; the launcher refuses those as root.)
    """
    folder = Path(tempfile.mkdtemp(prefix="roi-serve-test-"))
    folder.chmod(0o755)
    return folder / "state"


def start_launcher(state: Path, processes: int = 2, env: dict[str, str] | None = None) -> Launcher:
    """``scripts/serve.sh`` on free local ports with ``processes`` app processes; returns once the proxy answers."""
    require_nginx()
    port, app_port = free_port(), free_port_run(processes)
    full_env = {**os.environ, "ROI_PYTHON": sys.executable, **(env or {})}
    state.parent.mkdir(parents=True, exist_ok=True)
    log = (state.parent / "serve.log").open("wb")
    proc = subprocess.Popen(
        ["bash", "scripts/serve.sh", "--port", str(port), "--address", "127.0.0.1",
         "--processes", str(processes), "--app-port", str(app_port), "--state-dir", str(state)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=full_env,
    )  # fmt: skip
    log.close()
    launcher = Launcher(proc, f"http://127.0.0.1:{port}", [app_port + i for i in range(processes)], state, full_env)
    try:
        wait_for(launcher.url + "/_stcore/health", proc)
    except RuntimeError:
        launcher.stop()
        raise
    return launcher


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextmanager
def postgres_database() -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty PostgreSQL database, dropped afterwards.

    On the server the test command started (``ROI_TEST_DATABASE_URL``, scripts/test.sh), or else on a throw-away
    server started here with scripts/pg.sh (which installs PostgreSQL with apt as root). A server that cannot be
    had fails the test, in CI and locally: it is never skipped.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    given = os.environ.get("ROI_TEST_DATABASE_URL")
    folder = None
    if not given:
        folder = tempfile.mkdtemp(prefix="roi-pg-")
        done = subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "start", folder],
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode != 0:
            pytest.fail(f"could not start PostgreSQL (scripts/pg.sh): {done.stderr[-2000:]}")
        given = done.stdout.strip().splitlines()[-1]
    name = f"roi_serve_{secrets.token_hex(6)}"
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(given).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if folder is not None:
            subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "stop", folder], capture_output=True, check=False)
