"""Storage of workshop rooms: SQLAlchemy 2 ORM over SQLite (default) or PostgreSQL, Alembic migrations.

No streamlit here: the pages reach the database only through :class:`~storage.rooms.Store`.

* :func:`~storage.db.database_url` picks the database: ``ROI_DATABASE_URL`` (or a URL the caller passes, e.g.
  from ``st.secrets``), else SQLite in ``ROI_DATA_DIR`` (default ``.data/``) as ``rooms.sqlite3``.
* :func:`open_store` gives the process's one :class:`Store` per URL; its first use applies the migrations in
  ``storage/migrations``.
"""

from storage.db import DEFAULT_TTL_DAYS, database_url, ttl_days
from storage.rooms import (
    Entry,
    Forbidden,
    RoomClosed,
    RoomKeys,
    RoomNotFound,
    RoomState,
    StorageError,
    Store,
    open_store,
)

__all__ = [
    "DEFAULT_TTL_DAYS",
    "Entry",
    "Forbidden",
    "RoomClosed",
    "RoomKeys",
    "RoomNotFound",
    "RoomState",
    "StorageError",
    "Store",
    "database_url",
    "open_store",
    "ttl_days",
]
