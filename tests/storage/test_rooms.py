"""storage: rooms on SQLite and PostgreSQL; every refusal, expiry, deletion, rounds and 40 phones at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, inspect, select, text

from roi_core.pooling import MAX_NAME_LENGTH, Estimate
from storage import Forbidden, RoomClosed, RoomNotFound, StorageError, Store
from storage.db import database_url
from storage.models import EstimateRow, Participant, Room

KEYS = ["productivity_gain_pct", "attribution_productivity"]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url: str, clock: Clock) -> Iterator[Store]:
    s = Store(db_url, clock=clock)
    yield s
    s.dispose()


def est(key: str = "productivity_gain_pct", low: float = 1, likely: float = 3, high: float = 6, note: str = ""):
    return Estimate(key, low, likely, high, note)


def count(store: Store, model: type) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


class TestMigrations:
    def test_from_an_empty_database(self, db_url: str) -> None:
        s = Store(db_url)
        try:
            tables = set(inspect(s.engine).get_table_names())
            assert {"rooms", "participants", "estimates", "alembic_version"} <= tables
            with s.engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
            Store(db_url).dispose()  # a second start finds the schema in place: nothing to do, nothing fails
        finally:
            s.dispose()

    def test_sqlite_runs_in_wal_mode(self, tmp_path) -> None:
        s = Store(f"sqlite:///{tmp_path / 'x.sqlite3'}")
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        s.dispose()

    def test_url_from_the_environment(self, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
        monkeypatch.delenv("ROI_DATABASE_URL", raising=False)
        monkeypatch.setenv("ROI_DATA_DIR", str(tmp_path / "d"))
        assert database_url() == f"sqlite:///{tmp_path / 'd' / 'rooms.sqlite3'}"
        monkeypatch.setenv("ROI_DATABASE_URL", "postgresql://u@h:5432/db")
        assert database_url() == "postgresql+psycopg://u@h:5432/db"
        assert database_url("postgres://x@y/z") == "postgresql+psycopg://x@y/z"


class TestRoom:
    def test_codes_are_long_random_and_apart(self, store: Store) -> None:
        a = store.create_room("s", KEYS, "nl")
        b = store.create_room("s", KEYS, "nl")
        assert len(a.code) >= 22 and len(a.key) >= 32  # 128 and 192 random bits
        assert len({a.code, a.key, b.code, b.key}) == 4
        state = store.state(a.code)
        assert a.key not in repr(state)
        assert (state.inputs, state.lang, state.round, state.round_open) == (tuple(KEYS), "nl", 1, True)

    def test_key_is_stored_as_a_digest_only(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        token = store.join(k.code)
        with store.engine.connect() as conn:
            dump = " ".join(str(v) for row in conn.execute(select(Room)).all() for v in row)
            dump += " ".join(str(v) for row in conn.execute(select(Participant)).all() for v in row)
        assert k.key not in dump and token not in dump

    def test_bad_inputs_refused(self, store: Store) -> None:
        for inputs in ([], ["confidence_productivity"], ["nope"], KEYS * 5 + [f"x{i}" for i in range(9)]):
            with pytest.raises(ValueError):
                store.create_room("s", inputs, "en")

    def test_submit_revise_and_read(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        t = store.join(k.code, "Ann")
        store.submit(k.code, t, [est(), est("attribution_productivity", 20, 40, 60, "pilot")])
        store.submit(k.code, t, [est(likely=4)])
        entries = {e.key: e for e in store.entries(k.code, k.key)}
        assert entries["productivity_gain_pct"].triple == (1, 4, 6)
        assert entries["attribution_productivity"].note == "pilot"
        assert {e.name for e in entries.values()} == {"Ann"}
        assert store.last_change(k.code, k.key)[:2] == (1, 2)

    def test_names_are_cleaned_and_cut(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        t = store.join(k.code, "  [Ann](http://evil)\u202e\n" + "x" * 100)
        store.submit(k.code, t, [est()])
        name = store.entries(k.code, k.key)[0].name
        assert name.startswith("[Ann](http://evil) x") and len(name) == MAX_NAME_LENGTH

    def test_rounds_keep_the_first(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        t = store.join(k.code)
        store.submit(k.code, t, [est(likely=3)])
        store.close_round(k.code, k.key)
        assert store.next_round(k.code, k.key).round == 2
        store.submit(k.code, t, [est(likely=5)])
        _, mine = store.mine(k.code, t)
        assert [(e.round, e.likely) for e in mine] == [(1, 3.0), (2, 5.0)]
        assert [e.likely for e in store.entries(k.code, k.key, rounds=[2])] == [5.0]

    def test_adoption_recorded(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        state = store.record_adoption(k.code, k.key, 2, 12)
        assert (state.adopted_round, state.adopted_count) == (2, 12)


class TestRefusals:
    @pytest.fixture
    def room(self, store: Store):
        k = store.create_room("s", KEYS, "en")
        a = store.join(k.code, "Ann")
        b = store.join(k.code, "Bob")
        store.submit(k.code, a, [est(likely=2)])
        store.submit(k.code, b, [est(likely=5)])
        return k, a, b

    @pytest.mark.parametrize(
        "call",
        [
            lambda s, c: s.check_key(c, "wrong"),
            lambda s, c: s.entries(c, "wrong"),
            lambda s, c: s.last_change(c, "wrong"),
            lambda s, c: s.close_round(c, "wrong"),
            lambda s, c: s.reopen_round(c, "wrong"),
            lambda s, c: s.next_round(c, "wrong"),
            lambda s, c: s.set_overview(c, "wrong", True),
            lambda s, c: s.record_adoption(c, "wrong", 1, 3),
            lambda s, c: s.delete_room(c, "wrong"),
            lambda s, c: s.entries(c, c),  # the room code is not the key
        ],
    )
    def test_facilitator_actions_need_the_key(self, store: Store, room, call) -> None:
        k, _, _ = room
        with pytest.raises(Forbidden):
            call(store, k.code)
        assert store.state(k.code).round_open and store.state(k.code).round == 1

    def test_key_of_another_room_does_not_fit(self, store: Store, room) -> None:
        k, _, _ = room
        other = store.create_room("s", KEYS, "en")
        with pytest.raises(Forbidden):
            store.entries(k.code, other.key)

    def test_unknown_room(self, store: Store) -> None:
        for call in (lambda: store.state("nope"), lambda: store.join("nope"), lambda: store.state("")):
            with pytest.raises(RoomNotFound):
                call()

    def test_a_participant_edits_only_their_own_entry(self, store: Store, room) -> None:
        k, a, b = room
        store.submit(k.code, a, [est(likely=4)])
        by_person = {e.name: e.likely for e in store.entries(k.code, k.key)}
        assert by_person == {"Ann": 4.0, "Bob": 5.0}
        _, mine = store.mine(k.code, b)
        assert [e.likely for e in mine] == [5.0]

    def test_unknown_or_foreign_token(self, store: Store, room) -> None:
        k, a, _ = room
        other = store.create_room("s", KEYS, "en")
        for code, token in ((k.code, "made-up"), (other.code, a), (k.code, ""), (k.code, k.key)):
            with pytest.raises(Forbidden):
                store.submit(code, token, [est()])
            with pytest.raises(Forbidden):
                store.mine(code, token)

    def test_input_outside_the_room(self, store: Store, room) -> None:
        k, a, _ = room
        with pytest.raises(Forbidden):
            store.submit(k.code, a, [est("turnover_rate_pct", 5, 10, 15)])

    def test_not_an_estimate(self, store: Store, room) -> None:
        k, a, _ = room
        with pytest.raises(TypeError):
            store.submit(k.code, a, [("productivity_gain_pct", 1, 2, 3)])  # type: ignore[list-item]

    def test_closed_round(self, store: Store, room) -> None:
        k, a, _ = room
        store.close_round(k.code, k.key)
        with pytest.raises(RoomClosed):
            store.submit(k.code, a, [est(likely=5)])
        assert {e.likely for e in store.entries(k.code, k.key) if e.name == "Ann"} == {2.0}
        store.reopen_round(k.code, k.key)
        store.submit(k.code, a, [est(likely=5)])

    def test_overview_only_when_shown_and_without_names(self, store: Store, room) -> None:
        k, a, _ = room
        with pytest.raises(Forbidden):
            store.overview(k.code, a)
        store.set_overview(k.code, k.key, True)
        seen = store.overview(k.code, a)
        assert sorted(e.likely for e in seen) == [2.0, 5.0]
        assert {e.name for e in seen} == {""}
        with pytest.raises(Forbidden):
            store.overview(k.code, "made-up")


def test_a_failing_database_is_a_storage_error(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages catch StorageError; a database failure must never reach them as a traceback."""
    from sqlalchemy.exc import OperationalError

    k = store.create_room("s", KEYS, "en")

    def broken() -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(store, "_sessions", type("S", (), {"begin": staticmethod(broken)})())
    monkeypatch.setattr("storage.rooms.time.sleep", lambda _s: None)
    with pytest.raises(StorageError):
        store.state(k.code)


