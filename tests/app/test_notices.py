"""Notices are translated by kind (``ui.common.notices``): every kind a producer can emit has a sentence in both
languages, the Dutch app shows no English detail, numbers follow the language, outside text is escaped."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from roi_core import INPUTS, Scenario
from roi_core.notices import EVIDENCE_KINDS, KINDS, SCENARIO_KINDS, Notice, notice
from tests.app.test_safe_text import rendered
from ui.common import links, presets, widget_state
from ui.common.i18n import LANGS, catalogue
from ui.common.notices import catalogue_key, field_name, notice_text
from ui.sensitivity import sensitivity_compute as sc

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = json.loads((ROOT / "ui" / "locales" / "glossary.json").read_text("utf-8"))
#: Functions whose first argument is a notice kind: ``notice(kind, ...)``, evidence's ``_notice(kind, ...)``, and
#: scenario_io's ``_Bad(kind, ...)`` (a link field that is ignored, reported as a notice of that kind).
_MAKERS = {"notice", "_notice", "_Bad"}


def _kinds_in_code() -> dict[str, str]:
    """Every literal kind passed to a notice maker anywhere in roi_core and ui: {kind: where}."""
    found: dict[str, str] = {}
    for path in [*(ROOT / "roi_core").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            arg = node.args[0]
            if name in _MAKERS and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _english_words(text: str) -> list[str]:
    """Words of the glossary's English stoplist in ``text`` (placeholders and escapes aside)."""
    plain = re.sub(r"\{[^{}]*\}", " ", text).replace("\\", "")
    return [w for w in GLOSSARY["english_only"] if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", plain, re.I)]


#: One notice of each scenario kind, with details as its producer gives them.
SAMPLES: dict[str, Notice] = {
    "clamped": notice("clamped", "inputs.participants.high", value=1.5e6, min=1.0, max=1e6, used=1e6),
    "point_only": notice("point_only", "inputs.confidence_quality", used=60.0),
    "cut": notice("cut", "notes", limit=5000),
    "given_twice": notice("given_twice", "participants"),
    "no_value": notice("no_value", "horizon_years"),
    "not_a_number": notice("not_a_number", "productivity_gain_pct", value="abc"),
    "too_large": notice("too_large", "hurdle_pct", value="1e999"),
    "not_whole": notice("not_whole", "participants", value=50.5),
    "damaged": notice("damaged", "name"),
    "wrong_parts": notice("wrong_parts", "custom[0]", expected=(11,), got=3),
    "unknown_code": notice("unknown_code", "leaver_cost", value="x"),
    "out_of_range": notice("out_of_range", "completion_rate", value=150.0, min=0.0, max=100.0),
    "invalid": notice("invalid", "productivity_gain_pct", message="low (9) must be <= most likely (5)"),
    "too_many": notice("too_many", "custom[20]", max=20),
    "duplicate": notice("duplicate", "correlation", a="gross_salary", b="productivity_gain_pct"),
    "unknown_field": notice("unknown_field", "zz"),
    "evidence_mismatch": notice("evidence_mismatch", "evidence"),
    "invalid_combination": notice("invalid_combination", "share link", message="conservative_years must be <= 3"),
    "not_text": notice("not_text", "share link"),
    "too_long": notice("too_long", "share link", max=32_768),
    "unsupported_version": notice("unsupported_version", "share link", version="v3"),
    "not_a_link": notice("not_a_link", "share link"),
    "base_changed": notice("base_changed", "share link"),
    "unreadable_params": notice("unreadable_params", "share link"),
    "unreadable": notice("unreadable", "s"),
    "unknown_parameter": notice("unknown_parameter", "utm_source"),
    "unknown_value": notice("unknown_value", "lang", value="fr"),
    "not_uncertain": notice("not_uncertain", "si", value="zz"),
    "not_target": notice("not_target", "st", value="inf", min=-100.0, max=10_000.0),
    "plan_unreadable": notice("plan_unreadable", "k"),
    "kpi_dropped": notice("kpi_dropped", "k", index=2),
}


class TestEveryKindHasItsSentence:
    def test_every_kind_used_in_the_code_is_registered(self) -> None:
        used = _kinds_in_code()
        assert len(used) >= 40  # the scan finds the producers (it would find none if they moved away)
        assert {k: where for k, where in used.items() if k not in KINDS} == {}

    def test_every_registered_kind_is_used_somewhere(self) -> None:
        assert sorted(set(KINDS) - set(_kinds_in_code())) == []

    @pytest.mark.parametrize("lang", LANGS)
    def test_every_kind_has_a_catalogue_sentence(self, lang: str) -> None:
        missing = [k for k in KINDS if catalogue_key(k) not in catalogue(lang)]
        assert missing == []

    def test_the_check_can_fail(self) -> None:
        assert catalogue_key("no_such_kind") not in catalogue("nl")
        with pytest.raises(ValueError, match="unknown kind"):
            notice("no_such_kind")

    def test_scenario_sentences_use_only_the_notices_own_placeholders(self) -> None:
        for kind, n in SAMPLES.items():
            allowed = {"field", *n.detail}
            for lang in LANGS:
                names = {p for _, p, _, _ in string.Formatter().parse(catalogue(lang)[catalogue_key(kind)]) if p}
                assert names <= allowed, (lang, kind, names - allowed)

    def test_the_samples_cover_every_scenario_kind(self) -> None:
        assert set(SAMPLES) == set(SCENARIO_KINDS)


class TestDutch:
    @pytest.mark.parametrize("kind", sorted(SCENARIO_KINDS))
    def test_no_english_in_a_dutch_notice(self, kind: str) -> None:
        n = SAMPLES[kind]
        text = notice_text(n, "nl")
        assert "{" not in text and _english_words(text) == [], text
        assert text != notice_text(n, "en")
        if n.field in INPUTS or n.field.startswith("inputs."):
            assert INPUTS[n.field.split(".")[-2 if n.field.count(".") == 2 else -1]].label("nl") in text

    def test_an_input_is_named_by_its_label_and_numbers_are_dutch(self) -> None:
        text = notice_text(SAMPLES["clamped"], "nl")
        label = INPUTS["participants"].label("nl")
        assert text == (
            f"**{label}**: 1.500.000 valt buiten het toegestane bereik van 1 tot 1.000.000; 1.000.000 wordt gebruikt"
        )
        assert notice_text(SAMPLES["clamped"], "en") == (
            f"**{INPUTS['participants'].label('en')}**: 1,500,000 is outside the allowed range 1 to 1,000,000; "
            "1,000,000 is used"
        )

    def test_the_english_detail_of_the_core_is_not_shown(self) -> None:
        (w,) = links.parse_link({"s": "v1.pg_9_5_1"}).warnings
        assert (w.kind, w.field) == ("invalid", "productivity_gain_pct")
        for lang in LANGS:
            assert "must be" not in notice_text(w, lang) and "low (9)" not in notice_text(w, lang)

    def test_page_options_in_dutch(self) -> None:
        o = sc.parse_options({"st": "1e400", "sv": "x", "sm": "y", "sb": "2", "si": "zz"}, ["productivity_gain_pct"])
        texts = [notice_text(w, "nl") for w in o.warnings]
        assert len(texts) == 5 and all(_english_words(t) == [] for t in texts), texts
        assert any("tussen -100 en 10.000" in t for t in texts), texts

    def test_the_english_stoplist_can_find_english(self) -> None:
        assert _english_words("**Deelnemers**: ignored, the default is used") == ["the", "default", "ignored"]


class TestOutsideText:
    def test_an_echoed_value_cannot_become_a_link(self) -> None:
        n = notice("unknown_value", "lang", value="[click](https://evil.example)")
        for lang in LANGS:
            html = rendered(notice_text(n, lang))
            assert "<a " not in html, html

    def test_an_unknown_parameter_is_shown_as_written_not_as_a_known_field(self) -> None:
        # "name" is a scenario field, but as a URL parameter it is unknown: say the parameter, not "Scenario name".
        assert "'name'" in notice_text(notice("unknown_parameter", "name"), "en")

    def test_an_empty_field_is_said(self) -> None:
        assert notice_text(notice("unknown_field", ""), "nl").startswith("**(leeg)**")

    def test_field_names(self) -> None:
        assert field_name("custom[3].value_eur", "nl") == "Eigen batenregel"
        assert field_name("k", "nl") == "KPI-plan in de link"
        assert field_name("?0", "en") == "?0"


class TestEvidenceKinds:
    def test_evidence_notices_use_the_same_function(self) -> None:
        n = notice("small_group", group="control", n=3, minimum=10)
        assert notice_text(n, "nl").startswith("De groep 'Controle' telt maar 3 mensen (minder dan 10)")
        assert catalogue_key("small_group") == "evidence.notice.small_group"
        assert set(EVIDENCE_KINDS) & set(SCENARIO_KINDS) == set()

    def test_an_adopted_input_is_named_by_its_label(self) -> None:
        text = notice_text(notice("clipped", input="productivity_gain_pct"), "nl")
        assert text == catalogue("nl")["evidence.notice.clipped"]  # the sentence has no placeholder for it


# --- in the app ------------------------------------------------------------------------------------------------

#: A tampered link: a bad range, values out of bounds, an unknown field, damaged text, a bad flag, a cut custom
#: line, an overflowing hurdle, a setting given twice; a bad currency and an unknown parameter beside it.
TAMPERED = {
    "s": "v1.pg_9_5_1~n_-5~M_99999999~zz_1~N_!!~K_2~X_QQ_1_2~R_1e999~n_80~n_90",
    "cur": "XYZ",
    "utm_source": "mail",
}


def _notice_box(at) -> str:
    boxes = [
        w.value for w in at.warning if w.value.startswith(catalogue(at.session_state["lang"])["notice.link_adjusted"])
    ]
    assert len(boxes) == 1, [w.value for w in at.warning]
    return boxes[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_tampered_link_is_explained_in_the_apps_language_only(make_app, lang: str) -> None:
    at = make_app(lang=lang, **TAMPERED)
    at.run()
    assert not at.exception, at.exception
    box = _notice_box(at)
    link = links.parse_link(TAMPERED | {"lang": lang}, presets.preset_keys())
    assert len(link.warnings) == 11
    for w in link.warnings:
        assert notice_text(w, lang) in box  # one line per notice, by its kind
    english = _english_words(box)
    if lang == "nl":
        assert english == [], english
        assert "1.000.000" in box and "99.999.999" in box  # Dutch notation for numbers
        for w in link.warnings:
            assert str(w) not in box  # the core's English sentence is not shown
    else:
        assert "1,000,000" in box
    assert at.session_state["_scenario"].likely("participants") == 90  # the good parts are used


def test_the_sensitivity_pages_options_in_dutch(make_app) -> None:
    at = make_app(lang="nl", st="1e400", sv="nope", sb="2")
    at.run()
    at.switch_page("views/sensitivity.py").run()
    assert not at.exception, at.exception
    box = _notice_box(at)
    assert "**Doel-ROI (%)**: '1e400' is geen doel-ROI tussen -100 en 10.000; genegeerd" in box
    assert _english_words(box) == [], box


def test_a_damaged_kpi_plan_in_the_link_is_said_in_dutch(make_app) -> None:
    at = make_app(lang="nl", k="k1.e_0_er_120_90_0.3~zz")
    at.run()
    at.switch_page("views/kpi_plan.py").run()
    assert not at.exception, at.exception
    texts = [w.value for w in at.warning]
    assert "**KPI-plan in de link**: KPI 2 in de link was niet leesbaar en is weggelaten" in texts, texts


class TestUiProducers:
    def test_the_page_options_report_kind_field_and_details(self) -> None:
        o = sc.parse_options({"sm": "x", "si": "zz", "st": "inf", "sb": "2", "sv": "v"}, ["productivity_gain_pct"])
        assert o.warnings == (
            notice("unknown_value", "sm", value="x"),
            notice("not_uncertain", "si", value="zz"),
            notice("not_target", "st", value="inf", min=sc.TARGET_MIN, max=sc.TARGET_MAX),
            notice("unknown_value", "sb", value="2"),
            notice("unknown_value", "sv", value="v"),
        )

    def test_the_apps_link_parameters_report_kind_field_and_details(self) -> None:
        link = links.parse_link({"lang": "fr", "zz": "1", "s": "v1.S_9007199254740993"}, presets.preset_keys())
        assert link.warnings == (
            notice("unknown_value", "lang", value="fr"),
            notice("unknown_parameter", "zz"),
            notice(
                "clamped", "seed", value=9007199254740993, min=0, max=widget_state.MAX_SEED, used=widget_state.MAX_SEED
            ),
        )


def test_a_file_with_adjusted_values_is_explained_in_dutch(make_app) -> None:
    from roi_core.scenario_io import to_dict

    data = to_dict(Scenario()) | {"draws": 10, "name": "n" * 100}
    data["inputs"]["confidence_quality"] = {"low": 50, "likely": 60, "high": 70, "shape": "pert"}
    at = make_app(lang="nl")
    at.run()
    at.switch_page("views/share.py").run()
    at.session_state["_share_upload_bytes"] = json.dumps(data).encode()
    at.run()
    assert not at.exception, at.exception
    title = catalogue("nl")["notice.file_adjusted"]
    (box,) = [w.value for w in at.warning if w.value.startswith(title)]
    assert (
        "**Gesimuleerde toekomsten**: 10 valt buiten het toegestane bereik van 100 tot 200.000; 100 wordt gebruikt"
        in box
    )
    assert f"**{INPUTS['confidence_quality'].label('nl')}**: heeft één waarde" in box
    assert "**Naam van het scenario**: langer dan 80 tekens; ingekort tot 80" in box
    assert _english_words(box) == [], box


def test_the_counts_a_link_part_allows_read_as_a_choice() -> None:
    (w,) = links.parse_link({"s": "v1.pg_1_5"}).warnings
    assert (w.kind, w.detail) == ("wrong_parts", {"expected": (1, 3, 4), "got": 2})
    assert str(w).startswith("productivity_gain_pct: expected 1, 3 or 4 values, got 2;")
    assert "2 waarden waar er 1, 3 of 4 verwacht werden" in notice_text(w, "nl")
    assert "2 values where 1, 3, or 4 were expected" in notice_text(w, "en")


#: Refused files, one per way a file can be refused, with the kind its ScenarioError carries.
REFUSED = [
    (b"{not json", "file_not_json"),
    (b"\xff\xfe\x00garbage", "file_not_utf8"),
    (json.dumps({"version": 99}).encode(), "file_unsupported_version"),
    (b"[]", "file_not_object"),
    (json.dumps({"version": 1, "inputs": {"participants": {"low": 9, "likely": 5, "high": 12}}}).encode(),
     "file_low_above_likely"),
    (json.dumps({"version": 1, "inputs": {"participants": "veel"}}).encode(), "file_wrong_type"),
    (json.dumps({"version": 1, "inputs": {}, "extra": 1}).encode(), "file_unknown_field"),
]  # fmt: skip


@pytest.mark.parametrize(("payload", "kind"), REFUSED, ids=[k for _, k in REFUSED])
def test_a_refused_file_says_why_in_dutch(make_app, payload: bytes, kind: str) -> None:
    """The reason a file was refused is worded by its kind; the core's English message is not shown."""
    from roi_core.scenario_io import ScenarioError, from_json

    with pytest.raises(ScenarioError) as refused:
        from_json(payload)
    assert refused.value.notice.kind == kind
    at = make_app(lang="nl")
    at.run()
    at.switch_page("views/share.py").run()
    at.session_state["_share_upload_bytes"] = payload
    at.run()
    assert not at.exception, at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith("Dit bestand is niet geladen")
    assert notice_text(refused.value.notice, "nl") in error
    assert str(refused.value) not in error
    assert _english_words(error) == [], error
