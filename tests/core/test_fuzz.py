"""Fuzzing of every entry point that takes outside data: share links, scenario files, the command line.

Thousands of generated cases per run (derandomized in CI through the ``ci`` hypothesis profile in
``tests/conftest.py``, so a run is repeatable). The invariants, for every case:

* nothing but the project's own validation error is raised (``decode`` never raises; ``from_json`` raises only
  ``ScenarioError``; ``main()`` exits 0 or 2, never 1, with one ``error:`` line);
* accepted input round-trips: the scenario read comes back equal through a share link and through a file;
* messages stay short (echoed input is cut) and every warning is a line of text;
* no case takes over a second of CPU time (``time.process_time``, so that the load of a shared machine does not
  decide the verdict).

The page options (query parameters) and AppTest runs with random links and uploads are fuzzed in
``tests/app/test_fuzz_app.py``.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roi_core.assumptions import DRIVER_CODES, INPUTS
from roi_core.cli import main
from roi_core.notices import FILE_KINDS, KINDS
from roi_core.presets import PRESETS, VARIANTS, variant
from roi_core.scenario import Scenario
from roi_core.scenario_io import LoadResult, ScenarioError, decode, encode, from_json, to_dict, to_json
from tests.core.strategies import scenarios

#: CPU seconds one case may take.
CASE_SECONDS = 1.0
#: Longest message: a sentence plus a few echoed values of at most 40 characters.
MESSAGE_CHARS = 400
FUZZ = settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def timed(f: Callable[[], Any]) -> Any:
    start = time.process_time()
    out = f()
    spent = time.process_time() - start
    assert spent < CASE_SECONDS, f"one case took {spent:.2f} s of CPU"
    return out


def assert_round_trips(s: Scenario) -> None:
    assert decode(encode(s)).scenario == s
    assert from_json(to_json(s)).scenario == s


def assert_accepted(got: LoadResult) -> None:
    assert isinstance(got.scenario, Scenario)
    for w in got.warnings:
        assert w.kind in KINDS and "\n" not in str(w) and len(str(w)) < MESSAGE_CHARS, w
    assert_round_trips(got.scenario)


# --- share links --------------------------------------------------------------------------------------------

#: Scenarios to damage: the presets (every field in use) and generated ones (awkward values); generating a whole
#: scenario costs more than reading one, so the presets keep most cases quick.
_BASES = st.one_of(
    st.sampled_from([Scenario(), *(variant(k, v) for k in PRESETS for v in VARIANTS)]),
    scenarios(max_changed=4),
)
_KEYS = [*(s.short for s in INPUTS.values()), *"NTDHCKSMRXQ", "zz", ""]
_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: repr(x).replace("e+", "e")),
    st.integers(-(10**25), 10**25).map(str),
    st.sampled_from(["1e28", "1e308", "-1e308", "1e-320", "9" * 400, ".5", "5.", "-0", "1e999", "0x10"]),
)
_TEXTS = st.one_of(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.", max_size=60),
    st.text(max_size=20).map(lambda t: encode(Scenario(name=t.strip() or "x"))[len("v1.N_") :]),
    st.sampled_from(["7aA", "2D-A", "7b-A", "_-_"]),  # base64 of a lone surrogate's bytes and other damage
)
_PART = st.one_of(_NUMBERS, _TEXTS, st.sampled_from([*"ptunlf01", *DRIVER_CODES.values(), ""]), st.text(max_size=8))
_FIELD = st.builds(lambda k, parts: "_".join([k, *parts]), st.sampled_from(_KEYS), st.lists(_PART, max_size=12))


@st.composite
def links(draw: st.DrawFn) -> str:
    """Text shaped like a share link (its grammar, with damaged parts), or any text at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=200))
    base = encode(draw(_BASES)) if draw(st.booleans()) else "v1."
    fields = draw(st.lists(_FIELD, max_size=8))
    cut = draw(st.integers(0, 3))
    body = "~".join(x for x in [base[len("v1.") :], *fields] if x)
    text = "v1." + body
    return text[: len(text) - cut] if cut else text


