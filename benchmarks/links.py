"""Share-link length and QR code size, before (version-1 links) and after (checked version-2 links).

``python -m benchmarks.links`` (also printed by ``python -m benchmarks``). For every preset and outlook
without changes, and for a typical edited scenario, it prints the characters of the whole share URL and
the QR code's version and width (error correction M, as the Share page draws it). "Before" is the link the
app wrote until version 2: ``s`` held everything that differs from ``Scenario()`` (all of the preset's
values), the preset and outlook went in ``p``/``v``; "after" holds only what differs from the preset's
outlook, plus a checksum.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import segno

from roi_core import Range, Scenario
from roi_core.presets import PRESETS, VARIANTS, variant
from roi_core.scenario_io import encode, encode_link

#: A network address as `streamlit run` prints it: what a phone in the room opens.
BASE_URL = "http://192.168.1.20:8501/"


def url(params: dict[str, str]) -> str:
    return BASE_URL + "?" + urlencode(params, safe="-._~")


def before(s: Scenario, preset: str | None, which: str) -> str:
    """The link of the app before version 2 (ui.common.links.link_params then)."""
    params = {"lang": "nl"}
    if preset is not None:
        ref = variant(preset, which)
        if s.name == ref.name and s.notes == ref.notes:  # the preset's texts were left out
            s = replace(s, name=Scenario().name, notes=Scenario().notes)
    code = encode(s)
    if code != "v1.":
        params["s"] = code
    if preset is not None:
        params["p"] = preset
        if which != "middle":
            params["v"] = which
    return url(params)


def after(s: Scenario, preset: str | None, which: str) -> str:
    params = {"lang": "nl"}
    if preset is not None or s != Scenario():
        params["s"] = encode_link(s, preset=preset, variant=which)
    return url(params)


def qr(link: str) -> str:
    code = segno.make(link, error="m", micro=False)
    width = code.symbol_size(scale=1, border=0)[0]
    return f"v{code.version} ({width}x{width})"


def typical_edit() -> tuple[Scenario, str, str]:
    """A workshop's edit: the contact centre, 80 participants, a doubted productivity gain and two more moves."""
    s = variant("contact_centre", "middle").with_values(
        participants=Range.fixed(80),
        productivity_gain_pct=Range(2.0, 4.5, 8.0),
        learning_hours=Range(20.0, 28.0, 36.0),
    )
    return replace(s, horizon_years=5), "contact_centre", "middle"


def rows() -> list[tuple[str, str, str]]:
    cases: list[tuple[str, Scenario, str | None, str]] = [("default example, no changes", Scenario(), None, "middle")]
    for key in PRESETS:
        for which in VARIANTS:
            cases.append((f"{key} / {which}, no changes", variant(key, which), key, which))
    s, key, which = typical_edit()
    cases.append((f"{key} / {which}, 4 changes", s, key, which))
    out = []
    for name, sc, key_, which_ in cases:
        old, new = before(sc, key_, which_), after(sc, key_, which_)
        out.append((name, f"{len(old):>4} chars, QR {qr(old)}", f"{len(new):>4} chars, QR {qr(new)}"))
    return out


def main() -> int:
    print(f"Share links (whole URL from {BASE_URL}, Dutch page): before (v1) and after (v2, checked)")
    print(f"{'scenario':<42} {'before':<30} after")
    for name, old, new in rows():
        print(f"{name:<42} {old:<30} {new}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
