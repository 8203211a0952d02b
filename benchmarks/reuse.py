"""What ``ui.common.reuse`` saves per run: ``python -m benchmarks.reuse [--repeat R]``.

Side by side in one run, for the link a room opens (the contact-centre preset,
in Dutch, as ``benchmarks.load`` uses it): the plain call each session made on
every run against the remembered one (a second session asking for an equal,
not identical, scenario: a hash and an equality test instead of the work).

* the scenario's text, the key of every cached result (``scenario_io.encode``);
* its share link (``ui.common.links.link_params``);
* the scenario built from the sidebar's widget values (``ui.common.widget_state.scenario_from_widgets``).
"""

from __future__ import annotations

import argparse
import copy

from benchmarks.__main__ import timed
from benchmarks.load import LANG, PRESET
from roi_core import scenario_io
from roi_core.presets import PRESETS
from ui.common import links, reuse, widget_state


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reuse", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args(argv)

    s = PRESETS[PRESET].scenario
    other = copy.deepcopy(s)  # another session's scenario: equal, not the same object
    options = {"lang": LANG, "preset": PRESET}
    widgets = widget_state.widget_values(s)
    other_widgets = dict(widgets)
    pairs = {
        "scenario text (cache key)": (
            lambda: scenario_io.encode(other),
            lambda: reuse.scenario_text(other),
        ),
        "share link": (
            lambda: links.link_params(other, **options),
            lambda: reuse.link_params(other, **options),
        ),
        "scenario from widget values": (
            lambda: widget_state.scenario_from_widgets(other_widgets, other, "simple", "preset"),
            lambda: reuse.scenario_from_widgets(other_widgets, other, "simple", "preset"),
        ),
    }
    reuse.scenario_text(s), reuse.link_params(s, **options), reuse.scenario_from_widgets(widgets, s, "simple", "preset")
    print(f"{'per run, microseconds':30} {'plain':>8} {'reused':>8} {'ratio':>7}")
    total_plain = total_reused = 0.0
    for name, (plain, reused) in pairs.items():
        a, b = timed(plain, args.repeat) * 1e6, timed(reused, args.repeat) * 1e6
        total_plain, total_reused = total_plain + a, total_reused + b
        print(f"{name:30} {a:8.1f} {b:8.1f} {a / b:6.1f}x")
    print(f"{'together':30} {total_plain:8.1f} {total_reused:8.1f} {total_plain / total_reused:6.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
