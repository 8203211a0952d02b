"""Typed numbers in Dutch and English notation (roi_core.numbers.parse_number)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal, format_percent
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.numbers import MAX_TEXT_CHARS, NumberParseError, parse_number

LOCALES = {"nl": "nl_NL", "en": "en"}


class TestParseNumber:
    @pytest.mark.parametrize(
        ("text", "lang", "expected"),
        [
            ("12.500", "nl", 12500.0),  # the case: a Dutch page read 13
            ("12,5", "nl", 12.5),  # the case: a Dutch page read 125
            ("12,500", "en", 12500.0),
            ("12.500", "en", 12.5),
            ("1,234", "nl", 1.234),  # a lone separator follows the page (documented)
            ("1.234", "en", 1.234),
            ("1.234", "nl", 1234.0),
            ("12,500.75", "nl", 12500.75),  # both separators: only one reading
            ("12.500,75", "en", 12500.75),
            ("1.234.567", "en", 1234567.0),  # repeated: thousands groups
            ("1,234,567", "nl", 1234567.0),
            ("€ 1.234,56", "nl", 1234.56),
            ("€\u00a0-1.234,56", "nl", -1234.56),  # Babel's Dutch negative money
            ("-€1,234.56", "en", -1234.56),
            ("12,50 €", "nl", 12.5),
            ("+5 %", "nl", 5.0),
            ("-5%", "en", -5.0),
            ("\u22125", "en", -5.0),  # the minus sign
            ("12 500", "nl", 12500.0),
            ("12\u00a0500,75", "nl", 12500.75),
            ("12\u202f500.75", "en", 12500.75),
            ("  42  ", "en", 42.0),
            ("0,5", "nl", 0.5),
            (",5", "nl", 0.5),
            (".5", "en", 0.5),
            ("007", "en", 7.0),
        ],
    )
    def test_reads(self, text: str, lang: str, expected: float) -> None:
        assert parse_number(text, lang) == expected

    @pytest.mark.parametrize(
        ("text", "lang", "kind"),
        [
            ("", "nl", "empty"),
            ("   ", "en", "empty"),
            ("€", "nl", "empty"),
            ("abc", "en", "not_a_number"),
            ("12abc", "nl", "not_a_number"),
            ("1e6", "en", "not_a_number"),
            ("--5", "en", "not_a_number"),
            ("+-5", "en", "not_a_number"),
            ("12,", "nl", "not_a_number"),
            ("5 % %", "en", "not_a_number"),
            ("9" * (MAX_TEXT_CHARS + 1), "en", "not_a_number"),
            ("12,5", "en", "ambiguous"),
            ("12.5", "nl", "ambiguous"),
            ("0.500", "nl", "ambiguous"),
            ("12 500.75", "nl", "ambiguous"),
            ("1.23.4", "nl", "bad_grouping"),
            ("1,23,4", "en", "bad_grouping"),
            ("1 2", "nl", "bad_grouping"),
            ("12.50.000,5", "nl", "bad_grouping"),
            ("1,000.000,5", "nl", "bad_grouping"),
        ],
    )
    def test_refuses(self, text: str, lang: str, kind: str) -> None:
        with pytest.raises(NumberParseError) as info:
            parse_number(text, lang)
        assert info.value.kind == kind
        assert info.value.text == text[:MAX_TEXT_CHARS]
        assert isinstance(info.value, ValueError)

    def test_not_text(self) -> None:
        with pytest.raises(NumberParseError) as info:
            parse_number(12, "en")  # type: ignore[arg-type]
        assert info.value.kind == "not_a_number"


# Babel writes every digit (no exponent): values below 1e-9 would be longer than a typed number may be.
_values = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False).filter(
    lambda v: v == 0 or abs(v) >= 1e-9
)
_langs = st.sampled_from(("nl", "en"))


class TestRoundTrip:
    """Whatever Babel writes in a language, that language reads back as the same number."""

    @settings(max_examples=400)
    @given(x=_values, lang=_langs)
    def test_decimal(self, x: float, lang: str) -> None:
        text = format_decimal(x, locale=LOCALES[lang], decimal_quantization=False)
        assert parse_number(text, lang) == float(Decimal(str(x)))

    @settings(max_examples=200)
    @given(x=_values, lang=_langs, cur=st.sampled_from(("EUR", "GBP", "USD")))
    def test_money(self, x: float, lang: str, cur: str) -> None:
        text = format_currency(x, cur, locale=LOCALES[lang])
        # Babel rounds half to even on the decimal text, Python's round() on the binary float: compare with x itself.
        # to the nearest cent, give or take the spacing of floats near x (2 ** -9 at ten trillion)
        assert parse_number(text, lang) == pytest.approx(x, abs=0.005 + 4 * math.ulp(x))

    @settings(max_examples=200)
    @given(x=_values.filter(lambda v: abs(v) <= 1e6), lang=_langs)
    def test_percent(self, x: float, lang: str) -> None:
        text = format_percent(x / 100, locale=LOCALES[lang], decimal_quantization=False)
        assert parse_number(text, lang) == pytest.approx(x, rel=1e-12, abs=1e-9)

    @settings(max_examples=200)
    @given(n=st.integers(min_value=-(10**15), max_value=10**15), lang=_langs)
    def test_grouped_integers_both_languages(self, n: int, lang: str) -> None:
        """A whole number with two or more thousands separators reads the same on both pages."""
        text = format_decimal(n, locale=LOCALES[lang])
        if abs(n) >= 1_000_000:
            other = "en" if lang == "nl" else "nl"
            assert parse_number(text, other) == n
        assert parse_number(text, lang) == n


class TestJunk:
    @settings(max_examples=2000)
    @given(text=st.text(max_size=80), lang=_langs)
    def test_only_its_own_error(self, text: str, lang: str) -> None:
        try:
            x = parse_number(text, lang)
        except NumberParseError as exc:
            assert exc.kind in ("empty", "not_a_number", "ambiguous", "bad_grouping")
        else:
            assert x == x and abs(x) < float("inf")

    @settings(max_examples=2000)
    @given(text=st.text(alphabet="0123456789.,- €%+\u00a0", max_size=20), lang=_langs)
    def test_number_like_junk(self, text: str, lang: str) -> None:
        """Near-numbers: read, or refused with the project's error; a reading agrees with the digits."""
        try:
            x = parse_number(text, lang)
        except NumberParseError:
            return
        digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
        whole = str(int(abs(x))) if abs(x) >= 1 else ""
        assert digits.startswith(whole), "the whole part must be the leading digits typed, nothing dropped or added"
        assert (x < 0) == ("-" in text and x != 0)
