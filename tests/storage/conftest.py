"""Databases for the storage tests: a fresh SQLite file and a fresh PostgreSQL database per test.

PostgreSQL: the test command (scripts/test.sh) starts a throw-away server with scripts/pg.sh and passes its URL in
``ROI_TEST_DATABASE_URL``; a focused ``pytest tests/storage`` without it starts one the same way for the session.
A server that cannot be started fails the tests (never skips them).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
PG_ENV = "ROI_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    given = os.environ.get(PG_ENV)
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="roi-pg-")
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "pg.sh"), "start", folder], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"could not start PostgreSQL for the storage tests: {done.stderr[-2000:]}")
    try:
        yield done.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "stop", folder], capture_output=True, check=False)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server (dropped after the test)."""
    name = f"roi_test_{secrets.token_hex(6)}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    return request.getfixturevalue("pg_url")
