"""Which database, and an engine for it that is safe under the app's threads.

SQLite (the default, nothing to set up) runs in WAL mode, so the facilitator's
reads never wait for the participants' writes; every write transaction starts
with ``BEGIN IMMEDIATE`` so that two writers queue on the busy timeout instead
of failing half-way. PostgreSQL (``ROI_DATABASE_URL=postgresql+psycopg://...``)
uses a connection pool with a liveness check. Both go through the same ORM code.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

__all__ = [
    "DEFAULT_TTL_DAYS",
    "URL_ENV",
    "DATA_DIR_ENV",
    "TTL_ENV",
    "database_url",
    "make_engine",
    "migrate",
    "ttl_days",
]

URL_ENV = "ROI_DATABASE_URL"
DATA_DIR_ENV = "ROI_DATA_DIR"
TTL_ENV = "ROI_ROOM_TTL_DAYS"
#: Days after which a room and all its entries are deleted.
DEFAULT_TTL_DAYS = 3.0
ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATE_LOCK = threading.Lock()


def database_url(configured: str | None = None) -> str:
    """The database URL: ``configured`` (e.g. ``st.secrets["database_url"]``), else ``ROI_DATABASE_URL``, else SQLite.

    ``postgres://`` and ``postgresql://`` URLs get the psycopg 3 driver.
    """
    url = configured or os.environ.get(URL_ENV, "").strip()
    if not url:
        folder = Path(os.environ.get(DATA_DIR_ENV) or ROOT / ".data")
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / 'rooms.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def ttl_days() -> float:
    """How long rooms live, in days: ``ROI_ROOM_TTL_DAYS`` or :data:`DEFAULT_TTL_DAYS`."""
    try:
        days = float(os.environ.get(TTL_ENV, DEFAULT_TTL_DAYS))
    except ValueError:
        return DEFAULT_TTL_DAYS
    return days if 0 < days <= 365 else DEFAULT_TTL_DAYS


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite or PostgreSQL), configured for many threads."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8, max_overflow=32
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True, pool_recycle=1800)


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic ``upgrade head``); a no-op when it is there already."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _MIGRATE_LOCK, engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # several app processes may start at once
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7715001)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
