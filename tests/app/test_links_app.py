"""Links in the app: a damaged link is said and what it read is offered, old links say they are unchecked,
the Share page warns about local addresses and scenarios too large for a link (both languages)."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import pytest

from roi_core import INPUTS, CustomBenefit, Range, Scenario
from roi_core.presets import variant
from roi_core.scenario import MAX_CUSTOM_BENEFITS, MAX_NOTES_LENGTH
from roi_core.scenario_io import MAX_LINK_CHARS, decode, encode, encode_link
from ui.common import presets
from ui.common.format import number
from ui.common.i18n import LANGS, translate

SENT = variant("logistics", "optimistic").with_values(
    participants=Range.fixed(80), learning_hours=Range.fixed(30), productivity_gain_pct=Range(3.0, 6.0, 11.0)
)
LINK = encode_link(SENT, preset="logistics", variant="optimistic")
START = variant("logistics", "optimistic")


def _run(at):
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_a_cut_link_is_said_and_opens_the_preset_not_a_mix(make_app, lang: str) -> None:
    at = _run(make_app(s=LINK[:-4], lang=lang))
    start = presets.preset_name("logistics", lang)
    assert translate(lang, "inputs.link_damaged", n=2, start=start) in [w.value for w in at.warning]
    assert at.session_state["_scenario"] == START  # the preset named in the link, nothing mixed in
    assert (at.session_state["preset"], at.session_state["variant"]) == ("logistics", "optimistic")
    # open what could be read: the two whole settings, not the cut third one
    at.button(key="link_open_readable").click().run()
    assert not at.exception
    s = at.session_state["_scenario"]
    assert s.likely("participants") == 80 and s.likely("learning_hours") == 30
    assert s["productivity_gain_pct"] == START["productivity_gain_pct"]
    assert not [w for w in at.warning if w.value.startswith(translate(lang, "inputs.link_damaged")[:20])]


def test_keep_the_start_dismisses_the_notice(make_app) -> None:
    at = _run(make_app(s=LINK[:-4], lang="en"))
    at.button(key="link_keep_start").click().run()
    assert not at.exception
    assert at.session_state["_scenario"] == START
    assert "link_open_readable" not in [b.key for b in at.button]
    assert not at.warning


@pytest.mark.parametrize("lang", LANGS)
def test_a_link_cut_within_its_head_says_nothing_could_be_read(make_app, lang: str) -> None:
    at = _run(make_app(s=LINK[:8], lang=lang))
    start = presets.preset_name("default", lang)
    assert translate(lang, "inputs.link_damaged_none", start=start) in [w.value for w in at.warning]
    assert at.session_state["_scenario"] == Scenario()


@pytest.mark.parametrize("lang", LANGS)
def test_an_old_link_still_opens_and_says_it_is_unchecked(make_app, lang: str) -> None:
    s = Scenario().with_values(participants=Range.fixed(80))
    at = _run(make_app(s=encode(s), lang=lang))
    assert at.session_state["_scenario"] == s
    assert translate(lang, "inputs.link_unchecked") in [i.value for i in at.info]


def test_a_whole_link_opens_without_a_notice(make_app) -> None:
    at = _run(make_app(s=LINK, lang="nl"))
    assert at.session_state["_scenario"] == SENT
    assert not at.warning and "link_open_readable" not in [b.key for b in at.button]
    assert at.query_params["s"] == LINK  # written back unchanged


def _share(make_app, lang: str, url: str, s: Scenario | None = None):
    at = make_app(lang=lang, **({"s": encode_link(s)} if s is not None else {}))
    _run(at)

    def fake(base: object, params: dict, page_path: str = "") -> str:  # the app as reached at ``url``
        return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())

    with mock.patch("ui.exports.export.share_link", fake):
        at.switch_page("views/share.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("url", "local"),
    [("http://localhost:8501/", True), ("http://127.0.0.1:8501/", True), ("http://192.168.1.20:8501/", False)],
)
def test_the_share_page_warns_that_a_local_address_cannot_open_on_a_phone(make_app, lang, url, local) -> None:
    at = _share(make_app, lang, url)
    warned = translate(lang, "inputs.qr_local") in [w.value for w in at.warning]
    assert warned is local
    assert at.image  # the code is still there (it opens on this computer)


@pytest.mark.parametrize("lang", LANGS)
def test_notes_too_long_for_a_link_are_left_out_and_the_sender_is_told(make_app, lang: str) -> None:
    # Issue 13's case: a valid scenario with long notes and names whose link would exceed the decoder's limit.
    lines = tuple(CustomBenefit("\U0001f600" * 80, Range(1.0, 2.0, 3.0)) for _ in range(MAX_CUSTOM_BENEFITS))
    s = replace(Scenario(), notes="\U0001f600" * MAX_NOTES_LENGTH, custom=lines)  # 4 UTF-8 bytes a character
    assert len(encode_link(s)) > MAX_LINK_CHARS
    at = _run(make_app(lang=lang))
    at.session_state["_pending"] = (s, ())  # what widget_state.request_load does (an uploaded file)
    _run(at)
    assert at.session_state["_scenario"] == s
    link = at.query_params["s"]
    assert len(link) <= MAX_LINK_CHARS and decode(link).scenario == replace(s, notes="")
    at.switch_page("views/share.py").run()
    assert not at.exception
    assert translate(lang, "inputs.link_no_notes", max=number(MAX_LINK_CHARS, lang)) in [w.value for w in at.warning]


# --- the outlook keeps the user's changes ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_switching_the_outlook_keeps_moved_sliders_and_says_so(make_app, lang: str) -> None:
    at = _run(make_app(lang=lang))
    at.radio(key="preset").set_value("logistics").run()
    at.slider(key="v_participants").set_value(80.0).run()
    at.button_group(key="variant").set_value("optimistic").run()
    assert not at.exception
    s = at.session_state["_scenario"]
    optimistic = variant("logistics", "optimistic")
    assert s == optimistic.with_values(participants=Range.fixed(80.0))  # the outlook, with the moved slider
    note = translate(lang, "inputs.variant_kept", n=1, names=INPUTS["participants"].label(lang))
    assert note in [c.value for c in at.caption]
    at.button(key="variant_use_own").click().run()
    assert at.session_state["_scenario"] == optimistic
    assert note not in [c.value for c in at.caption]


def test_switching_an_unchanged_outlook_just_takes_it(make_app) -> None:
    at = _run(make_app(lang="en"))
    at.radio(key="preset").set_value("contact_centre").run()
    at.button_group(key="variant").set_value("pessimistic").run()
    assert at.session_state["_scenario"] == variant("contact_centre", "pessimistic")
    assert "variant_use_own" not in [b.key for b in at.button]
