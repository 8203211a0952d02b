"""Tests of roi_core.scenario_io: scenario files and share links.

Bad files are small JSON literals written out in the tests; each must give a
ScenarioError whose message names the field. Share links are fuzzed with
hypothesis: generated scenarios round-trip exactly, hostile text never raises.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from roi_core.assumptions import INPUTS, Driver
from roi_core.distributions import Range, Shape
from roi_core.notices import FILE_KINDS, KINDS, Notice, notice
from roi_core.presets import PRESETS
from roi_core.scenario import MAX_DRAWS, MIN_DRAWS, Correlation, CustomBenefit, LeaverCost, Scenario
from roi_core.scenario_io import (
    MAX_FILE_BYTES,
    MAX_LINK_CHARS,
    SCHEMA_PATH,
    LoadResult,
    ScenarioError,
    build_schema,
    decode,
    encode,
    from_dict,
    from_json,
    from_query_params,
    query_params_from,
    schema,
    to_dict,
    to_json,
)
from tests.core.strategies import scenarios

URL_SAFE = re.compile(r"[A-Za-z0-9\-._~]*")


def rich_scenario() -> Scenario:
    """A scenario that uses every feature of the format."""
    return Scenario(
        values={
            "participants": Range.fixed(80),
            "productivity_gain_pct": Range(2.0, 5.0, 9.0, Shape.TRIANGULAR),
            "gross_salary": Range(40_000, 45_000, 52_000, Shape.NORMAL),
            "half_life_months": Range(6, 12, 24, Shape.LOGNORMAL),
            "confidence_quality": Range.fixed(80),
            "discount_rate": Range.fixed(2.25),
        },
        enabled=(Driver.PRODUCTIVITY, Driver.CUSTOMERS),
        custom=(CustomBenefit("Fewer safety incidents", Range(10_000, 20_000, 40_000), Range(20, 40, 60), 60, False),),
        horizon_years=5,
        conservative_years=2,
        continuous=True,
        draws=20_000,
        seed=42,
        hurdle_pct=12.5,
        correlations=(Correlation("productivity_gain_pct", "completion_rate", 0.4),),
        name="Klantcontact — pilot",
        notes="Figures from the 2025 pilot; see the HR report.",
    )


def minimal(**extra: object) -> dict[str, object]:
    """The smallest valid file plus ``extra`` fields."""
    return {"version": 1, "inputs": {}, **extra}


def load(doc: object) -> LoadResult:
    return from_json(json.dumps(doc))


class TestJsonRoundTrip:
    def test_default_round_trips(self) -> None:
        assert from_json(to_json(Scenario())) == LoadResult(Scenario(), ())

    def test_rich_scenario_round_trips(self) -> None:
        s = rich_scenario()
        result = from_json(to_json(s))
        assert result.scenario == s
        assert result.warnings == ()

    def test_file_lists_every_input_and_version(self) -> None:
        d = json.loads(to_json(rich_scenario()))
        assert d["version"] == 1
        assert list(d["inputs"]) == list(INPUTS)
        assert d["inputs"]["productivity_gain_pct"] == {"low": 2.0, "likely": 5.0, "high": 9.0, "shape": "triangular"}

    def test_minimal_file_takes_defaults(self) -> None:
        assert load(minimal()).scenario == Scenario()

    def test_missing_inputs_take_defaults_and_shape_defaults_to_pert(self) -> None:
        doc = minimal(inputs={"productivity_gain_pct": {"low": 2, "likely": 4, "high": 8}})
        s = load(doc).scenario
        assert s["productivity_gain_pct"] == Range(2.0, 4.0, 8.0, Shape.PERT)
        assert s["gross_salary"] == INPUTS["gross_salary"].default

    def test_bytes_with_bom_are_read(self) -> None:
        raw = b"\xef\xbb\xbf" + to_json(Scenario(name="x")).encode("utf-8")
        assert from_json(raw).scenario.name == "x"

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(scenarios())
    def test_generated_scenarios_round_trip(self, s: Scenario) -> None:
        result = from_json(to_json(s))
        assert result.scenario == s
        assert result.warnings == ()


def error_of(doc: object) -> str:
    text = doc if isinstance(doc, str | bytes) else json.dumps(doc)
    with pytest.raises(ScenarioError) as info:
        from_json(text)
    return str(info.value)


class TestBadFiles:
    def test_scenario_error_is_a_value_error(self) -> None:
        assert issubclass(ScenarioError, ValueError)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('{"version": 2, "inputs": {}}', "version: unsupported version"),
            ('{"version": "1", "inputs": {}}', "version: unsupported version"),
            ('{"inputs": {}}', "version: missing required field"),
            ('{"version": 1}', "inputs: missing required field"),
            ("[1, 2]", "file: must be a JSON object"),
            ("this is not json", "not valid JSON"),
            ('{"version": 1, "inputs": {}', "not valid JSON"),
            ("", "not valid JSON"),
        ],
    )
    def test_structure(self, text: str, expected: str) -> None:
        assert error_of(text).startswith(expected)

    def test_low_above_likely_names_the_input(self) -> None:
        msg = error_of(minimal(inputs={"productivity_gain_pct": {"low": 9, "likely": 5, "high": 12}}))
        assert msg == "inputs.productivity_gain_pct: low (9) must be <= most likely (5)"

    def test_likely_above_high_names_the_input(self) -> None:
        msg = error_of(minimal(inputs={"error_reduction_pct": {"low": 5, "likely": 40, "high": 30}}))
        assert msg == "inputs.error_reduction_pct: most likely (40) must be <= high (30)"

    @pytest.mark.parametrize(
        ("literal", "field"),
        [
            (
                '{"version": 1, "inputs": {"gross_salary": {"low": NaN, "likely": 1, "high": 2}}}',
                "inputs.gross_salary.low",
            ),
            (
                '{"version": 1, "inputs": {"gross_salary": {"low": 1, "likely": 2, "high": Infinity}}}',
                "inputs.gross_salary.high",
            ),
            (
                '{"version": 1, "inputs": {"gross_salary": {"low": 1, "likely": 1e999, "high": 2}}}',
                "inputs.gross_salary.likely",
            ),
            ('{"version": 1, "inputs": {}, "hurdle_pct": -Infinity}', "hurdle_pct"),
            (
                '{"version": 1, "inputs": {}, "custom": [{"name": "a", "value_eur": {"low": 1, "likely": NaN, '
                '"high": 3}}]}',
                "custom[0].value_eur.likely",
            ),
        ],
    )
    def test_nan_and_infinity_are_rejected_by_field(self, literal: str, field: str) -> None:
        assert error_of(literal) == f"{field}: must be a finite number (NaN and infinity are not allowed)"

    @pytest.mark.parametrize(
        ("doc", "expected"),
        [
            (minimal(horizon_years="3"), "horizon_years: must be a whole number, got text"),
            (minimal(horizon_years=2.5), "horizon_years: must be a whole number, got a number"),
            (minimal(continuous="yes"), "continuous: must be true or false, got text"),
            (minimal(seed=True), "seed: must be a whole number, got true/false"),
            (minimal(name=7), "name: must be text, got a number"),
            (minimal(enabled="productivity"), "enabled: must be a list, got text"),
            (minimal(inputs=[]), "inputs: must be an object, got a list"),
            (
                minimal(inputs={"gross_salary": {"low": "40000", "likely": 42000, "high": 48000}}),
                "inputs.gross_salary.low: must be a number, got text",
            ),
            (minimal(inputs={"gross_salary": 42000}), "inputs.gross_salary: must be an object, got a number"),
        ],
    )
    def test_wrong_types_name_the_field(self, doc: dict[str, object], expected: str) -> None:
        assert error_of(doc) == expected

    @pytest.mark.parametrize(
        ("doc", "field"),
        [
            (minimal(inputs={"gross_salary": {"likely": 42000, "high": 48000}}), "inputs.gross_salary.low"),
            (minimal(custom=[{"name": "a"}]), "custom[0].value_eur"),
            (minimal(correlations=[{"a": "gross_salary", "rho": 0.3}]), "correlations[0].b"),
        ],
    )
    def test_missing_fields_are_named(self, doc: dict[str, object], field: str) -> None:
        assert error_of(doc) == f"{field}: missing required field"

    @pytest.mark.parametrize(
        ("doc", "field"),
        [
            (minimal(inputs={"productivity_gain": {"low": 1, "likely": 2, "high": 3}}), "inputs.productivity_gain"),
            (minimal(colour="blue"), "colour"),
            (
                minimal(inputs={"gross_salary": {"low": 1, "likely": 2, "high": 3, "mode": 2}}),
                "inputs.gross_salary.mode",
            ),
        ],
    )
    def test_unknown_fields_are_named(self, doc: dict[str, object], field: str) -> None:
        assert error_of(doc) == f"{field}: unknown field"

    @pytest.mark.parametrize(
        ("doc", "expected"),
        [
            (minimal(horizon_years=6), "horizon_years: must be at most 5, got 6"),
            (minimal(conservative_years=0), "conservative_years: must be at least 1, got 0"),
            (minimal(draws=0), "draws: must be at least 1, got 0"),
            (minimal(seed=-1), "seed: must be at least 0, got -1"),
            (
                minimal(inputs={"completion_rate": {"low": 80, "likely": 90, "high": 150}}),
                "inputs.completion_rate.high: 150 is outside the allowed 0..100",
            ),
            (
                minimal(inputs={"content_cost": {"low": -500, "likely": 600, "high": 900}}),
                "inputs.content_cost.low: -500 is outside the allowed 0..1e+07",
            ),
            (
                minimal(inputs={"participants": {"low": 50.5, "likely": 50.5, "high": 50.5, "shape": "fixed"}}),
                "inputs.participants: most likely must be a whole number, got 50.5",
            ),
            (
                minimal(correlations=[{"a": "gross_salary", "b": "oncost_pct", "rho": 1.5}]),
                "correlations[0].rho: must be at most 1, got 1.5",
            ),
            (
                minimal(custom=[{"name": "a", "value_eur": {"low": 1, "likely": 2, "high": 3}, "confidence_pct": 120}]),
                "custom[0].confidence_pct: must be at most 100, got 120",
            ),
        ],
    )
    def test_out_of_range_values_are_rejected(self, doc: dict[str, object], expected: str) -> None:
        assert error_of(doc) == expected

    def test_bad_enum_values_are_named(self) -> None:
        assert error_of(minimal(enabled=["productivity", "magic"])).startswith("enabled[1]: 'magic' is not one of")
        msg = error_of(minimal(inputs={"gross_salary": {"low": 1, "likely": 2, "high": 3, "shape": "beta"}}))
        assert msg.startswith("inputs.gross_salary.shape: 'beta' is not one of pert, triangular")

    def test_lognormal_needs_positive_low(self) -> None:
        doc = minimal(inputs={"productivity_gain_pct": {"low": 0, "likely": 5, "high": 9, "shape": "lognormal"}})
        assert error_of(doc) == "inputs.productivity_gain_pct: a lognormal range needs low > 0, got 0"

    def test_constructor_checks_reach_the_user_with_field_names(self) -> None:
        same = [
            {"a": "gross_salary", "b": "oncost_pct", "rho": 0.2},
            {"a": "oncost_pct", "b": "gross_salary", "rho": 0.3},
        ]
        assert error_of(minimal(correlations=same)) == "correlations[1]: oncost_pct~gross_salary is given twice"
        point = [{"a": "gross_salary", "b": "confidence_quality", "rho": 0.2}]
        assert error_of(minimal(correlations=point)).startswith("correlations[0]: 'confidence_quality' is a point")
        blank = [{"name": "   ", "value_eur": {"low": 1, "likely": 2, "high": 3}}]
        assert error_of(minimal(custom=blank)) == "custom[0]: name must not be empty"

    def test_huge_numbers_and_deep_nesting_are_errors_not_crashes(self) -> None:
        assert error_of('{"version": 1, "inputs": {}, "seed": 1' + "0" * 5000 + "}").startswith(
            "not a readable JSON document"
        )
        assert error_of("[" * 50_000 + "]" * 50_000).startswith("not a readable JSON document")
        assert error_of(minimal(seed=10**30)).startswith("seed: must be at most")
        msg = error_of(minimal(inputs={"gross_salary": {"low": 1, "likely": 2, "high": 10**400}}))
        assert msg == "inputs.gross_salary.high: number too large"

    def test_files_over_one_megabyte_are_refused(self) -> None:
        big = json.dumps(minimal(notes="x" * MAX_FILE_BYTES))
        assert error_of(big) == "file is larger than 1,000,000 bytes"
        assert error_of(big.encode()) == "file is larger than 1,000,000 bytes"

    def test_non_utf8_bytes(self) -> None:
        assert error_of(b"\xff\xfe{") == "file is not UTF-8 text"

    def test_from_dict_rejects_non_objects(self) -> None:
        with pytest.raises(ScenarioError, match="file: must be a JSON object"):
            from_dict("x")


class TestClamping:
    def test_draws_above_the_maximum_are_clamped_with_a_warning(self) -> None:
        result = load(minimal(draws=1_000_000))
        assert result.scenario.draws == MAX_DRAWS
        assert result.warnings == (
            notice("clamped", "draws", value=1_000_000, min=MIN_DRAWS, max=MAX_DRAWS, used=MAX_DRAWS),
        )
        assert str(result.warnings[0]) == "draws: 1,000,000 is outside the allowed 100..200,000; 200,000 is used"

    def test_draws_below_the_minimum_are_clamped_with_a_warning(self) -> None:
        result = load(minimal(draws=10))
        assert result.scenario.draws == MIN_DRAWS
        (w,) = result.warnings
        assert (w.kind, w.field, w.detail["value"], w.detail["used"]) == ("clamped", "draws", 10, MIN_DRAWS)

    def test_slightly_outside_hard_bounds_is_clamped(self) -> None:
        # completion_rate accepts 0..100, slider 0..100; 1 % of the slider span (1.0) is tolerated: 100.5 -> 100.
        result = load(minimal(inputs={"completion_rate": {"low": 90, "likely": 95, "high": 100.5}}))
        assert result.scenario["completion_rate"] == Range(90, 95, 100)
        assert result.warnings == (
            notice("clamped", "inputs.completion_rate.high", value=100.5, min=0.0, max=100.0, used=100.0),
        )
        assert (
            str(result.warnings[0]) == "inputs.completion_rate.high: 100.5 is outside the allowed 0..100; 100 is used"
        )
        # 101.5 is more than 1 % outside: refused.
        assert "outside the allowed" in error_of(
            minimal(inputs={"completion_rate": {"low": 90, "likely": 95, "high": 101.5}})
        )

    def test_point_only_input_given_as_a_range_keeps_its_likely_value(self) -> None:
        result = load(minimal(inputs={"confidence_quality": {"low": 50, "likely": 60, "high": 70}}))
        assert result.scenario["confidence_quality"] == Range.fixed(60)
        assert result.warnings == (notice("point_only", "inputs.confidence_quality", used=60.0),)

    def test_point_only_input_given_as_a_wide_fixed_range_keeps_its_likely_value(self) -> None:
        # Found by the file fuzzer: "fixed" with low 0 was kept as it was, and its share link wrote only 70.
        wide = {"low": 0, "likely": 70, "high": 70, "shape": "fixed"}
        result = load(minimal(inputs={"confidence_turnover": wide}))
        assert result.scenario["confidence_turnover"] == Range.fixed(70)
        assert result.warnings == (notice("point_only", "inputs.confidence_turnover", used=70.0),)
        assert decode(encode(result.scenario)).scenario == result.scenario

    def test_point_only_input_as_a_pert_range_without_width_is_a_point_without_a_notice(self) -> None:
        result = load(minimal(inputs={"confidence_turnover": {"low": 70, "likely": 70, "high": 70, "shape": "pert"}}))
        assert result.scenario["confidence_turnover"] == Range.fixed(70)
        assert result.warnings == ()

    def test_long_name_and_notes_are_cut_with_warnings(self) -> None:
        result = load(minimal(name="n" * 100, notes="z" * 6000))
        assert result.scenario.name == "n" * 80
        assert len(result.scenario.notes) == 5000
        assert result.warnings == (notice("cut", "name", limit=80), notice("cut", "notes", limit=5000))


class TestSchema:
    def test_schema_file_is_generated_from_the_registry(self) -> None:
        # Regenerate with: python -m roi_core schema > roi_core/scenario.schema.json
        assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == build_schema()

    def test_schema_is_valid_draft_2020_12(self) -> None:
        from jsonschema import Draft202012Validator

        Draft202012Validator.check_schema(schema())
        assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def test_every_preset_and_the_default_validate(self) -> None:
        from jsonschema import Draft202012Validator

        validator = Draft202012Validator(schema())
        docs = [to_dict(Scenario()), to_dict(rich_scenario())] + [to_dict(p.scenario) for p in PRESETS.values()]
        for doc in docs:
            assert list(validator.iter_errors(doc)) == []

    def test_schema_rejects_what_the_reader_rejects(self) -> None:
        from jsonschema import Draft202012Validator

        validator = Draft202012Validator(schema())
        assert not validator.is_valid(minimal(horizon_years=6))
        assert not validator.is_valid({"inputs": {}})
        assert not validator.is_valid(minimal(inputs={"nope": {"low": 1, "likely": 1, "high": 1}}))


def _read(r: LoadResult) -> tuple[Scenario, tuple[Notice, ...], str]:
    """What a decoded link says: scenario, warnings and check (version-1 links carry no check)."""
    return r.scenario, r.warnings, r.check


class TestShareLink:
    def test_default_scenario_is_just_the_prefix(self) -> None:
        assert encode(Scenario()) == "v1."
        assert _read(decode("v1.")) == (Scenario(), (), "unchecked")

    def test_only_differences_with_short_keys(self) -> None:
        s = Scenario().with_values(participants=Range.fixed(80), productivity_gain_pct=Range(2, 5, 9, Shape.TRIANGULAR))
        s = s.with_enabled("productivity", "quality", "absence")
        assert encode(s) == "v1.n_80~pg_2_5_9_t~D_pqa"

    def test_readme_example_decodes(self) -> None:
        s = decode("v1.n_80~pg_2_5_9_t~D_pqa~H_5").scenario
        assert s.likely("participants") == 80
        assert s["productivity_gain_pct"] == Range(2, 5, 9, Shape.TRIANGULAR)
        assert s.enabled == (Driver.PRODUCTIVITY, Driver.QUALITY, Driver.ABSENCE)
        assert s.horizon_years == 5

    def test_rich_scenario_round_trips_in_url_safe_characters(self) -> None:
        s = rich_scenario()
        link = encode(s)
        assert URL_SAFE.fullmatch(link)
        assert _read(decode(link)) == (s, (), "unchecked")

    def test_floats_round_trip_exactly(self) -> None:
        awkward = Range(0.1 + 0.2, 1 / 3, 123456.78901234567)
        s = Scenario().with_values(
            productivity_gain_pct=Range(1e-300, 0.1 + 0.2, 99.99999999999999),
            revenue_influenced=Range(0, 1e11, 9.99e11),
            contractor_spend=awkward,
        )
        assert decode(encode(s)).scenario == s

    def test_presets_have_short_links(self) -> None:
        for p in PRESETS.values():
            link = encode(p.scenario)
            assert _read(decode(link)) == (p.scenario, (), "unchecked")
            assert len(link) < 2000  # fits a QR code and any browser

    def test_links_without_notes(self) -> None:
        s = rich_scenario()
        short = encode(s, include_notes=False)
        assert len(short) < len(encode(s))
        assert decode(short).scenario == dataclasses.replace(s, notes="")
        assert query_params_from(s, include_notes=False) == {"s": short}

    def test_query_params(self) -> None:
        assert query_params_from(Scenario()) == {}
        s = rich_scenario()
        params = query_params_from(s)
        assert list(params) == ["s"]
        assert from_query_params(params).scenario == s
        assert from_query_params({"s": ["v1.H_2", params["s"]]}).scenario == s  # repeated: last wins
        assert from_query_params({}) == LoadResult(Scenario(), ())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(scenarios())
    def test_round_trip_for_generated_scenarios(self, s: Scenario) -> None:
        link = encode(s)
        assert URL_SAFE.fullmatch(link)
        assert _read(decode(link)) == (s, (), "unchecked")


class TestLenientDecode:
    def test_invalid_parts_are_dropped_and_named(self) -> None:
        result = decode("v1.n_80~pg_9_5_12~zz_1~H_9~M_-5~gs_1e999_2_3~D_pqz~S_12")
        s = result.scenario
        assert s.likely("participants") == 80 and s.seed == 12  # the good parts are kept
        assert s["productivity_gain_pct"] == INPUTS["productivity_gain_pct"].default
        assert s.horizon_years == Scenario().horizon_years
        named = [(w.field, w.kind) for w in result.warnings]
        assert named == [
            ("productivity_gain_pct", "invalid"),
            ("zz", "unknown_field"),
            ("horizon_years", "out_of_range"),
            ("draws", "not_whole"),
            ("gross_salary", "too_large"),
            ("enabled", "unknown_code"),
        ]
        assert "low (9) must be <= most likely (5)" in result.warnings[0].detail["message"]
        assert str(result.warnings[2]) == "horizon_years: 9 is outside the allowed 1..5; ignored, the default is used"

    @pytest.mark.parametrize(
        ("link", "field", "kind", "details"),
        [
            ("v1.cr_50_60_150", "completion_rate", "out_of_range", {"value": 150.0, "min": 0.0, "max": 100.0}),
            ("v1.n_50.5", "participants", "not_whole", {"value": 50.5}),
            ("v1.pg_1_5_9_q", "productivity_gain_pct", "unknown_code", {"value": "q"}),
            ("v1.pg_1_5", "productivity_gain_pct", "wrong_parts", {"expected": (1, 3, 4), "got": 2}),
            ("v1.pg_nan_5_9", "productivity_gain_pct", "not_a_number", {"value": "nan"}),
            ("v1.N_!!", "name", "damaged", {}),
            ("v1.X_QQ_1_2", "custom[0]", "wrong_parts", {"expected": (11,), "got": 3}),
            ("v1.Q_gs_gs_0.5", "correlation", "invalid", None),
            ("v1.K_2", "continuous", "unknown_code", {"value": "2"}),
            ("v1.R_inf", "hurdle_pct", "not_a_number", {"value": "inf"}),
            ("v1.R_1e999", "hurdle_pct", "too_large", {"value": "1e999"}),
            ("v1.H", "horizon_years", "no_value", {}),
            ("v1.X_" + "~X_".join(["QQ_1_2_3_p_1_2_3_p_50_1"] * 21), "custom[20]", "too_many", {"max": 20}),
            ("v1.Q_gs_pg_0.5~Q_pg_gs_0.2", "correlation", "duplicate", None),
        ],
    )
    def test_each_bad_part_gives_one_notice(self, link: str, field: str, kind: str, details: dict | None) -> None:
        result = decode(link)
        (w,) = result.warnings
        assert (w.field, w.kind) == (field, kind)
        if details is not None:
            assert w.detail == details
        assert str(w).startswith(f"{field}: ") and str(w).endswith("ignored, the default is used")

    def test_wrong_version_or_foreign_text_falls_back_to_defaults(self) -> None:
        assert decode("v3.n_80").warnings == (notice("unsupported_version", "share link", version="v3"),)
        assert str(decode("v3.n_80").warnings[0]) == (
            "share link: unsupported version 'v3'; the default scenario is used"
        )
        assert decode("hello").warnings == (notice("not_a_link", "share link"),)
        assert decode(None).warnings == (notice("not_text", "share link"),)  # type: ignore[arg-type]
        assert decode("v2.n_80").check == "damaged" and decode("v2.n_80").scenario == Scenario()
        assert decode("hello").scenario == Scenario()
        assert decode("").warnings == ()
        assert decode(None).scenario == Scenario()  # type: ignore[arg-type]

    def test_too_long_links_are_ignored(self) -> None:
        result = decode("v1." + "n_80~" * 30_000)
        assert result.scenario == Scenario()
        assert result.warnings == (notice("too_long", "share link", max=MAX_LINK_CHARS),)

    def test_duplicate_parts_last_wins_with_a_warning(self) -> None:
        result = decode("v1.n_80~n_90")
        assert result.scenario.likely("participants") == 90
        assert result.warnings == (notice("given_twice", "participants"),)
        assert str(result.warnings[0]) == "participants: given twice in the share link; the last value is used"

    def test_too_many_custom_lines_are_dropped(self) -> None:
        line = encode(Scenario(custom=(CustomBenefit("a", Range(1, 2, 3)),))).removeprefix("v1.")
        result = decode("v1." + "~".join([line] * 22))
        assert len(result.scenario.custom) == 20
        assert len(result.warnings) == 2

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=300))
    @example("v1.")
    @example("v1.~~~")
    @example("v1.n_1e999")
    @example("v1.n_-5")
    @example("v1.M_-100")
    @example("v1.S_99999999999999999999")
    @example("v1.pg_12_5_1~pg_")
    @example("v1.X_" + "A" * 5 + "_1_2_3_p_1_2_3_p_50_1")
    @example("v1.T_" + "QUFB" * 30_000)
    @example("v1." + "x" * 100_000)
    def test_hostile_text_never_raises(self, text: str) -> None:
        result = decode(text)
        assert isinstance(result.scenario, Scenario)
        assert all(isinstance(w, Notice) and w.kind in KINDS and isinstance(str(w), str) for w in result.warnings)

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "v1.",
                    "n",
                    "pg",
                    "X",
                    "Q",
                    "N",
                    "D",
                    "_",
                    "~",
                    "-",
                    ".",
                    "1",
                    "9",
                    "e",
                    "5",
                    "0",
                    "1e999",
                    "gs",
                    "t",
                    "p",
                    "QUFB",
                ]
            ),
            max_size=40,
        ).map("".join)
    )
    def test_near_valid_text_never_raises(self, text: str) -> None:
        result = decode("v1." + text)
        assert isinstance(result.scenario, Scenario)

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(scenarios(max_changed=8), st.data())
    def test_truncated_links_never_raise(self, s: Scenario, data: st.DataObject) -> None:
        link = encode(s)
        cut = data.draw(st.integers(0, len(link)))
        result = decode(link[:cut])
        assert isinstance(result.scenario, Scenario)

    @settings(max_examples=100, deadline=None)
    @given(st.binary(max_size=200))
    def test_random_bytes_never_raise(self, raw: bytes) -> None:
        assert isinstance(decode(raw.decode("latin-1")).scenario, Scenario)
        assert isinstance(from_query_params({"s": raw.decode("latin-1")}).scenario, Scenario)


class TestModelChoices:
    """Issue 9: ``lasting`` and ``leaver_cost`` in files (version 1, optional) and links (``E_``, ``L_``)."""

    def test_old_files_load_with_the_old_meaning(self) -> None:
        s = load(minimal()).scenario
        assert s.lasting is False and s.leaver_cost is LeaverCost.SALARY_SHARE

    def test_file_round_trip(self) -> None:
        s = Scenario(lasting=True, leaver_cost=LeaverCost.AMOUNT).with_values(leaver_cost_eur=Range(4e3, 8e3, 2e4))
        doc = json.loads(to_json(s))
        assert (doc["version"], doc["lasting"], doc["leaver_cost"]) == (1, True, "amount")
        assert from_json(to_json(s)).scenario == s
        from jsonschema import Draft202012Validator

        Draft202012Validator(schema()).validate(doc)

    def test_bad_values_name_the_field(self) -> None:
        assert error_of(minimal(leaver_cost="euros")).startswith("leaver_cost: 'euros' is not one of salary_share")
        assert error_of(minimal(lasting="yes")) == "lasting: must be true or false, got text"

    def test_link_round_trip_and_old_links(self) -> None:
        s = Scenario(lasting=True, leaver_cost=LeaverCost.AMOUNT)
        assert encode(s) == "v1.F_1~L_a"
        assert decode(encode(s)).scenario == s
        assert decode("v1.n_80").scenario == Scenario().with_values(participants=Range.fixed(80))  # old link

    def test_unused_inputs_do_not_vary(self) -> None:
        from roi_core.simulate import uncertain_keys

        assert "leaver_cost_eur" not in uncertain_keys(Scenario())
        amount = Scenario(leaver_cost=LeaverCost.AMOUNT, lasting=True)
        keys = uncertain_keys(amount)
        assert "leaver_cost_eur" in keys and "replacement_cost_pct" not in keys and "half_life_months" not in keys

    def test_scenario_refuses_an_unknown_way(self) -> None:
        with pytest.raises(ValueError, match="leaver_cost must be one of salary_share, amount"):
            Scenario(leaver_cost="euros")  # type: ignore[arg-type]


class TestRefusalsAreStructured:
    """Every ScenarioError carries a notice of a registered file kind, with the field and the numbers it names."""

    @pytest.mark.parametrize(
        ("text", "kind", "field", "details"),
        [
            ("{not json", "file_not_json", "", {"line": 1, "column": 2}),
            ('{"version": 2}', "file_unsupported_version", "version", {"version": "2", "supported": 1}),
            ("[1]", "file_not_object", "", {"got_type": "array"}),
            ('{"version": 1}', "file_missing", "inputs", {}),
            ('{"version": 1, "inputs": {}, "x": 1}', "file_unknown_field", "x", {}),
            ('{"version": 1, "inputs": {"participants": "a"}}', "file_wrong_type", "inputs.participants",
             {"want_type": "object", "got_type": "string"}),
            ('{"version": 1, "inputs": {"participants": {"low": 9, "likely": 5, "high": 12}}}',
             "file_low_above_likely", "inputs.participants", {"low": 9.0, "likely": 5.0}),
            ('{"version": 1, "inputs": {"participants": {"low": 1, "likely": 9, "high": 5}}}',
             "file_likely_above_high", "inputs.participants", {"likely": 9.0, "high": 5.0}),
            ('{"version": 1, "inputs": {"participants": {"low": 1, "likely": 2.5, "high": 5}}}',
             "file_not_whole", "inputs.participants", {"value": 2.5}),
            ('{"version": 1, "inputs": {"participants": {"low": -50, "likely": 2, "high": 5}}}',
             "file_out_of_range", "inputs.participants.low", {"value": -50.0}),
        ],
    )  # fmt: skip
    def test_the_notice_names_kind_field_and_details(self, text: str, kind: str, field: str, details: dict) -> None:
        with pytest.raises(ScenarioError) as refused:
            from_json(text)
        n = refused.value.notice
        assert (n.kind, n.field) == (kind, field)
        assert details.items() <= n.detail.items()
        assert n.kind in FILE_KINDS

    def test_a_refusal_without_its_own_kind_keeps_the_field_and_the_message(self) -> None:
        n = ScenarioError("custom[0]: name must not be empty").notice
        assert (n.kind, n.field, n.detail) == ("file_invalid", "custom[0]", {"message": "name must not be empty"})
        assert ScenarioError("something went wrong").notice.field == "file"
