"""AppTest: the workshop room pages (facilitator and phone) in both languages, and every refusal they show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from roi_core.pooling import Estimate
from roi_core.scenario import Scenario
from storage import Store, open_store
from storage.rooms import RoomNotFound
from ui.common.format import pct
from ui.common.i18n import translate

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
KEYS = ["productivity_gain_pct", "attribution_productivity"]
LANGS = ("en", "nl")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A fresh SQLite room database for this test; the pages find it through ROI_DATA_DIR."""
    monkeypatch.delenv("ROI_DATABASE_URL", raising=False)
    monkeypatch.setenv("ROI_DATA_DIR", str(tmp_path))
    return open_store()


def phone(code: str, lang: str, token: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["r"] = code
    at.query_params["lang"] = lang
    if token:
        at.query_params["me"] = token
    return at.run()


def fill(at: AppTest, key: str, low: str, likely: str, high: str, note: str = "", rnd: int = 1) -> None:
    for field, value in (("low", low), ("likely", likely), ("high", high), ("note", note)):
        at.text_input(key=f"in_{key}_{field}_{rnd}").input(value)


def send(at: AppTest) -> AppTest:
    return at.button[0].click().run()


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


class TestPhone:
    @pytest.mark.parametrize("lang", LANGS)
    def test_opens_without_sidebar_in_both_languages(self, store: Store, lang: str) -> None:
        k = store.create_room("s", KEYS, lang)
        at = phone(k.code, lang)
        assert not at.exception
        assert at.title[0].value == translate(lang, "rooms.p_title")
        assert len(at.sidebar) == 0  # no scenario sidebar on the phone page
        labels = [w.label for w in at.text_input]
        assert labels.count(translate(lang, "rooms.p_likely")) == len(KEYS)
        assert translate(lang, "rooms.p_hint") in texts(at, "info")

    @pytest.mark.parametrize(
        ("lang", "low", "likely", "high"), [("nl", "1,5", "3", "6,25"), ("en", "1.5", "3", "6.25")]
    )
    def test_sends_in_the_language_notation(self, store: Store, lang: str, low: str, likely: str, high: str) -> None:
        k = store.create_room("s", KEYS, lang)
        at = phone(k.code, lang)
        fill(at, KEYS[0], low, likely, high, "pilot *team*")
        send(at)
        assert not at.exception
        assert translate(lang, "rooms.p_saved") in texts(at, "success")
        (entry,) = store.entries(k.code, k.key)
        assert (entry.triple, entry.note) == ((1.5, 3.0, 6.25), "pilot *team*")
        assert at.query_params["me"]  # the token stays with this browser

    @pytest.mark.parametrize("lang", LANGS)
    def test_bad_entries_get_messages_and_nothing_is_stored(self, store: Store, lang: str) -> None:
        k = store.create_room("s", KEYS, lang)
        at = phone(k.code, lang)
        fill(at, KEYS[0], "abc", "3", "6")
        fill(at, KEYS[1], "50", "40", "60")
        send(at)
        assert not at.exception
        errors = texts(at, "error")
        assert len(errors) == 2
        assert "abc" not in errors[0] and translate(lang, "rooms.p_low").lower() in errors[0]
        assert store.entries(k.code, k.key) == []

    @pytest.mark.parametrize("lang", LANGS)
    def test_an_empty_form_says_what_is_missing(self, store: Store, lang: str) -> None:
        k = store.create_room("s", KEYS, lang)
        at = send(phone(k.code, lang))
        assert texts(at, "warning") == [translate(lang, "rooms.p_nothing")]
        assert store.entries(k.code, k.key) == []

    def test_out_of_bounds_names_the_bound(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "nl")
        at = phone(k.code, "nl")
        fill(at, KEYS[0], "1", "3", "150")
        send(at)
        assert any("100" in e for e in texts(at, "error"))

    def test_revising_keeps_one_entry(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        at = phone(k.code, "en")
        fill(at, KEYS[0], "1", "3", "6")
        send(at)
        token = at.query_params["me"][0] if isinstance(at.query_params["me"], list) else at.query_params["me"]
        again = phone(k.code, "en", token)
        assert again.text_input(key=f"in_{KEYS[0]}_likely_1").value == "3"  # the form shows the own entry
        fill(again, KEYS[0], "1", "4", "6")
        send(again)
        assert [e.likely for e in store.entries(k.code, k.key)] == [4.0]

    def test_foreign_token_never_edits_another_entry(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        other = store.create_room("s", KEYS, "en")
        ann = store.join(k.code, "Ann")
        store.submit(k.code, ann, [Estimate(KEYS[0], 1, 2, 3)])
        theirs = store.join(other.code, "Eve")
        at = phone(k.code, "en", token=theirs)  # a token of another room: this phone starts its own entry
        assert at.text_input(key=f"in_{KEYS[0]}_likely_1").value == ""
        fill(at, KEYS[0], "5", "6", "7")
        send(at)
        by_name = {e.name: e.likely for e in store.entries(k.code, k.key)}
        assert by_name == {"Ann": 2.0, "": 6.0}

    def test_closed_round(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        store.close_round(k.code, k.key)
        at = phone(k.code, "en")
        assert translate("en", "rooms.p_closed") in texts(at, "info")
        assert len(at.button) == 0

    @pytest.mark.parametrize("lang", LANGS)
    def test_unknown_room(self, store: Store, lang: str) -> None:
        at = phone("not-a-room", lang)
        assert not at.exception
        assert texts(at, "warning") == [translate(lang, "rooms.p_no_room")]

    def test_overview_has_no_names(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        ann = store.join(k.code, "Ann Secret")
        store.submit(k.code, ann, [Estimate(KEYS[0], 1, 2, 3)])
        store.set_overview(k.code, k.key, True)
        me = store.join(k.code, "Bob")
        at = phone(k.code, "en", me)
        spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
        assert "Ann Secret" not in json.dumps(spec)

    def test_second_round_is_seeded_with_the_first_answer(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "nl")
        at = phone(k.code, "nl")
        fill(at, KEYS[0], "1", "2,5", "6")
        send(at)
        token = at.query_params["me"]
        store.next_round(k.code, k.key)
        again = phone(k.code, "nl", token)
        assert again.text_input(key=f"in_{KEYS[0]}_likely_2").value == "2,5"
        assert translate("nl", "rooms.p_seeded", round=2) in texts(again, "caption")


@pytest.mark.parametrize("lang", LANGS)
def test_input_names_match_the_charts(lang: str) -> None:
    from roi_core.pooling import room_inputs
    from ui.rooms import rooms
    from ui.sensitivity.sensitivity_charts import label_of

    for k in room_inputs():
        assert rooms.input_name(k, lang) == label_of(Scenario(), k, lang)
    assert rooms.input_name("attribution_productivity", lang) != rooms.input_name("attribution_quality", lang)


def test_phone_page_loads_no_analysis_modules(store: Store, tmp_path: Path) -> None:
    """In a fresh interpreter the phone page imports neither the simulation, the analyses, charts nor the sidebar."""
    k = store.create_room("s", KEYS, "en")
    code = f"""
import os, sys
os.environ["ROI_DATA_DIR"] = {str(tmp_path)!r}
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({APP!r}, default_timeout=60)
at.query_params["r"] = {k.code!r}
at.run()
assert not at.exception, at.exception
print(sorted(m for m in sys.modules if m.split(".")[0] in ("roi_core", "ui", "altair", "pandas", "SALib")))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = done.stdout.strip().splitlines()[-1]
    for heavy in (
        "roi_core.simulate",
        "roi_core.sensitivity",
        "roi_core.decision",
        "'altair'",
        "ui.sidebar.sidebar",
        "ui.common.charts",
    ):
        assert heavy not in loaded, loaded
    assert "roi_core.pooling" in loaded  # the check can fail: it sees what was loaded


@pytest.mark.parametrize("lang", LANGS)
def test_unreachable_database_is_a_message(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """A database URL that cannot be opened: both pages say so in words, no traceback."""
    monkeypatch.setenv("ROI_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
    at = phone("some-code", lang)
    assert not at.exception
    assert texts(at, "error") == [translate(lang, "rooms.err_storage")]
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/room_facilitator.py").run()
    assert not at.exception
    assert translate(lang, "rooms.err_storage") in texts(at, "error")


class TestFacilitator:
    def open_page(self, lang: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["lang"] = lang
        at.run()
        return at.switch_page("views/room_facilitator.py").run()

    @pytest.mark.parametrize("lang", LANGS)
    def test_open_a_room_watch_and_adopt(self, store: Store, lang: str) -> None:
        at = self.open_page(lang)
        assert not at.exception
        assert at.title[0].value == translate(lang, "rooms.title")
        at.multiselect(key="room_inputs").set_value(KEYS)
        at.button(key="room_open").click().run()
        assert not at.exception
        code, key = at.session_state["_room"]
        links = texts(at, "code")
        assert any(link.startswith("?r=" + code) for link in links)
        assert not any(key in link for link in links if link.startswith("?r="))  # the key never in the phones' link
        assert len(at.get("image")) == 1  # the QR code

        ann, bob = store.join(code, "Ann <b>"), store.join(code, "Bob")
        store.submit(code, ann, [Estimate(KEYS[0], 1, 3, 6, "pilot"), Estimate(KEYS[1], 30, 50, 70)])
        store.submit(code, bob, [Estimate(KEYS[0], 10, 12, 15), Estimate(KEYS[1], 40, 60, 80)])
        at.run()
        assert not at.exception
        answered = [m for m in at.metric if m.label == translate(lang, "rooms.answered", round=1)]
        assert answered[0].value == translate(lang, "rooms.answered_value", n=2, people=2)
        disagree = " ".join(texts(at, "text"))
        # 1..6 and 10..15 do not meet (the one pair: 100 %); 30..70 and 40..80 do.
        assert translate(lang, "rooms.disagree_pairs", share=pct(100.0, lang)) in disagree
        assert translate(lang, "rooms.disagree_none") in disagree
        names = {row for df in at.dataframe for row in df.value.iloc[:, 0].tolist()}
        assert "Ann <b>" in names  # as text, in a table

        before = at.session_state["_scenario"]
        at.button(key="room_adopt").click().run()
        assert not at.exception
        after = at.session_state["_scenario"]
        assert isinstance(after, Scenario) and after != before
        assert after["productivity_gain_pct"].low < 1.0 and after["productivity_gain_pct"].high > 15.0
        assert translate(lang, "rooms.adopt_note", round=1, inputs="", n=2).split(":")[0] in after.notes
        assert store.check_key(code, key).adopted_count == 2

    def test_second_round_compares(self, store: Store) -> None:
        at = self.open_page("en")
        at.multiselect(key="room_inputs").set_value(KEYS[:1])
        at.button(key="room_open").click().run()
        code, key = at.session_state["_room"]
        a, b = store.join(code, "A"), store.join(code, "B")
        store.submit(code, a, [Estimate(KEYS[0], 0, 2, 4)])
        store.submit(code, b, [Estimate(KEYS[0], 10, 12, 14)])
        at.button(key="room_next").click().run()
        assert store.check_key(code, key).round == 2
        store.submit(code, a, [Estimate(KEYS[0], 4, 6, 9)])
        store.submit(code, b, [Estimate(KEYS[0], 5, 7, 10)])
        at.run()
        assert not at.exception
        table = next(df.value for df in at.dataframe if translate("en", "rooms.col_converged") in df.value.columns)
        assert table[translate("en", "rooms.col_converged")].tolist() == ["yes"]

    def test_a_wrong_key_in_the_link_is_refused(self, store: Store) -> None:
        k = store.create_room("s", KEYS, "en")
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["room"] = k.code
        at.query_params["key"] = "guessed"
        at.run()
        at.switch_page("views/room_facilitator.py").run()
        assert translate("en", "rooms.gone") in texts(at, "warning")
        assert "room_open" in [b.key for b in at.button]  # back to opening a room; nothing of the other room shown

    def test_delete(self, store: Store) -> None:
        at = self.open_page("nl")
        at.multiselect(key="room_inputs").set_value(KEYS[:1])
        at.button(key="room_open").click().run()
        code, key = at.session_state["_room"]
        at.checkbox(key="room_delete_sure").check().run()
        at.button(key="room_delete").click().run()
        assert translate("nl", "rooms.deleted") in texts(at, "success")
        with pytest.raises(RoomNotFound):
            store.state(code)
