"""Command line: ``python -m roi_core``.

::

    python -m roi_core presets                          # list the presets
    python -m roi_core preset logistics --variant pessimistic > dc.json
    python -m roi_core run dc.json --draws 20000 --seed 7 --json
    python -m roi_core run --preset contact_centre      # readable table
    python -m roi_core run - < scenario.json            # read stdin
    python -m roi_core run dc.json --break-even productivity_gain_pct   # value at which ROI = 0 %
    python -m roi_core schema                           # the JSON Schema of scenario files
    python -m roi_core effect data.csv --seed 1 --json  # an effect measured from a file (template format)

Bad input (a missing, unreadable or invalid file, a bad option value) prints
one line ``error: ...`` on stderr and exits with code 2; scenario warnings
(e.g. clamped values) go to stderr as ``warning: ...`` lines.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TextIO

from roi_core.decision import Reach, break_even
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
from roi_core.notices import Notice
from roi_core.presets import PRESETS, VARIANT_ALIASES, VARIANTS, variant
from roi_core.scenario import MAX_DRAWS, MIN_DRAWS, Scenario
from roi_core.scenario_io import LoadResult, ScenarioError, build_schema, from_json, to_json
from roi_core.simulate import MonteCarloSummary, conservative, deterministic, simulate
from roi_core.text import echo

__all__ = ["main", "run_report", "break_even_report"]

EXIT_USAGE = 2
#: A file path echoed in a message is cut after this many characters (paths are longer than other echoes).
_PATH_CHARS = 200
#: An error or warning line is cut after this many characters (its echoes are cut already; this keeps it one line).
_LINE_CHARS = 1000


class _Fail(Exception):
    """A user error: printed as one ``error:`` line, exit code 2."""


_PROG = "python -m roi_core"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse prints the whole usage block; keep to one line like every other error. It repeats the bad
        # value in full: cut it.
        message = re.sub(r"'([^']*)'", lambda m: f"'{echo(m.group(1))}'", message)
        message = re.sub(r"[^\s']{41,}", lambda m: echo(m.group()), message)  # "unrecognized arguments: 999..."
        raise _Fail(f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=_PROG, description="Upskilling ROI Explorer: scenarios, presets and results.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("presets", help="list the presets (key, name, one line)")
    pp = sub.add_parser("preset", help="print a preset as scenario JSON")
    pp.add_argument("name", help="preset key, see 'presets'")
    outlooks = (*VARIANTS, *VARIANT_ALIASES)  # the old names still work
    pp.add_argument("--variant", choices=outlooks, default="middle", help="outlook: " + ", ".join(VARIANTS))
    pr = sub.add_parser("run", help="compute a scenario: point estimates and Monte Carlo")
    pr.add_argument("file", nargs="?", help="scenario JSON file, or - for stdin")
    pr.add_argument("--preset", help="run a preset instead of a file")
    pr.add_argument("--variant", choices=outlooks, default="middle", help="outlook of --preset")
    pr.add_argument("--draws", type=int, help=f"Monte Carlo draws ({MIN_DRAWS:,}..{MAX_DRAWS:,}); default: the file's")
    pr.add_argument("--seed", type=int, help="random seed; default: the file's")
    pr.add_argument("--hurdle", type=float, help="ROI hurdle in per cent; default: the file's")
    pr.add_argument("--json", action="store_true", help="print JSON instead of a table")
    pr.add_argument(
        "--break-even",
        metavar="KEY",
        help="also give the value of input KEY at which the ROI is 0 %%, all other inputs at most likely "
        "(KEY: an input key of the scenario file, or custom:I:value / custom:I:attribution)",
    )
    sub.add_parser("schema", help="print the JSON Schema of scenario files")
    _add_effect_parser(sub)
    return p


def _preset(name: str, which: str) -> Scenario:
    if name not in PRESETS:
        raise _Fail(f"unknown preset {echo(name)!r}; choose from {', '.join(PRESETS)}")
    return variant(name, which)


def _read(path: str, stdin: TextIO) -> LoadResult:
    try:
        if path == "-":
            text: str | bytes = stdin.read()
        else:
            with open(path, "rb") as f:
                text = f.read(10_000_001)  # from_json refuses anything over its limit
    except FileNotFoundError:
        raise _Fail(f"{echo(path, _PATH_CHARS)}: file not found") from None
    except IsADirectoryError:
        raise _Fail(f"{echo(path, _PATH_CHARS)}: is a directory, not a scenario file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # ValueError: a NUL in the path
        raise _Fail(f"{echo(path, _PATH_CHARS)}: cannot read ({exc.__class__.__name__})") from None
    try:
        return from_json(text)
    except ScenarioError as exc:
        raise _Fail(f"{'stdin' if path == '-' else echo(path, _PATH_CHARS)}: {exc}") from None


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


def _opt(x: float) -> float | None:
    return x if math.isfinite(x) else None


def break_even_report(s: Scenario, key: str) -> dict[str, Any]:
    """The ``break_even`` field of ``run --json``: the value of ``key`` at which the ROI is 0 %.

    All other inputs stay at their most likely value (the deterministic view).
    ``value`` is ``None`` unless ``status`` is ``"reachable"``; ``note`` then
    says why ("not reachable within the range"). Raises ``_Fail`` for an
    unknown key.
    """
    try:
        r = break_even(s, keys=[key])
    except ValueError as exc:
        raise _Fail(f"--break-even: {str(exc).removeprefix('keys: ')}") from None
    row = r.row(key)
    status = Reach(str(row["break_even_status"]))
    lo, hi = float(row["search_low"]), float(row["search_high"])  # type: ignore[arg-type]
    note = None
    if status is Reach.NEVER:
        note = f"not reachable within the range {lo:,.6g}..{hi:,.6g}: the ROI stays below 0 % over all of it"
    elif status is Reach.ALWAYS_ABOVE:
        note = f"not reachable within the range {lo:,.6g}..{hi:,.6g}: the ROI stays at or above 0 % over all of it"
    spec = s.input(key)
    if key in s.unused_inputs or spec.driver not in (None, *s.enabled):
        note = (note + "; " if note else "") + "this input is not used by the scenario"
    elif spec.point_only:
        note = (note + "; " if note else "") + "only the Phillips view uses this input, not the ROI searched here"
    value = float(row["break_even"])  # type: ignore[arg-type]
    return {
        "input": key,
        "label": spec.label("en"),
        "unit": spec.unit,
        "value": _opt(value) if status is Reach.REACHABLE else None,
        "status": status.value,
        "likely": float(row["likely"]),  # type: ignore[arg-type]
        "search_low": lo,
        "search_high": hi,
        "roi_pct_at_likely": _opt(r.base_roi_pct),
        "note": note,
    }


def format_break_even(be: dict[str, Any]) -> str:
    """The readable break-even line(s) of :func:`break_even_report`."""
    unit = be["unit"]
    head = f"Break-even of {be['input']} ({be['label']}, {unit})"
    value = f"{be['value']:,.4f} {unit}" if be["value"] is not None else be["note"]
    lines = [f"{head}: {value}", f"  most likely value {be['likely']:,.4f} {unit}, all other inputs at most likely"]
    if be["value"] is not None and be["note"]:
        lines.append(f"  note: {be['note']}")
    return "\n".join(lines) + "\n"


def _money(x: float) -> str:
    return f"-EUR {-x:,.0f}" if x < 0 else f"EUR {x:,.0f}"


def _months(x: float) -> str:
    shown = round(x, 1)
    text = f"{shown:,.1f}".removesuffix(".0")
    return f"{text} month{'s' * (shown != 1)}"


def _probability(p: float) -> str:
    relation, shown = shown_probability(p)
    return f"{'' if relation == '=' else relation + ' '}{shown} %"


#: The command line's formatter per unit (plain English; the app's are in ui/common/format.py), same rounding.
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
    warnings: tuple[Notice, ...] = ()
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
        print(f"warning: {echo(w, _LINE_CHARS)}", file=err)
    be = break_even_report(s, args.break_even) if args.break_even is not None else None
    report = run_report(s)
    if be is not None:
        report["break_even"] = be
    if args.json:
        out.write(json.dumps(report, indent=2, allow_nan=False) + "\n")
    else:
        out.write(format_table(report))
        if be is not None:
            out.write("\n" + format_break_even(be))


# --- effect: estimates from a measurement file (roi_core.evidence) -----------------------------------


def _add_effect_parser(sub: Any) -> None:
    pe = sub.add_parser(
        "effect",
        help="estimate an effect from a CSV or Excel file (columns id, team, group, before, after)",
        description="Estimate the training's effect from a file in the template format: columns id, team, "
        "group (trained or control), before, after; a design without a control group or without a 'before' "
        "leaves that column out or empty. CSV (comma or semicolon, decimal point or comma) or .xlsx.",
    )
    pe.add_argument("file", help="CSV or .xlsx file, or - for stdin")
    pe.add_argument("--kind", choices=("performance", "learning", "feedback360"), default="performance")
    pe.add_argument("--sheet", help="the sheet to read from a workbook with several sheets")
    pe.add_argument("--seed", type=int, default=0, help="seed of the bootstrap check (default 0)")
    pe.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _effect(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> None:
    from roi_core.evidence import (
        MAX_BYTES,
        EvidenceError,
        estimate_360,
        estimate_effect,
        read_table,
        summarise_learning,
    )

    name = "stdin" if args.file == "-" else args.file
    try:
        if args.file == "-":
            data = stdin.buffer.read(MAX_BYTES + 1) if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
        else:
            with open(args.file, "rb") as f:
                data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _Fail(f"{name}: file not found") from None
    except IsADirectoryError:
        raise _Fail(f"{name}: is a directory, not a data file") from None
    except OSError as exc:
        raise _Fail(f"{name}: cannot read ({exc.__class__.__name__})") from None
    if args.seed < 0:
        raise _Fail(f"--seed: must be 0 or more, got {args.seed}")
    try:
        table = read_table(data, args.kind, sheet=args.sheet)
        if args.kind == "learning":
            report: dict[str, Any] = {"kind": "learning", **summarise_learning(table, seed=args.seed).to_dict()}
        elif args.kind == "feedback360":
            by_rater = estimate_360(table, seed=args.seed)
            report = {"kind": "feedback360", "raters": {r: e.to_dict() for r, e in by_rater.items()}}
        else:
            report = estimate_effect(table, seed=args.seed).to_dict()
    except EvidenceError as exc:
        raise _Fail(f"{name}: {exc}") from None
    if args.json:
        out.write(json.dumps(report, indent=2, allow_nan=False, ensure_ascii=False) + "\n")
    else:
        out.write(format_effect(report))


def _grouped(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f}"


def format_effect(report: dict[str, Any]) -> str:
    """The readable form of ``effect``'s report."""
    if report.get("kind") == "learning":
        c, h = report["completion_rate"], report["hours"]
        lines = [
            f"Learning analytics: {report['n_enrolled']:,} enrolled, {report['n_completed']:,} completed, "
            f"{report['teams']:,} teams",
            f"  completion rate {_grouped(c['estimate'], 1)} %  "
            f"(95 % interval {_grouped(c['low'], 1)} .. {_grouped(c['high'], 1)})",
        ]
        if h is not None:
            lines.append(
                f"  learning hours  {_grouped(h['estimate'], 1)} h  (95 % interval {_grouped(h['low'], 1)} .. "
                f"{_grouped(h['high'], 1)}; P10-P90 between people {_grouped(report['hours_p10'], 1)} .. "
                f"{_grouped(report['hours_p90'], 1)})"
            )
        lines += [f"warning: {w['kind']} {_details(w)}".rstrip() for w in report["warnings"]]
        return "\n".join(lines) + "\n"
    if report.get("kind") == "feedback360":
        return "".join(format_effect(e) for e in report["raters"].values())
    r = report
    lines = [
        f"{r['label']}: {r['method'].replace('_', ' ')}",
        f"  effect {_grouped(r['effect'])}  (95 % interval {_grouped(r['ci_low'])} .. {_grouped(r['ci_high'])}; "
        f"{_grouped(r['relative_pct'][0], 1)} % of the baseline {_grouped(r['baseline'])})",
        f"  trained {r['n_trained']:,} people in {r['teams_trained']:,} teams; "
        f"control {r['n_control']:,} people in {r['teams_control']:,} teams",
    ]
    if r["ci_bootstrap"] is not None:
        lo, hi = r["ci_bootstrap"]
        lines.append(f"  check: cluster bootstrap over teams {_grouped(lo)} .. {_grouped(hi)}")
    lines += [f"warning: {w['kind']} {_details(w)}".rstrip() for w in r["warnings"]]
    lines.append("does not prove: " + ", ".join(x.replace("_", " ") for x in r["limits"]))
    return "\n".join(lines) + "\n"


def _details(w: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in w.items() if k != "kind")


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
        elif args.command == "effect":
            _effect(args, stdin, out, err)
        else:
            _run(args, stdin, out, err)
    except _Fail as exc:
        print(f"error: {echo(exc, _LINE_CHARS)}", file=err)  # one line: a control character in argv stays "?"
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    except BrokenPipeError:  # e.g. `| head`
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug must still not show a traceback to the user
        print(f"error: unexpected {type(exc).__name__}: {echo(exc, _LINE_CHARS)}", file=err)
        return 1
    return 0