class TestLifetime:
    def test_room_expires(self, store: Store, clock: Clock) -> None:
        k = store.create_room("s", KEYS, "en", days=3)
        t = store.join(k.code)
        clock.now += timedelta(days=3, seconds=1)
        with pytest.raises(RoomNotFound):
            store.state(k.code)
        with pytest.raises(RoomNotFound):
            store.submit(k.code, t, [est()])
        with pytest.raises(RoomNotFound):
            store.entries(k.code, k.key)

    def test_expired_rooms_are_purged_with_their_entries(self, store: Store, clock: Clock) -> None:
        k = store.create_room("s", KEYS, "en", days=1)
        store.submit(k.code, store.join(k.code), [est()])
        clock.now += timedelta(days=2)
        store.create_room("s", KEYS, "en")  # creating a room purges expired ones first
        assert (count(store, Room), count(store, Participant), count(store, EstimateRow)) == (1, 0, 0)

    def test_delete_removes_everything_at_once(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        keep = store.create_room("s", KEYS, "en")
        for code in (k.code, keep.code):
            for i in range(3):
                store.submit(code, store.join(code, f"p{i}"), [est(), est("attribution_productivity", 10, 20, 30)])
        store.delete_room(k.code, k.key)
        with pytest.raises(RoomNotFound):
            store.state(k.code)
        assert (count(store, Room), count(store, Participant), count(store, EstimateRow)) == (1, 3, 6)


class TestConcurrency:
    def test_forty_phones_submit_and_revise_at_once(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        n, revisions = 40, 3
        start = threading.Barrier(n)
        errors: list[BaseException] = []
        seen_other: list[int] = []

        def phone(i: int) -> None:
            try:
                token = store.join(k.code, f"p{i:02d}")
                start.wait()
                for r in range(revisions):
                    likely = float(i % 10 + r)
                    store.submit(
                        k.code,
                        token,
                        [est(low=0, likely=likely, high=20), est("attribution_productivity", 10, 20 + i, 80, f"{i}")],
                    )
                name, mine = store.mine(k.code, token)
                if name != f"p{i:02d}" or {e.note for e in mine} - {"", f"{i}"}:
                    seen_other.append(i)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=phone, args=(i,)) for i in range(n)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == []
        assert seen_other == []
        entries = store.entries(k.code, k.key)
        assert len(entries) == 2 * n
        final = {(e.name, e.key): e for e in entries}
        for i in range(n):
            assert final[(f"p{i:02d}", "productivity_gain_pct")].likely == float(i % 10 + revisions - 1)
            assert final[(f"p{i:02d}", "attribution_productivity")].likely == 20.0 + i
