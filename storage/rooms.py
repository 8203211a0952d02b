"""Workshop rooms: what the facilitator and the participants may read and write.

Three secrets, each from :mod:`secrets`:

* the **room code** (128 bits, in the participants' link and QR code): it lets
  anyone join and send their own estimate, nothing more;
* the **facilitator's key** (192 bits, never in the participants' link): it alone
  reads names and all entries, closes and opens rounds, shows the overview to
  the room, records an adoption and deletes the room;
* a **participant's token** (192 bits, made when a phone joins, kept in that
  browser's URL): it alone writes that participant's entry.

Only SHA-256 digests of the key and the tokens are stored. Every refusal is an
exception (:class:`RoomNotFound`, :class:`Forbidden`, :class:`RoomClosed`) the
pages turn into a message; an expired room is as gone as a deleted one.
Estimates arrive as validated :class:`roi_core.pooling.Estimate` values.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from roi_core.pooling import MAX_NAME_LENGTH, Estimate, clean_text, room_inputs
from storage.db import database_url, make_engine, migrate, ttl_days
from storage.models import EstimateRow, Participant, Room

__all__ = [
    "MAX_INPUTS",
    "MAX_PARTICIPANTS",
    "Entry",
    "Forbidden",
    "RoomClosed",
    "RoomKeys",
    "RoomNotFound",
    "RoomState",
    "StorageError",
    "Store",
    "open_store",
]

#: Most assumptions one room estimates (a workshop asks about a few).
MAX_INPUTS = 8
#: Most participants one room accepts (a guard against a runaway script, far above a workshop).
MAX_PARTICIPANTS = 500
_RETRIES = 6
T = TypeVar("T")


class StorageError(Exception):
    """A room operation that cannot be done; ``kind`` names why for the pages' messages."""

    kind = "storage"


class RoomNotFound(StorageError):
    """No such room, or it expired or was deleted."""

    kind = "not_found"


class Forbidden(StorageError):
    """The key or token does not fit this room (or this participant)."""

    kind = "forbidden"


class RoomClosed(StorageError):
    """The facilitator has closed the round: entries are read-only until the next one."""

    kind = "closed"


@dataclass(frozen=True)
class RoomKeys:
    """A new room's code (for the participants) and key (for the facilitator only)."""

    code: str
    key: str


