"""Command line: ``python -m roi_core``.

::

    python -m roi_core presets                          # list the presets
    python -m roi_core preset logistics --variant conservative > dc.json
    python -m roi_core run dc.json --draws 20000 --seed 7 --json
    python -m roi_core run --preset contact_centre      # readable table
    python -m roi_core run - < scenario.json            # read stdin
    python -m roi_core schema                           # the JSON Schema of scenario files

Bad input (a missing, unreadable or invalid file, a bad option value) prints
one line ``error: ...`` on stderr and exits with code 2; scenario warnings
(e.g. clamped values) go to stderr as ``warning: ...`` lines.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TextIO

from roi_core.metrics import (
    OUTPUT_METRICS,
    UNDEFINED_WORDS,
    VIEW_LABELS,
    Undefined,
    Unit,
    View,
    metric_values,
    metrics_of_view,
    shown_probability,
)
from roi_core.presets import PRESETS, VARIANTS, variant
from roi_core.scenario import MAX_DRAWS, MIN_DRAWS, Scenario
from roi_core.scenario_io import LoadResult, ScenarioError, build_schema, from_json, to_json
from roi_core.simulate import MonteCarloSummary, conservative, deterministic, simulate

__all__ = ["main", "run_report"]

EXIT_USAGE = 2


class _Fail(Exception):
    """A user error: printed as one ``error:`` line, exit code 2."""


_PROG = "python -m roi_core"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse prints the whole usage block; keep to one line like every other error.
        raise _Fail(f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=_PROG, description="Upskilling ROI Explorer: scenarios, presets and results.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("presets", help="list the presets (key, name, one line)")
    pp = sub.add_parser("preset", help="print a preset as scenario JSON")
    pp.add_argument("name", help="preset key, see 'presets'")
    pp.add_argument("--variant", choices=VARIANTS, default="expected")
    pr = sub.add_parser("run", help="compute a scenario: point estimates and Monte Carlo")
    pr.add_argument("file", nargs="?", help="scenario JSON file, or - for stdin")
    pr.add_argument("--preset", help="run a preset instead of a file")
    pr.add_argument("--variant", choices=VARIANTS, default="expected", help="variant of --preset")
    pr.add_argument("--draws", type=int, help=f"Monte Carlo draws ({MIN_DRAWS:,}..{MAX_DRAWS:,}); default: the file's")
    pr.add_argument("--seed", type=int, help="random seed; default: the file's")
    pr.add_argument("--hurdle", type=float, help="ROI hurdle in per cent; default: the file's")
    pr.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sub.add_parser("schema", help="print the JSON Schema of scenario files")
    return p


def _preset(name: str, which: str) -> Scenario:
    if name not in PRESETS:
        raise _Fail(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
    return variant(name, which)


def _read(path: str, stdin: TextIO) -> LoadResult:
    try:
        if path == "-":
            text: str | bytes = stdin.read()
        else:
            with open(path, "rb") as f:
                text = f.read(10_000_001)  # from_json refuses anything over its limit
    except FileNotFoundError:
        raise _Fail(f"{path}: file not found") from None
    except IsADirectoryError:
        raise _Fail(f"{path}: is a directory, not a scenario file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _Fail(f"{path}: cannot read ({exc.__class__.__name__})") from None
    try:
        return from_json(text)
    except ScenarioError as exc:
        raise _Fail(f"{'stdin' if path == '-' else path}: {exc}") from None


def _years(n: int) -> str:
    return f"{n} year{'s' * (n != 1)}"


def run_report(s: Scenario, hurdle_pct: float | None = None) -> dict[str, Any]:
    """The ``run --json`` object: every output metric of the registry (:data:`OUTPUT_METRICS`).

    ``metrics`` maps each key to its ``value`` (``None`` when undefined; probabilities as shares in [0, 1],
    money in the scenario's currency, present values), ``unit``, ``view``, ``label`` and ``undefined`` (why it
    is missing, else ``None``); ``notes`` says in words why numbers are missing.
    """
    det, con = deterministic(s), conservative(s)
    summary: MonteCarloSummary = simulate(s).summary(hurdle_pct=hurdle_pct)
    mv = metric_values(det, con, summary)
    metrics: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    for m in OUTPUT_METRICS.values():
        value, reason = mv.value_of(m.key), mv.reason_of(m.key)
        metrics[m.key] = {
            "value": value if math.isfinite(value) else None,
            "unit": str(m.unit),
            "view": str(m.view),
            "label": m.label_en.replace("{hurdle}", f"{summary.hurdle_pct:g} %"),
            "undefined": None if reason is None else str(reason),
        }
        if reason is not None:
            notes.append(f"{m.key}: {UNDEFINED_WORDS[reason][0].lower()}")
    if 0 < summary.n_undefined < summary.draws:
        notes.append(
            f"simulation: {summary.n_undefined:,} draws with zero cost have an undefined roi (counted as not positive)"
        )
    return {
        "scenario": s.name,
        "horizon_years": s.horizon_years,
        "phillips_years": con.years,
        "draws": summary.draws,
        "seed": summary.seed,
        "hurdle_pct": summary.hurdle_pct,
        "metrics": metrics,
        "notes": notes,
    }


def _money(x: float) -> str:
    return f"-EUR {-x:,.0f}" if x < 0 else f"EUR {x:,.0f}"


def _months(x: float) -> str:
    shown = round(x, 1)
    text = f"{shown:,.1f}".removesuffix(".0")
    return f"{text} month{'s' * (shown != 1)}"


def _probability(p: float) -> str:
    relation, shown = shown_probability(p)
    return f"{'' if relation == '=' else relation + ' '}{shown} %"


#: The command line's formatter per unit (plain English; the app's are in ui/format.py), same rounding.
UNIT_TEXT = {
    Unit.PERCENT: lambda x: f"{x:,.0f} %",
    Unit.MONEY: _money,
    Unit.MONTHS: _months,
    Unit.RATIO: lambda x: f"{x:,.2f}",
    Unit.PROBABILITY: _probability,
}


def metric_text(entry: dict[str, Any]) -> str:
    """One metric of :func:`run_report` as the table shows it: the number, or the registry's words."""
    if entry["value"] is None:
        return UNDEFINED_WORDS[Undefined(entry["undefined"])][0] if entry["undefined"] else "undefined"
    return UNIT_TEXT[Unit(entry["unit"])](entry["value"])


