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
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TextIO

from roi_core.presets import PRESETS, VARIANTS, variant
from roi_core.scenario import MAX_DRAWS, MIN_DRAWS, Scenario
from roi_core.scenario_io import LoadResult, ScenarioError, build_schema, from_json, to_json
from roi_core.simulate import MonteCarloSummary, Note, PointResult, conservative, deterministic, simulate
from roi_core.text import echo

__all__ = ["main", "run_report"]

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


def _note_texts(view: str, r: PointResult) -> list[str]:
    out = []
    if Note.ZERO_COST in r.notes:
        out.append(f"{view}: roi undefined: zero cost (bcr undefined too)")
    if Note.NO_PAYBACK in r.notes:
        out.append(f"{view}: does not pay back within the horizon ({r.years} year{'s' * (r.years != 1)})")
    return out


def _opt(x: float) -> float | None:
    return x if math.isfinite(x) else None


def run_report(s: Scenario, hurdle_pct: float | None = None) -> dict[str, Any]:
    """The ``run --json`` object: deterministic, conservative and Monte Carlo headline numbers.

    Undefined values are ``None``; ``notes`` says why.
    """
    det, con = deterministic(s), conservative(s)
    summary: MonteCarloSummary = simulate(s).summary(hurdle_pct=hurdle_pct)
    notes = _note_texts("deterministic", det) + _note_texts("conservative", con)
    if summary.n_undefined:
        notes.append(
            f"monte_carlo: {summary.n_undefined:,} draws with zero cost have an undefined roi (counted as not positive)"
        )
    return {
        "scenario": s.name,
        "horizon_years": s.horizon_years,
        "deterministic": det.to_dict(),
        "conservative": {**con.to_dict(), "years": con.years},
        "monte_carlo": {
            "draws": summary.draws,
            "seed": summary.seed,
            "mean": _opt(summary.roi_mean),
            "p5": _opt(summary.roi_p5),
            "p50": _opt(summary.roi_p50),
            "p95": _opt(summary.roi_p95),
            "prob_roi_positive": summary.prob_roi_positive,
            "hurdle_pct": summary.hurdle_pct,
            "prob_beats_hurdle": summary.prob_beats_hurdle,
        },
        "notes": notes,
    }


def _eur(x: float | None) -> str:
    if x is None:
        return "undefined"
    return f"-EUR {-x:,.0f}" if x < 0 else f"EUR {x:,.0f}"


def _pct(x: float | None, digits: int = 1) -> str:
    return "undefined" if x is None else f"{x:,.{digits}f} %"


def _payback(x: float | None, years: int) -> str:
    if x is None:
        return f"no payback within {years} year{'s' * (years != 1)}"
    return f"{x:.1f} months"


def format_table(report: dict[str, Any]) -> str:
    """The readable form of :func:`run_report`."""
    det, con, mc = report["deterministic"], report["conservative"], report["monte_carlo"]
    years = report["horizon_years"]
    rows = [
        ("", "Most likely", "Conservative"),
        ("", f"({years} yr, no haircut)", f"({con['years']} yr, x confidence)"),
        ("Costs", _eur(det["costs"]), _eur(con["costs"])),
        ("Benefits", _eur(det["benefits"]), _eur(con["benefits"])),
        ("Net benefit", _eur(det["net_benefit"]), _eur(con["net_benefit"])),
        ("NPV", _eur(det["npv"]), _eur(con["npv"])),
        ("ROI", _pct(det["roi_pct"]), _pct(con["roi_pct"])),
        (
            "Benefit-cost ratio",
            "undefined" if det["bcr"] is None else f"{det['bcr']:.2f}",
            "undefined" if con["bcr"] is None else f"{con['bcr']:.2f}",
        ),
        ("Payback", _payback(det["payback_months"], years), _payback(con["payback_months"], con["years"])),
    ]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    lines = [f"Scenario: {report['scenario']}", ""]
    lines += [f"{a:<{w0}}  {b:>{w1}}  {c:>{w2}}".rstrip() for a, b, c in rows]
    lines += [
        "",
        f"Monte Carlo ({mc['draws']:,} draws, seed {mc['seed']}), ROI over {years} years:",
        f"  mean {_pct(mc['mean'], 0)}   P5 {_pct(mc['p5'], 0)}   median {_pct(mc['p50'], 0)}   "
        f"P95 {_pct(mc['p95'], 0)}",
        f"  chance ROI > 0: {mc['prob_roi_positive'] * 100:.0f} %   "
        f"chance ROI > hurdle {mc['hurdle_pct']:g} %: {mc['prob_beats_hurdle'] * 100:.0f} %",
    ]
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
        print(f"warning: {echo(w, _LINE_CHARS)}", file=err)
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
