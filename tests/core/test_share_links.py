"""Checked, short share links (version 2): ``encode_link`` / ``decode`` in roi_core.scenario_io."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core import Range, Scenario
from roi_core.notices import notice
from roi_core.presets import PRESETS, VARIANTS, variant
from roi_core.scenario_io import (
    MAX_LINK_CHARS,
    PRESET_CODES,
    VARIANT_CODES,
    checksum,
    decode,
    encode,
    encode_link,
)
from tests.core.strategies import scenarios

BASES = [(None, "middle")] + [(k, v) for k in PRESETS for v in VARIANTS]
_bases = st.sampled_from(BASES)
# The characters a link is made of (and a chat app or a hand copy might put in their place).
_LINK_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def _base(preset: str | None, which: str) -> Scenario:
    return Scenario() if preset is None else variant(preset, which)


class TestEncodeLink:
    @pytest.mark.parametrize(("preset", "which"), BASES)
    def test_an_unchanged_preset_is_a_short_checked_link(self, preset: str | None, which: str) -> None:
        link = encode_link(_base(preset, which), preset=preset, variant=which)
        assert len(link) <= 20
        r = decode(link)
        assert (r.scenario, r.warnings, r.check, r.preset) == (_base(preset, which), (), "ok", preset)
        assert r.variant == (which if preset else "middle")

    def test_only_what_differs_from_the_preset(self) -> None:
        s = variant("logistics", "optimistic").with_values(participants=Range.fixed(80))
        link = encode_link(s, preset="logistics", variant="optimistic")
        assert link.endswith(".n_80") and link.startswith("v2.") and "~" not in link
        assert len(link) < len(encode(s)) / 10

    def test_removed_lines_and_pairs_are_said(self) -> None:
        base = PRESETS["logistics"].scenario
        assert base.custom  # the preset has a custom line
        s = replace(base, custom=())
        link = encode_link(s, preset="logistics")
        assert "W_x" in link
        assert decode(link).scenario == s

    def test_codes_are_stable(self) -> None:
        # Links in the wild use these; changing one breaks them.
        assert dict(PRESET_CODES) == {"contact_centre": "cc", "it_consultancy": "it", "logistics": "lg"}
        assert dict(VARIANT_CODES) == {"pessimistic": "c", "middle": "e", "optimistic": "o"}
        assert set(PRESET_CODES) == set(PRESETS)

    @settings(max_examples=150)
    @given(s=scenarios(), base=_bases)
    def test_round_trip_from_any_base(self, s: Scenario, base: tuple[str | None, str]) -> None:
        link = encode_link(s, preset=base[0], variant=base[1])
        r = decode(link)
        assert r.check == "ok" and r.warnings == ()
        assert r.scenario == s
        assert r.preset == base[0]


class TestDamage:
    @settings(max_examples=150)
    @given(s=scenarios(), base=_bases, data=st.data())
    def test_every_cut_is_detected(self, s: Scenario, base: tuple[str | None, str], data: st.DataObject) -> None:
        link = encode_link(s, preset=base[0], variant=base[1])
        cut = data.draw(st.integers(min_value=1, max_value=len(link) - 1))
        r = decode(link[:cut])
        assert r.check == "damaged"
        # What was read is the base or the sender's value, setting by setting: never a third, cut value.
        b = _base(*base)
        if r.fields_read == 0:  # nothing read (cut within the head): a plain starting point, nothing mixed in
            assert r.scenario in (Scenario(), b)
            return
        for key, got in r.scenario.values:
            assert got in (b[key], s[key]), key

    @settings(max_examples=150)
    @given(s=scenarios(), base=_bases, data=st.data())
    def test_a_changed_character_is_detected(self, s: Scenario, base: tuple[str | None, str], data) -> None:
        link = encode_link(s, preset=base[0], variant=base[1])
        i = data.draw(st.integers(min_value=3, max_value=len(link) - 1))
        ch = data.draw(st.sampled_from(_LINK_CHARS).filter(lambda c: c != link[i]))
        assert decode(link[:i] + ch + link[i + 1 :]).check == "damaged"

    def test_the_last_field_of_a_damaged_link_is_left_out(self) -> None:
        s = Scenario().with_values(participants=Range.fixed(80), learning_hours=Range.fixed(24))
        link = encode_link(s)
        r = decode(link[:-1])  # "...~lh_24" cut to "~lh_2" (or similar): 2 would be a wrong value
        assert r.check == "damaged" and r.fields_read == 1
        assert r.scenario.likely("participants") == 80
        assert r.scenario["learning_hours"] == Scenario()["learning_hours"]

    def test_a_changed_preset_definition_is_said(self) -> None:
        payload = "lg-eZZ." + "n_80"
        r = decode(f"v2.{checksum(payload)}.{payload}")
        assert r.check == "ok" and r.scenario.likely("participants") == 80
        assert r.warnings == (notice("base_changed", "share link"),)
        assert "has changed since the link was made" in str(r.warnings[0])

    def test_old_links_still_load_unchecked(self) -> None:
        s = Scenario(name="Pilot").with_values(participants=Range.fixed(80))
        r = decode(encode(s))
        assert (r.scenario, r.check) == (s, "unchecked")


@settings(max_examples=100)
@given(s=scenarios(), base=_bases)
def test_a_valid_scenario_without_notes_always_fits_a_link(s: Scenario, base: tuple[str | None, str]) -> None:
    assert len(encode_link(s, preset=base[0], variant=base[1], include_notes=False)) <= MAX_LINK_CHARS