def format_table(report: dict[str, Any]) -> str:
    """The readable form of :func:`run_report`: the two point views side by side, then the simulation."""
    metrics = report["metrics"]
    likely = {m.measure: m.key for m in metrics_of_view(View.LIKELY)}
    phillips = {m.measure: m.key for m in metrics_of_view(View.PHILLIPS)}
    rows = [
        ("", VIEW_LABELS[View.LIKELY][0], VIEW_LABELS[View.PHILLIPS][0]),
        ("", f"({_years(report['horizon_years'])})", f"({_years(report['phillips_years'])})"),
    ]
    for measure, key in likely.items():
        label = OUTPUT_METRICS[key].label_en
        rows.append((label, metric_text(metrics[key]), metric_text(metrics[phillips[measure]])))
    w0, w1, w2 = (max(len(r[i]) for r in rows) for i in range(3))
    lines = [f"Scenario: {report['scenario']}", ""]
    lines += [f"{a:<{w0}}  {b:>{w1}}  {c:>{w2}}".rstrip() for a, b, c in rows]
    sim = [(metrics[m.key]["label"], metric_text(metrics[m.key])) for m in metrics_of_view(View.SIMULATION)]
    ws = max(len(label) for label, _ in sim)
    lines += [
        "",
        f"{VIEW_LABELS[View.SIMULATION][0]} ({report['draws']:,} draws, seed {report['seed']}), "
        f"over {_years(report['horizon_years'])}:",
    ]
    lines += [f"  {label:<{ws}}  {text}" for label, text in sim]
    lines += [f"note: {n}" for n in report["notes"]]
    return "\n".join(lines) + "\n"


def _run(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> None:
    if (args.file is None) == (args.preset is None):
        raise _Fail("run: give either a scenario FILE (or - for stdin) or --preset NAME")
    warnings: tuple[str, ...] = ()
    if args.preset is not None:
        s = _preset(args.preset, args.variant)
    else:
        loaded = _read(args.file, stdin)
        s, warnings = loaded.scenario, loaded.warnings
    try:
        if args.draws is not None:
            s = replace(s, draws=args.draws)
        if args.seed is not None:
            s = replace(s, seed=args.seed)
        if args.hurdle is not None:
            s = replace(s, hurdle_pct=args.hurdle)
    except (ValueError, TypeError) as exc:
        raise _Fail(f"--{str(exc).split()[0].removesuffix('_pct')}: {exc}") from None
    for w in warnings:
        print(f"warning: {w}", file=err)
    report = run_report(s)
    if args.json:
        out.write(json.dumps(report, indent=2, allow_nan=False) + "\n")
    else:
        out.write(format_table(report))


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code (0 fine, 2 bad input)."""
    stdin, out, err = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        if args.command == "presets":
            w: int = max(len(k) for k in PRESETS)
            for key, p in PRESETS.items():
                out.write(f"{key:<{w}}  {p.name_en}: {p.description_en}\n")
        elif args.command == "preset":
            out.write(to_json(_preset(args.name, args.variant)))
        elif args.command == "schema":
            out.write(json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n")
        else:
            _run(args, stdin, out, err)
    except _Fail as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except BrokenPipeError:  # e.g. `| head`
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug must still not show a traceback to the user
        print(f"error: unexpected {type(exc).__name__}: {exc}", file=err)
        return 1
    return 0
