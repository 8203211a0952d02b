"""The source of a measured range in the scenario: file, schema, link; strict where strict, lenient where lenient."""

from __future__ import annotations

import json

import pytest

from roi_core import Range, Scenario
from roi_core.scenario import EvidenceSource
from roi_core.scenario_io import ScenarioError, decode, encode, from_json, to_dict, to_json

SRC = EvidenceSource("productivity_gain_pct", "difference_in_differences", 256, 24, 5.887, 3.062, 8.712, "2026-11-30")
ATT = EvidenceSource(
    "attribution_productivity", "difference_in_differences", 256, 24, 100.0, 100.0, 100.0, "2026-11-30"
)


def measured() -> Scenario:
    s = Scenario().with_values(
        productivity_gain_pct=Range(3.062, 5.887, 8.712), attribution_productivity=Range.fixed(100)
    )
    return Scenario(values=s.values, evidence=(ATT, SRC))


class TestSource:
    def test_sorted_in_registry_order_and_found(self) -> None:
        s = measured()
        assert [e.input for e in s.evidence] == ["productivity_gain_pct", "attribution_productivity"]
        assert s.source_of("productivity_gain_pct") == SRC and s.source_of("completion_rate") is None

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"input": "nope"}, "unknown input"),
            ({"method": "guess"}, "method must be one of"),
            ({"ci_low": 6.0}, "ci_low <= estimate <= ci_high"),
            ({"date": "30-11-2026"}, "YYYY-MM-DD"),
            ({"n": -1}, "n must lie within"),
        ],
    )
    def test_invalid(self, change: dict, message: str) -> None:
        fields = {**SRC.__dict__, **change}
        with pytest.raises((ValueError, TypeError), match=message):
            EvidenceSource(**fields)

    def test_two_sources_for_one_input_refused(self) -> None:
        with pytest.raises(ValueError, match="two sources"):
            Scenario(evidence=(SRC, SRC))


class TestFormats:
    def test_file_round_trip_and_no_field_without_evidence(self) -> None:
        s = measured()
        assert from_json(to_json(s)).scenario == s
        assert "evidence" not in to_dict(Scenario())

    def test_file_with_a_bad_source_names_it(self) -> None:
        data = to_dict(measured())
        data["evidence"][0]["date"] = "yesterday"
        with pytest.raises(ScenarioError, match=r"evidence\[0\]"):
            from_json(json.dumps(data))

    def test_link_round_trip_is_short(self) -> None:
        s = measured()
        link = encode(s)
        assert decode(link).scenario == s and decode(link).warnings == ()
        assert len(link) < 130

    def test_damaged_link_field_is_dropped_with_a_warning(self) -> None:
        link = encode(measured()).replace("_20261130", "_2026113x", 1)
        result = decode(link)
        assert result.scenario.source_of("productivity_gain_pct") is None
        assert result.scenario["productivity_gain_pct"] == Range(3.062, 5.887, 8.712)  # the range itself stays
        assert [(w.field, w.kind) for w in result.warnings] == [("evidence", "damaged")]

    def test_link_source_that_does_not_match_its_range_is_dropped(self) -> None:
        link = encode(measured()).replace("pg_3.062_5.887_8.712", "pg_1_5_9", 1)
        result = decode(link)
        assert result.scenario.source_of("productivity_gain_pct") is None
        assert result.scenario.source_of("attribution_productivity") == ATT
        assert [(w.field, w.kind) for w in result.warnings] == [("evidence", "evidence_mismatch")]