@dataclass(frozen=True)
class RoomState:
    """What anyone with the room code may know about the room."""

    code: str
    inputs: tuple[str, ...]
    lang: str
    round: int
    round_open: bool
    show_overview: bool
    scenario: str
    adopted_round: int | None
    adopted_count: int | None
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Entry:
    """One person's estimate of one input in one round. ``person`` numbers people within the room (1, 2, ...)."""

    person: int
    name: str
    round: int
    key: str
    low: float
    likely: float
    high: float
    note: str
    updated_at: datetime

    @property
    def triple(self) -> tuple[float, float, float]:
        return (self.low, self.likely, self.high)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """Rooms in one database. Thread-safe: every call is its own short transaction.

    ``clock`` returns naive UTC times (tests move it to expire rooms).
    """

    def __init__(self, url: str, *, clock: Callable[[], datetime] = _utcnow, apply_migrations: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if apply_migrations:
            migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._clock = clock
        # SQLite takes one writer at a time; its busy handler makes waiting writers sleep in growing steps,
        # so under 40 phones at once some waited seconds. Within this process they queue on a lock instead
        # (other processes on the same file still wait on the busy timeout). PostgreSQL needs no such lock.
        self._queue = threading.Lock() if self.engine.dialect.name == "sqlite" else contextlib.nullcontext()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()

    # --- plumbing ----------------------------------------------------------------------------------------

    def _tx(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction; retry when a concurrent writer got in the way (lock, unique key)."""
        for attempt in range(_RETRIES):
            try:
                with self._queue, self._sessions.begin() as s:
                    return work(s)
            except (OperationalError, IntegrityError) as exc:
                if attempt == _RETRIES - 1:
                    raise StorageError("the database did not answer in time") from exc
                time.sleep(0.01 * 2**attempt)
            except SQLAlchemyError as exc:  # a lost server, a broken file: a message for the page, not a traceback
                raise StorageError("the database failed") from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _room(self, s: Session, code: str) -> Room:
        if not isinstance(code, str) or not code or len(code) > 64:
            raise RoomNotFound
        room = s.scalars(select(Room).where(Room.code == code)).one_or_none()
        if room is None or room.expires_at <= self._clock():
            raise RoomNotFound
        return room

    def _facilitated(self, s: Session, code: str, key: str) -> Room:
        room = self._room(s, code)
        if not isinstance(key, str) or not hmac.compare_digest(room.key_hash, _digest(key)):
            raise Forbidden
        return room

    def _participant(self, s: Session, room: Room, token: str) -> Participant:
        if not isinstance(token, str) or not token or len(token) > 128:
            raise Forbidden
        p = s.scalars(
            select(Participant).where(Participant.room_id == room.id, Participant.token_hash == _digest(token))
        ).one_or_none()
        if p is None:
            raise Forbidden
        return p

    @staticmethod
    def _state(room: Room) -> RoomState:
        return RoomState(
            code=room.code,
            inputs=tuple(json.loads(room.inputs)),
            lang=room.lang,
            round=room.round,
            round_open=room.round_open,
            show_overview=room.show_overview,
            scenario=room.scenario,
            adopted_round=room.adopted_round,
            adopted_count=room.adopted_count,
            created_at=room.created_at,
            expires_at=room.expires_at,
        )

    @staticmethod
    def _entries(s: Session, room: Room, rounds: Iterable[int] | None, names: bool) -> list[Entry]:
        q = (
            select(EstimateRow, Participant)
            .join(Participant, EstimateRow.participant_id == Participant.id)
            .where(Participant.room_id == room.id)
            .order_by(Participant.id, EstimateRow.round, EstimateRow.input_key)
        )
        if rounds is not None:
            q = q.where(EstimateRow.round.in_(list(rounds)))
        people: dict[int, int] = {}
        out = []
        for row, p in s.execute(q):
            number = people.setdefault(p.id, len(people) + 1)
            out.append(
                Entry(
                    person=number,
                    name=p.name if names else "",
                    round=row.round,
                    key=row.input_key,
                    low=row.low,
                    likely=row.likely,
                    high=row.high,
                    note=row.note,
                    updated_at=row.updated_at,
                )
            )
        return out

    # --- the facilitator -------------------------------------------------------------------------------------

    def create_room(self, scenario: str, inputs: Sequence[str], lang: str, days: float | None = None) -> RoomKeys:
        """Open a room for ``inputs`` (registry keys) from the facilitator's ``scenario`` (share-link text).

        Expired rooms of anyone are deleted first.
        """
        keys = tuple(dict.fromkeys(inputs))
        allowed = set(room_inputs())
        if not keys or len(keys) > MAX_INPUTS or not set(keys) <= allowed:
            raise ValueError(f"a room estimates 1..{MAX_INPUTS} of the range inputs, got {list(keys)}")
        self.purge_expired()
        code, key = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
        now = self._clock()
        life = timedelta(days=days if days is not None else ttl_days())

        def work(s: Session) -> None:
            s.add(
                Room(
                    code=code,
                    key_hash=_digest(key),
                    scenario=str(scenario),
                    inputs=json.dumps(list(keys)),
                    lang=lang if lang in ("en", "nl") else "en",
                    round=1,
                    round_open=True,
                    show_overview=False,
                    created_at=now,
                    expires_at=now + life,
                )
            )

        self._tx(work)
        return RoomKeys(code, key)

    def check_key(self, code: str, key: str) -> RoomState:
        """The room's state when ``key`` is its facilitator's key; :class:`Forbidden` otherwise."""
        return self._tx(lambda s: self._state(self._facilitated(s, code, key)))

    def entries(self, code: str, key: str, rounds: Iterable[int] | None = None) -> list[Entry]:
        """Every entry with names (facilitator only); ``rounds`` limits them (all rounds when ``None``)."""
        rounds = None if rounds is None else tuple(rounds)
        return self._tx(lambda s: self._entries(s, self._facilitated(s, code, key), rounds, names=True))

    def last_change(self, code: str, key: str) -> tuple[int, int, datetime | None]:
        """``(round, number of entries, newest update)`` of the room: a cheap check whether anything changed."""

        def work(s: Session) -> tuple[int, int, datetime | None]:
            room = self._facilitated(s, code, key)
            n, newest = s.execute(
                select(func.count(EstimateRow.id), func.max(EstimateRow.updated_at))
                .join(Participant, EstimateRow.participant_id == Participant.id)
                .where(Participant.room_id == room.id)
            ).one()
            return room.round, int(n), newest

        return self._tx(work)

    def _update(self, code: str, key: str, change: Callable[[Room], None]) -> RoomState:
        def work(s: Session) -> RoomState:
            room = self._facilitated(s, code, key)
            change(room)
            return self._state(room)

        return self._tx(work)

    def close_round(self, code: str, key: str) -> RoomState:
        """Stop accepting entries in the current round."""
        return self._update(code, key, lambda r: setattr(r, "round_open", False))

    def reopen_round(self, code: str, key: str) -> RoomState:
        """Accept entries in the current round again."""
        return self._update(code, key, lambda r: setattr(r, "round_open", True))

    def next_round(self, code: str, key: str) -> RoomState:
        """Open the next round (the previous one stays as it was); the overview is hidden again."""

        def change(r: Room) -> None:
            r.round += 1
            r.round_open = True
            r.show_overview = False

        return self._update(code, key, change)

    def set_overview(self, code: str, key: str, show: bool) -> RoomState:
        """Show (or hide) the room's anonymous overview on the participants' phones."""
        return self._update(code, key, lambda r: setattr(r, "show_overview", bool(show)))

    def record_adoption(self, code: str, key: str, round_number: int, people: int) -> RoomState:
        """Note that the scenario took the room's ranges of ``round_number``, estimated by ``people`` people."""

        def change(r: Room) -> None:
            r.adopted_round = int(round_number)
            r.adopted_count = int(people)

        return self._update(code, key, change)

    def delete_room(self, code: str, key: str) -> None:
        """Delete the room with every participant and estimate in it, at once."""

        def work(s: Session) -> None:
            room = self._facilitated(s, code, key)
            self._delete(s, [room.id])

        self._tx(work)

    @staticmethod
    def _delete(s: Session, room_ids: list[int]) -> None:
        if not room_ids:
            return
        people = select(Participant.id).where(Participant.room_id.in_(room_ids))
        s.execute(delete(EstimateRow).where(EstimateRow.participant_id.in_(people)))
        s.execute(delete(Participant).where(Participant.room_id.in_(room_ids)))
        s.execute(delete(Room).where(Room.id.in_(room_ids)))

    def purge_expired(self) -> int:
        """Delete every room past its expiry date with all it holds; returns how many."""

        def work(s: Session) -> int:
            ids = list(s.scalars(select(Room.id).where(Room.expires_at <= self._clock())))
            self._delete(s, ids)
            return len(ids)

        return self._tx(work)

    # --- a participant -------------------------------------------------------------------------------------

    def state(self, code: str) -> RoomState:
        """The room's public state (inputs, round, open or closed); :class:`RoomNotFound` when it is gone."""
        return self._tx(lambda s: self._state(self._room(s, code)))

    def join(self, code: str, name: str = "") -> str:
        """A new participant in the room; returns their token (keep it in that browser only)."""
        token = secrets.token_urlsafe(24)

        def work(s: Session) -> None:
            room = self._room(s, code)
            count = s.scalar(select(func.count(Participant.id)).where(Participant.room_id == room.id)) or 0
            if count >= MAX_PARTICIPANTS:
                raise RoomClosed
            s.add(
                Participant(
                    room_id=room.id,
                    token_hash=_digest(token),
                    name=clean_text(name, MAX_NAME_LENGTH),
                    created_at=self._clock(),
                )
            )

        self._tx(work)
        return token

    def submit(self, code: str, token: str, estimates: Sequence[Estimate], name: str | None = None) -> int:
        """Write (or revise) the participant's estimates for the current round; returns the round.

        Only the room's inputs are accepted; :class:`RoomClosed` after the facilitator closed the round.
        """
        checked = []
        for e in estimates:
            if not isinstance(e, Estimate):
                raise TypeError("submit: expected roi_core.pooling.Estimate values")
            checked.append(Estimate(e.key, e.low, e.likely, e.high, e.note))  # validated again, whatever built it

        def work(s: Session) -> int:
            room = self._room(s, code)
            p = self._participant(s, room, token)
            if not room.round_open:
                raise RoomClosed
            if not {e.key for e in checked} <= set(json.loads(room.inputs)):
                raise Forbidden
            if name is not None:
                p.name = clean_text(name, MAX_NAME_LENGTH)
            now = self._clock()
            existing = {
                row.input_key: row
                for row in s.scalars(
                    select(EstimateRow).where(EstimateRow.participant_id == p.id, EstimateRow.round == room.round)
                )
            }
            for e in checked:
                row = existing.get(e.key)
                if row is None:
                    row = EstimateRow(participant_id=p.id, round=room.round, input_key=e.key)
                    s.add(row)
                row.low, row.likely, row.high, row.note, row.updated_at = e.low, e.likely, e.high, e.note, now
            return room.round

        return self._tx(work)

    def mine(self, code: str, token: str) -> tuple[str, list[Entry]]:
        """The participant's own name and entries, every round (to fill in the form and seed a new round)."""

        def work(s: Session) -> tuple[str, list[Entry]]:
            room = self._room(s, code)
            p = self._participant(s, room, token)
            rows = s.scalars(
                select(EstimateRow)
                .where(EstimateRow.participant_id == p.id)
                .order_by(EstimateRow.round, EstimateRow.input_key)
            )
            return p.name, [
                Entry(1, p.name, r.round, r.input_key, r.low, r.likely, r.high, r.note, r.updated_at) for r in rows
            ]

        return self._tx(work)

    def overview(self, code: str, token: str) -> list[Entry]:
        """The current round's entries without names, once the facilitator shows the overview."""

        def work(s: Session) -> list[Entry]:
            room = self._room(s, code)
            self._participant(s, room, token)
            if not room.show_overview:
                raise Forbidden
            return self._entries(s, room, [room.round], names=False)

        return self._tx(work)


_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The process's :class:`Store` for ``url`` (default: :func:`storage.db.database_url`), migrated on first use."""
    resolved = database_url(url)
    with _STORES_LOCK:
        store = _STORES.get(resolved)
        if store is None:
            store = _STORES[resolved] = Store(resolved)
        return store