class TestLinkFuzz:
    @FUZZ
    @given(links())
    def test_decode_never_raises_and_what_it_accepts_round_trips(self, link: str) -> None:
        assert_accepted(timed(lambda: decode(link)))

    @settings(max_examples=500)
    @given(st.text(max_size=100), st.text(max_size=100))
    def test_text_fields_of_any_unicode(self, name: str, notes: str) -> None:
        s = Scenario(name=name, notes=notes)  # cleaned, never refused: hypothesis text holds no lone surrogate
        assert_round_trips(s)
        assert "\n" not in s.name


# --- scenario files -----------------------------------------------------------------------------------------

_JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e308, 1e28, 10**4000, "\ud800", "[x](https://evil.example)", "=1+1"]),
    st.text(max_size=30),
)
_JSON = st.recursive(
    _JSON_LEAF,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for k, v in items:
        out += _paths(v, (*prefix, k))
    return out


@st.composite
def scenario_documents(draw: st.DrawFn) -> str:
    """A valid scenario file with a few parts replaced by random JSON, or random JSON, or damaged text."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.text(max_size=200))
    if kind == 1:
        return json.dumps(draw(_JSON))
    doc = to_dict(draw(_BASES))
    for _ in range(draw(st.integers(0, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        value = draw(_JSON)
        if not path:
            doc = value
            break
        parent = doc
        for p in path[:-1]:
            parent = parent[p]
        parent[path[-1]] = value
    if isinstance(doc, dict) and draw(st.booleans()):
        doc[draw(st.text(max_size=12))] = draw(_JSON)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 5)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


class TestFileFuzz:
    @FUZZ
    @given(scenario_documents())
    def test_only_scenario_errors_and_accepted_files_round_trip(self, text: str) -> None:
        try:
            got = timed(lambda: from_json(text))
        except ScenarioError as exc:
            message = str(exc)
            assert message and "\n" not in message and len(message) < MESSAGE_CHARS, message
            assert exc.notice.kind in FILE_KINDS  # the app words the refusal by its kind
            return
        assert_accepted(got)

    @settings(max_examples=500)
    @given(st.binary(max_size=300))
    def test_any_bytes(self, data: bytes) -> None:
        try:
            got = timed(lambda: from_json(data))
        except ScenarioError as exc:
            assert exc.notice.kind in FILE_KINDS
            return
        assert_accepted(got)


# --- the command line ---------------------------------------------------------------------------------------

_ARGS = st.one_of(
    st.sampled_from(["run", "preset", "presets", "schema", "--json", "--preset", "--variant", "--draws", "--seed"]),
    st.sampled_from(["--hurdle", "-", "FILE", "logistics", "expected", "--help", "-h", "1e28", "nan", "-5"]),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["9" * 4000, "100", "1000", "20000"]),
    st.text(max_size=12),
)


class TestCommandLineFuzz:
    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(_ARGS, max_size=6), scenario_documents())
    def test_exits_0_or_2_with_one_error_line(self, tmp_path: Path, argv: list[str], document: str) -> None:
        path = tmp_path / "scenario.json"
        path.write_text(document, encoding="utf-8", errors="surrogatepass")
        argv = [str(path) if a == "FILE" else a for a in argv]
        if "run" in argv:  # keep a case short: at most 20,000 draws (the CLI's own size is not under test here)
            argv = [a for a in argv if a != "--draws"] + ["--draws", "1000"]
        out, err = io.StringIO(), io.StringIO()
        code = timed(lambda: main(argv, stdin=io.StringIO(document), stdout=out, stderr=err))
        assert code in (0, 2), err.getvalue()[:500]
        lines = err.getvalue().splitlines()
        assert all(line.startswith(("error: ", "warning: ")) for line in lines), lines[:3]
        assert sum(line.startswith("error: ") for line in lines) == (code == 2)
        assert all(len(line) < MESSAGE_CHARS + 100 for line in lines), [line[:100] for line in lines]
        if code == 0 and "--json" in argv and "run" in argv:
            json.loads(out.getvalue())
