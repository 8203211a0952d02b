"""The glossary (``ui/locales/glossary.json``) holds for every text a user reads, in both languages.

Checked: every catalogue string of each language, and the Dutch texts of the ``roi_core`` registry (input labels
and help, benefit labels, preset names and descriptions, source notes). A Dutch text uses no avoided term and no
English-only word; a key has the same placeholders in both languages.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from roi_core import DRIVER_LABELS, INPUTS, SOURCES
from roi_core.assumptions import CUSTOM_PARTS, CUSTOM_SOURCE, custom_spec
from roi_core.presets import PRESETS
from ui.common.i18n import LANGS, catalogue

GLOSSARY = json.loads((Path(__file__).resolve().parents[2] / "ui" / "locales" / "glossary.json").read_text("utf-8"))

#: Texts that another branch rewrites (the metric labels are renamed with the metric registry): exempt while they
#: read exactly so. When a text changes or its key goes, this test fails on the stale entry: delete it then, and the
#: new text is checked like every other.
PENDING_RENAME: dict[tuple[str, str], str] = {}


def _plain(text: str) -> str:
    """``text`` without what is not prose: {placeholders}, $maths$, `code`, web addresses."""
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    return re.sub(r"https?://\S+", " ", text)


def _has(term: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", text, flags=re.IGNORECASE) is not None


def _has_in_compound(term: str, text: str) -> bool:
    """``term`` as a word, or (one word) as the first or last part of a Dutch compound.

    Dutch glues words together: "Opbrengstregel" and "Opbrengstdrivers die aan staan" slipped past a whole-word
    check of "opbrengst" and "drivers" into the Excel export.
    """
    if _has(term, text):
        return True
    if " " in term:
        return False
    t = re.escape(term)
    return re.search(rf"(?<![\w-]){t}\w|\w{t}(?![\w-])", text, flags=re.IGNORECASE) is not None


def _registry_texts() -> Iterator[tuple[str, str]]:
    """(where, Dutch text) of everything the registry shows a Dutch user."""
    for key, sp in INPUTS.items():
        yield f"INPUTS[{key}].label", sp.label("nl")
        yield f"INPUTS[{key}].help", sp.help("nl")
    for key, labels in DRIVER_LABELS.items():
        yield f"DRIVER_LABELS[{key}]", labels["nl"]
    for key, p in PRESETS.items():
        yield f"PRESETS[{key}].name", p.name("nl")
        yield f"PRESETS[{key}].description", p.description("nl")
    for key, src in [*SOURCES.items(), ("custom", CUSTOM_SOURCE)]:
        yield f"SOURCES[{key}].note", src.note_nl
        if src.citation_nl:  # a description, not a published title (those stay as published)
            yield f"SOURCES[{key}].citation", src.citation_nl
    for part in CUSTOM_PARTS:  # a custom line's texts around its name (the name is the user's own)
        sp = custom_spec(0, part, "x")
        yield f"custom_spec({part}).label", sp.label("nl")
        yield f"custom_spec({part}).help", sp.help("nl")


def _texts(lang: str) -> Iterator[tuple[str, str]]:
    for key, text in catalogue(lang).items():
        if PENDING_RENAME.get((lang, key)) != text:
            yield key, text
    if lang == "nl":
        yield from _registry_texts()


def _avoided(lang: str) -> list[tuple[str, str]]:
    return [(a, term[lang]) for term in GLOSSARY["terms"] for a in term.get("avoid", {}).get(lang, ())]


@pytest.mark.parametrize("lang", LANGS)
def test_no_avoided_term(lang: str) -> None:
    found = [
        f"{where}: '{bad}' (say '{good}')"
        for where, text in _texts(lang)
        for bad, good in _avoided(lang)
        if (_has_in_compound if lang == "nl" else _has)(bad, _plain(text))
    ]
    assert not found, "\n".join(found)


def test_no_english_word_in_the_dutch_texts() -> None:
    found = [
        f"{where}: '{word}' in {text[:80]!r}"
        for where, text in _texts("nl")
        for word in GLOSSARY["english_only"]
        if _has(word, _plain(text))
    ]
    assert not found, "\n".join(found)


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # a lone brace: compared as text
        return {"<unbalanced>"}


def test_placeholders_are_the_same_in_both_languages() -> None:
    en, nl = catalogue("en"), catalogue("nl")
    differ = [
        f"{k}: en {_placeholders(en[k])} nl {_placeholders(nl[k])}"
        for k in en
        if k in nl and _placeholders(en[k]) != _placeholders(nl[k])
    ]
    assert not differ, "\n".join(differ)
    assert set(en) == set(nl), f"only in en: {set(en) - set(nl)}; only in nl: {set(nl) - set(en)}"


def test_the_checks_can_fail() -> None:
    assert _has("rode lijn", "Rechts van de Rode lijn") and not _has("driver", "screwdrivers")
    assert _has_in_compound("opbrengst", "Opbrengstregel") and _has_in_compound("drivers", "Kostendrivers aan")
    assert not _has_in_compound("rode lijn", "de rode lijnen") and not _has_in_compound("rode", "periode")
    assert _has("the", _plain("De {the} kosten of the $the$ year")) and not _has("the", _plain("{the} $the$"))
    assert _placeholders("{a} en {b:,}") == {"a", "b"}


def test_pending_renames_are_not_stale() -> None:
    stale = [f"{lang}:{key}" for (lang, key), text in PENDING_RENAME.items() if catalogue(lang).get(key) != text]
    assert not stale, f"the text changed or went: remove these from PENDING_RENAME: {stale}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_plural_written_with_brackets(lang: str) -> None:
    # "{n} aanname(s)", "team(s) hebben", "kolom(men)": a count gets its form from ui.common.i18n.plural (Babel's
    # rules), or the sentence is written so that it needs none ("Teams met mensen in beide groepen: {teams}").
    found = [
        f"{key}: {m.group(0)!r}"
        for key, text in catalogue(lang).items()
        for m in re.finditer(r"\w\((?:s|es|en|n|men)\)", _plain(text))
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_a_per_cent_sign_stays_on_its_number_line(lang: str) -> None:
    # "becomes 100" at the end of one line and "%" at the start of the next: prose writes "100 %" with a
    # non-breaking space (what ui.common.format does for the numbers it writes).
    found = [f"{key}: {m.group(0)!r}" for key, text in catalogue(lang).items() for m in re.finditer(r"\d+ %", text)]
    assert not found, "\n".join(found)
