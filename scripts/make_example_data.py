"""Write the synthetic example files of the "Measured effects" page, with known true effects.

    python scripts/make_example_data.py [--out DIR] [--seed N]

Nothing here is copied from real data: every number is drawn from the model
below with a fixed seed, so the files are the same on every run (a test
re-runs this script and compares). ``truth.json`` holds the true values the
estimators should find.

The organisation: 24 customer-service teams of 7-14 people; 12 teams were
picked by lot for the training, 12 wait (control). The outcome is cases
handled per day. Every team has its own level, and between the two
measurements every team drifts by its own amount on top of a common trend:
that shared drift is why the interval must count teams, not people.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "roi_core" / "data" / "examples"
SEED = 20261139

TEAMS = 24
TRUE_EFFECT = 2.4  # cases per day, for a trained person
BASE_LEVEL = 40.0
COMMON_TREND = 1.5  # every team, trained or not
TEAM_LEVEL_SD = 3.0
TEAM_DRIFT_SD = 1.0
PERSON_SD = 5.0
CHANGE_NOISE_SD = 2.5
COMPLETION = 0.85
ENROLLED = 0.95
HOURS_MEAN = 22.0
SCORE_MEAN = 72.0
# Change in rated behaviour (1-5 scale) per rater group, trained minus control.
BEHAVIOUR = {"self": 0.50, "manager": 0.30, "peers": 0.25, "reports": 0.20}
BEHAVIOUR_TREND = 0.05


def _team_names() -> list[str]:
    return [f"T{i + 1:02d}" for i in range(TEAMS)]


def _csv(rows: list[list[object]], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _dutch(x: float, decimals: int = 1) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


def make(seed: int = SEED) -> dict[str, bytes]:
    """The example files' bytes by file name."""
    rng = np.random.default_rng(seed)
    names = _team_names()
    trained_teams = set(rng.permutation(TEAMS)[: TEAMS // 2].tolist())
    sizes = rng.integers(7, 15, size=TEAMS)
    team = np.repeat(np.arange(TEAMS), sizes)  # (n,)
    n = len(team)
    trained = np.isin(team, sorted(trained_teams))
    level = BASE_LEVEL + rng.normal(0, TEAM_LEVEL_SD, TEAMS)[team] + rng.normal(0, PERSON_SD, n)
    drift = COMMON_TREND + rng.normal(0, TEAM_DRIFT_SD, TEAMS)[team]
    before = level
    after = level + drift + TRUE_EFFECT * trained + rng.normal(0, CHANGE_NOISE_SD, n)
    ids = [f"P{i + 1:04d}" for i in range(n)]
    group = np.where(trained, "getraind", "controle")
    # The performance example is written as a Dutch spreadsheet saves it: semicolons and decimal commas.
    perf = [["id", "team", "groep", "voor", "na"]] + [
        [ids[i], names[team[i]], group[i], _dutch(before[i]), _dutch(after[i])] for i in range(n)
    ]

    enrolled = trained & (rng.random(n) < ENROLLED)
    completed = enrolled & (rng.random(n) < COMPLETION)
    hours = np.where(enrolled, rng.gamma(6.0, HOURS_MEAN / 6.0, n), 0.0)
    score = np.where(completed, np.clip(rng.normal(SCORE_MEAN, 10, n), 0, 100), np.nan)
    learn = [["id", "team", "enrolled", "completed", "hours", "score"]]
    for i in np.flatnonzero(trained):
        learn.append(
            [
                ids[i],
                names[team[i]],
                int(enrolled[i]),
                int(completed[i]),
                f"{hours[i]:.1f}",
                "" if np.isnan(score[i]) else f"{score[i]:.0f}",
            ]
        )

    fb = [["id", "team", "group", "rater", "before", "after"]]
    person_level = rng.normal(3.4, 0.4, n)
    team_drift = {r: rng.normal(0, 0.08, TEAMS) for r in BEHAVIOUR}
    for i in range(n):
        for r, eff in BEHAVIOUR.items():
            b = np.clip(person_level[i] + rng.normal(0, 0.3), 1, 5)
            a = np.clip(b + BEHAVIOUR_TREND + team_drift[r][team[i]] + eff * trained[i] + rng.normal(0, 0.35), 1, 5)
            fb.append([ids[i], names[team[i]], "trained" if trained[i] else "control", r, f"{b:.2f}", f"{a:.2f}"])

    truth = {
        "seed": seed,
        "performance": {
            "outcome": "cases handled per day",
            "effect": TRUE_EFFECT,
            "baseline": BASE_LEVEL,
            "teams_trained": len(trained_teams),
            "teams_control": TEAMS - len(trained_teams),
            "people": n,
        },
        "learning": {
            "completion_rate_pct": COMPLETION * 100,
            "hours_mean": HOURS_MEAN,
            "score_mean": SCORE_MEAN,
        },
        "feedback360": {"effect": BEHAVIOUR, "scale": "1-5"},
    }
    return {
        "performance.csv": _csv(perf, ";"),
        "learning.csv": _csv(learn),
        "feedback360.csv": _csv(fb),
        "truth.json": (json.dumps(truth, indent=2) + "\n").encode("utf-8"),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=OUT, help=f"folder to write to (default {OUT.relative_to(ROOT)})")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in make(args.seed).items():
        (args.out / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
