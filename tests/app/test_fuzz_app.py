"""Fuzzing of what a page reads from outside: its query parameters (hypothesis) and whole app runs (AppTest).

* Page options: ``ui.common.links.parse_link`` (the app's link) and
  ``ui.sensitivity.sensitivity_compute.parse_options`` (the
  Sensitivity page's own options) with random parameters: never raise, give only allowed values, and every
  notice they produce renders as text (no link, no markup from the link).
* Whole runs: app.py with seeded random query strings, and random files uploaded on the Share page: no exception
  element, ever.
"""

from __future__ import annotations

import json
import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from roi_core import INPUTS, Scenario
from roi_core.notices import KINDS
from roi_core.presets import PRESETS, VARIANTS, variant
from roi_core.scenario_io import encode, to_dict
from tests.app.conftest import APP
from tests.app.test_safe_text import rendered
from ui.common import links, presets, widget_state
from ui.common.format import CURRENCIES
from ui.common.i18n import LANGS
from ui.common.notices import notice_text
from ui.sensitivity import sensitivity_compute as sc

_KEYS = st.sampled_from([*links.LINK_KEYS, *links.PAGE_KEYS, "embed", "zz", "[a](https://evil.example)"]) | st.text(
    max_size=12
)
_VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from([*LANGS, *CURRENCIES, *VARIANTS, *widget_state.MODES, *widget_state.CERTAINTY, *PRESETS]),
    st.sampled_from([*sc.VIEWS, "roi", "npv", "pg", "c0v", "150", "1e308", "nan", "0", "1", "**b** [l](https://e.x)"]),
    st.sampled_from([encode(variant(k, v)) for k in PRESETS for v in VARIANTS]),
)
_PARAMS = st.dictionaries(_KEYS, _VALUES, max_size=8)


def _notice_is_text(notice: str) -> None:
    html = rendered(notice)
    assert "<a " not in html and "<img" not in html and "<h1" not in html, (notice, html)


class TestPageOptions:
    @settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
    @given(_PARAMS, st.sampled_from(["en", "nl"]))
    def test_the_apps_link_parameters(self, params: dict[str, str], lang: str) -> None:
        start = time.process_time()
        link = links.parse_link(params, presets.preset_keys())
        assert link.lang in (None, *LANGS) and link.currency in (None, *CURRENCIES)
        assert link.preset in (None, *presets.preset_keys()) and link.variant in (None, *VARIANTS)
        assert link.scenario is None or isinstance(link.scenario, Scenario)
        for w in link.warnings:
            assert w.kind in KINDS and len(str(w)) < 400
            _notice_is_text(notice_text(w, lang))
        assert time.process_time() - start < 1.0

    @settings(max_examples=1000)
    @given(_PARAMS, st.lists(st.sampled_from(list(INPUTS)), max_size=5), st.sampled_from(["en", "nl"]))
    def test_the_sensitivity_pages_options(self, params: dict[str, str], keys: list[str], lang: str) -> None:
        o = sc.parse_options(params, keys)
        assert o.view in (None, *sc.VIEWS) and o.metric in (None, "roi", "npv")  # None: not given
        assert o.input is None or o.input in keys
        for w in o.warnings:
            assert w.kind in KINDS and len(str(w)) < 400
            _notice_is_text(notice_text(w, lang))


# --- whole runs -----------------------------------------------------------------------------------------------

_PAGES = ("views/overview.py", "views/over_time.py", "views/sensitivity.py", "views/share.py")


def _damage(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(chars) + 1)
        op = rng.random()
        if op < 0.4 and chars:
            del chars[min(i, len(chars) - 1)]
        elif op < 0.8:
            chars.insert(i, rng.choice("~_.-0123456789eXNQRSTabz\ud7ff€[]()*"))
        else:
            chars[i:i] = list(rng.choice(["_1e308", "_-1e308", "~R_1e28", "~X_", "~N_2D-A", "~S_" + "9" * 50]))
    return "".join(chars)


def random_query(seed: int) -> dict[str, str]:
    """A seeded random query string: a damaged preset link, random options, unknown and hostile parameters."""
    rng = random.Random(seed)
    q: dict[str, str] = {"s": _damage(rng, encode(variant(rng.choice(list(PRESETS)), rng.choice(VARIANTS))))}
    for key in rng.sample([*links.LINK_KEYS[1:], *links.PAGE_KEYS, "zz", "**b**"], rng.randint(0, 6)):
        q[key] = rng.choice(
            ["en", "nl", "fr", "USD", "x" * rng.randint(0, 300), "voi", "npv", "1e308", "[l](https://e.x)"]
        )
    return q


def random_upload(seed: int) -> bytes:
    """A seeded random scenario file: a preset with a few fields replaced by odd values, or damaged bytes."""
    rng = random.Random(seed)
    doc = to_dict(variant(rng.choice(list(PRESETS)), rng.choice(VARIANTS)))
    odd = [None, True, -1, 1e308, -1e308, 10**4000, "\ud800", "=1+1", "[x](https://evil.example)", [], {}, "x" * 9000]
    doc["name" if seed % 2 else "notes"] = odd[seed % len(odd)]  # seeds 0..11 try each odd value once
    for _ in range(rng.randint(1, 4) if seed >= len(odd) else 0):  # later seeds: several fields at once
        where = rng.choice(["name", "notes", "hurdle_pct", "seed", "draws", "enabled", "custom", "inputs", "zz"])
        doc[where] = rng.choice(odd)
    data = json.dumps(doc).encode("utf-8", "surrogatepass")
    if seed % 4 == 3:
        data = data[: rng.randrange(len(data))]
    return data


def _assert_healthy(at: AppTest) -> None:
    assert not at.exception, [e.value[:300] for e in at.exception]
    for e in [*at.error, *at.warning, *at.success]:
        html = rendered(e.value)
        assert "<a " not in re.sub(r'<a href="https://(docs\.)?streamlit', "", html), html


class TestRandomRuns:
    @pytest.mark.parametrize("seed", range(16))
    def test_a_random_query_string(self, seed: int) -> None:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in random_query(seed).items():
            at.query_params[k] = v
        at.run()
        _assert_healthy(at)
        page = _PAGES[seed % len(_PAGES)]
        if page != "views/overview.py":
            at.switch_page(page).run()
            _assert_healthy(at)

    @pytest.mark.parametrize("seed", range(16))
    def test_a_random_upload(self, seed: int) -> None:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page("views/share.py").run()
        before = at.session_state["_scenario"]
        at.session_state["_share_upload_bytes"] = random_upload(seed)
        at.run()
        _assert_healthy(at)
        if at.error:  # refused: the scenario is unchanged
            assert at.session_state["_scenario"] == before
        at.switch_page("views/overview.py").run()
        _assert_healthy(at)
