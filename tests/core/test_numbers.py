"""roi_core.numbers.parse_number: numbers typed in Dutch or English notation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_core.numbers import NumberParseError, parse_number


class TestParseNumber:
    @pytest.mark.parametrize(
        ("text", "lang", "expected"),
        [
            ("1.234,5", "nl", 1234.5),
            ("1,234.5", "en", 1234.5),
            ("12,5", "nl", 12.5),
            ("12.5", "en", 12.5),
            ("42.000", "nl", 42000.0),
            ("42,000", "en", 42000.0),
            ("€ 1.234.567", "nl", 1234567.0),
            ("-3", "en", -3.0),
            ("+0,25", "nl", 0.25),
            ("15 %", "nl", 15.0),
            (",5", "nl", 0.5),
            ("7", "xx", 7.0),
        ],
    )
    def test_reads_both_notations(self, text: str, lang: str, expected: float) -> None:
        assert parse_number(text, lang) == expected

    @pytest.mark.parametrize(
        ("text", "lang", "kind"),
        [
            ("", "nl", "empty"),
            ("   ", "en", "empty"),
            ("abc", "en", "invalid"),
            ("1,5", "en", "invalid"),  # an English comma groups thousands by three
            ("1.5", "nl", "invalid"),
            ("1,2,3", "nl", "invalid"),
            ("12.34.5", "nl", "invalid"),
            ("1e5", "en", "invalid"),
            ("nan", "en", "invalid"),
            ("inf", "en", "invalid"),
            ("=1+1", "en", "invalid"),
        ],
    )
    def test_refuses_with_a_kind(self, text: str, lang: str, kind: str) -> None:
        with pytest.raises(NumberParseError) as info:
            parse_number(text, lang)
        assert info.value.kind == kind
        assert isinstance(info.value, ValueError)

    def test_huge_number_is_not_finite(self) -> None:
        with pytest.raises(NumberParseError) as info:
            parse_number("9" * 400, "en")
        assert info.value.kind == "not_finite"

    @given(st.decimals(min_value=-1e9, max_value=1e9, places=2, allow_nan=False, allow_infinity=False))
    def test_round_trip_of_formatted_numbers(self, d: object) -> None:
        x = float(d)  # type: ignore[arg-type]
        en = f"{x:,.2f}"
        nl = en.replace(",", "_").replace(".", ",").replace("_", ".")
        assert parse_number(en, "en") == pytest.approx(x)
        assert parse_number(nl, "nl") == pytest.approx(x)
